import Foundation
import GRDB
import LicenseModel
import ProcessSpawning
import SandboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The team journal and lock against a real PostgreSQL 15 in a temporary
/// directory (started by the test as the `postgres` user) and a real sandbox:
/// two operators (two HOMEs) on one account, PostgreSQL down and back, kill -9
/// during delivery, two bulk runs at once, a killed lock holder, a wrong
/// password, TLS required from a server without it.
@Suite("Working as a team", .serialized)
struct TeamJournalTests {
    struct Team {
        let postgres: TestPostgres
        let fleet: CLITests.Fleet

        static func start(latencyMilliseconds: Int = 0) async throws -> Team {
            let postgres = try await TestPostgres.start()
            do {
                let sandbox = try await TestSandbox.startWithFleet(latencyMilliseconds: latencyMilliseconds)
                return Team(postgres: postgres, fleet: CLITests.Fleet(sandbox: sandbox, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL]))
            } catch {
                // A team that could not be made leaves no database server running.
                postgres.stop()
                throw error
            }
        }

        /// One operator: a HOME of their own, their name, the team journal.
        func operatorEnvironment(_ name: String, home: String = TestSandbox.temporaryDirectory(), url: String? = nil) -> [String: String] {
            ["HOME": home, "NETIFY_OPERATOR": name, "NETIFY_JOURNAL_URL": url ?? postgres.url()]
        }

        func run(_ arguments: [String], as environment: [String: String]) async throws -> BuiltBinary.Run {
            try await fleet.run(arguments, environment: environment)
        }

        func stop() async {
            await fleet.stop()
            postgres.stop()
        }
    }

    static func history(_ run: BuiltBinary.Run) throws -> [JSONValue] {
        try #require(JSONParser.parse(run.standardOutput).arrayValue, "\(run.standardOutput) \(run.standardError)")
    }

    @Test func twoOperatorsSeeEachOthersChangesByName() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let alice = team.operatorEnvironment("alice"), bob = team.operatorEnvironment("bob")
            let renew = try await team.run(["renew", "2026-0000-00000003", "--duration-days", "30"], as: alice)
            #expect(renew.exitCode == 0, "\(renew.standardError)")
            #expect(!renew.standardError.contains("warning"), "\(renew.standardError)")
            let delete = try await team.run(["delete", "2026-0000-00000006", "--yes"], as: bob)
            #expect(delete.exitCode == 0, "\(delete.standardError)")
            // Alice reads Bob's change by his name, and her own.
            let entries = try Self.history(try await team.run(["history", "--output", "json"], as: alice))
            let byOperator = Dictionary(grouping: entries) { $0["operator"]?.stringValue ?? "" }
            #expect(byOperator["bob"]?.first?["action"]?.stringValue == "delete")
            #expect(byOperator["bob"]?.first?["serial"]?.stringValue == "2026-0000-00000006")
            #expect(byOperator["alice"]?.first?["action"]?.stringValue == "renew")
            let bobs = try Self.history(try await team.run(["history", "--operator", "bob", "--output", "json"], as: alice))
            #expect(bobs.map { $0["operator"]?.stringValue } == ["bob"])
            let mine = try Self.history(try await team.run(["history", "--mine", "--output", "json"], as: bob))
            #expect(mine.map { $0["operator"]?.stringValue } == ["bob"])
            let table = try await team.run(["history", "--output", "table"], as: alice)
            #expect(table.standardOutput.contains("OPERATOR") && table.standardOutput.contains("bob"))
            // The password is never printed.
            let show = try await team.run(["config", "show"], as: alice)
            #expect(show.standardOutput.contains("postgresql://postgres@127.0.0.1:\(team.postgres.port)/team"))
            #expect(!(show.standardOutput + show.standardError).contains(TestPostgres.password))
        }
    }

    @Test func aChangeMadeWhilePostgreSQLIsDownIsDeliveredOnceWhenItIsBack() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let alice = team.operatorEnvironment("alice")
            try team.postgres.stopServer()
            let renew = try await team.run(["renew", "2026-0000-00000005", "--duration-days", "30"], as: alice)
            #expect(renew.exitCode == 0, "PostgreSQL down never fails a license operation: \(renew.standardError)")
            #expect(renew.standardError.split(separator: "\n").filter { $0.contains("team journal") }.count == 1, "one warning: \(renew.standardError)")
            let local = try Self.history(try await team.run(["history", "--output", "json"], as: alice))
            #expect(local.count == 1, "the local journal shown while PostgreSQL is down")
            try team.postgres.startServer()
            let sync = try await team.run(["history", "sync"], as: alice)
            #expect(sync.exitCode == 0, "\(sync.standardError)")
            #expect(sync.standardOutput.hasPrefix("delivered 1 entry"), "\(sync.standardOutput)")
            let again = try await team.run(["history", "sync"], as: alice)
            #expect(again.standardOutput.hasPrefix("delivered 0 entries"), "\(again.standardOutput)")
            #expect(try team.postgres.sql("SELECT count(*) FROM netify_journal").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        }
    }

    @Test func killedDuringDeliveryNothingIsLostNothingTwice() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            var alice = team.operatorEnvironment("alice", home: home)
            // A journal of 3,000 decided entries, waiting for the team journal.
            alice["NETIFY_JOURNAL_URL"] = nil
            #expect(try await team.run(["renew", "2026-0000-00000005", "--duration-days", "30"], as: alice).exitCode == 0)
            let journal = try DatabaseQueue(path: home + "/.local/state/netify-licenses/journal.sqlite")
            try await journal.write { db in
                for index in 0..<3_000 {
                    try db.execute(
                        sql: """
                            INSERT INTO entry (time, user, endpoint, key_fingerprint, action, serial, request, outcome, process_id, uid, operator, host, delivered, team)
                            SELECT time, user, endpoint, key_fingerprint, action, serial, request, outcome, process_id, ?, operator, host, 0, ? FROM entry WHERE id = 1
                            """, arguments: ["bulk-\(index)", "127.0.0.1:\(team.postgres.port)/team"])
                }
            }
            alice["NETIFY_JOURNAL_URL"] = team.postgres.url()
            let child = try Spawn.start([BuiltBinary.path, "history", "sync"], environment: alice.merging(["PATH": "/usr/bin:/bin"]) { $1 })
            // Killed while an INSERT of the delivery is under way (or, at worst, after 5 s);
            // watched off the cooperative pool, which the other tests' servers and clients need.
            let postgres = team.postgres
            try await Spawn.offCooperativePool {
                for _ in 0..<250 {
                    let active = (try? postgres.sql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO netify_journal%' AND state = 'active'")) ?? ""
                    if active.trimmingCharacters(in: .whitespacesAndNewlines) != "0" { break }
                    usleep(20_000)
                }
            }
            child.stop(signal: SIGKILL)
            let first = try await team.run(["history", "sync"], as: alice)
            #expect(first.exitCode == 0, "\(first.standardError)")
            let second = try await team.run(["history", "sync"], as: alice)
            #expect(second.standardOutput.hasPrefix("delivered 0 entries"), "\(second.standardOutput)")
            let rows = try team.postgres.sql("SELECT count(*), count(DISTINCT id) FROM netify_journal").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(rows == "3000|3000", "every entry once (the first, made before the team journal was set, stays this machine's): \(rows)")
        }
    }

    /// A server whose first request (the first run's list) never answers, and
    /// every later one an empty list: the first run holds the lock, stuck.
    static func stuckFirstRequest() throws -> HostileServer {
        let requests = HardeningRoundThreeTests.Requests()
        return try HostileServer(.routed { method, path in
            requests.note(method, path)
            return requests.count { _ in true } == 1 ? [] : HostileServer.Behaviour.jsonBytes(#"{"status_code":0,"data":[]}"#)
        })
    }

    static let bulk = ["renew", "--expiring-within", "30", "--duration-days", "60", "--yes"]

    /// Starts a bulk run that holds the lock (its list never answers) and waits until `held` says it is taken
    /// (off the cooperative pool: a wait of seconds there would hold up every other test's tasks).
    static func holdLock(_ environment: [String: String], held: @escaping @Sendable () -> Bool) async throws -> Spawn.Child {
        let holder = try Spawn.start([BuiltBinary.path] + bulk, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { $1 })
        try await Spawn.offCooperativePool { for _ in 0..<100 where !held() { usleep(100_000) } }
        return holder
    }

    @Test func aSecondBulkRunIsRefusedAtOnceWith12NamingTheHolderOrWaitsWithLockTimeout() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let server = try Self.stuckFirstRequest()
            defer { server.stop() }
            var alice = team.operatorEnvironment("alice"), bob = team.operatorEnvironment("bob")
            for name in ["NETIFY_ENDPOINT", "NETIFY_API_KEY"] {
                alice[name] = name == "NETIFY_ENDPOINT" ? server.baseURL : team.fleet.sandbox.key
                bob[name] = alice[name]
            }
            let holder = try await Self.holdLock(alice) { team.postgres.advisoryLocks == 1 }
            #expect(team.postgres.advisoryLocks == 1, "the first run never took the lock")
            let refused = try await BuiltBinary.run(Self.bulk, environment: bob)
            #expect(refused.exitCode == 12, "\(refused.standardError)")
            #expect(refused.standardError.contains("alice on"), "the holder named: \(refused.standardError)")
            #expect(refused.standardError.contains("--lock-timeout") && refused.standardError.contains("nothing was sent"))
            #expect(server.requests == 1, "the second run sent nothing: no list, no plan")
            // --lock-timeout waits: the holder goes (killed), and the waiting run proceeds.
            Task.detached {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                holder.stop(signal: SIGKILL)
            }
            let waited = try await BuiltBinary.run(Self.bulk + ["--lock-timeout", "20"], environment: bob)
            #expect(waited.exitCode == 0, "\(waited.standardError)")
            #expect(!waited.standardError.contains("machine's lock only"), "the team lock itself was taken")
        }
    }

    @Test func withoutATeamJournalTwoRunsOnOneHostNeverOverlap() async throws {
        let server = try Self.stuckFirstRequest()
        defer { server.stop() }
        // One HOME, as two timers on one host.
        let home = TestSandbox.temporaryDirectory()
        let environment = ["HOME": home, "NETIFY_ENDPOINT": server.baseURL, "NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40)]
        let locks = home + "/.local/state/netify-licenses/locks"
        let holder = try await Self.holdLock(environment.merging(["NETIFY_OPERATOR": "timer-1"]) { $1 }) {
            ((try? FileManager.default.contentsOfDirectory(atPath: locks)) ?? []).contains { name in
                ((try? String(contentsOfFile: locks + "/" + name, encoding: .utf8)) ?? "").hasPrefix("timer-1")
            }
        }
        defer { holder.stop(signal: SIGKILL) }
        let second = try await BuiltBinary.run(Self.bulk, environment: environment.merging(["NETIFY_OPERATOR": "timer-2"]) { $1 })
        #expect(second.exitCode == 12, "\(second.standardError)")
        #expect(second.standardError.contains("timer-1 on"), "\(second.standardError)")
    }

    @Test func aKilledLockHoldersLockGoesWithItsConnection() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let server = try Self.stuckFirstRequest()
            defer { server.stop() }
            var environment = team.operatorEnvironment("alice")
            environment["NETIFY_ENDPOINT"] = server.baseURL
            environment["NETIFY_API_KEY"] = team.fleet.sandbox.key
            let holder = try await Self.holdLock(environment) { team.postgres.advisoryLocks == 1 }
            #expect(team.postgres.advisoryLocks == 1, "the first run never took the lock")
            holder.stop(signal: SIGKILL)
            environment["NETIFY_OPERATOR"] = "bob"
            let next = try await BuiltBinary.run(Self.bulk, environment: environment)
            #expect(next.exitCode == 0, "the next run proceeds: \(next.standardError)")
            #expect(!next.standardError.contains("machine's lock only"), "through the team lock, not around it: \(next.standardError)")
        }
    }

    @Test func aWrongPasswordAndRequiredTLSAreSaidWithoutThePassword() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let wrong = "Wrong-Password-987654321"
            let environment = team.operatorEnvironment("alice", url: team.postgres.url(password: wrong))
            let sync = try await team.run(["history", "sync"], as: environment)
            #expect(sync.exitCode == 1)
            #expect(sync.standardError.contains("postgresql://postgres@127.0.0.1:\(team.postgres.port)/team"), "\(sync.standardError)")
            #expect(sync.standardError.contains("password"), "\(sync.standardError)")
            #expect(!sync.standardError.contains(wrong) && !sync.standardError.contains(TestPostgres.password))
            let history = try await team.run(["history"], as: environment)
            #expect(history.standardError.contains("this machine's journal"), "\(history.standardError)")
            #expect(!history.standardError.contains(wrong))

            let tls = try await team.run(["history", "sync"], as: team.operatorEnvironment("alice", url: team.postgres.url(sslMode: "require")))
            #expect(tls.exitCode == 1)
            #expect(tls.standardError.contains("does not offer TLS"), "\(tls.standardError)")
            #expect(!tls.standardError.contains(TestPostgres.password))
        }
    }

    @Test func aSchemaNewerThanTheBinaryKnowsIsRefusedNeverWritten() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let alice = team.operatorEnvironment("alice")
            #expect(try await team.run(["renew", "2026-0000-00000005", "--duration-days", "30"], as: alice).exitCode == 0)
            try team.postgres.sql("INSERT INTO netify_schema (version, applied) VALUES (99, 0)")
            #expect(try await team.run(["renew", "2026-0000-00000003", "--duration-days", "30"], as: alice).exitCode == 0, "the operation still goes ahead")
            let sync = try await team.run(["history", "sync"], as: alice)
            #expect(sync.exitCode == 1)
            #expect(sync.standardError.contains("newer than this netify-licenses knows"), "\(sync.standardError)")
            #expect(try team.postgres.sql("SELECT count(*) FROM netify_journal").hasPrefix("1"), "nothing written to the newer schema")
        }
    }

    @Test func aRequiredJournalThatCannotRecordRefusesTheWrite() async throws {
        let team = try await Team.start()
        try await withCleanup({ await team.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let config = home + "/config"
            try "journal_required = true\n".write(toFile: config, atomically: true, encoding: .utf8)
            var environment = team.operatorEnvironment("alice", home: home)
            environment["NETIFY_CONFIG"] = config
            try team.postgres.stopServer()
            let before = try await team.fleet.sandbox.client().license(serial: "2026-0000-00000005")
            let renew = try await team.run(["renew", "2026-0000-00000005", "--duration-days", "30"], as: environment)
            #expect(renew.exitCode == 1, "\(renew.standardError)")
            #expect(renew.standardError.contains("journal_required"), "\(renew.standardError)")
            let after = try await team.fleet.sandbox.client().license(serial: "2026-0000-00000005")
            #expect(after.expireAt == before.expireAt, "nothing was sent")
        }
    }
}
