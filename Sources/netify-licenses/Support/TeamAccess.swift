import LicenseModel
import LocalStore
import NetifyLicensing
import TeamJournal

/// How the front ends reach the team journal and the run lock.
enum TeamAccess {
    /// The delivery of this machine's journal to the team journal, when `journal_url` is set.
    static func delivery(_ settings: Settings, journal: ChangeJournal, warn: @escaping @Sendable (String) -> Void) -> TeamJournalDelivery? {
        guard let url = settings.journalURL else { return nil }
        let delivery = TeamJournalDelivery(database: TeamJournalDatabase(url: url), journal: journal, required: settings.journalRequired, warn: warn)
        TeamDeliveries.register(delivery)
        return delivery
    }

    /// `journal_required` with no local journal (its outbox) to record in: every write is refused.
    struct RefuseUnrecorded: LicenseMiddleware {
        func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
            guard operation.changesLicenses else { return try await next(operation) }
            throw .configuration(message: "journal_required = true, but the change journal (the team journal's outbox) cannot be opened, so this change could not be recorded; nothing was sent.")
        }
    }

    static func lockDirectory(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.state, for: "the run lock") + "/locks"
    }

    /// The run lock for the connection's account, for a run that acts on
    /// many licenses: the team lock with a team journal, else a lock file on
    /// this machine. Held by another run: said on stderr, exit 12, nothing
    /// sent. The team journal unreachable: this machine's lock, with a warning
    /// (a `journal_required` team refuses instead).
    static func lock(_ connection: Connection, timeout: Double) async throws -> TeamLock {
        let settings = connection.settings
        do {
            return try await take(
                account: connection.context.account, team: settings.journalURL.map { TeamJournalDatabase(url: $0) },
                operatorName: settings.operatorName, required: settings.journalRequired, timeout: timeout
            ) { Terminal.standardError("warning: \($0)") }
        } catch let held as TeamLock.Held {
            Terminal.standardError(CommandFailure.prefix + held.description)
            throw ReportedFailure(status: .locked)
        }
    }

    /// The run lock for an account, the one rule every front end takes it by:
    /// the team lock with a team journal; that unreachable, this machine's lock
    /// with a warning (`required` refuses instead). Throws `TeamLock.Held`
    /// when another run holds it, `LicensingError` when it cannot be taken.
    static func take(
        account: String, team: TeamJournalDatabase?, operatorName: String, required: Bool, timeout: Double, warn: (String) -> Void
    ) async throws -> TeamLock {
        do {
            do {
                return try await TeamLock.acquire(account: account, team: team, lockDirectory: try lockDirectory(), operatorName: operatorName, timeout: timeout)
            } catch let error as TeamJournalError where team != nil {
                if required {
                    throw LicensingError.configuration(message: "journal_required = true and the team lock cannot be taken: \(error) Nothing was sent.")
                }
                warn("\(error) This run takes this machine's lock only: another host could run at the same time.")
                return try await TeamLock.acquire(account: account, team: nil, lockDirectory: try lockDirectory(), operatorName: operatorName, timeout: timeout)
            }
        } catch let error as TeamJournalError {
            throw LicensingError.configuration(message: error.description)
        }
    }

    /// `body` under the run lock, released however it ends.
    static func withLock<T>(_ connection: Connection, timeout: Double, _ body: () async throws -> T) async throws -> T {
        let held = try await lock(connection, timeout: timeout)
        do {
            let result = try await body()
            await held.release()
            return result
        } catch {
            await held.release()
            throw error
        }
    }
}

import ArgumentParser

/// `--lock-timeout SECONDS`, for every run that takes the run lock.
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Wait this long for another run's lock on the same account instead of stopping with exit 12 (0 to 3600).", valueName: "seconds"))
    var lockTimeout: Double = 0

    func validate() throws {
        guard lockTimeout.isFinite, (0...3600).contains(lockTimeout) else { throw ValidationError("--lock-timeout must be from 0 to 3600 seconds.") }
    }
}
