import Foundation
import LicenseModel

/// The Licensing API with every create, renew and delete journaled: the
/// front ends use it in place of the client, so no write escapes the journal.
/// Lists pass through and resolve unknown outcomes. The license "before" a
/// renew or delete comes from the last list or view it saw, else one GET.
///
/// A journal that cannot be written does not stop the operator's work: the
/// operation goes ahead and `warn` says the entry is missing.
public final class JournaledLicensingAPI: LicensingAPI, @unchecked Sendable {
    private let base: any LicensingAPI
    private let journal: ChangeJournal
    private let context: JournalContext
    private let warn: @Sendable (String) -> Void
    private let lock = NSLock()
    /// The last list, shared with the caller's array (no copy); indexed by serial only when a write needs it.
    private var lastList: [License] = []
    private var lastListIndex: [String: Int]?
    private var viewed: [String: License] = [:]

    public init(_ base: any LicensingAPI, journal: ChangeJournal, context: JournalContext, warn: @escaping @Sendable (String) -> Void) {
        self.base = base
        self.journal = journal
        self.context = context
        self.warn = warn
    }

    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        let list = try await base.licenseList(format: format, expectedCount: expectedCount)
        lock.withLock {
            lastList = list.licenses
            lastListIndex = nil
            viewed = [:]
        }
        do {
            try journal.resolve(with: list.licenses, context: context)
        } catch {
            warn("The change journal could not be updated: \(error).")
        }
        return list
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        let license = try await base.license(serial: serial, format: format)
        lock.withLock { viewed[serial] = license }
        return license
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let id = intent(.create, serial: nil, request: request.json(format: format), before: nil)
        do {
            let license = try await base.createLicense(request, format: format)
            outcome(id, .succeeded, serial: license.serial, after: license.document.serialized())
            return license
        } catch {
            failure(id, error)
            throw error
        }
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let before = await known(serial)
        let id = intent(.renew, serial: serial, request: request.json, before: before)
        do {
            let license = try await base.renewLicense(serial: serial, request, format: format)
            outcome(id, .succeeded, serial: license.serial, after: license.document.serialized())
            lock.withLock { viewed[serial] = license }
            return license
        } catch {
            failure(id, error)
            throw error
        }
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        let before = await known(serial)
        let id = intent(.delete, serial: serial, request: "{}", before: before)
        do {
            let license = try await base.deleteLicense(serial: serial)
            outcome(id, .succeeded, serial: serial, after: nil)
            return license
        } catch {
            failure(id, error)
            throw error
        }
    }

    /// One change with both serials: the entry names the old license, its
    /// document before, and the new one after; a re-issue left half done is a
    /// failed entry saying which half, for the next apply to finish.
    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        let before = await known(serial)
        let id = intent(.reissue, serial: serial, request: request.json(format: format), before: before)
        let reissue: Reissue
        do throws(LicensingError) {
            let old = before.flatMap { try? JSONParser.parse($0) }.flatMap { try? License(json: $0) }
            reissue = try await Reissue.perform(
                replacing: old, with: request,
                create: { (request) async throws(LicensingError) -> License in try await base.createLicense(request, format: format) },
                delete: { () async throws(LicensingError) in _ = try await base.deleteLicense(serial: serial) })
        } catch {
            failure(id, error)
            throw error
        }
        switch reissue {
        case .done(let license):
            outcome(id, .succeeded, serial: serial, after: license.document.serialized(), detail: "re-issued as \(license.serial); \(serial) deleted")
        case .oldKept(let license, let error):
            outcome(
                id, .failed, serial: serial, after: license.document.serialized(), status: error.httpStatus,
                detail: "re-issued as \(license.serial), but deleting \(serial) failed: \(error)")
        case .restored(let license, let error):
            outcome(
                id, .failed, serial: serial, after: license.document.serialized(), status: error.httpStatus,
                detail: "\(serial) was deleted first (the device holds one license per entitlement); its replacement failed (\(error)), so it was created again as \(license.serial) with its own fields and expiry")
        case .shorterReplacement(let license, let planned):
            outcome(
                id, .failed, serial: serial, after: license.document.serialized(),
                detail: "\(serial) was deleted first (the device holds one license per entitlement); its replacement \(license.serial) expires \(license.expireAt.date), earlier than the planned \(planned)")
        case .replacementMissing(let error):
            outcome(id, .failed, serial: serial, status: error.httpStatus, detail: "\(serial) was deleted first (the device holds one license), but creating its replacement failed: \(error)")
        }
        return reissue
    }

    /// The license's document as last seen, else as the server has it now.
    private func known(_ serial: String) async -> String? {
        let seen: License? = lock.withLock {
            if let license = viewed[serial] { return license }
            if lastListIndex == nil {
                var index: [String: Int] = [:]
                index.reserveCapacity(lastList.count)
                for (position, license) in lastList.enumerated() { index[license.serial] = position }
                lastListIndex = index
            }
            return lastListIndex?[serial].map { lastList[$0] }
        }
        if let seen { return seen.document.serialized() }
        return (try? await base.license(serial: serial, format: .object))?.document.serialized()
    }

    private func intent(_ action: JournalEntry.Action, serial: String?, request: JSONValue, before: String?) -> Int64? {
        intent(action, serial: serial, request: request.serialized(), before: before)
    }

    private func intent(_ action: JournalEntry.Action, serial: String?, request: String, before: String?) -> Int64? {
        do {
            return try journal.recordIntent(action: action, serial: serial, request: request, before: before, context: context)
        } catch {
            warn("The change journal \(journal.path) could not be written (\(error)); this \(action.rawValue) goes ahead unrecorded.")
            return nil
        }
    }

    private func outcome(_ id: Int64?, _ outcome: JournalEntry.Outcome, serial: String? = nil, after: String? = nil, status: Int? = nil, detail: String? = nil) {
        guard let id else { return }
        do {
            try journal.recordOutcome(id: id, outcome: outcome, serial: serial, after: after, status: status, detail: detail)
        } catch {
            warn("The change journal \(journal.path) could not record an outcome (\(error)).")
        }
    }

    private func failure(_ id: Int64?, _ error: LicensingError) {
        if error.mayHaveBeenCarriedOut {
            // A timeout after the server may have acted: the next list decides.
            outcome(id, .unknown, detail: error.description)
        } else {
            outcome(id, .failed, status: error.httpStatus, detail: error.description)
        }
    }
}
