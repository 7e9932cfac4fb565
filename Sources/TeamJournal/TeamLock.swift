import Foundation
import LicenseModel
import LocalStore
import NIOConcurrencyHelpers
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per account (endpoint + key fingerprint): a bulk renew,
/// `renew --due`, `apply` and a delete of several hold it for the whole run.
/// With a team journal, `pg_try_advisory_lock` on one dedicated connection
/// (never a pooled one: a session lock released on another connection of a
/// pool leaks); its holder is named in a row beside it. Without one, `flock`
/// on a private file: two timers on one host never overlap. A killed holder's
/// lock goes with its connection (or its descriptor).
public final class TeamLock: @unchecked Sendable {
    /// Who holds a lock another run asked for.
    public struct Holder: Sendable, Equatable {
        public var operatorName: String
        public var host: String
        public var started: Int64
        public var processID: Int32

        public var description: String {
            "\(operatorName.safeForDisplay(limit: 120)) on \(host.safeForDisplay(limit: 64)) (process \(processID)) since \(UTCTime.iso8601(started))"
        }
    }

    /// The lock is held by another run.
    public struct Held: Error, CustomStringConvertible, Sendable {
        public let holder: Holder?
        public let waited: Double

        public var description: String {
            let who = holder?.description ?? "another run (its holder could not be read)"
            let shown = waited == waited.rounded() ? "\(Int(waited))" : String(format: "%.1f", waited)
            let wait = waited > 0 ? "wait longer than \(shown) s with a larger --lock-timeout" : "wait for it with --lock-timeout SECONDS"
            return "Another run holds the lock for this account: \(who); nothing was sent. Let it finish, or \(wait)."
        }
    }

    private let released = NIOLockedValueBox(false)
    private let connection: PostgresConnection?
    private let database: TeamJournalDatabase?
    private let account: String
    private var descriptor: Int32

    private init(connection: PostgresConnection?, database: TeamJournalDatabase?, account: String, descriptor: Int32) {
        self.connection = connection
        self.database = database
        self.account = account
        self.descriptor = descriptor
    }

    /// Takes the lock, waiting up to `timeout` seconds (0: refused at once
    /// when held). Throws `Held` when another run keeps it, `TeamJournalError`
    /// when the team journal cannot be reached (no run proceeds unlocked).
    public static func acquire(
        account: String, team: TeamJournalDatabase?, lockDirectory: String, operatorName: String, timeout: Double
    ) async throws -> TeamLock {
        let me = Holder(operatorName: operatorName, host: ThisHost.name, started: currentUnixSeconds(), processID: getpid())
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(0, timeout) * 1000))
        // This machine's lock first, always: two runs on one host never overlap,
        // whatever becomes of the team lock.
        let descriptor = try await localLock(account: account, lockDirectory: lockDirectory, me: me, deadline: deadline, timeout: timeout)
        guard let team else { return track(TeamLock(connection: nil, database: nil, account: account, descriptor: descriptor)) }
        let connection: PostgresConnection
        do {
            connection = try await team.connect()
        } catch {
            release(descriptor)
            throw error
        }
        let key = TeamJournalDatabase.lockKey(account)
        do {
            while true {
                let rows = try await team.run(connection, "SELECT pg_try_advisory_lock(\(key))", doing: "take the lock")
                if (try? rows.first?.decode(Bool.self)) == true {
                    _ = try await team.run(connection, """
                        INSERT INTO netify_lock_holder (account, operator, host, started, pid) VALUES (\(account), \(me.operatorName), \(me.host), \(me.started), \(Int(me.processID)))
                        ON CONFLICT (account) DO UPDATE SET operator = EXCLUDED.operator, host = EXCLUDED.host, started = EXCLUDED.started, pid = EXCLUDED.pid
                        """, doing: "name the lock's holder")
                    return track(TeamLock(connection: connection, database: team, account: account, descriptor: descriptor))
                }
                if ContinuousClock.now >= deadline {
                    // Held by another run: refused, even when who holds it cannot be read.
                    let holderRows = try? await team.run(
                        connection, "SELECT operator, host, started, pid FROM netify_lock_holder WHERE account = \(account)", doing: "read the lock's holder")
                    let holder = holderRows?.first.flatMap { try? $0.decode((String, String, Int64, Int).self) }
                        .map { Holder(operatorName: $0.0, host: $0.1, started: $0.2, processID: Int32(clamping: $0.3)) }
                    throw Held(holder: holder, waited: timeout)
                }
                try await Task.sleep(nanoseconds: 250_000_000)
            }
        } catch {
            try? await connection.close()
            release(descriptor)
            throw error
        }
    }

    /// The lock file of this account on this machine (`flock`), its holder written in it.
    static func localLock(account: String, lockDirectory: String, me: Holder, deadline: ContinuousClock.Instant, timeout: Double) async throws -> Int32 {
        do {
            try PrivateFiles.ensureDirectory(lockDirectory, for: "the run lock")
        } catch {
            throw TeamJournalError(error.description)
        }
        let path = lockDirectory + "/" + JournalContext.fingerprint(ofKey: account) + ".lock"
        let descriptor: Int32
        do {
            descriptor = try PrivateFiles.open(path, for: "the run lock")
        } catch {
            throw TeamJournalError(error.description)
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw TeamJournalError("The run lock \(path) cannot be taken (\(String(cString: strerror(errno)))); check the directory.")
            }
            if ContinuousClock.now >= deadline {
                let holder = PrivateFiles.read(descriptor, limit: 4096).flatMap { TeamLock.holder(from: $0) }
                close(descriptor)
                throw Held(holder: holder, waited: timeout)
            }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        let record = "\(me.operatorName)\n\(me.host)\n\(me.started)\n\(me.processID)\n"
        _ = PrivateFiles.replaceContents(descriptor, with: Array(record.utf8))
        return descriptor
    }

    static func release(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        _ = PrivateFiles.replaceContents(descriptor, with: [])
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Every lock this process holds, let go before it exits (`releaseAll`).
    private static let held = NIOLockedValueBox<[TeamLock]>([])

    static func track(_ lock: TeamLock) -> TeamLock {
        held.withLockedValue { $0.append(lock) }
        return lock
    }

    /// Lets every lock this process still holds go (a command's end, however it ended).
    public static func releaseAll() async {
        for lock in held.withLockedValue({ locks in defer { locks = [] }; return locks }) { await lock.release() }
    }

    static func holder(from bytes: [UInt8]) -> Holder? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count >= 4, let started = Int64(lines[2]), let process = Int32(lines[3]) else { return nil }
        return Holder(operatorName: lines[0], host: lines[1], started: started, processID: process)
    }

    /// Lets the lock go: the holder's row is removed and the connection (or descriptor) closed.
    public func release() async {
        guard !released.withLockedValue({ done in defer { done = true }; return done }) else { return }
        if let connection, let database {
            _ = try? await database.run(
                connection, "DELETE FROM netify_lock_holder WHERE account = \(account) AND pid = \(Int(getpid())) AND host = \(ThisHost.name)",
                doing: "release the lock")
            try? await connection.close()
        }
        TeamLock.release(descriptor)
        descriptor = -1
    }
}
