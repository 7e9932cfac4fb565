/// The Licensing API through a read-only context: reads pass; every create,
/// renew, delete and re-issue fails before any request is made. Every front
/// end's client for such a context is wrapped in it, so no path can write.
public struct ReadOnlyLicensingAPI: LicensingAPI {
    private let base: any LicensingAPI
    /// The context's name, for the message.
    private let context: String

    public init(_ base: any LicensingAPI, context: String) {
        self.base = base
        self.context = context
    }

    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        try await base.licenseList(format: format, expectedCount: expectedCount)
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        try await base.license(serial: serial, format: format)
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        throw refusal("a create")
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        throw refusal("the renew of \(serial.safeForDisplay(limit: 40))")
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        throw refusal("the delete of \(serial.safeForDisplay(limit: 40))")
    }

    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        throw refusal("the re-issue of \(serial.safeForDisplay(limit: 40))")
    }

    func refusal(_ what: String) -> LicensingError {
        .configuration(message: "The context \(context) is read-only: \(what) was refused before anything was sent. Use another context (--context NAME), or set context.\(context).readonly = false.")
    }
}
