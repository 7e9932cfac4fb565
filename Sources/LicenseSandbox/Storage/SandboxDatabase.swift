import GRDB
import LicenseModel
import LocalStore

/// The sandbox's SQLite file: keys and licenses, in WAL mode, changed only
/// through migrations.
public final class SandboxDatabase: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws(SandboxError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // NORMAL is durable across a crash of the process in WAL mode; only
            // a power loss could drop the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            try SandboxDatabase.createParentDirectory(of: path)
            pool = try DatabasePool(path: path, configuration: configuration)
            try SandboxDatabase.migrator.migrate(pool)
        } catch let error as SandboxError {
            throw error
        } catch {
            throw .usage("Cannot open the sandbox database \(path): \(error); check the path and its permissions.")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: keys and licenses") { db in
            try db.create(table: "api_key") { table in
                table.primaryKey("id", .text)
                table.column("secret_hash", .blob).notNull()
                table.column("label", .text).notNull().defaults(to: "")
                table.column("max_term_days", .integer).notNull()
                table.column("requires_target_uid", .boolean).notNull()
                table.column("allowed_entitlements", .text).notNull()
                table.column("requests_per_minute", .integer).notNull()
                table.column("created_at", .integer).notNull()
            }
            try db.create(table: "license") { table in
                table.primaryKey("serial", .text)
                table.column("key_id", .text).notNull().indexed().references("api_key", onDelete: .cascade)
                table.column("issued_to", .text).notNull()
                table.column("description", .text).notNull().defaults(to: "")
                table.column("notes", .text).notNull().defaults(to: "")
                table.column("target_uid", .text)
                table.column("entitlements", .text).notNull()
                table.column("renewable", .boolean).notNull().defaults(to: true)
                table.column("created_day", .integer).notNull()
                table.column("expire_day", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: licenses clustered by key and serial") { db in
            // Every list (every dashboard refresh) reads one key's licenses in
            // serial order: stored in that order, it is one sequential read with
            // no sort, about a third of the time at 100,000 licenses. (A migration
            // keeps the columns of its day, written out: it must not change with the code.)
            let columns = "serial, key_id, issued_to, description, notes, target_uid, entitlements, renewable, created_day, expire_day"
            try db.execute(sql: """
                CREATE TABLE license_by_key (
                    serial TEXT NOT NULL UNIQUE,
                    key_id TEXT NOT NULL REFERENCES api_key(id) ON DELETE CASCADE,
                    issued_to TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    notes TEXT NOT NULL DEFAULT '',
                    target_uid TEXT,
                    entitlements TEXT NOT NULL,
                    renewable BOOLEAN NOT NULL DEFAULT 1,
                    created_day INTEGER NOT NULL,
                    expire_day INTEGER NOT NULL,
                    PRIMARY KEY (key_id, serial)
                ) WITHOUT ROWID
                """)
            try db.execute(sql: "INSERT INTO license_by_key (\(columns)) SELECT \(columns) FROM license")
            try db.drop(table: "license")
            try db.rename(table: "license_by_key", to: "license")
        }
        // A free text added to the table after v2 gets its column here, one
        // migration each, in the order they were added (never reordered).
        for (offset, text) in freeTextsAdded.enumerated() {
            migrator.registerMigration("v\(3 + offset): \(text.jsonName)") { db in
                try db.alter(table: "license") { table in
                    table.add(column: text.jsonName, .text).notNull().defaults(to: "")
                }
            }
        }
        return migrator
    }

    /// The free texts that came after the v1 table (which has description
    /// and notes), in the order they were added: a new one is appended here.
    static let freeTextsAdded: [FreeText] = []

    /// The database's directory, made as the tool makes its own (0700, `PrivateFiles`).
    static func createParentDirectory(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        do {
            try PrivateFiles.makeDirectories(String(path[..<slash]), for: "the sandbox's database")
        } catch {
            throw SandboxError.usage(error.description)
        }
    }

    // MARK: Keys

    public func insert(_ key: SandboxKey) async throws(SandboxError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_key (id, secret_hash, label, max_term_days, requires_target_uid,
                        allowed_entitlements, requests_per_minute, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.id, Data(key.secretHash), key.label, key.policy.maximumTermDays, key.policy.requiresTargetUID,
                    key.policy.allowedEntitlements.map(\.rawValue).sorted().joined(separator: " "),
                    key.policy.requestsPerMinute, key.createdAt,
                ])
        }
    }

    public func key(id: String) async throws(SandboxError) -> SandboxKey? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE id = ?", arguments: [id]).map(SandboxDatabase.key(from:)) }
    }

    public func keys() async throws(SandboxError) -> [(key: SandboxKey, licenseCount: Int)] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT api_key.*, (SELECT COUNT(*) FROM license WHERE license.key_id = api_key.id) AS license_count
                FROM api_key ORDER BY created_at, id
                """).map { (SandboxDatabase.key(from: $0), $0["license_count"] as Int) }
        }
    }

    /// Changes a key's longest term, as a real key's policy can change without
    /// telling its users. Returns false when there is no such key.
    public func changeMaximumTerm(keyID: String, days: Int) async throws(SandboxError) -> Bool {
        guard KeyPolicy.termRange.contains(days) else { throw KeyPolicy.termRefusal(days) }
        return try await write { db in
            try db.execute(sql: "UPDATE api_key SET max_term_days = ? WHERE id = ?", arguments: [days, keyID])
            return db.changesCount > 0
        }
    }

    /// Removes a key and the licenses it created; returns how many licenses went with it, nil if no such key.
    public func removeKey(id: String) async throws(SandboxError) -> Int? {
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT id FROM api_key WHERE id = ?", arguments: [id]) != nil else { return nil }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM license WHERE key_id = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM api_key WHERE id = ?", arguments: [id])
            return count
        }
    }

    static func key(from row: Row) -> SandboxKey {
        let hash: Data = row["secret_hash"]
        let allowed: String = row["allowed_entitlements"]
        return SandboxKey(
            id: row["id"], secretHash: Array(hash), label: row["label"],
            policy: KeyPolicy(
                maximumTermDays: row["max_term_days"], requiresTargetUID: row["requires_target_uid"],
                allowedEntitlements: Set(allowed.split(separator: " ").map { Entitlement(String($0)) }),
                requestsPerMinute: row["requests_per_minute"]),
            createdAt: row["created_at"])
    }

    // MARK: Licenses

    public func licenses(keyID: String) async throws(SandboxError) -> [StoredLicense] {
        try await read { db in
            var licenses: [StoredLicense] = []
            try SandboxDatabase.forEachLicense(db, keyID: keyID) { licenses.append($0); return true }
            return licenses
        }
    }

    /// Calls `each` on the key's licenses in serial order, within one read
    /// transaction (one consistent view), without collecting them first.
    /// `each` returns false to stop early.
    public func forEachLicense(keyID: String, _ each: @escaping @Sendable (StoredLicense) -> Bool) async throws(SandboxError) {
        try await read { db in try SandboxDatabase.forEachLicense(db, keyID: keyID, each) }
    }

    static func forEachLicense(_ db: Database, keyID: String, _ body: (StoredLicense) -> Bool) throws {
        // A cursor reads each row in place; fetchAll would copy 100,000 rows first.
        let rows = try Row.fetchCursor(db, sql: "SELECT \(StoredLicense.columns) FROM license WHERE key_id = ? ORDER BY serial", arguments: [keyID])
        while let row = try rows.next(), body(StoredLicense(row: row)) {}
    }

    public func license(serial: String, keyID: String) async throws(SandboxError) -> StoredLicense? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(StoredLicense.columns) FROM license WHERE serial = ? AND key_id = ?", arguments: [serial, keyID]).map(StoredLicense.init(row:))
        }
    }

    /// Runs `body` in one write transaction, so a check and the change it guards
    /// cannot interleave with another request's.
    /// Runs on GRDB's writer queue, so a request waiting on SQLite never holds
    /// one of Swift concurrency's cooperative threads.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SandboxError) -> T {
        try await asSandboxError { try await pool.write(body) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SandboxError) -> T {
        try await asSandboxError { try await pool.read(body) }
    }

    /// A request's own refusal as it is; anything else SQLite threw is the server's fault (500).
    private func asSandboxError<T>(_ access: () async throws -> T) async throws(SandboxError) -> T {
        do { return try await access() } catch let error as SandboxError { throw error } catch { throw SandboxError(status: 500, message: "internal: \(error)") }
    }

    static let insertLicense = "INSERT INTO license (\(StoredLicense.columns)) VALUES (\(StoredLicense.columnNames.map { _ in "?" }.joined(separator: ", ")))"

    static func insert(_ license: StoredLicense, db: Database) throws {
        try db.execute(
            sql: SandboxDatabase.insertLicense,
            arguments: StatementArguments(license.columnValues))
    }
}

import Foundation
