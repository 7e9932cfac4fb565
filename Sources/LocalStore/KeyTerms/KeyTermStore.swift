import Foundation
import GRDB
import LicenseModel

/// What replies taught about each key's maximum term, per endpoint and key
/// fingerprint, in a private SQLite file beside the change journal
/// (`$XDG_STATE_HOME/netify-licenses/key-terms.sqlite`, 0600).
public final class KeyTermStore: Sendable {
    public let path: String
    private let database: DatabaseQueue
    /// What opening found and did about it (a damaged file set aside).
    public let warnings: [String]

    static let schemaVersion = 1

    public init(path: String, now: Int64 = currentUnixSeconds()) throws(JournalError) {
        self.path = path
        (database, warnings) = try PrivateDatabase.open(path: path, what: "the file of learned key terms", now: now, prepare: KeyTermStore.prepare)
    }

    @Sendable static func prepare(_ db: Database) throws {
        let (version, tables) = try PrivateDatabase.inspect(db)
        if version == 0, tables.isEmpty {
            try db.execute(sql: """
                CREATE TABLE key_term (
                    endpoint TEXT NOT NULL,
                    key_fingerprint TEXT NOT NULL,
                    days INTEGER NOT NULL,
                    learned_day INTEGER NOT NULL,
                    PRIMARY KEY (endpoint, key_fingerprint)
                );
                PRAGMA user_version = \(schemaVersion);
                """)
        } else if version != schemaVersion || !tables.contains("key_term") {
            throw JournalError("it is not a file of learned key terms of this version (version \(version))")
        }
    }

    /// The learned maximum of this endpoint's key; nil when none was learned
    /// (or the row cannot be read: it is then learned again).
    public func learned(_ context: JournalContext) -> KeyMaximum? {
        let row = try? database.read { db in
            try Row.fetchOne(db, sql: "SELECT days, learned_day FROM key_term WHERE endpoint = ? AND key_fingerprint = ?",
                             arguments: [context.endpoint, context.keyFingerprint])
        }
        guard let row, let days = StoredValue.value(row, "days", as: Int.self), KeyMaximum.possibleDays.contains(days),
              let dayNumber = StoredValue.value(row, "learned_day", as: Int.self), CalendarDate.supportedDays.contains(dayNumber) else { return nil }
        return .learned(days: days, on: CalendarDate(daysSinceEpoch: dayNumber))
    }

    public func remember(_ maximum: KeyMaximum, for context: JournalContext) throws {
        guard case .learned(let days, let day) = maximum else { return }
        try database.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO key_term (endpoint, key_fingerprint, days, learned_day) VALUES (?, ?, ?, ?)",
                arguments: [context.endpoint, context.keyFingerprint, days, day.daysSinceEpoch])
        }
    }

    public func forget(_ context: JournalContext) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM key_term WHERE endpoint = ? AND key_fingerprint = ?", arguments: [context.endpoint, context.keyFingerprint])
        }
    }
}
