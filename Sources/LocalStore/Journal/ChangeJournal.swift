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
    private let database: DatabaseQueue
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
        try? prune(now: now)
    }

    /// What opening found and did about it (a damaged file set aside).
    public let warnings: [String]

    static let schemaVersion = 1

    @Sendable static func prepare(_ db: Database) throws {
        let (version, tables) = try PrivateDatabase.inspect(db)
        if version == 0, tables.isEmpty {
            try db.execute(sql: """
                CREATE TABLE entry (
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
                CREATE INDEX entry_serial ON entry(serial);
                CREATE INDEX entry_time ON entry(time);
                PRAGMA user_version = \(schemaVersion);
                """)
        } else if version != schemaVersion || !tables.contains("entry") {
            throw JournalError("it is not a change journal of this version (version \(version))")
        }
    }

    // MARK: Writing

    /// Writes the intent before the request goes out; returns the entry's id.
    public func recordIntent(
        action: JournalEntry.Action, serial: String?, request: String, before: String?, context: JournalContext, now: Int64 = currentUnixSeconds()
    ) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO entry (time, user, endpoint, key_fingerprint, action, serial, request, before, outcome, process_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [now, context.user, context.endpoint, context.keyFingerprint, action.rawValue, serial, request, before,
                            JournalEntry.Outcome.pending.rawValue, context.processID])
            return db.lastInsertedRowID
        }
    }

    /// Writes how the request ended.
    public func recordOutcome(id: Int64, outcome: JournalEntry.Outcome, serial: String? = nil, after: String? = nil, status: Int? = nil, detail: String? = nil) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE entry SET outcome = ?, serial = COALESCE(?, serial), after = COALESCE(?, after), status = ?, detail = ? WHERE id = ?",
                arguments: [outcome.rawValue, serial, after, status, detail, id])
        }
    }

    /// Removes entries older than the retention, never a younger one.
    public func prune(now: Int64 = currentUnixSeconds()) throws {
        let cutoff = now - Int64(retentionDays) * 86_400
        try database.write { db in
            try db.execute(sql: "DELETE FROM entry WHERE time < ?", arguments: [cutoff])
        }
    }

    // MARK: Reading

    /// Newest first. A row that cannot be read as an entry (a value of the
    /// wrong type, written by hand or by damage) is left out and counted.
    public func entries(_ query: JournalQuery = JournalQuery()) throws -> (entries: [JournalEntry], unreadable: Int) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let serial = query.serial { conditions.append("serial = ?"); arguments.append(serial) }
        if let since = query.since { conditions.append("time >= ?"); arguments.append(since) }
        if let action = query.action { conditions.append("action = ?"); arguments.append(action.rawValue) }
        var sql = "SELECT * FROM entry"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
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
        func value<T: DatabaseValueConvertible>(_ column: String, _ type: T.Type) -> T? { StoredValue.value(row, column, as: type) }
        func optional<T: DatabaseValueConvertible>(_ column: String, _ type: T.Type) -> T?? { StoredValue.optional(row, column, as: type) }
        guard let id = value("id", Int64.self), let time = value("time", Int64.self), let user = value("user", String.self),
              let endpoint = value("endpoint", String.self), let fingerprint = value("key_fingerprint", String.self),
              let action = value("action", String.self).flatMap(JournalEntry.Action.init(rawValue:)),
              let serial = optional("serial", String.self), let request = value("request", String.self),
              let before = optional("before", String.self), let after = optional("after", String.self),
              let outcome = value("outcome", String.self), let status = optional("status", Int.self),
              let detail = optional("detail", String.self), let processID = value("process_id", Int32.self)
        else { return nil }
        return JournalEntry(
            id: id, time: time, user: user, endpoint: endpoint, keyFingerprint: fingerprint, action: action, serial: serial,
            request: request, before: before, after: after, outcome: JournalEntry.Outcome(rawValue: outcome) ?? .unknown,
            status: status, detail: detail, processID: processID)
    }

    // MARK: Resolving unknown outcomes

    /// Entries whose outcome nobody will write: unknown ones, and pending ones
    /// whose process is gone (killed between intent and outcome).
    public func unresolved(for context: JournalContext) throws -> [JournalEntry] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM entry WHERE outcome IN ('pending', 'unknown') AND endpoint = ? AND key_fingerprint = ? ORDER BY id",
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

    public init(user: String, endpoint: String, keyFingerprint: String, processID: Int32 = getpid()) {
        self.user = user
        self.endpoint = endpoint
        self.keyFingerprint = keyFingerprint
        self.processID = processID
    }

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
    public init(_ description: String) { self.description = description }
}
