import Foundation
import GRDB
import LicenseFixtures
import LicenseModel
import LicenseSandbox
import LocalStore
import SandboxTestSupport
import Testing

/// The list cache from the CLI: `--cached` without the network, `--changes`
/// against it, and a damaged or foreign file set aside, never shown.
@Suite("List cache")
struct CacheTests {
    @Test func aListIsCachedAndReadBackWithoutTheNetworkSayingHowOld() async throws {
        let fleet = try await CLITests.Fleet.start()
        let person = JournalTests.Operator(fleet: fleet)
        #expect(try await person.run(["list", "--changes"]).exitCode == 0)
        await fleet.stop()
        let cached = try await person.run(["list", "--cached", "--output", "json"])
        #expect(cached.exitCode == 0, "\(cached.standardError)")
        #expect(cached.standardError.hasPrefix("cached list of 7 licenses, fetched just now"))
        #expect(try fleet.sandbox.serialsOf(cached.standardOutput) == (1...7).map { "2026-0000-0000000\($0)" })
        let show = try await person.run(["show", "2026-0000-00000005", "--cached", "--output", "json"])
        #expect(show.exitCode == 0)
        #expect(try JSONParser.parse(show.standardOutput)["issued_to"] == "Acme Inc.")
        let missing = try await person.run(["show", "2026-0000-00000099", "--cached"])
        #expect(missing.exitCode == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: person.home + "/.cache/netify-licenses")
        try #require(files.count == 1)
        var status = stat()
        #expect(stat(person.home + "/.cache/netify-licenses/" + files[0], &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(!files[0].contains(fleet.sandbox.key.suffix(12)), "named by a fingerprint, never the key")
        // Another key on the same endpoint has no cache of its own.
        let other = try await person.run(["list", "--cached"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "c", count: 40)])
        #expect(other.exitCode == 1)
        #expect(other.standardError.contains("Nothing is cached yet"))
    }

    @Test func changesSinceTheCacheAreListedOnceForScripts() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let person = JournalTests.Operator(fleet: fleet)
            let first = try await person.run(["list", "--changes", "--output", "json"])
            #expect(first.standardError.contains("every license counts as new"))
            #expect(try JSONParser.parse(first.standardOutput)["new"]?.arrayValue?.count == 7)
            // Another client creates one, renews one, deletes one.
            let created = try await RawHTTP.send(.POST, fleet.sandbox.licensesURL + "?format=object", key: fleet.sandbox.key, body: #"{"issued_to": "Script Co", "entitlements": ["netify-proc-lua"]}"#)
            let serial = try #require(created.data?["serial"]?.stringValue)
            #expect(try await RawHTTP.send(.POST, fleet.sandbox.licensesURL + "/2026-0000-00000003/renew", key: fleet.sandbox.key, body: #"{"duration_days": 80}"#).status == 200)
            #expect(try await RawHTTP.send(.DELETE, fleet.sandbox.licensesURL + "/2026-0000-00000006", key: fleet.sandbox.key).status == 200)
            let changes = try await person.run(["list", "--changes", "--output", "json"])
            let json = try JSONParser.parse(changes.standardOutput)
            #expect(json["new"]?.arrayValue?.map { $0["serial"]?.stringValue ?? "" } == [serial])
            #expect(json["renewed"]?.arrayValue?.first?["expire_after"]?.stringValue == fleet.today.adding(days: 80).description)
            #expect(json["gone"]?.arrayValue?.first?["license"]?["issued_to"] == "Later Corp", "gone, with its last known fields")
            let table = try await person.run(["list", "--changes", "--output", "table"])
            #expect(table.standardOutput.hasPrefix("Nothing changed since "), "each change is listed once")
        }
    }

    /// This tool's own creates, renews and deletes are applied to the cache:
    /// changes mean changes made elsewhere, and the cache keeps its list's age.
    @Test func ownWritesAreNotReportedAsChanges() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let person = JournalTests.Operator(fleet: fleet)
            #expect(try await person.run(["list", "--changes"]).exitCode == 0)
            let cache = try LicenseCache(
                directory: person.home + "/.cache/netify-licenses", endpoint: fleet.sandbox.baseURL,
                keyFingerprint: JournalContext.fingerprint(ofKey: fleet.sandbox.key))
            let fetchedAt = try #require(try cache.load()).fetchedAt
            let created = try await person.run(["create", "--issued-to", "Own Co", "--entitlement", "lua", "--duration-days", "30"])
            #expect(created.exitCode == 0, "\(created.standardError)")
            #expect(try await person.run(["renew", "2026-0000-00000005", "--duration-days", "90"]).exitCode == 0)
            #expect(try await person.run(["renew", "--expiring-within", "3", "--duration-days", "60", "--yes"]).exitCode == 0)
            #expect(try await person.run(["delete", "2026-0000-00000006", "--yes"]).exitCode == 0)
            let cached = try await person.run(["list", "--cached", "--output", "json"])
            #expect(try fleet.sandbox.serialsOf(cached.standardOutput).contains(created.standardOutput.trimmingWhitespace()))
            #expect(try cache.load()?.fetchedAt == fetchedAt, "the cache's age is the age of its list")
            let changes = try await person.run(["list", "--changes", "--output", "table"])
            #expect(changes.standardOutput.hasPrefix("Nothing changed since "), "\(changes.standardOutput)")
        }
    }

    @Test func aDamagedCacheIsSetAsideNeverShown() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let person = JournalTests.Operator(fleet: fleet)
            #expect(try await person.run(["list", "--changes"]).exitCode == 0)
            let directory = person.home + "/.cache/netify-licenses"
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
            try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: directory + "/" + file))
            let cached = try await person.run(["list", "--cached"])
            #expect(cached.exitCode == 1)
            #expect(cached.standardError.contains("could not be read"))
            #expect(cached.standardError.contains("Nothing is cached yet"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.contains(".damaged-") })
            // The next list caches afresh.
            #expect(try await person.run(["list", "--changes"]).exitCode == 0)
            #expect(try await person.run(["list", "--cached"]).exitCode == 0)
        }
    }
}

/// The cache file itself: the dashboard's stored index is read back, an index
/// that does not fit is built again, damage never reaches the screen.
@Suite("List cache file")
struct CacheFileTests {
    let directory = TestSandbox.temporaryDirectory()
    let licenses = TestFleet.licenses(today: CalendarDate.today())
    let now = currentUnixSeconds()

    func cache() throws -> LicenseCache {
        try LicenseCache(directory: directory, endpoint: "http://127.0.0.1:1", keyFingerprint: "0123456789abcdef")
    }

    func order(_ catalog: LicenseCatalog) -> [[Int]] {
        LicenseSortField.allCases.map { catalog.indices(filter: LicenseFilter(query: "a"), sort: LicenseSort($0), thresholds: .standard, now: now) }
    }

    /// The dashboard stores a refreshed list at the time its request went out:
    /// a write whose reply came while the list was on its way stays recorded.
    @Test func aWriteMadeWhileTheListWasOnItsWayIsKept() throws {
        let cache = try cache()
        try cache.store(licenses, fetchedAt: 1_000)
        var renewed = licenses[2]
        renewed.expireAt = LicenseInstant(date: renewed.expireAt.date.adding(days: 90))
        // Requested at 2,000, the renew's reply recorded at 2,001, the list's reply at 2,003 (without it).
        try cache.recordOwnWrites(upserted: [renewed], deleted: [], now: 2_001)
        try cache.store(licenses, fetchedAt: 2_000)
        #expect(try cache.load()?.licenses[2] == renewed, "the renew is still shown until a list has it")
        // Stored at the reply's time instead, the write would be taken for one the list already has.
        try cache.store(licenses, fetchedAt: 2_003)
        #expect(try cache.load()?.licenses[2] == licenses[2])
    }

    @Test func theDashboardsCatalogComesBackWithItsIndexTheCLIsListWithout() throws {
        let cache = try cache()
        #expect(try cache.loadCatalog() == nil)
        try cache.store(LicenseCatalog(licenses), fetchedAt: 1_234)
        let stored = try #require(try cache.loadCatalog())
        #expect(stored.indexWasStored && stored.fetchedAt == 1_234)
        #expect(stored.catalog.licenses == licenses)
        #expect(order(stored.catalog) == order(LicenseCatalog(licenses)))
        #expect(try cache.load()?.licenses == licenses)
        #expect(stored.order == nil, "no order was stored")
        // With the order on screen: given back only for the same sort, and only when it is each position once.
        let sort = LicenseSort(.issuedTo, ascending: false)
        let shown = LicenseCatalog(licenses).indices(filter: LicenseFilter(), sort: sort, thresholds: .standard, now: now)
        try cache.store(LicenseCatalog(licenses), order: (try #require(sort.timelessOrderKey), shown), fetchedAt: 1_234)
        #expect(try cache.loadCatalog(orderKey: sort.timelessOrderKey)?.order == shown)
        #expect(try cache.loadCatalog(orderKey: LicenseSort(.issuedTo).timelessOrderKey)?.order == nil)
        #expect(try cache.loadCatalog()?.order == nil)
        #expect(LicenseSort(.status).timelessOrderKey == nil, "the status order moves with the clock")
        try DatabaseQueue(path: cache.path).write { db in
            try db.execute(sql: "UPDATE piece SET bytes = zeroblob(length(bytes)) WHERE section = 'order'")
        }
        let damagedOrder = try #require(try cache.loadCatalog(orderKey: sort.timelessOrderKey))
        #expect(damagedOrder.order == nil && damagedOrder.indexWasStored)
        // A list stored by the CLI has no index: it is built on reading.
        try cache.store(Array(licenses.prefix(3)), fetchedAt: 5_678)
        let listed = try #require(try cache.loadCatalog())
        #expect(!listed.indexWasStored && listed.catalog.licenses == Array(licenses.prefix(3)) && listed.fetchedAt == 5_678)
        var status = stat()
        #expect(stat(cache.path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    /// The tool's own writes are rows on top of the list, never a rewrite of
    /// it: read back with it, let go when a newer list is stored.
    @Test func ownWritesAreRowsOnTopOfTheListUntilANewerListIsStored() throws {
        let cache = try cache()
        try cache.recordOwnWrites(upserted: [licenses[0]], deleted: [], now: 50)
        #expect(try cache.load() == nil, "without a list there is nothing to keep up to date")
        try cache.store(LicenseCatalog(licenses), fetchedAt: 100)
        let file = try DatabaseQueue(path: cache.path)
        let pieces = try file.read { try Data.fetchAll($0, sql: "SELECT bytes FROM piece ORDER BY id") }
        var renewed = licenses[4]
        renewed.expireAt = LicenseInstant(date: renewed.expireAt.date.adding(days: 90))
        var created = licenses[0]
        created.serial = "2026-0000-00000042"
        try cache.recordOwnWrites(upserted: [renewed, created], deleted: [licenses[5].serial], now: 200)
        #expect(try file.read { try Data.fetchAll($0, sql: "SELECT bytes FROM piece ORDER BY id") } == pieces, "the stored list is not rewritten")
        #expect(try file.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM own_write") } == 3)
        let expected = licenses.enumerated().compactMap { $0.offset == 5 ? nil : ($0.offset == 4 ? renewed : $0.element) } + [created]
        let loaded = try #require(try cache.load())
        #expect(loaded.licenses.map(\.serial).sorted() == expected.map(\.serial).sorted())
        #expect(loaded.licenses.first { $0.serial == renewed.serial }?.expireAt == renewed.expireAt)
        #expect(loaded.fetchedAt == 100, "the cache's age stays its list's")
        let catalog = try #require(try cache.loadCatalog(orderKey: LicenseSort(.issuedTo).timelessOrderKey))
        #expect(catalog.catalog.licenses.map(\.serial).sorted() == expected.map(\.serial).sorted())
        #expect(!catalog.indexWasStored && catalog.order == nil, "the stored index no longer fits: built again")
        // A list fetched before the writes leaves them on top; a newer one lets them go.
        try cache.store(licenses, fetchedAt: 150)
        #expect(try cache.load()?.licenses.contains { $0.serial == created.serial } == true)
        try cache.store(licenses, fetchedAt: 300)
        #expect(try file.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM own_write") } == 0)
        #expect(try cache.load()?.licenses == licenses)
        // One row per license: a second change to it replaces the first.
        try cache.recordOwnWrites(upserted: [renewed], deleted: [], now: 400)
        try cache.recordOwnWrites(upserted: [renewed], deleted: [], now: 401)
        #expect(try file.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM own_write") } == 1)
        // An edited row is damage, never another expiry; a row that does not even decode is damage too, set aside.
        try file.write { try $0.execute(sql: "UPDATE own_write SET time = time + 1") }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try cache.load() }
        try cache.store(licenses, fetchedAt: 300)
        try cache.recordOwnWrites(upserted: [renewed], deleted: [], now: 500)
        try file.write { try $0.execute(sql: "UPDATE own_write SET digest = 'not a blob', time = 'soon'") }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try cache.load() }
        #expect(try cache.load() == nil, "emptied, to be filled by the next list")
    }

    /// A cache written before the migrator (user_version 3) keeps its list: migrated in place.
    @Test func aCacheFromBeforeTheMigratorIsMigratedInPlace() throws {
        try cache().store(LicenseCatalog(licenses), fetchedAt: 100)
        let path = try cache().path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP TABLE own_write; DROP TABLE grdb_migrations; PRAGMA user_version = 3")
        }
        let reopened = try cache()
        #expect(reopened.warnings.isEmpty, "\(reopened.warnings)")
        #expect(try reopened.load()?.licenses == licenses)
        try reopened.recordOwnWrites(upserted: [], deleted: [licenses[0].serial], now: 200)
        #expect(try reopened.load()?.licenses.count == licenses.count - 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).allSatisfy { !$0.contains(".damaged-") })
    }

    @Test func anIndexThatDoesNotFitOrIsOfAnotherVersionIsBuiltAgain() throws {
        let cache = try cache()
        try cache.store(LicenseCatalog(licenses), fetchedAt: 1)
        let file = try DatabaseQueue(path: cache.path)
        try file.write { try $0.execute(sql: "UPDATE piece SET bytes = zeroblob(length(bytes)) WHERE section = 'key_offsets'") }
        let damagedIndex = try #require(try cache.loadCatalog())
        #expect(!damagedIndex.indexWasStored)
        #expect(order(damagedIndex.catalog) == order(LicenseCatalog(licenses)))
        try cache.store(LicenseCatalog(licenses), fetchedAt: 1)
        try file.write { try $0.execute(sql: "UPDATE snapshot SET index_version = index_version + 1") }
        #expect(try cache.loadCatalog()?.indexWasStored == false)
    }

    /// A fleet stored in many pieces comes back whole and in order: the
    /// dashboard's load decodes the pieces on a second thread as it reads on.
    @Test func aFleetOfManyPiecesComesBackWholeAndInOrder() throws {
        let cache = try cache()
        var output = JSONOutput()
        output.beginArray()
        for stored in LicenseFactory().make(count: 30_000, keyID: "pieces", today: CalendarDate.today()) { stored.write(.object, to: &output) }
        output.endArray()
        let fleet = try LicenseListDecoder.decode(output.bytes)
        try cache.store(LicenseCatalog(fleet), fetchedAt: 7)
        let pieces = try DatabaseQueue(path: cache.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM piece WHERE section = 'licenses'")! }
        #expect(pieces >= 3)
        let loaded = try #require(try cache.loadCatalog())
        #expect(loaded.indexWasStored)
        #expect(loaded.catalog.licenses == fleet)
        #expect(try cache.load()?.licenses == fleet)
    }

    @Test func damagedLicensesAreAnErrorNeverAShortList() throws {
        let cache = try cache()
        try cache.store(LicenseCatalog(licenses), fetchedAt: 1)
        let file = try DatabaseQueue(path: cache.path)
        // The licenses' piece cut short, then one whole piece gone.
        try file.write { try $0.execute(sql: "UPDATE piece SET bytes = substr(bytes, 1, length(bytes) - 3) WHERE section = 'licenses'") }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try cache.loadCatalog() }
        try cache.store(licenses, fetchedAt: 1)
        try file.write { try $0.execute(sql: "UPDATE snapshot SET count = count + 1") }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try cache.load() }
    }

    /// Each piece carries a checksum: an edited integer (an expiry moved three
    /// years) or any flipped bit is damage, never other data; the cache is
    /// emptied (a copy set aside) and filled again by the next list.
    @Test func everyFlippedBitInTheLicensesIsDamageNeverShown() throws {
        let cache = try cache()
        let file = try DatabaseQueue(path: cache.path)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            try cache.store(LicenseCatalog(licenses), fetchedAt: 1)
            let length = try file.read { try Int.fetchOne($0, sql: "SELECT length(bytes) FROM piece WHERE section = 'licenses'")! }
            let offset = Int.random(in: 0..<length, using: &random)
            let bit = Int.random(in: 0..<8, using: &random)
            try file.write { db in
                var bytes = try Data.fetchOne(db, sql: "SELECT bytes FROM piece WHERE section = 'licenses'")!
                bytes[offset] ^= UInt8(1 << bit)
                try db.execute(sql: "UPDATE piece SET bytes = ? WHERE section = 'licenses'", arguments: [bytes])
            }
            #expect(throws: CatalogSnapshot.DamagedError.self, "byte \(offset) bit \(bit)") { try cache.loadCatalog() }
            #expect(try cache.loadCatalog() == nil, "emptied, never shown")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.contains(".damaged-") })
        // The header's facts too: the time it was fetched is not edited into "just now".
        try cache.store(licenses, fetchedAt: 1)
        try file.write { try $0.execute(sql: "UPDATE snapshot SET fetched_at = 2000000000") }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try cache.load() }
    }

    @Test func aCacheOfTheEarlierVersionIsSetAsideWithAWarning() throws {
        let path = LicenseCache.path(directory: directory, endpoint: "http://127.0.0.1:1", keyFingerprint: "0123456789abcdef")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE snapshot (id INTEGER PRIMARY KEY, endpoint TEXT, key_fingerprint TEXT, fetched_at INTEGER, count INTEGER);
                CREATE TABLE license (position INTEGER PRIMARY KEY, document BLOB NOT NULL);
                PRAGMA user_version = 1;
                """)
        }
        let cache = try cache()
        #expect(cache.warnings.count == 1 && cache.warnings[0].contains("not a list cache of this version"))
        #expect(try cache.loadCatalog() == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.contains(".damaged-") })
    }
}

extension TestSandbox {
    func serialsOf(_ json: String) throws -> [String] {
        try #require(JSONParser.parse(json).arrayValue).compactMap { $0["serial"]?.stringValue }
    }
}
