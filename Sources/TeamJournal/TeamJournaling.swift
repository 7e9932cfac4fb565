import LicenseModel
import LocalStore
import NIOConcurrencyHelpers

/// The local journal as the team journal's outbox: every change is journaled
/// locally first (`ChangeJournaling`), then its entry is delivered here; it
/// counts as delivered once its INSERT commits, and a redelivery is a no-op.
/// PostgreSQL down or slow never blocks or fails a license operation: one
/// warning per run, and the entries wait in the local journal.
public actor TeamJournalDelivery {
    public let database: TeamJournalDatabase
    public let journal: ChangeJournal
    private let warn: @Sendable (String) -> Void
    private var warned = false
    private var running: Task<Void, Never>?
    private var again = false
    /// When the team journal last answered (a `journal_required` write checks at most every 10 s).
    private var lastReached: ContinuousClock.Instant?
    /// Why the last delivery failed, nil after one that succeeded.
    public private(set) var lastFailure: String?

    /// `journal_required`: the warning says changes are refused, not that they wait.
    public nonisolated let required: Bool

    public init(database: TeamJournalDatabase, journal: ChangeJournal, required: Bool = false, warn: @escaping @Sendable (String) -> Void) {
        self.database = database
        self.journal = journal
        self.required = required
        self.warn = warn
    }

    /// Delivers every decided entry the team journal does not have; returns
    /// how many were new there (0 for a redelivery).
    public func deliverNow() async throws(TeamJournalError) -> Int {
        let connection = try await database.connect()
        var delivered = 0
        do throws(TeamJournalError) {
            while true {
                let batch: [JournalEntry]
                do {
                    batch = try journal.undelivered(team: database.teamID, limit: 1_000)
                } catch {
                    throw TeamJournalError("The change journal \(journal.path) could not be read for delivery (\(error)).")
                }
                if batch.isEmpty { break }
                delivered += try await database.deliver(batch, connection: connection)
                do {
                    try journal.markDelivered(uids: batch.compactMap(\.uid))
                } catch {
                    // Delivered but not marked: the next delivery sends them again, and the team journal drops them.
                    throw TeamJournalError("The change journal \(journal.path) could not mark entries delivered (\(error)); they are sent again next time, once.")
                }
                if batch.count < 1_000 { break }
            }
        } catch {
            try? await connection.close()
            lastFailure = error.description
            throw error
        }
        try? await connection.close()
        lastFailure = nil
        return delivered
    }

    /// Delivers in the background; kicks while one runs make it go round once more.
    public func kick() {
        if running != nil {
            again = true
            return
        }
        running = Task { await self.deliverUntilQuiet() }
    }

    private func deliverUntilQuiet() async {
        repeat {
            again = false
            do {
                _ = try await deliverNow()
            } catch {
                if !warned {
                    warned = true
                    warn(required
                        ? "\(error) journal_required = true: changes are refused until it can record them."
                        : "\(error) Changes wait in the local journal and are delivered later (history sync).")
                }
                again = false
            }
        } while again
        running = nil
    }

    /// Waits for a delivery under way, at most `seconds` (a real bound: the wait ends then).
    public func flush(seconds: Double) async {
        guard let running else { return }
        _ = try? await TeamJournalDatabase.within(seconds: seconds) { await running.value }
    }

    /// The task under way, for a flush of several deliveries at once.
    func current() -> Task<Void, Never>? { running }

    /// Nil when the team journal can record now (checked at most every 10 s), else why not.
    public func problem() async -> TeamJournalError? {
        if let lastReached, ContinuousClock.now - lastReached < .seconds(10) { return nil }
        do {
            let connection = try await database.connect()
            // Reachable is not enough: this role must be allowed to append.
            let rows = try? await database.run(connection, "SELECT has_table_privilege('netify_journal', 'INSERT')", doing: "check its grants")
            try? await connection.close()
            guard (try? rows?.first?.decode(Bool.self)) == true else {
                return TeamJournalError("The team journal \(database.url.shown) does not let \(database.url.user.safeForDisplay(limit: 63)) append entries; grant INSERT on netify_journal (the README's \"Working as a team\").")
            }
            lastReached = .now
            return nil
        } catch {
            return error
        }
    }

    /// Every operator's entries on the team journal, newest first (for the dashboard's history).
    public func teamEntries(_ query: TeamJournalDatabase.Query) async throws(TeamJournalError) -> [JournalEntry] {
        let connection = try await database.connect()
        defer { Task { try? await connection.close() } }
        return try await database.entries(query, connection: connection)
    }

    /// Each license's last change on the account, by any operator.
    public func lastChanges(endpoint: String, keyFingerprint: String) async throws(TeamJournalError) -> [(serial: String, operatorName: String, action: String, time: Int64)] {
        let connection = try await database.connect()
        defer { Task { try? await connection.close() } }
        return try await database.lastChanges(endpoint: endpoint, keyFingerprint: keyFingerprint, connection: connection)
    }

    /// Entries waiting for the team journal.
    public func pendingCount() -> Int {
        (try? journal.undeliveredCount(team: database.teamID)) ?? 0
    }
}

/// The team journal in the chain: after every change (its entry written
/// locally by `ChangeJournaling`, which stands after it) the outbox is
/// delivered. With `journal_required`, a change the team journal cannot
/// record is refused before anything is sent.
public struct TeamJournaling: LicenseMiddleware {
    public let delivery: TeamJournalDelivery
    public let required: Bool

    public init(delivery: TeamJournalDelivery, required: Bool) {
        self.delivery = delivery
        self.required = required
    }

    public func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
        guard operation.changesLicenses else {
            // A refresh (the dashboard's, in the background) also delivers what waits.
            if case .list = operation { await delivery.kick() }
            return try await next(operation)
        }
        if required, let problem = await delivery.problem() {
            throw .configuration(message: "journal_required = true and the team journal cannot record this change: \(problem) Nothing was sent.")
        }
        do {
            let result = try await next(operation)
            await delivery.kick()
            return result
        } catch {
            await delivery.kick()
            throw error
        }
    }
}

/// Every delivery this process started, flushed before it exits.
public enum TeamDeliveries {
    private static let registered = NIOLockedValueBox<[TeamJournalDelivery]>([])

    public static func register(_ delivery: TeamJournalDelivery) {
        registered.withLockedValue { $0.append(delivery) }
    }

    /// Waits for every delivery under way, all at once, at most `seconds` in
    /// all (the connect timeout: PostgreSQL unreachable costs a run at most that).
    public static func flush(seconds: Double = 1.5) async {
        var running: [Task<Void, Never>] = []
        for delivery in registered.withLockedValue({ $0 }) {
            if let task = await delivery.current() { running.append(task) }
        }
        guard !running.isEmpty else { return }
        let tasks = running
        _ = try? await TeamJournalDatabase.within(seconds: seconds) {
            for task in tasks { await task.value }
        }
    }
}
