import Foundation
import LicenseModel
import LocalStore
import NetifyLicensing
import ProcessSpawning
import SandboxTestSupport
import TeamJournal

/// The team journal's figures: delivering 10,000 waiting entries, `history`
/// over 100,000 entries to its first screen, and what an unreachable
/// PostgreSQL (refused, and a port that accepts and never answers) adds to
/// one renew.
enum TeamJournalFigures {
    static func run(repeats: Int) async throws {
        var report = Report()
        let postgres = try await TestPostgres.start()
        defer { postgres.stop() }
        let url = try JournalURL(parsing: postgres.url())
        let home = TestSandbox.temporaryDirectory()
        let journal = try ChangeJournal(path: home + "/journal.sqlite")
        var context = JournalContext(user: "bench", endpoint: "https://bench.invalid", keyFingerprint: "0123456789abcdef", operatorName: "bench@host")
        context.team = TeamJournalDatabase.teamID(url)
        func fill(_ count: Int) throws {
            for index in 0..<count {
                let id = try journal.recordIntent(action: .renew, serial: String(format: "2026-0000-%08d", index % 100_000), request: #"{"duration_days":30}"#, before: nil, context: context)
                try journal.recordOutcome(id: id, outcome: .succeeded, after: nil)
            }
        }
        try fill(10_000)
        let delivery = TeamJournalDelivery(database: TeamJournalDatabase(url: url), journal: journal) { print("warning: \($0)") }
        let started = ContinuousClock.now
        let delivered = try await delivery.deliverNow()
        let deliverSeconds = seconds(since: started)
        report.add("team journal: deliver \(delivered) waiting entries", deliverSeconds, target: 5)

        // 100,000 entries in the team journal, then history's first screen through the binary.
        try postgres.sql("""
            INSERT INTO netify_journal (id, time, operator, host, context, endpoint, key_fingerprint, action, serial, request, outcome)
            SELECT 'bench-' || n, 1796256000 + n, 'op-' || (n % 7), 'host', NULL, 'https://bench.invalid', '0123456789abcdef', 'renew',
                   '2026-0000-' || lpad((n % 100000)::text, 8, '0'), '{}', 'succeeded' FROM generate_series(1, 90000) AS n
            """)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("netify-licenses").path
        let environment = ["HOME": home, "NETIFY_JOURNAL_URL": postgres.url(), "PATH": "/usr/bin:/bin"]
        var firstScreen = Double.infinity, whole = Double.infinity
        for _ in 0..<repeats {
            let begin = ContinuousClock.now
            let screen = try Spawn.runBlocking([binary, "history", "--limit", "50", "--output", "table"], environment: environment)
            firstScreen = min(firstScreen, seconds(since: begin))
            guard screen.status == 0 else { throw Spawn.Failure(description: "history failed: \(screen.error)") }
            let all = ContinuousClock.now
            _ = try Spawn.runBlocking([binary, "history", "--output", "json"], environment: environment)
            whole = min(whole, seconds(since: all))
        }
        report.add("team journal: history over 100,000 entries, first screen (--limit 50)", firstScreen, target: 1)
        report.add("team journal: history over 100,000 entries, all as JSON", whole)

        // One renew against a sandbox: no team journal, then PostgreSQL refusing, then a port that never answers.
        let sandbox = try await TestSandbox.startWithFleet()
        let hung = try HostileServer(.stall(head: []))
        defer { hung.stop() }
        let refusedPort = Int(postgres.port) + 1
        var base = environment
        base["NETIFY_API_KEY"] = sandbox.key
        base["NETIFY_ENDPOINT"] = sandbox.baseURL
        base["NETIFY_JOURNAL_URL"] = nil
        var term = 30
        func renew(_ extra: [String: String]) throws -> Double {
            var best = Double.infinity
            for _ in 0..<repeats {
                // A longer term each time: every renew extends.
                term += 1
                let begin = ContinuousClock.now
                let result = try Spawn.runBlocking([binary, "renew", "2026-0000-00000005", "--duration-days", String(term)], environment: base.merging(extra) { $1 })
                guard result.status == 0 else { throw Spawn.Failure(description: "renew failed: \(result.error)") }
                best = min(best, seconds(since: begin))
            }
            return best
        }
        let plain = try renew([:])
        let refused = try renew(["NETIFY_JOURNAL_URL": "postgresql://postgres@127.0.0.1:\(refusedPort)/team"])
        let blackholed = try renew(["NETIFY_JOURNAL_URL": "postgresql://postgres@127.0.0.1:\(hung.port)/team"])
        await sandbox.stop()
        report.add("renew, no journal_url", plain)
        report.add("renew, PostgreSQL refusing connections: added", refused - plain, target: 2)
        report.add("renew, PostgreSQL port never answering: added", blackholed - plain, target: 2)
        report.print()
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
