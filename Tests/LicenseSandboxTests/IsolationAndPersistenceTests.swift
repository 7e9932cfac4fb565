import Foundation
import GRDB
import ProcessSpawning
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

@Suite("Keys and storage")
struct IsolationAndPersistenceTests {
    @Test func aKeySeesOnlyItsOwnLicenses() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let serial = try await createAcme(sandbox)
            let other = try await sandbox.issueKey()
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL, key: other)
            #expect(list.data?.arrayValue?.isEmpty == true)
            #expect(try await RawHTTP.send(.GET, sandbox.licensesURL + "/" + serial, key: other).status == 404)
            #expect(try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + serial + "/renew", key: other).status == 404)
            #expect(try await RawHTTP.send(.DELETE, sandbox.licensesURL + "/" + serial, key: other).status == 404)
            #expect(try await RawHTTP.send(.GET, sandbox.licensesURL + "/" + serial, key: sandbox.key).status == 200)
        }
    }

    /// The database's directories are made as the tool makes its own (each
    /// 0700); one that cannot be made is named, with what to check.
    @Test func theDatabasesDirectoriesAreMadePrivate() throws {
        let base = TestSandbox.temporaryDirectory()
        _ = try SandboxDatabase(path: base + "/a/b/sandbox.sqlite")
        for directory in [base + "/a", base + "/a/b"] {
            var status = stat()
            #expect(lstat(directory, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o700, "\(directory)")
        }
        try "x".write(toFile: base + "/file", atomically: true, encoding: .utf8)
        #expect { try SandboxDatabase(path: base + "/file/c/sandbox.sqlite") } throws: { error in
            (error as? SandboxError)?.message == "Cannot create \(base)/file/c for the sandbox's database: Not a directory; check the directory is writable."
        }
    }

    /// A sandbox database written before licenses were clustered by key keeps every license.
    @Test func aFirstSchemaDatabaseIsMigratedWithItsLicenses() async throws {
        let path = TestSandbox.temporaryDirectory() + "/v1.sqlite"
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: keys and licenses');
                CREATE TABLE "api_key" ("id" TEXT PRIMARY KEY NOT NULL, "secret_hash" BLOB NOT NULL, "label" TEXT NOT NULL DEFAULT '',
                    "max_term_days" INTEGER NOT NULL, "requires_target_uid" BOOLEAN NOT NULL, "allowed_entitlements" TEXT NOT NULL,
                    "requests_per_minute" INTEGER NOT NULL, "created_at" INTEGER NOT NULL);
                CREATE TABLE "license" ("serial" TEXT PRIMARY KEY NOT NULL, "key_id" TEXT NOT NULL REFERENCES "api_key"("id") ON DELETE CASCADE,
                    "issued_to" TEXT NOT NULL, "description" TEXT NOT NULL DEFAULT '', "notes" TEXT NOT NULL DEFAULT '', "target_uid" TEXT,
                    "entitlements" TEXT NOT NULL, "renewable" BOOLEAN NOT NULL DEFAULT 1, "created_day" INTEGER NOT NULL, "expire_day" INTEGER NOT NULL);
                CREATE INDEX "license_on_key_id" ON "license"("key_id");
                INSERT INTO api_key VALUES ('k1', x'00', 'old', 365, 0, '', 600, 0);
                INSERT INTO license VALUES ('2025-0001-00000002', 'k1', 'Acme', 'd', '', NULL, 'netify-proc-lua netify-sink-mqtt', 1, 20000, 20400);
                INSERT INTO license VALUES ('2025-0001-00000001', 'k1', 'Beta', '', 'n', 'dev-1', 'netify-proc-intel', 0, 20000, 20100);
                """)
        }
        try queue.close()
        let database = try SandboxDatabase(path: path)
        let licenses = try await database.licenses(keyID: "k1")
        #expect(licenses.map(\.serial) == ["2025-0001-00000001", "2025-0001-00000002"])
        #expect(licenses.last?.entitlements == [.lua, .mqttSink])
        #expect(licenses.first?.targetUID == "dev-1" && licenses.first?.renewable == false)
        #expect(licenses.first?.texts[.description] == "" && licenses.first?.texts[.notes] == "n")
        #expect(licenses.last?.texts[.description] == "d" && licenses.last?.texts[.notes] == "")
    }

    /// Every free text of the table has its column once migrated, and a
    /// create that gives each gets each back: in its reply, in the list and
    /// from the database it is stored in.
    @Test func everyFreeTextIsStoredAndServed() async throws {
        let sandbox = try await TestSandbox.start()
        var texts = FreeTexts()
        for text in FreeText.allCases { texts[text] = "\(text.label): two\nlines" }
        try await withCleanup({ await sandbox.stop() }) {
            let columns = try await DatabaseQueue(path: sandbox.databasePath).read { db in try db.columns(in: "license").map(\.name) }
            for text in FreeText.allCases { #expect(columns.contains(text.jsonName), "\(text)") }
            let client = try sandbox.client()
            let created = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], texts: texts), format: .object)
            #expect(created.texts == texts)
            #expect(try await client.readableLicenses(format: .object).first { $0.serial == created.serial }?.texts == texts)
            let database = try SandboxDatabase(path: sandbox.databasePath)
            let keyID = try #require(try await database.keys().first?.key.id)
            #expect(try await database.licenses(keyID: keyID).first { $0.serial == created.serial }?.texts == texts)
        }
    }

    @Test func keysAreStoredOnlyAsHashes() async throws {
        let sandbox = try await TestSandbox.start()
        await sandbox.stop()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.databasePath))
        let secret = String(sandbox.key.split(separator: "-")[2])
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
    }

    @Test func licensesSurviveARestart() async throws {
        let first = try await TestSandbox.start()
        let serial = try await createAcme(first)
        await first.stop()
        let second = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: first.databasePath))
        try await withCleanup({ await second.stop() }) {
            let reply = try await RawHTTP.send(.GET, Endpoint(loopbackPort: second.port).licensesURL + "/" + serial, key: first.key)
            #expect(reply.status == 200)
        }
    }

    @Test func anAnsweredCreateSurvivesKillNine() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let database = directory + "/kill.sqlite"
        let key = try await LicenseService(database: SandboxDatabase(path: database)).issueKey().key
        let server = try await SandboxProcess.launch(database: database)
        // Killed once the create is answered (and, whatever happens, never left running).
        let created = try await withCleanup({ await server.kill(signal: SIGKILL) }) {
            try await RawHTTP.send(.POST, Endpoint(loopbackPort: server.port).licensesURL + "?format=object", key: key, body: #"{"issued_to": "Durable", "entitlements": ["netify-proc-lua"]}"#)
        }
        #expect(created.status == 200)
        let serial = try #require(created.data?["serial"]?.stringValue)
        let restarted = try await SandboxProcess.launch(database: database)
        let reply = try await withCleanup({ await restarted.kill(signal: SIGTERM) }) {
            try await RawHTTP.send(.GET, Endpoint(loopbackPort: restarted.port).licensesURL + "/" + serial, key: key)
        }
        #expect(reply.status == 200)
    }

    @Test func seededFleetSpansEveryStatusAndEntitlement() throws {
        let today = CalendarDate.today()
        let licenses = LicenseFactory().make(count: 400, keyID: "k", today: today).map(\.license)
        let now = currentUnixSeconds()
        let statuses = Set(licenses.map { ExpiryThresholds.standard.status(of: $0.expireAt, now: now) })
        #expect(statuses == Set(ExpiryStatus.allCases))
        #expect(Set(licenses.flatMap(\.entitlements)) == Set(Entitlement.known))
        #expect(licenses.contains { $0.targetUID != nil } && licenses.contains { $0.targetUID == nil })
        #expect(licenses.contains { $0.renewable == false })
        #expect(Set(licenses.map(\.serial)).count == 400)
        // The serial's year is the year of issue: never after today, never after its creation.
        for license in licenses {
            let year = Int(license.serial.prefix(4))!
            #expect(year <= today.components.year, "\(license.serial)")
            #expect(year == license.createdAt?.date.components.year, "\(license.serial)")
            #expect(license.createdAt.map { $0.date <= today } == true)
        }
        #expect(LicenseFactory().make(count: 50, keyID: "k", today: today) == LicenseFactory().make(count: 50, keyID: "k", today: today))
    }

    @Test func theOpenAPIDocumentIsServedAndDeclaresEveryPathAndStatus() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.GET, sandbox.baseURL + "/api/v2/integrator/openapi.yaml")
            #expect(reply.status == 200)
            #expect(reply.body.hasPrefix("openapi: 3.0"))
            for path in ["/api/v2/integrator/licenses:", "/api/v2/integrator/licenses/{serial}:", "/api/v2/integrator/licenses/{serial}/renew:"] {
                #expect(reply.body.contains(path))
            }
            for status in [200, 400, 401, 403, 404, 409, 422, 429, 500] {
                #expect(reply.body.contains("'\(status)'"), "status \(status)")
            }
            for entitlement in Entitlement.known {
                #expect(reply.body.contains(entitlement.rawValue))
            }
        }
    }
}
