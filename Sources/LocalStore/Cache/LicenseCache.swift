import Crypto
import Foundation
import GRDB
import LicenseModel

/// The last full list of one endpoint and key, kept under
/// `$XDG_CACHE_HOME/netify-licenses/` (0600), so a launch shows the fleet at
/// once and the fleet stays browsable with the API down. One file per
/// endpoint and key fingerprint: a key never sees another key's cache.
/// The licenses are kept as a `CatalogSnapshot` in pieces of about a MiB
/// (never one large blob: SQLite copies what it binds), and, when the
/// dashboard stored them, the catalog's index beside them, so a launch
/// neither parses JSON nor folds text again.
public final class LicenseCache: Sendable {
    public let path: String
    public let endpoint: String
    public let keyFingerprint: String
    private let database: DatabaseQueue
    /// What opening found and did about it (a damaged or foreign file set aside).
    public let warnings: [String]

    /// The `user_version` of files from before the migrator (3: every piece
    /// and the header carry a SHA-256 digest); older ones are rebuilt.
    static let schemaVersionBeforeMigrator = 3

    /// The largest license document the cache keeps.
    public static let maximumDocumentBytes = 1 << 20

    /// About how many bytes one stored piece holds.
    static let pieceBytes = 1 << 20

    /// The section of the pieces that hold the licenses; the index's sections follow them.
    static let licensesSection = "licenses"
    /// The section of the order the licenses were shown in.
    static let orderSection = "order"

    /// The cached list and when it was fetched.
    public struct Snapshot: Sendable {
        public var licenses: [License]
        /// Unix seconds of the fetch that the cache holds.
        public var fetchedAt: Int64
    }

    /// The cached list as a catalog ready to sort and filter, and when it was fetched.
    public struct CachedCatalog: Sendable {
        public var catalog: LicenseCatalog
        public var fetchedAt: Int64
        /// Whether the index was read back rather than built again (a list the CLI stored has none).
        public var indexWasStored: Bool
        /// The licenses' positions in the order asked for, when that order was stored with them.
        public var order: [Int]?
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
        do {
            try LicenseCache.migrator.migrate(database)
        } catch {
            throw JournalError("The list cache \(path) could not be brought to this version (\(error)); the list is not cached. Free some space or check its permissions, or remove the file.")
        }
    }

    /// The cache's schema, one migration a version. (Files from before the
    /// migrator carry `user_version` 3 and the v3 tables: v3 creates only what
    /// is missing.) Unlike the journal, a cache that cannot be migrated is
    /// rebuilt: it holds nothing the next list does not bring again.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v3: snapshot in pieces") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS snapshot (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    endpoint TEXT NOT NULL,
                    key_fingerprint TEXT NOT NULL,
                    fetched_at INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    index_version INTEGER,
                    order_key TEXT,
                    digest BLOB NOT NULL
                );
                CREATE TABLE IF NOT EXISTS piece (id INTEGER PRIMARY KEY, section TEXT NOT NULL, section_bytes INTEGER NOT NULL, bytes BLOB NOT NULL, digest BLOB NOT NULL);
                """)
        }
        // The tool's own creates, renews and deletes since the list was fetched,
        // each one row: recorded as they are made, applied on top of the list
        // when it is read, let go when a newer list is stored.
        migrator.registerMigration("v4: own writes") { db in
            try db.create(table: OwnWrite.databaseTableName) { table in
                table.autoIncrementedPrimaryKey(OwnWrite.Columns.id.name)
                table.column(OwnWrite.Columns.serial.name, .text).notNull()
                table.column(OwnWrite.Columns.time.name, .integer).notNull()
                table.column(OwnWrite.Columns.document.name, .blob)
                table.column(OwnWrite.Columns.digest.name, .blob).notNull()
            }
        }
        return migrator
    }

    static func prepare(_ db: Database, endpoint: String, keyFingerprint: String) throws {
        let (version, tables) = try PrivateDatabase.inspect(db)
        let migrated = tables.contains("grdb_migrations")
        let beforeMigrator = version == schemaVersionBeforeMigrator && tables.contains("snapshot") && tables.contains("piece")
        if !tables.isEmpty, !migrated, !beforeMigrator {
            throw JournalError("it is not a list cache of this version (version \(version))")
        }
        if migrated, try migrator.hasBeenSuperseded(db) {
            throw JournalError("it was written by a newer netify-licenses")
        }
        // A file renamed from another key's or endpoint's is refused, never shown.
        if tables.contains("snapshot"), let row = try Row.fetchOne(db, sql: "SELECT endpoint, key_fingerprint FROM snapshot WHERE id = 1") {
            guard StoredValue.value(row, "endpoint", as: String.self) == endpoint,
                  StoredValue.value(row, "key_fingerprint", as: String.self) == keyFingerprint else {
                throw JournalError("it holds the list of another endpoint or key")
            }
        }
    }

    /// Replaces the cached list in one transaction: a reader sees the old list or the new, never a mix.
    public func store(_ licenses: [License], fetchedAt: Int64) throws {
        try store(licenses, index: nil, order: nil, fetchedAt: fetchedAt)
    }

    /// Replaces the cached list with a catalog's licenses and its index, and
    /// the order they were shown in (named by `LicenseSort.timelessOrderKey`),
    /// so the next launch need neither index nor sort them again.
    public func store(_ catalog: LicenseCatalog, order: (key: String, positions: [Int])? = nil, fetchedAt: Int64) throws {
        var index = catalog.indexSections()
        if let order, order.positions.count == catalog.count {
            index.append((LicenseCache.orderSection, CatalogSnapshot.positionBytes(order.positions)))
        }
        try store(catalog.licenses, index: index, order: order?.key, fetchedAt: fetchedAt)
    }

    private func store(_ licenses: [License], index: [(name: String, bytes: [UInt8])]?, order: String?, fetchedAt: Int64) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM piece")
            // Own writes the new list already holds go; one made after it was fetched stays on top of it.
            try OwnWrite.filter(OwnWrite.Columns.time < fetchedAt).deleteAll(db)
            // Each piece says how large its whole section is: a reader reserves it once (asking SQLite
            // for the sum of the blobs' lengths would read every one of them).
            let statement = try db.makeStatement(sql: "INSERT INTO piece (section, section_bytes, bytes, digest) VALUES (?, ?, ?, ?)")
            func insert(_ section: String, _ sectionBytes: Int, _ bytes: some Collection<UInt8>) throws {
                let data = Data(bytes)
                try statement.execute(arguments: [section, sectionBytes, data, LicenseCache.digest(section: section, data)])
            }
            var writer = CatalogSnapshot.Writer(reservingCapacity: LicenseCache.pieceBytes + (64 << 10))
            for license in licenses {
                // No real license is near this: a document that is (a hostile server's) is
                // not worth copying into SQLite; the list is not cached and the caller says so.
                if case .compact(let document) = license.storage, document.count > LicenseCache.maximumDocumentBytes {
                    throw JournalError("license \(license.serial.safeForDisplay(limit: 40)) is \(document.count >> 20) MiB, beyond the cache's \(LicenseCache.maximumDocumentBytes >> 20) MiB per license")
                }
                writer.append(license)
                if writer.bytes.count >= LicenseCache.pieceBytes {
                    try insert(LicenseCache.licensesSection, 0, writer.takePiece())
                }
            }
            if !writer.bytes.isEmpty { try insert(LicenseCache.licensesSection, 0, writer.takePiece()) }
            for section in index ?? [] {
                var offset = 0
                repeat {
                    let end = min(offset + LicenseCache.pieceBytes, section.bytes.count)
                    try insert(section.name, section.bytes.count, section.bytes[offset..<end])
                    offset = end
                } while offset < section.bytes.count
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO snapshot (id, endpoint, key_fingerprint, fetched_at, count, index_version, order_key, digest)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [endpoint, keyFingerprint, fetchedAt, licenses.count, index == nil ? nil : LicenseCatalog.indexVersion, order,
                            LicenseCache.headerDigest(fetchedAt: fetchedAt, count: licenses.count)])
        }
    }

    // MARK: Integrity

    /// A damaged cache is never shown: a copy is set aside beside it (for
    /// whoever wants to look) and the cache emptied, to be filled by the next
    /// full list; the error says so.
    private func settingAsideDamage<T>(_ load: () throws -> T) throws -> T {
        do {
            return try load()
        } catch let damage as CatalogSnapshot.DamagedError {
            let aside = path + ".damaged-\(currentUnixSeconds())"
            // The copy is as private as the cache: created exclusively 0600, then filled.
            let copied = (try? PrivateFiles.open(aside, for: "the damaged cache's copy")).map { close($0) } != nil
                && (try? database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [aside]) }) != nil
            try? database.write { db in
                try db.execute(sql: "DELETE FROM piece")
                try db.execute(sql: "DELETE FROM snapshot")
                try OwnWrite.deleteAll(db)
            }
            throw CatalogSnapshot.DamagedError(
                "\(damage); the list cache \(path) was emptied\(copied ? " (a copy is set aside as \(aside))" : "") and is filled again at the next full list")
        }
    }

    /// SHA-256 of a piece with its section's name: an edited byte, a piece moved
    /// to another section, or a flipped bit is damage, never other data.
    static func digest(section: String, _ bytes: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Array(section.utf8) + [0])
        hasher.update(data: bytes)
        return Data(hasher.finalize())
    }

    /// The header's facts a person reads: when the list was fetched and how many
    /// licenses it holds. (The index version and order key only choose whether a
    /// stored index or order is used; each is checked on its own.)
    static func headerDigest(fetchedAt: Int64, count: Int) -> Data {
        Data(SHA256.hash(data: Array("\(fetchedAt)|\(count)".utf8)))
    }

    /// The piece's bytes are checked where SQLite holds them, not copied out
    /// first: at a million licenses a copy of every piece was a fifth of a
    /// cached launch. (`index` is a column of the caller's own SELECT.)
    static func verify(_ row: Row, section: String, bytesAt index: Int) throws {
        guard let digest = StoredValue.value(row, "digest", as: Data.self), (0..<row.count).contains(index),
              try row.withUnsafeData(atIndex: index, { bytes in bytes.map { LicenseCache.digest(section: section, $0) == digest } ?? false })
        else {
            throw CatalogSnapshot.DamagedError("a piece of the cache does not match its checksum")
        }
    }

    /// The cached list, or nil when nothing was cached yet.
    public func load() throws -> Snapshot? {
        try settingAsideDamage { try loadWhole() }
    }

    private func loadWhole() throws -> Snapshot? {
        try database.read { db -> Snapshot? in
            guard let header = try LicenseCache.header(db) else { return nil }
            let licenses = try LicenseCache.licenses(db, count: header.count)
            return Snapshot(licenses: try LicenseCache.applyingOwnWrites(db, to: licenses) ?? licenses, fetchedAt: header.fetchedAt)
        }
    }

    /// The cached list as a catalog, with its stored index when there is a
    /// sound one of this version, else with an index built again; and in the
    /// order named `orderKey` when that order was stored and is sound.
    public func loadCatalog(orderKey: String? = nil) throws -> CachedCatalog? {
        try settingAsideDamage { try loadWholeCatalog(orderKey: orderKey) }
    }

    private func loadWholeCatalog(orderKey: String?) throws -> CachedCatalog? {
        try database.read { db -> CachedCatalog? in
            guard let header = try LicenseCache.header(db) else { return nil }
            // The licenses are decoded on a second core while this one reads the index: a
            // launch waits for the longer of the two, not both (the first refresh waits for it).
            let decoding = PieceDecoding(expectedCount: header.count)
            try LicenseCache.eachLicensePiece(db) { decoding.decode($0) }
            // Own writes since the list was fetched: the stored index and order no longer match it.
            let hasOwnWrites = try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM own_write)") == 1
            var sections = header.indexVersion == LicenseCatalog.indexVersion && !hasOwnWrites ? try LicenseCache.indexSections(db) : [:]
            let stored = try LicenseCache.checked(decoding.finish(), count: header.count)
            if let changed = try LicenseCache.applyingOwnWrites(db, to: stored) {
                return CachedCatalog(catalog: LicenseCatalog(changed), fetchedAt: header.fetchedAt, indexWasStored: false, order: nil)
            }
            let licenses = stored
            let order = orderKey != nil && header.orderKey == orderKey
                ? sections.removeValue(forKey: LicenseCache.orderSection).flatMap { CatalogSnapshot.permutation($0, count: licenses.count) }
                : nil
            if let catalog = try? LicenseCatalog(licenses: licenses, indexSections: sections) {
                return CachedCatalog(catalog: catalog, fetchedAt: header.fetchedAt, indexWasStored: true, order: order)
            }
            return CachedCatalog(catalog: LicenseCatalog(licenses), fetchedAt: header.fetchedAt, indexWasStored: false, order: order)
        }
    }

    // MARK: Own writes

    /// Records this tool's own creates, renews and deletes on top of the
    /// cached list (when there is one), each one row, without rewriting it:
    /// the next launch's change markers then mean changes made elsewhere, and
    /// the cache's age stays the age of its list.
    public func recordOwnWrites(upserted: [License], deleted: [String], now: Int64 = currentUnixSeconds()) throws {
        guard !upserted.isEmpty || !deleted.isEmpty else { return }
        try database.write { db in
            guard try LicenseCache.header(db) != nil else { return }
            // One row per license: its latest change (a bulk renew run daily never piles rows up).
            let serials = deleted + upserted.map(\.serial)
            try OwnWrite.filter(serials.contains(OwnWrite.Columns.serial)).deleteAll(db)
            for serial in deleted { try OwnWrite(serial: serial, time: now, document: nil).insert(db) }
            for license in upserted {
                if case .compact(let document) = license.storage, document.count > LicenseCache.maximumDocumentBytes { continue }
                var writer = CatalogSnapshot.Writer(reservingCapacity: 4096)
                writer.append(license)
                try OwnWrite(serial: license.serial, time: now, document: Data(writer.takePiece())).insert(db)
            }
        }
    }

    /// The list with the own writes recorded since it was fetched, in the order
    /// they were made; nil when there are none.
    static func applyingOwnWrites(_ db: Database, to licenses: [License]) throws -> [License]? {
        // Read as rows and checked, as the pieces are: a row that does not decode is damage (set aside), never an error that blocks the cache.
        let rows = try Row.fetchAll(db, sql: "SELECT serial, time, document, digest FROM own_write ORDER BY id")
        guard !rows.isEmpty else { return nil }
        var writes: [OwnWrite] = []
        for row in rows {
            guard let serial = StoredValue.value(row, "serial", as: String.self), let time = StoredValue.value(row, "time", as: Int64.self),
                  let document = StoredValue.optional(row, "document", as: Data.self), let digest = StoredValue.value(row, "digest", as: Data.self),
                  (document?.count ?? 0) <= LicenseCache.maximumDocumentBytes + 4096 else {
                throw CatalogSnapshot.DamagedError("an own change kept in the cache cannot be read")
            }
            var write = OwnWrite(serial: serial, time: time, document: document)
            write.digest = digest
            writes.append(write)
        }
        var licenses = licenses
        var position: [String: Int] = [:]
        for (index, license) in licenses.enumerated() { position[license.serial] = index }
        var gone: Set<String> = []
        for write in writes {
            guard write.digest == OwnWrite.digest(serial: write.serial, time: write.time, document: write.document) else {
                throw CatalogSnapshot.DamagedError("an own change kept in the cache does not match its checksum")
            }
            guard let document = write.document else {
                gone.insert(write.serial)
                continue
            }
            var reader = CatalogSnapshot.Reader(expectedCount: 1)
            try document.withUnsafeBytes { try reader.read($0) }
            guard let license = reader.finish().first, license.serial == write.serial else {
                throw CatalogSnapshot.DamagedError("an own change kept in the cache cannot be read")
            }
            gone.remove(license.serial)
            if let index = position[license.serial] {
                licenses[index] = license
            } else {
                position[license.serial] = licenses.count
                licenses.append(license)
            }
        }
        if !gone.isEmpty { licenses.removeAll { gone.contains($0.serial) } }
        return licenses
    }

    private static func header(_ db: Database) throws -> (fetchedAt: Int64, count: Int, indexVersion: Int?, orderKey: String?)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT fetched_at, count, index_version, order_key, digest FROM snapshot WHERE id = 1") else { return nil }
        guard let fetchedAt = StoredValue.value(row, "fetched_at", as: Int64.self), let count = StoredValue.value(row, "count", as: Int.self),
              (0...100_000_000).contains(count), let indexVersion = StoredValue.optional(row, "index_version", as: Int.self),
              let orderKey = StoredValue.optional(row, "order_key", as: String.self),
              StoredValue.value(row, "digest", as: Data.self) == headerDigest(fetchedAt: fetchedAt, count: count)
        else { throw CatalogSnapshot.DamagedError("the cache's header does not match its checksum") }
        return (fetchedAt, count, indexVersion, orderKey)
    }

    private static func licenses(_ db: Database, count: Int) throws -> [License] {
        var reader = CatalogSnapshot.Reader(expectedCount: count)
        try eachLicensePiece(db) { try reader.read($0) }
        return try checked(reader.finish(), count: count)
    }

    /// Each piece of the licenses, checked against its digest, in order, where SQLite holds it.
    private static func eachLicensePiece(_ db: Database, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let pieces = try Row.fetchCursor(db, sql: "SELECT bytes, digest FROM piece WHERE section = ? ORDER BY id", arguments: [licensesSection])
        while let piece = try pieces.next() {
            try verify(piece, section: licensesSection, bytesAt: 0)
            try piece.withUnsafeData(atIndex: 0) { data in try data?.withUnsafeBytes { try body($0) } }
        }
    }

    private static func checked(_ licenses: [License], count: Int) throws -> [License] {
        guard licenses.count == count else {
            throw CatalogSnapshot.DamagedError("\(licenses.count) licenses where \(count) were stored")
        }
        return licenses
    }

    /// Each index section's pieces joined, in one buffer of the right size.
    private static func indexSections(_ db: Database) throws -> [String: [UInt8]] {
        var sections: [String: [UInt8]] = [:]
        // A section's pieces follow one another; each is joined in a local buffer (appending through the
        // dictionary would copy the buffer at every piece).
        var name: String?
        var joined: [UInt8] = []
        var damaged: Set<String> = []
        let pieces = try Row.fetchCursor(
            db, sql: "SELECT section, section_bytes, bytes, digest FROM piece WHERE section != ? ORDER BY id", arguments: [licensesSection])
        while let piece = try pieces.next() {
            guard let section = StoredValue.value(piece, at: 0, as: String.self) else { continue }
            // The index is derived from the licenses: a damaged piece leaves its section out, to be built again.
            guard (try? verify(piece, section: section, bytesAt: 2)) != nil else {
                damaged.insert(section)
                continue
            }
            if section != name {
                if let name { sections[name] = joined }
                name = section
                joined = sections[section] ?? []
                // Bounded: a damaged size must not reserve memory (a real 2M-license index is ~160 MB).
                joined.reserveCapacity(min(max(StoredValue.value(piece, at: 1, as: Int.self) ?? 0, 0), 1 << 30))
            }
            try piece.withUnsafeData(atIndex: 2) { data in
                data?.withUnsafeBytes { joined.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
            }
        }
        if let name { sections[name] = joined }
        for section in damaged { sections[section] = nil }
        return sections
    }
}

/// One of the tool's own writes since the cached list was fetched: the
/// license as the server returned it (a snapshot piece of one), or, with no
/// document, a delete. Its columns are declared once, here.
struct OwnWrite: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "own_write"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let serial = Column(CodingKeys.serial)
        static let time = Column(CodingKeys.time)
        static let document = Column(CodingKeys.document)
        static let digest = Column(CodingKeys.digest)
    }

    var id: Int64?
    var serial: String
    var time: Int64
    var document: Data?
    var digest: Data

    init(serial: String, time: Int64, document: Data?) {
        self.serial = serial
        self.time = time
        self.document = document
        self.digest = OwnWrite.digest(serial: serial, time: time, document: document)
    }

    /// An edited row is damage, never another change.
    static func digest(serial: String, time: Int64, document: Data?) -> Data {
        LicenseCache.digest(section: "own_write|\(serial)|\(time)|\(document == nil ? "delete" : "license")", document ?? Data())
    }
}

/// The license pieces decoded in order on a queue of their own, each a copy
/// of the bytes SQLite held, while the reading goes on: the index is read and
/// checked meanwhile, so a launch waits for the longer of the two, not both.
/// At most `waitingBytes` of pieces wait, copied (a piece larger than that
/// waits alone, copied once there is room), so a slow decode holds the
/// reading back rather than memory.
final class PieceDecoding: @unchecked Sendable {
    private var reader: CatalogSnapshot.Reader
    private var failure: (any Error)?
    private let queue = DispatchQueue(label: "netify-licenses.cache-decoding", qos: .userInitiated)
    /// Room for waiting pieces, one unit per 64 KiB.
    private let room: DispatchSemaphore
    private let roomUnits: Int
    private static let unitBytes = 64 << 10
    /// Enough for a million licenses' pieces (about 73 MB): their reading ends
    /// early and the index's begins while the decoding goes on.
    static let waitingBytes = 96 << 20

    init(expectedCount: Int, waitingBytes: Int = PieceDecoding.waitingBytes) {
        reader = CatalogSnapshot.Reader(expectedCount: expectedCount)
        roomUnits = max(1, waitingBytes / PieceDecoding.unitBytes)
        room = DispatchSemaphore(value: roomUnits)
    }

    /// Copies `bytes` once there is room for them, and decodes them after the pieces before.
    func decode(_ bytes: UnsafeRawBufferPointer) {
        let units = min(roomUnits, max(1, (bytes.count + PieceDecoding.unitBytes - 1) / PieceDecoding.unitBytes))
        for _ in 0..<units { room.wait() }
        let piece = Array(bytes)
        queue.async {
            defer { for _ in 0..<units { self.room.signal() } }
            guard self.failure == nil else { return }
            do {
                try piece.withUnsafeBytes { try self.reader.read($0) }
            } catch {
                self.failure = error
            }
        }
    }

    /// Every piece's licenses, once the last is decoded; the first failure, if one failed.
    func finish() throws -> [License] {
        try queue.sync {
            if let failure { throw failure }
            return reader.finish()
        }
    }
}
