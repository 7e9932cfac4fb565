import Crypto
import Foundation
import GRDB
import LicenseModel

/// The change journal: every create, renew and delete made from the CLI or
/// the dashboard, in SQLite under `$XDG_STATE_HOME/netify-licenses/` (0600).
/// The intent is written before the request and the outcome after it, so a
/// crash or a kill between the two leaves a pending entry, which reads as
/// "outcome unknown" and which the next list resolves.
public final class ChangeJournal: Sendable {
    public let path: String
    /// Shared with `KeyTermStore`: the key terms are a table of the journal's database.
    let database: DatabaseQueue
    /// Entries younger than this are never removed.
    public let retentionDays: Int

    public static let defaultRetentionDays = 365

    /// Opens (or creates) the journal. A file that is not a journal of this
    /// version is set aside beside it, never deleted, and a new one started;
    /// `warnings` says so.
    public init(path: String, retentionDays: Int = ChangeJournal.defaultRetentionDays, now: Int64 = currentUnixSeconds()) throws(JournalError) {
        self.path = path
        self.retentionDays = retentionDays
        (database, warnings) = try PrivateDatabase.open(path: path, what: "the change journal", now: now, prepare: ChangeJournal.prepare)
        do {
            // Migrated in place, never moved aside: the journal is the record of what was done.
            try ChangeJournal.migrator.migrate(database)
        } catch {
            throw JournalError("The change journal \(path) could not be brought to this version (\(error)); it was left as it is. Free some space or check its permissions, then try again.", keepsFile: true)
        }
        try? prune(now: now)
    }

    /// What opening found and did about it (a damaged file set aside).
    public let warnings: [String]

    /// The journal's schema, one migration a version; a file of an older
    /// version is migrated in place. (Files from before the migrator carry
    /// `user_version` 1 and the v1 table: v1 creates only what is missing.)
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: entries") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    endpoint TEXT NOT NULL,
                    key_fingerprint TEXT NOT NULL,
                    action TEXT NOT NULL,
                    serial TEXT,
                    request TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    outcome TEXT NOT NULL,
                    status INTEGER,
                    detail TEXT,
                    process_id INTEGER NOT NULL
                );
                CREATE INDEX IF NOT EXISTS entry_serial ON entry(serial);
                CREATE INDEX IF NOT EXISTS entry_time ON entry(time);
                """)
        }
        // The outbox of the team journal: each entry's id across machines, who
        // recorded it where, and whether the team journal has it.
        migrator.registerMigration("v2: team outbox") { db in
            try db.execute(sql: """
                ALTER TABLE entry ADD COLUMN uid TEXT;
                ALTER TABLE entry ADD COLUMN operator TEXT;
                ALTER TABLE entry ADD COLUMN host TEXT;
                ALTER TABLE entry ADD COLUMN context TEXT;
                ALTER TABLE entry ADD COLUMN team TEXT;
                ALTER TABLE entry ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0;
                UPDATE entry SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
                UPDATE entry SET operator = user WHERE operator IS NULL;
                CREATE UNIQUE INDEX entry_uid ON entry(uid);
                CREATE INDEX entry_undelivered ON entry(delivered, id);
                """)
        }
        // What replies taught about each key's maximum term, per endpoint and
        // key fingerprint (before, a file of its own: imported once, see KeyTermStore).
        migrator.registerMigration("v3: key terms") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS key_term (
                    endpoint TEXT NOT NULL,
                    key_fingerprint TEXT NOT NULL,
                    days INTEGER NOT NULL,
                    learned_day INTEGER NOT NULL,
                    PRIMARY KEY (endpoint, key_fingerprint)
                );
                """)
        }
        return migrator
    }

    /// Before the migrator: a foreign file is set aside; one a newer version wrote is refused and kept.
    @Sendable static func prepare(_ db: Database) throws {
        let (_, tables) = try PrivateDatabase.inspect(db)
        if !tables.isEmpty, !tables.contains("entry") {
            throw JournalError("it is not a change journal (its tables are \(tables.prefix(5).joined(separator: ", ")))")
        }
        if try ChangeJournal.migrator.hasBeenSuperseded(db) {
            throw JournalError("The change journal was written by a newer netify-licenses; it was left as it is and nothing was recorded. Use that version, or point XDG_STATE_HOME elsewhere.", keepsFile: true)
        }
    }

    // MARK: Writing

    /// Writes the intent before the request goes out; returns the entry's id.
    public func recordIntent(
        action: JournalEntry.Action, serial: String?, request: String, before: String?, context: JournalContext, now: Int64 = currentUnixSeconds()
    ) throws -> Int64 {
        let values: [(JournalColumn, (any DatabaseValueConvertible)?)] = [
            (.time, now), (.user, context.user), (.endpoint, context.endpoint), (.keyFingerprint, context.keyFingerprint),
            (.action, action.rawValue), (.serial, serial), (.request, request), (.before, before),
            (.outcome, JournalEntry.Outcome.pending.rawValue), (.processID, context.processID), (.uid, ChangeJournal.newUID()),
            (.operatorName, context.operatorName ?? context.user), (.host, ThisHost.name), (.contextName, context.contextName), (.team, context.team),
        ]
        return try database.write { db in
            try db.execute(
                sql: "INSERT INTO entry (\(values.map(\.0.rawValue).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))",
                arguments: StatementArguments(values.map(\.1)))
            return db.lastInsertedRowID
        }
    }

    /// Writes how the request ended.
    public func recordOutcome(id: Int64, outcome: JournalEntry.Outcome, serial: String? = nil, after: String? = nil, status: Int? = nil, detail: String? = nil) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE entry SET \(JournalColumn.outcome) = ?, \(JournalColumn.serial) = COALESCE(?, \(JournalColumn.serial)),
                    \(JournalColumn.after) = COALESCE(?, \(JournalColumn.after)), \(JournalColumn.status) = ?, \(JournalColumn.detail) = ?
                    WHERE \(JournalColumn.id) = ?
                    """,
                arguments: [outcome.rawValue, serial, after, status, detail, id])
        }
    }

    /// Removes entries older than the retention, never a younger one.
    public func prune(now: Int64 = currentUnixSeconds()) throws {
        let cutoff = now - Int64(retentionDays) * 86_400
        try database.write { db in
            // Never one a team journal is still to get: nothing acknowledged is lost.
            try db.execute(
                sql: "DELETE FROM entry WHERE \(JournalColumn.time) < ? AND (\(JournalColumn.delivered) = 1 OR \(JournalColumn.team) IS NULL)",
                arguments: [cutoff])
        }
    }

    // MARK: Reading

    /// Newest first. A row that cannot be read as an entry (a value of the
    /// wrong type, written by hand or by damage) is left out and counted.
    public func entries(_ query: JournalQuery = JournalQuery()) throws -> (entries: [JournalEntry], unreadable: Int) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let serial = query.serial { conditions.append("\(JournalColumn.serial) = ?"); arguments.append(serial) }
        if let since = query.since { conditions.append("\(JournalColumn.time) >= ?"); arguments.append(since) }
        if let action = query.action { conditions.append("\(JournalColumn.action) = ?"); arguments.append(action.rawValue) }
        var sql = "SELECT * FROM entry"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY \(JournalColumn.id) DESC"
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        let rows = try database.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
        let entries = rows.compactMap(ChangeJournal.entry)
        return (entries, rows.count - entries.count)
    }

    /// "2 entries of the change journal could not be read and are not shown", or nil.
    public static func unreadableWarning(_ count: Int, path: String) -> String? {
        guard count > 0 else { return nil }
        return "\(count) entr\(count == 1 ? "y" : "ies") of the change journal \(path) could not be read and \(count == 1 ? "is" : "are") not shown."
    }

    /// An entry as read; a pending one whose process is gone reads as unknown.
    static func entry(_ row: Row) -> JournalEntry? {
        guard var entry = storedEntry(row) else { return nil }
        if entry.outcome == .pending, !processIsAlive(entry.processID) { entry.outcome = .unknown }
        return entry
    }

    /// Every column read by type (`StoredValue`): a row with any wrong value is nil.
    /// Public for the journal rows' fuzz target.
    public static func storedEntry(_ row: Row) -> JournalEntry? {
        func value<T: DatabaseValueConvertible>(_ column: JournalColumn, _ type: T.Type) -> T? { StoredValue.value(row, column.rawValue, as: type) }
        func optional<T: DatabaseValueConvertible>(_ column: JournalColumn, _ type: T.Type) -> T?? { StoredValue.optional(row, column.rawValue, as: type) }
        guard let id = value(.id, Int64.self), let time = value(.time, Int64.self), let user = value(.user, String.self),
              let endpoint = value(.endpoint, String.self), let fingerprint = value(.keyFingerprint, String.self),
              let action = value(.action, String.self).flatMap(JournalEntry.Action.init(rawValue:)),
              let serial = optional(.serial, String.self), let request = value(.request, String.self),
              let before = optional(.before, String.self), let after = optional(.after, String.self),
              let outcome = value(.outcome, String.self), let status = optional(.status, Int.self),
              let detail = optional(.detail, String.self), let processID = value(.processID, Int32.self)
        else { return nil }
        var entry = JournalEntry(
            id: id, time: time, user: user, endpoint: endpoint, keyFingerprint: fingerprint, action: action, serial: serial,
            request: request, before: before, after: after, outcome: JournalEntry.Outcome(rawValue: outcome) ?? .unknown,
            status: status, detail: detail, processID: processID)
        // The team columns (v2); an entry without them is still an entry.
        entry.uid = optional(.uid, String.self) ?? nil
        entry.operatorName = optional(.operatorName, String.self) ?? nil
        entry.host = optional(.host, String.self) ?? nil
        entry.contextName = optional(.contextName, String.self) ?? nil
        return entry
    }

    // MARK: The team journal's outbox

    /// A random id for an entry, unique across machines.
    static func newUID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.map { String(repeating: "0", count: 8 - $0.count) + $0 }.joined()
    }

    /// Settled entries recorded for `team` that it does not have yet, oldest
    /// first (another context's team journal never gets them). A pending or
    /// unknown outcome waits until it is decided (the team journal is
    /// append-only: it gets each entry once, as it ended).
    public func undelivered(team: String, limit: Int = 500) throws -> [JournalEntry] {
        try database.write { db in
            // A row an older binary wrote has no id across machines yet: it gets one before it goes.
            try db.execute(sql: "UPDATE entry SET \(JournalColumn.uid) = lower(hex(randomblob(16))) WHERE \(JournalColumn.uid) IS NULL")
            return try Row.fetchAll(
                db, sql: """
                    SELECT * FROM entry WHERE \(JournalColumn.delivered) = 0 AND \(JournalColumn.team) = ?
                    AND \(JournalColumn.outcome) NOT IN ('pending', 'unknown') ORDER BY \(JournalColumn.id) LIMIT ?
                    """,
                arguments: [team, limit]
            ).compactMap(ChangeJournal.entry)
        }
    }

    /// How many entries wait for `team` (decided or not).
    public func undeliveredCount(team: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry WHERE \(JournalColumn.delivered) = 0 AND \(JournalColumn.team) = ?", arguments: [team]) ?? 0 }
    }

    /// Marks entries as in the team journal, once their INSERT has committed there.
    public func markDelivered(uids: [String]) throws {
        guard !uids.isEmpty else { return }
        try database.write { db in
            for chunk in stride(from: 0, to: uids.count, by: 500) {
                let part = Array(uids[chunk..<min(uids.count, chunk + 500)])
                try db.execute(
                    sql: "UPDATE entry SET \(JournalColumn.delivered) = 1 WHERE \(JournalColumn.uid) IN (\(Array(repeating: "?", count: part.count).joined(separator: ",")))",
                    arguments: StatementArguments(part))
            }
        }
    }

    // MARK: Resolving unknown outcomes

    /// Entries whose outcome nobody will write: unknown ones, and pending ones
    /// whose process is gone (killed between intent and outcome).
    public func unresolved(for context: JournalContext) throws -> [JournalEntry] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT * FROM entry WHERE \(JournalColumn.outcome) IN ('pending', 'unknown')
                    AND \(JournalColumn.endpoint) = ? AND \(JournalColumn.keyFingerprint) = ? ORDER BY \(JournalColumn.id)
                    """,
                arguments: [context.endpoint, context.keyFingerprint]
            ).compactMap(ChangeJournal.entry)
        }.filter { $0.outcome == .unknown || !ChangeJournal.processIsAlive($0.processID) }
    }

    /// Decides unknown outcomes from a full list of the same key: a delete
    /// was carried out if the serial is gone; a renew if the expiry moved; a
    /// create if a license with the requested fields appeared after the intent.
    @discardableResult
    public func resolve(with licenses: [License], context: JournalContext) throws -> Int {
        let open = try unresolved(for: context)
        guard !open.isEmpty else { return 0 }
        var bySerial: [String: License] = [:]
        for license in licenses { bySerial[license.serial] = license }
        for entry in open {
            let decision = ChangeJournal.decide(entry, bySerial: bySerial, licenses: licenses)
            try recordOutcome(
                id: entry.id, outcome: decision.outcome, serial: decision.serial, after: decision.after, status: entry.status, detail: decision.detail)
        }
        return open.count
    }

    static func decide(_ entry: JournalEntry, bySerial: [String: License], licenses: [License]) -> (outcome: JournalEntry.Outcome, serial: String?, after: String?, detail: String) {
        switch entry.action {
        case .delete:
            guard let serial = entry.serial else { return (.notCarriedOut, nil, nil, "no serial recorded") }
            if bySerial[serial] == nil { return (.carriedOut, nil, nil, "the license was gone at the next list") }
            return (.notCarriedOut, nil, nil, "the license was still there at the next list")
        case .renew:
            guard let serial = entry.serial, let license = bySerial[serial] else {
                return (.notCarriedOut, nil, nil, "the license was not in the next list")
            }
            let before = JournalEntry.expiryDate(in: entry.before)
            let now = license.expireAt.date.description
            if let before, before != now {
                return (.carriedOut, serial, license.document.serialized(), "the expiry had moved from \(before) to \(now) at the next list")
            }
            return (.notCarriedOut, serial, nil, "the expiry had not moved at the next list")
        case .reissue:
            // The new license: the requested fields and device, created after the intent, and not the old one itself.
            let request = (try? JSONParser.parse(entry.request)) ?? .null
            let issuedTo = request[LicenseField.issuedTo.jsonName]?.stringValue?.trimmingWhitespace()
            let entitlements = Set((request[LicenseField.entitlements.jsonName]?.arrayValue ?? []).compactMap { $0.stringValue }.map { Entitlement($0) })
            let device = request[LicenseField.targetUID.jsonName]?.stringValue
            let intentDay = CalendarDate(unixSeconds: entry.time)
            let new = licenses.first { license in
                license.serial != entry.serial && license.issuedTo == issuedTo && Set(license.entitlements) == entitlements
                    && license.targetUID == device && (license.createdAt.map { $0.date >= intentDay } ?? false)
            }
            let oldGone = entry.serial.map { bySerial[$0] == nil } ?? false
            guard let new else {
                // The old one gone and no replacement: half done, never "not carried out".
                if oldGone {
                    return (.failed, entry.serial, nil, "\(entry.serial ?? "the old license") was gone at the next list and no license with the requested fields and device was there: create it again (apply)")
                }
                return (.notCarriedOut, entry.serial, nil, "no license with the requested fields and device was in the next list")
            }
            return (
                oldGone ? .carriedOut : .failed, entry.serial, new.document.serialized(),
                "re-issued as \(new.serial) (found at the next list); \(entry.serial ?? "the old license") \(oldGone ? "was gone" : "was still there: apply again to finish")")
        case .create:
            let request = (try? JSONParser.parse(entry.request)) ?? .null
            let issuedTo = request[LicenseField.issuedTo.jsonName]?.stringValue?.trimmingWhitespace()
            let keywords: [String] = (request[LicenseField.entitlements.jsonName]?.arrayValue ?? []).compactMap { $0.stringValue }
            let entitlements = Set(keywords.map { Entitlement($0) })
            let intentDay = CalendarDate(unixSeconds: entry.time)
            let candidate = licenses.first { license in
                license.issuedTo == issuedTo && Set(license.entitlements) == entitlements
                    && (license.createdAt.map { $0.date >= intentDay } ?? true)
            }
            if let candidate {
                return (.carriedOut, candidate.serial, candidate.document.serialized(), "a license with the requested fields (\(candidate.serial)) was in the next list")
            }
            return (.notCarriedOut, nil, nil, "no license with the requested fields was in the next list")
        }
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

/// Who is acting where, written with every entry.
public struct JournalContext: Sendable {
    public var user: String
    public var endpoint: String
    public var keyFingerprint: String
    public var processID: Int32
    /// The name every entry is recorded under (`operator`); nil: the local user.
    public var operatorName: String?
    /// The context's name, nil for the plain settings.
    public var contextName: String?
    /// The team journal its entries are for (`TeamJournalDatabase.teamID`), nil without one.
    public var team: String?

    public init(user: String, endpoint: String, keyFingerprint: String, processID: Int32 = getpid(), operatorName: String? = nil, contextName: String? = nil) {
        self.user = user
        self.endpoint = endpoint
        self.keyFingerprint = keyFingerprint
        self.processID = processID
        self.operatorName = operatorName
        self.contextName = contextName
    }

    /// The account a team lock covers: the endpoint and the key's fingerprint.
    public var account: String { endpoint + " " + keyFingerprint }


    /// The first 16 hex digits of the key's SHA-256: enough to tell keys apart, useless to act with.
    public static func fingerprint(ofKey key: String) -> String {
        let digest = Array(SHA256.hash(data: Array(key.utf8)))
        var hex = ""
        for byte in digest.prefix(8) {
            let digits = String(byte, radix: 16)
            hex += digits.count == 1 ? "0" + digits : digits
        }
        return hex
    }

    /// The local user's login name.
    public static var localUser: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
    }
}

public struct JournalError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The file is kept as it is (a newer version's, one that could not be migrated), never set aside.
    public let keepsFile: Bool
    public init(_ description: String, keepsFile: Bool = false) {
        self.description = description
        self.keepsFile = keepsFile
    }
}
