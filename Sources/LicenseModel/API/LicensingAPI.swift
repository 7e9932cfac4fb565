/// The operations of the Netify Licensing API, as every front end uses them.
public protocol LicensingAPI: Sendable {
    /// `expectedCount` (the size of the last list, say) lets a 100k list be
    /// built without the array growing, and copying itself, as it fills.
    func listLicenses(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> [License]
    func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License
    func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    /// Returns the license as it was, when the server says.
    func deleteLicense(serial: String) async throws(LicensingError) -> License?
}

extension LicensingAPI {
    public func listLicenses(format: LicenseFormat) async throws(LicensingError) -> [License] {
        try await listLicenses(format: format, expectedCount: 0)
    }

    /// Object format carries every member the front ends show.
    public func listLicenses() async throws(LicensingError) -> [License] {
        try await listLicenses(format: .object)
    }

    public func license(serial: String) async throws(LicensingError) -> License {
        try await license(serial: serial, format: .object)
    }

    public func createLicense(_ request: CreateLicenseRequest) async throws(LicensingError) -> License {
        try await createLicense(request, format: .object)
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest) async throws(LicensingError) -> License {
        try await renewLicense(serial: serial, request, format: .object)
    }
}
