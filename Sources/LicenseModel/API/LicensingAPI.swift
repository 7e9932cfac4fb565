/// The operations of the Netify Licensing API, as the end of a `LicensePipeline`
/// serves them: the HTTP client, or the router of `:ctx all`. Front ends hold
/// the pipeline, never one of these, so every operation passes the chain.
public protocol LicensingAPI: Sendable {
    /// The licenses, and the entries of the reply that could not be read as
    /// one. `expectedCount` (the size of the last list, say) lets a 100k list
    /// be built without the array growing, and copying itself, as it fills.
    /// `keeping`, when given, says which licenses the caller will use: the
    /// others may be left out as they arrive (counted in `leftOut`), so a
    /// filtered list of a million never holds the million. It is a hint: the
    /// caller filters what comes back as it would any list.
    func licenseList(format: LicenseFormat, expectedCount: Int, keeping: LicenseSelection?) async throws(LicensingError) -> LicenseList
    func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License
    func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License
    /// Returns the license as it was, when the server says.
    func deleteLicense(serial: String) async throws(LicensingError) -> License?
    /// Replaces a license with a new one (the API has no update), in the order
    /// of `Reissue.perform`. Throws when nothing changed.
    func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue
}

/// A re-issue that changed something: finished, or half done.
public enum Reissue: Sendable {
    case done(License)
    /// The new license exists; the old one was kept: its delete failed, or the
    /// new one came back shorter than planned (the device has two).
    case oldKept(License, deleteFailure: LicensingError)
    /// The old license was deleted first (the device holds one license per
    /// entitlement) and its replacement could not be created; the old one was
    /// created again with its own fields and expiry (a new serial).
    case restored(License, createFailure: LicensingError)
    /// The old license was deleted first (as for `restored`) and its
    /// replacement was created, but ends earlier than planned: a failure,
    /// since the device's expiry moved earlier. Renewing the new license to
    /// `planned` restores the term.
    case shorterReplacement(License, planned: CalendarDate)
    /// As `restored`, but the old one could not be created again either (or
    /// the replacement's create may have been carried out): the device has none.
    case replacementMissing(createFailure: LicensingError)

    /// The order every client follows: create, then delete. Only when the
    /// server refuses the create because the license being replaced is in the
    /// way (409; same device, an entitlement in common) is the old one deleted
    /// first; then the create is paced through 429s, and if it still fails the
    /// old license is put back. Throws when nothing changed.
    public static func perform(
        replacing old: License?, with request: CreateLicenseRequest, today: CalendarDate = .today(),
        create: (CreateLicenseRequest) async throws(LicensingError) -> License, delete: () async throws(LicensingError) -> Void
    ) async throws(LicensingError) -> Reissue {
        let license: License
        do throws(LicensingError) {
            license = try await create(request)
        } catch .conflict(let message) {
            guard let old, isInTheWay(old, of: request) else { throw .conflict(message: message) }
            try await delete()
            switch await paced(request, create) {
            case .success(let replacement):
                // The one check of a replacement against the plan, on this path as on the other.
                if let planned = shorterThanPlanned(replacement, request) { return .shorterReplacement(replacement, planned: planned) }
                return .done(replacement)
            case .failure(let error):
                // A create that may have been carried out may exist: creating the old one again could double it.
                if error.mayHaveBeenCarriedOut { return .replacementMissing(createFailure: error) }
                // The old one is gone: putting it back (if it had not expired) gets its
                // own time, whatever the re-issue used.
                guard old.expireAt.date > today,
                      case .success(let restored) = await OperationBudget.$deadline.withValue(nil, operation: { await paced(CreateLicenseRequest(restoring: old), create) })
                else {
                    return .replacementMissing(createFailure: error)
                }
                return .restored(restored, createFailure: error)
            }
        }
        // A new license that ends earlier than planned does not replace the old one.
        if let planned = shorterThanPlanned(license, request) {
            return .oldKept(license, deleteFailure: .configuration(
                message: "the new license \(license.serial.safeForDisplay(limit: 40)) expires \(license.expireAt.date), earlier than the planned \(planned); the old one was kept"))
        }
        do throws(LicensingError) {
            try await delete()
            return .done(license)
        } catch {
            return .oldKept(license, deleteFailure: error)
        }
    }

    /// The planned date, when the replacement ends before it.
    static func shorterThanPlanned(_ license: License, _ request: CreateLicenseRequest) -> CalendarDate? {
        guard case .date(let planned) = request.expiry, license.expireAt.date < planned else { return nil }
        return planned
    }

    /// What the operator runs to give a short replacement its planned term.
    /// Only a serial of the documented shape is put in a command to paste.
    public static func restoreCommand(_ license: License, planned: CalendarDate) -> String {
        LicenseRules.isSerial(license.serial)
            ? "netify-licenses renew \(license.serial) --expire-at \(planned)"
            : "netify-licenses renew SERIAL --expire-at \(planned)` (SERIAL: the new license's, which is not of the documented shape; check the server)`"
    }

    /// The replaced license can be what the server's 409 is about: the same device and an entitlement in common.
    static func isInTheWay(_ old: License, of request: CreateLicenseRequest) -> Bool {
        guard let device = old.targetUID, !device.isEmpty, device == request.targetUID else { return false }
        return !Set(old.entitlements).isDisjoint(with: request.entitlements)
    }

    /// A create sent again after each 429 (which means nothing was done), paced by the renewal engine's rule.
    static func paced(_ request: CreateLicenseRequest, _ create: (CreateLicenseRequest) async throws(LicensingError) -> License) async -> Result<License, LicensingError> {
        var waits = 0
        while true {
            do throws(LicensingError) {
                return .success(try await create(request))
            } catch .rateLimited(let retryAfter, _) where waits < RenewalRun.maximumWaits
                        && OperationBudget.allowsWait(retryAfter: retryAfter) {
                waits += 1
                try? await Task.sleep(nanoseconds: UInt64(RenewalRun.pacing(retryAfter: retryAfter) * 1_000_000_000))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// A list reply as read: never silently shorter than what the server sent.
/// Which licenses of a list a caller will use (see `LicensingAPI.licenseList`).
/// A pure function of the license: it is asked from any thread, in any order,
/// and possibly of licenses read from a guessed place and then not used.
public typealias LicenseSelection = @Sendable (License) -> Bool

extension LicensingAPI {
    /// The whole list.
    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        try await licenseList(format: format, expectedCount: expectedCount, keeping: nil)
    }
}

public struct LicenseList: Sendable {
    /// Each serial once.
    public var licenses: [License]
    /// Why each entry that is not a readable license was left out.
    public var unreadable: [LicenseDecodingError]
    /// Serials the reply listed more than once: an inconsistent list. Each is
    /// kept once, the copy with the latest expiry (so no plan built from the
    /// list can think a license shorter than the server may hold it), every
    /// front end says so, and no bulk plan writes to them (`RenewalPlan`).
    public var repeatedSerials: [String]
    /// Readable licenses a selection (`keeping`) left out as they arrived.
    public var leftOut = 0

    /// Whether every readable license of the reply is here: what decides from
    /// the whole list (a journal entry's unknown outcome, the cache) needs it.
    public var isWhole: Bool { leftOut == 0 }

    public init(licenses: [License], unreadable: [LicenseDecodingError] = []) {
        (self.licenses, self.repeatedSerials) = LicenseList.keepingEachSerialOnce(licenses)
        self.unreadable = unreadable
    }

    /// The licenses with each serial once (the latest-expiring copy, where the
    /// first copy stood), and the serials that were repeated.
    public static func keepingEachSerialOnce(_ licenses: [License]) -> (licenses: [License], repeated: [String]) {
        var seen = Set<String>(minimumCapacity: licenses.count)
        var firstRepeat: Int?
        for (index, license) in licenses.enumerated() where !seen.insert(license.serial).inserted {
            firstRepeat = index
            break
        }
        guard firstRepeat != nil else { return (licenses, []) }
        var position: [String: Int] = [:]
        var kept: [License] = []
        var repeated: [String] = []
        var repeatedSet = Set<String>()
        kept.reserveCapacity(licenses.count)
        for license in licenses {
            guard let at = position[license.serial] else {
                position[license.serial] = kept.count
                kept.append(license)
                continue
            }
            if repeatedSet.insert(license.serial).inserted { repeated.append(license.serial) }
            if license.expireAt > kept[at].expireAt { kept[at] = license }
        }
        return (kept, repeated)
    }

    /// "the list names 2026-0001-00000001 (and 2 more) more than once…", nil when it names each once.
    public var repeatedWarning: String? {
        guard let first = repeatedSerials.first else { return nil }
        let more = repeatedSerials.count > 1 ? " and \(repeatedSerials.count - 1) more serial\(repeatedSerials.count == 2 ? "" : "s")" : ""
        return "the server's list names \(first.safeForDisplay(limit: 40))\(more) more than once, so it is inconsistent: each is shown once, with its latest expiry, and no bulk renew acts on it; renew one by serial (which reads it from the server), or try again later."
    }
}

extension LicensingAPI {
    /// Create, then delete, through this client's own operations.
    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        let old = try? await license(serial: serial, format: .object)
        return try await Reissue.perform(
            replacing: old, with: request,
            create: { (request) async throws(LicensingError) -> License in try await createLicense(request, format: format) },
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
