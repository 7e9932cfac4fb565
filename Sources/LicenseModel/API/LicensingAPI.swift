/// The operations of the Netify Licensing API, as every front end uses them.
public protocol LicensingAPI: Sendable {
    /// The licenses, and the entries of the reply that could not be read as
    /// one. `expectedCount` (the size of the last list, say) lets a 100k list
    /// be built without the array growing, and copying itself, as it fills.
    func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList
    func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License
    func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    /// Returns the license as it was, when the server says.
    func deleteLicense(serial: String) async throws(LicensingError) -> License?
    /// Replaces a license with a new one (the API has no update), in the order
    /// of `Reissue.perform`. Throws when nothing changed.
    func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue
}

/// A re-issue that changed something: finished, or half done in one of two ways.
public enum Reissue: Sendable {
    case done(License)
    /// The new license exists; deleting the old one failed (the device has two).
    case oldKept(License, deleteFailure: LicensingError)
    /// The device may hold one license per entitlement, so the old one was
    /// deleted first; creating the new one then failed (the device has none).
    case replacementMissing(createFailure: LicensingError)

    /// The order every client follows: create, then delete; when the server
    /// refuses a second license for the device (409), delete, then create.
    /// Throws when nothing changed.
    public static func perform(
        create: () async throws(LicensingError) -> License, delete: () async throws(LicensingError) -> Void
    ) async throws(LicensingError) -> Reissue {
        let license: License
        do throws(LicensingError) {
            license = try await create()
        } catch .conflict {
            try await delete()
            do throws(LicensingError) {
                return .done(try await create())
            } catch {
                return .replacementMissing(createFailure: error)
            }
        }
        do throws(LicensingError) {
            try await delete()
            return .done(license)
        } catch {
            return .oldKept(license, deleteFailure: error)
        }
    }
}

/// A list reply as read: never silently shorter than what the server sent.
public struct LicenseList: Sendable {
    public var licenses: [License]
    /// Why each entry that is not a readable license was left out.
    public var unreadable: [LicenseDecodingError]

    public init(licenses: [License], unreadable: [LicenseDecodingError] = []) {
        self.licenses = licenses
        self.unreadable = unreadable
    }
}

extension LicensingAPI {
    /// Create, then delete, through this client's own operations.
    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        try await Reissue.perform(
            create: { () async throws(LicensingError) -> License in try await createLicense(request, format: format) },
            delete: { () async throws(LicensingError) in _ = try await deleteLicense(serial: serial) })
    }

    /// The readable licenses alone, the unreadable entries dropped: for tests
    /// and measurements only. A front end uses `licenseList` and reports them.
    public func readableLicenses(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> [License] {
        try await licenseList(format: format, expectedCount: expectedCount).licenses
    }

    public func readableLicenses(format: LicenseFormat) async throws(LicensingError) -> [License] {
        try await readableLicenses(format: format, expectedCount: 0)
    }

    /// Object format carries every member the front ends show.
    public func readableLicenses() async throws(LicensingError) -> [License] {
        try await readableLicenses(format: .object)
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
