import Foundation
import GRDB

/// A SQLite file of this user's alone (0600, in a 0700 directory), opened
/// with its schema created or checked. A file that cannot be read, or holds
/// something else, is moved aside beside it (never deleted) and a new one
/// started; the warning says where it went.
enum PrivateDatabase {
    /// `what` names the file in messages ("the change journal"); `prepare`
    /// creates the schema in a new file and throws for a file it does not accept.
    static func open(
        path: String, what: String, now: Int64, prepare: @escaping @Sendable (Database) throws -> Void
    ) throws(JournalError) -> (database: DatabaseQueue, warnings: [String]) {
        try PrivateFiles.ensureDirectory(containing: path, for: what)
        // The file exists, ours and 0600, before SQLite opens it (its journal files take the
        // same mode); the directory is ours alone, so nobody can swap it in between.
        // A link in its place is refused, never set aside.
        close(try PrivateFiles.open(path, for: what))
        try PrivateFiles.refuseLinkedCompanions(of: path, for: what)
        do {
            return (try openOnce(path, what: what, prepare: prepare), [])
        } catch let error as JournalError where error.keepsFile {
            throw error
        } catch let error as DatabaseError where PrivateDatabase.isBusy(error) {
            // Busy is another writer, not damage: it is waited for (the busy
            // timeout), then reported, and the file is left as it is.
            throw JournalError("\(what.prefix(1).uppercased() + what.dropFirst()) \(path) is busy: another process has held it for more than \(PrivateDatabase.busySeconds) s; try again when it finishes (nothing was changed).")
        } catch let error as DatabaseError where !PrivateDatabase.isDamage(error) {
            // A full disk, a read-only or unreadable file, an I/O error: the file may be fine, and is kept as it is.
            throw JournalError("Cannot open \(what) \(path): \(error.message ?? "\(error.resultCode)"); nothing was changed. Check the disk and the file's permissions, then try again.")
        } catch {
            let aside = path + ".damaged-\(now)"
            guard rename(path, aside) == 0 else {
                throw JournalError("\(what.prefix(1).uppercased() + what.dropFirst()) \(path) cannot be read (\(error)) nor moved aside; move it away by hand.")
            }
            let warning = "\(what.prefix(1).uppercased() + what.dropFirst()) \(path) could not be read (\(error)); it was moved to \(aside) and a new one started."
            do {
                close(try PrivateFiles.open(path, for: what))
                return (try openOnce(path, what: what, prepare: prepare), [warning])
            } catch {
                throw JournalError("Cannot create \(what) \(path): \(error); check the directory is writable.")
            }
        }
    }

    private static func openOnce(_ path: String, what: String, prepare: @escaping @Sendable (Database) throws -> Void) throws -> DatabaseQueue {
        var configuration = Configuration()
        // The CLI and the dashboard may write at once.
        configuration.busyMode = .timeout(busySeconds)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write(prepare)
        return database
    }

    /// How long a file another process holds is waited for.
    static let busySeconds: Double = 5

    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// What a damaged or foreign file gives (set aside and started anew); anything else leaves the file alone.
    static func isDamage(_ error: DatabaseError) -> Bool {
        [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_ERROR, .SQLITE_SCHEMA, .SQLITE_MISMATCH, .SQLITE_CONSTRAINT].contains(error.resultCode)
    }

    /// The schema version and tables of a file, to tell a new file from one of ours or a foreign one.
    static func inspect(_ db: Database) throws -> (version: Int, tables: [String]) {
        (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
    }
}
