import Foundation
import GRDB
import LicenseModel

/// What replies taught about each key's maximum term, per endpoint and key
/// fingerprint: a table of the change journal's database (migration "v3: key
/// terms"), so one private file holds what this machine did and learned.
public final class KeyTermStore: Sendable {
    /// The journal's file, named in messages.
    public let path: String
    private let database: DatabaseQueue
    /// What opening found and did about it (an older file imported, or not).
    public let warnings: [String]

    /// The store in `journal`'s database. `importing`: the file of learned key
    /// terms earlier versions kept beside the journal; its rows are copied in
    /// once (never over a term learned since) and the file is removed. A link
    /// in its place is never followed: it is left as it is, and said.
    public init(journal: ChangeJournal, importing legacyPath: String? = nil) {
        path = journal.path
        database = journal.database
        var warnings: [String] = []
        if let legacyPath, let warning = KeyTermStore.importOnce(from: legacyPath, into: journal.database) { warnings.append(warning) }
        self.warnings = warnings
    }

    private struct KeyTerm: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "key_term"
        enum Columns {
            static let endpoint = Column(CodingKeys.endpoint)
            static let keyFingerprint = Column(CodingKeys.keyFingerprint)
            static let days = Column(CodingKeys.days)
            static let learnedDay = Column(CodingKeys.learnedDay)
        }
        var endpoint: String
        var keyFingerprint: String
        var days: Int
        var learnedDay: Int

        enum CodingKeys: String, CodingKey {
            case endpoint, keyFingerprint = "key_fingerprint", days, learnedDay = "learned_day"
        }
    }

    /// Copies an earlier version's file of key terms in and removes it; nil when there is none.
    static func importOnce(from legacyPath: String, into database: DatabaseQueue) -> String? {
        var status = stat()
        guard lstat(legacyPath, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            return "\(legacyPath) is not a regular file of yours (a link?); it was not read. Remove it: key terms are kept in the change journal now."
        }
        do {
            try PrivateFiles.refuseLinkedCompanions(of: legacyPath, for: "the earlier file of learned key terms")
            var configuration = Configuration()
            configuration.readonly = true
            let rows = try DatabaseQueue(path: legacyPath, configuration: configuration).read { db in
                try Row.fetchAll(db, sql: "SELECT endpoint, key_fingerprint, days, learned_day FROM key_term LIMIT 10000")
            }
            try database.write { db in
                for row in rows {
                    guard let endpoint = StoredValue.value(row, "endpoint", as: String.self),
                          let fingerprint = StoredValue.value(row, "key_fingerprint", as: String.self),
                          let days = StoredValue.value(row, "days", as: Int.self), KeyMaximum.possibleDays.contains(days),
                          let day = StoredValue.value(row, "learned_day", as: Int.self), CalendarDate.supportedDays.contains(day) else { continue }
                    try KeyTerm(endpoint: endpoint, keyFingerprint: fingerprint, days: days, learnedDay: day).insert(db, onConflict: .ignore)
                }
            }
        } catch {
            return "The earlier file of learned key terms \(legacyPath) could not be imported (\(error)); it was left as it is, and terms are learned again."
        }
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(legacyPath + suffix) }
        return nil
    }

    /// The learned maximum of this endpoint's key; nil when none was learned
    /// (or the row cannot be read: it is then learned again).
    public func learned(_ context: JournalContext) -> KeyMaximum? {
        let row = try? database.read { db in
            try KeyTerm.filter(KeyTerm.Columns.endpoint == context.endpoint && KeyTerm.Columns.keyFingerprint == context.keyFingerprint).fetchOne(db)
        }
        guard let row, KeyMaximum.possibleDays.contains(row.days), CalendarDate.supportedDays.contains(row.learnedDay) else { return nil }
        return .learned(days: row.days, on: CalendarDate(daysSinceEpoch: row.learnedDay))
    }

    public func remember(_ maximum: KeyMaximum, for context: JournalContext) throws {
        guard case .learned(let days, let day) = maximum else { return }
        try database.write { db in
            try KeyTerm(endpoint: context.endpoint, keyFingerprint: context.keyFingerprint, days: days, learnedDay: day.daysSinceEpoch).save(db)
        }
    }

    public func forget(_ context: JournalContext) throws {
        try database.write { db in
            _ = try KeyTerm.filter(KeyTerm.Columns.endpoint == context.endpoint && KeyTerm.Columns.keyFingerprint == context.keyFingerprint).deleteAll(db)
        }
    }
}
