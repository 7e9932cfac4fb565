import Foundation
import GRDB
import LicenseModel

/// The last full list of one endpoint and key, kept under
/// `$XDG_CACHE_HOME/netify-licenses/` (0600), so a launch shows the fleet at
/// once and the fleet stays browsable with the API down. One file per
/// endpoint and key fingerprint: a key never sees another key's cache.
/// Licenses are stored one row each as their documents, and read back
/// through the list decoder's fast path, piece by piece.
public final class LicenseCache: Sendable {
    public let path: String
    public let endpoint: String
    public let keyFingerprint: String
    private let database: DatabaseQueue
    /// What opening found and did about it (a damaged or foreign file set aside).
    public let warnings: [String]

    static let schemaVersion = 1

    /// The largest license document the cache keeps.
    public static let maximumDocumentBytes = 1 << 20

    /// The cached list and when it was fetched.
    public struct Snapshot: Sendable {
        public var licenses: [License]
        /// Unix seconds of the fetch that the cache holds.
        public var fetchedAt: Int64
    }

    /// The file for an endpoint and key: both in the name, hashed, so neither is readable from it.
    public static func path(directory: String, endpoint: String, keyFingerprint: String) -> String {
        directory + "/list-" + JournalContext.fingerprint(ofKey: endpoint) + "-" + keyFingerprint + ".sqlite"
    }

    public init(directory: String, endpoint: String, keyFingerprint: String, now: Int64 = currentUnixSeconds()) throws(JournalError) {
        self.endpoint = endpoint
        self.keyFingerprint = keyFingerprint
        path = LicenseCache.path(directory: directory, endpoint: endpoint, keyFingerprint: keyFingerprint)
        (database, warnings) = try PrivateDatabase.open(path: path, what: "the list cache", now: now) { db in
            try LicenseCache.prepare(db, endpoint: endpoint, keyFingerprint: keyFingerprint)
        }
    }

    static func prepare(_ db: Database, endpoint: String, keyFingerprint: String) throws {
        let (version, tables) = try PrivateDatabase.inspect(db)
        if version == 0, tables.isEmpty {
            try db.execute(sql: """
                CREATE TABLE snapshot (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    endpoint TEXT NOT NULL,
                    key_fingerprint TEXT NOT NULL,
                    fetched_at INTEGER NOT NULL,
                    count INTEGER NOT NULL
                );
                CREATE TABLE license (position INTEGER PRIMARY KEY, document BLOB NOT NULL);
                PRAGMA user_version = \(schemaVersion);
                """)
        } else if version != schemaVersion || !tables.contains("snapshot") || !tables.contains("license") {
            throw JournalError("it is not a list cache of this version (version \(version))")
        }
        // A file renamed from another key's or endpoint's is refused, never shown.
        if let row = try Row.fetchOne(db, sql: "SELECT endpoint, key_fingerprint FROM snapshot WHERE id = 1") {
            let (storedEndpoint, storedKey): (String, String) = (row["endpoint"], row["key_fingerprint"])
            guard storedEndpoint == endpoint, storedKey == keyFingerprint else {
                throw JournalError("it holds the list of another endpoint or key")
            }
        }
    }

    /// Replaces the cached list in one transaction: a reader sees the old list or the new, never a mix.
    public func store(_ licenses: [License], fetchedAt: Int64) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM license")
            let insert = try db.makeStatement(sql: "INSERT INTO license (position, document) VALUES (?, ?)")
            for (position, license) in licenses.enumerated() {
                var output = JSONOutput()
                license.writeDocument(to: &output)
                // No real license is near this: a document that is (a hostile server's) is
                // not worth copying into SQLite; the list is not cached and the caller says so.
                guard output.bytes.count <= LicenseCache.maximumDocumentBytes else {
                    throw JournalError("license \(license.serial.safeForDisplay(limit: 40)) is \(output.bytes.count >> 20) MiB, beyond the cache's \(LicenseCache.maximumDocumentBytes >> 20) MiB per license")
                }
                try insert.execute(arguments: [position, Data(output.bytes)])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO snapshot (id, endpoint, key_fingerprint, fetched_at, count) VALUES (1, ?, ?, ?, ?)",
                arguments: [endpoint, keyFingerprint, fetchedAt, licenses.count])
        }
    }

    /// Marks the cached list as fetched again at `fetchedAt`: the list came back unchanged.
    public func touch(fetchedAt: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE snapshot SET fetched_at = ? WHERE id = 1", arguments: [fetchedAt])
        }
    }

    /// The cached list, or nil when nothing was cached yet.
    public func load() throws -> Snapshot? {
        try database.read { db -> Snapshot? in
            guard let row = try Row.fetchOne(db, sql: "SELECT fetched_at, count FROM snapshot WHERE id = 1") else { return nil }
            let fetchedAt: Int64 = row["fetched_at"]
            let count: Int = row["count"]
            // The documents as one list, fed to the stream a piece at a time: no whole copy of the list.
            var stream = LicenseListStream(status: 200, expectedBytes: 0, expectedCount: count)
            let comma: [UInt8] = [UInt8(ascii: ",")]
            try [UInt8(ascii: "[")].withUnsafeBytes { try stream.feed($0) }
            let documents = try Row.fetchCursor(db, sql: "SELECT document FROM license ORDER BY position")
            var first = true
            while let document = try documents.next() {
                if !first { try comma.withUnsafeBytes { try stream.feed($0) } }
                first = false
                guard let data = document.dataNoCopy(atIndex: 0) else { continue }
                try data.withUnsafeBytes { try stream.feed($0) }
            }
            try [UInt8(ascii: "]")].withUnsafeBytes { try stream.feed($0) }
            return Snapshot(licenses: try stream.finish(), fetchedAt: fetchedAt)
        }
    }
}
