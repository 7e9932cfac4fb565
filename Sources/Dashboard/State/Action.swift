import LicenseModel
import TerminalUI

/// Something that happened: a key, a tick of the clock, a reply from the API.
public enum Action: Sendable {
    case key(KeyPress)
    case resized(width: Int, height: Int)
    /// The clock moved on; also advances the spinner.
    case tick(now: Int64)
    /// The background timer says a refresh is due.
    case refreshDue
    case fetched([License], at: Int64)
    /// A fetched list already indexed and sorted off the main thread.
    case fetchedPrepared(PreparedCatalog, at: Int64)
    /// A refresh that brought the list on screen again: only the time it was fetched moves.
    case fetchedUnchanged(at: Int64)
    case fetchFailed(LicensingError, at: Int64)
    /// The change journal, read for the history view (or why it could not be).
    case historyLoaded([JournalEntry])
    case historyFailed(String)
    /// The list kept by the last run, shown at launch until the first refresh replaces it.
    case loadedFromCache(PreparedCatalog, fetchedAt: Int64)
    case created(License)
    case createFailed(LicensingError)
    case renewed(License)
    case renewFailed(serial: String, LicensingError)
    case deleted(serial: String)
    case deleteFailed(serial: String, LicensingError)
    /// A re-issue that changed something (finished or half done); the old serial.
    case reissued(old: String, Reissue)
    /// A re-issue that changed nothing.
    case reissueFailed(old: String, LicensingError)
    /// A context could not be opened (`:ctx NAME`): why.
    case contextFailed(name: String, reason: String)
    /// What is known of the key's maximum term after a write: the one value
    /// the chain learned and keeps, which every path (CLI and dashboard) reads.
    case keyMaximumKnown(KeyMaximum)
    /// The team journal (journal_url): entries still waiting to be delivered, and each license's last change by any operator.
    case teamJournal(pending: Int, lastChanges: [String: LastChange])
}

/// A license's last change in the team journal: who, what, when.
public struct LastChange: Sendable, Equatable {
    public var operatorName: String
    public var action: JournalEntry.Action
    public var time: Int64

    public init(operatorName: String, action: JournalEntry.Action, time: Int64) {
        self.operatorName = operatorName
        self.action = action
        self.time = time
    }
}

/// Work the runtime does on the reducer's behalf, off the main thread.
public enum Effect: Sendable, Equatable {
    case fetch
    case create(CreateLicenseRequest)
    case renew(serial: String, RenewLicenseRequest)
    /// The same renew after a wait: the key's rate limit said 429, which means nothing was done.
    case renewLater(serial: String, RenewLicenseRequest, afterSeconds: Double)
    case delete(serial: String)
    /// A new license replacing `serial`, then `serial` deleted: one journaled change.
    case reissue(replacing: String, CreateLicenseRequest)
    /// Read the change journal for the history view.
    case loadHistory
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// Show another context of the settings file, or every one ("all").
    case switchContext(String)
    case quit
}
