import Foundation
import LicenseModel

/// Every create, renew, delete and re-issue journaled: it stands in every
/// front end's chain, so no write escapes the journal. Lists pass through and
/// resolve unknown outcomes. The license "before" a
/// renew or delete comes from the last list or view it saw, else one GET.
///
/// A journal that cannot be written does not stop the operator's work: the
/// operation goes ahead and `warn` says the entry is missing.
public final class ChangeJournaling: LicenseMiddleware, @unchecked Sendable {
    private let journal: ChangeJournal
    private let context: JournalContext
    private let warn: @Sendable (String) -> Void
    /// `journal_required`: a change whose entry cannot be written is refused, nothing sent.
    private let required: Bool
    private let lock = NSLock()
    /// The last list, shared with the caller's array (no copy); indexed by serial only when a write needs it.
    private var lastList: [License] = []
    private var lastListIndex: [String: Int]?
    private var viewed: [String: License] = [:]

    public init(journal: ChangeJournal, context: JournalContext, required: Bool = false, warn: @escaping @Sendable (String) -> Void) {
        self.journal = journal
        self.context = context
        self.required = required
        self.warn = warn
    }

    public func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
        switch operation {
        case .list:
            let result = try await next(operation)
            // Outcomes are decided from a whole list only: a license a selection left out is not gone.
            if case .list(let list) = result, list.isWhole { sawList(list) }
            return result
        case .show(let serial, _):
            let result = try await next(operation)
            if case .license(let license) = result { lock.withLock { viewed[serial] = license } }
            return result
        case .create(let request, let format):
            let id = intent(.create, serial: nil, request: request.json(format: format), before: nil)
            return try await recording(id, operation, next) { result in
                guard case .license(let license) = result else { return }
                self.outcome(id, .succeeded, serial: license.serial, after: license.document.serialized())
            }
        case .renew(let serial, let request, _):
            let before = await known(serial, next)
            let id = intent(.renew, serial: serial, request: request.json, before: before)
            return try await recording(id, operation, next) { result in
                guard case .license(let license) = result else { return }
                self.outcome(id, .succeeded, serial: license.serial, after: license.document.serialized())
                self.lock.withLock { self.viewed[serial] = license }
            }
        case .delete(let serial):
            let before = await known(serial, next)
            let id = intent(.delete, serial: serial, request: "{}", before: before)
            return try await recording(id, operation, next) { _ in self.outcome(id, .succeeded, serial: serial, after: nil) }
        case .reissue(let serial, let request, let format):
            // One change with both serials: the entry names the old license, its
            // document before, and the new one after; a re-issue left half done is
            // a failed entry saying which half, for the next apply to finish.
            let before = await known(serial, next)
            let id = intent(.reissue, serial: serial, request: request.json(format: format), before: before)
            return try await recording(id, operation, next) { result in
                guard case .reissued(let reissue) = result else { return }
                self.record(reissue, of: serial, id: id)
            }
        }
    }

    /// The operation passed on, its failure recorded; `succeeded` records the rest.
    private func recording(
        _ id: Int64?, _ operation: LicenseOperation, _ next: LicenseOperationNext, succeeded: (LicenseOperationResult) -> Void
    ) async throws(LicensingError) -> LicenseOperationResult {
        if id == nil, required {
            throw .configuration(message: "journal_required = true and the change journal \(journal.path) could not record this change (see the warning above); nothing was sent.")
        }
        let result: LicenseOperationResult
        do {
            result = try await next(operation)
        } catch {
            failure(id, error)
            throw error
        }
        succeeded(result)
        return result
    }

    /// A list resolves what earlier runs left unknown, and is what "before" is read from.
    private func sawList(_ list: LicenseList) {
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
    }

    private func record(_ reissue: Reissue, of serial: String, id: Int64?) {
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
    }

    /// The license's document as last seen, else as the server has it now.
    private func known(_ serial: String, _ next: LicenseOperationNext) async -> String? {
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
        guard case .license(let license)? = try? await next(.show(serial: serial, format: .object)) else { return nil }
        return license.document.serialized()
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
