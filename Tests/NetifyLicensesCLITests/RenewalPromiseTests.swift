import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import NetifyLicensing
import SandboxTestSupport
import TerminalUI
import Testing

/// The promise itself, over every renewal path: after any run, no license's
/// expiry is earlier than before unless consent to that license's shortening
/// was given. Keys with maximum terms of 7 to 365 days, changed under the tool
/// without telling it; `max_term_days` unset, right and wrong; fleets of
/// expired licenses and ones with 1 to 400 days left. No consent is given here.
@Suite("The renewal promise", .serialized)
struct RenewalPromiseTests {
    static let keyTerms = [7, 14, 30, 90, 365]

    /// One generated situation, reproducible from its seed.
    struct Scenario: CustomStringConvertible {
        var seed: UInt64
        var keyDays: Int
        /// The key's term when the tool learned it, if it did; the key has `keyDays` now.
        var learnedDays: Int?
        var configured: Int?
        var daysLeft: [Int]
        var request: ExpiryRequest

        init(seed: UInt64) {
            var random = SeededRandom(seed: seed)
            self.seed = seed
            let key = RenewalPromiseTests.keyTerms.randomElement(using: &random)!
            keyDays = key
            learnedDays = Bool.random(using: &random) ? RenewalPromiseTests.keyTerms.randomElement(using: &random) : nil
            switch Int.random(in: 0..<3, using: &random) {
            case 0: configured = nil
            case 1: configured = key
            default: configured = RenewalPromiseTests.keyTerms.filter { $0 != key }.randomElement(using: &random)
            }
            var days: [Int] = []
            for _ in 0..<Int.random(in: 4...10, using: &random) {
                days.append(Bool.random(using: &random) ? Int.random(in: -10...7, using: &random) : Int.random(in: 1...400, using: &random))
            }
            daysLeft = days
            request = Int.random(in: 0..<4, using: &random) == 0 ? .durationDays(Int.random(in: 1...400, using: &random)) : .keyMaximum
        }

        var description: String {
            "seed \(seed): key \(keyDays) days, learned \(learnedDays.map(String.init) ?? "-"), max_term_days \(configured.map(String.init) ?? "-"), \(request), days left \(daysLeft)"
        }
    }

    /// A sandbox with the scenario's fleet; the key starts at the term the tool learned, if any.
    struct World {
        let sandbox: TestSandbox
        let serials: [String]
        let home: String
        let today = CalendarDate.today()

        static func start(_ scenario: Scenario) async throws -> World {
            let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: scenario.learnedDays ?? scenario.keyDays, requestsPerMinute: 1_000_000))
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            let today = CalendarDate.today()
            let serials = scenario.daysLeft.indices.map { String(format: "2026-7777-%08d", $0 + 1) }
            try await sandbox.running.service.store(zip(serials, scenario.daysLeft).map { serial, days in
                StoredLicense(
                    serial: serial, keyID: key.id, issuedTo: "Promise \(serial.suffix(2))", description: "", notes: "", targetUID: nil,
                    entitlements: [.lua], renewable: true, createdDay: today.adding(days: -30), expireDay: today.adding(days: days))
            })
            return World(sandbox: sandbox, serials: serials, home: TestSandbox.temporaryDirectory())
        }

        func expiries() async throws -> [String: CalendarDate] {
            let licenses = try await sandbox.client().listLicenses()
            return Dictionary(uniqueKeysWithValues: licenses.map { ($0.serial, $0.expireAt.date) })
        }

        var environment: [String: String] {
            ["HOME": home, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL]
        }

        func configFile(_ scenario: Scenario) throws -> [String] {
            guard let configured = scenario.configured else { return [] }
            let path = home + "/config"
            try "max_term_days = \(configured)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return ["--config", path]
        }

        /// The tool learns the key's term the way it does in use: a renew to the
        /// key's maximum of a license it cannot shorten. Then the key changes under it.
        func teach(_ scenario: Scenario, cli: Bool) async throws -> KeyMaximum? {
            guard scenario.learnedDays != nil else { return nil }
            let teacher = String(format: "2026-7777-%08d", 99)
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            try await sandbox.running.service.store([StoredLicense(
                serial: teacher, keyID: key.id, issuedTo: "Teacher", description: "", notes: "", targetUID: nil,
                entitlements: [.lua], renewable: true, createdDay: today.adding(days: -30), expireDay: today.adding(days: -1))])
            var learned: KeyMaximum?
            if cli {
                let run = try await BuiltBinary.run(["renew", teacher], environment: environment)
                #expect(run.exitCode == 0, "\(run.standardError)")
                let shown = try await BuiltBinary.run(["config", "show"], environment: environment)
                #expect(shown.standardOutput.contains("\(scenario.learnedDays!) days, learned \(today)"), "\(shown.standardOutput)")
            } else {
                let renewed = try await sandbox.client().renewLicense(serial: teacher, RenewLicenseRequest(expiry: .keyMaximum))
                learned = KeyMaximum.learn(sentOn: today, result: renewed.expireAt.date)
            }
            try await sandbox.changeKeyMaximum(to: scenario.keyDays)
            return learned
        }
    }

    enum Path: CaseIterable { case cliSingle, cliBulk, cliDue, dashboardSingle, dashboardBulk }

    static func check(_ scenario: Scenario, _ path: Path) async throws {
        let world = try await World.start(scenario)
        defer { Task { await world.sandbox.stop() } }
        let cli = [.cliSingle, .cliBulk, .cliDue].contains(path)
        let learned = try await world.teach(scenario, cli: cli)
        let before = try await world.expiries()
        let config = try world.configFile(scenario)
        var term: [String] = []
        if case .durationDays(let days) = scenario.request { term = ["--duration-days", String(days)] }
        switch path {
        case .cliSingle:
            for serial in world.serials {
                let run = try await BuiltBinary.run(["renew", serial] + term + config, environment: world.environment)
                #expect([0, 3, 10].contains(run.exitCode), "\(scenario) \(serial): \(run.standardError)")
            }
        case .cliBulk:
            let run = try await BuiltBinary.run(["renew", "--expiring-within", "400", "--yes"] + term + config, environment: world.environment)
            #expect([0, 9].contains(run.exitCode), "\(scenario): \(run.standardError)")
        case .cliDue:
            let run = try await BuiltBinary.run(["renew", "--due"] + config, environment: world.environment)
            #expect([0, 9].contains(run.exitCode), "\(scenario): \(run.standardError)")
        case .dashboardSingle, .dashboardBulk:
            try await drive(world, scenario, learned: learned, bulk: path == .dashboardBulk)
        }
        let after = try await world.expiries()
        for serial in world.serials {
            let (old, new) = (before[serial]!, after[serial]!)
            #expect(new >= old, "\(path) \(scenario): \(serial) moved from \(old) to \(new) without consent")
        }
    }

    /// The dashboard's reducer with its effects carried out against the
    /// sandbox; every confirmation to shorten is withheld.
    static func drive(_ world: World, _ scenario: Scenario, learned: KeyMaximum?, bulk: Bool) async throws {
        let client = try world.sandbox.client()
        var state = DashboardState(source: .init(endpoint: world.sandbox.baseURL, isSandbox: true, readOnly: false), now: currentUnixSeconds(), size: (160, 50))
        state.keyMaximum = learned ?? KeyMaximum.resolve(configured: scenario.configured, learned: nil).0
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(try await client.listLicenses(), at: currentUnixSeconds()))
        func carryOut(_ effects: [Effect]) async {
            var queue = effects
            while !queue.isEmpty {
                let effect = queue.removeFirst()
                switch effect {
                case .renew(let serial, let request), .renewLater(let serial, let request, _):
                    do throws(LicensingError) {
                        queue += Reducer.reduce(&state, .renewed(try await client.renewLicense(serial: serial, request)))
                    } catch {
                        queue += Reducer.reduce(&state, .renewFailed(serial: serial, error))
                    }
                default: break
                }
            }
        }
        func keys(_ keys: KeyPress...) async {
            for key in keys { await carryOut(Reducer.reduce(&state, .key(key))) }
        }
        func chooseTerm() async {
            guard case .durationDays(let days) = scenario.request else { return }
            await keys(.right, .right, .tab)
            for character in String(days) { await keys(.character(character)) }
        }
        if bulk {
            await keys(.character("a"), .character("r"))
            await chooseTerm()
            await keys(.enter, .character("y"))
            if case .bulkReport? = state.overlay {} else if state.bulk != nil { Issue.record("\(scenario): the bulk run did not finish") }
        } else {
            for index in 0..<state.visible.count {
                await keys(.home)
                for _ in 0..<index { await keys(.down) }
                await keys(.character("r"))
                await chooseTerm()
                // One enter: a renew that could shorten asks again, and that second yes is withheld.
                await keys(.enter)
                await keys(.escape)
            }
        }
    }

    @Test(arguments: 0..<48)
    func noEngineRunShortensALicenseWithoutConsent(seed: Int) async throws {
        let scenario = Scenario(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        for path in [Path.dashboardSingle, .dashboardBulk] { try await RenewalPromiseTests.check(scenario, path) }
    }

    @Test(arguments: 0..<18)
    func noCommandShortensALicenseWithoutConsent(seed: Int) async throws {
        let scenario = Scenario(seed: UInt64(seed + 100) &* 0x9E37_79B9_7F4A_7C15 &+ 7)
        for path in [Path.cliSingle, .cliBulk, .cliDue] { try await RenewalPromiseTests.check(scenario, path) }
    }

    /// The cases that broke the promise before, each named.
    @Test func theReportedCasesNoLongerShorten() async throws {
        // A key of 30 days, nothing known: a single renew of a license with 200 days left is refused with the ways out.
        var scenario = Scenario(seed: 1)
        scenario.keyDays = 30
        scenario.learnedDays = nil
        scenario.configured = nil
        scenario.daysLeft = [200, 150, 3, -2]
        scenario.request = .keyMaximum
        let world = try await World.start(scenario)
        defer { Task { await world.sandbox.stop() } }
        let single = try await BuiltBinary.run(["renew", world.serials[0]], environment: world.environment)
        #expect(single.exitCode == 10)
        #expect(single.standardError.contains("the key's maximum term is not known"))
        #expect(single.standardError.contains("--duration-days") && single.standardError.contains("max_term_days") && single.standardError.contains("--allow-earlier"))
        // Bulk: the licenses it cannot shorten teach the term, and the rest are skipped, never shortened.
        let bulk = try await BuiltBinary.run(["renew", "--expiring-within", "400", "--yes", "--output", "table"], environment: world.environment)
        #expect(bulk.exitCode == 0, "\(bulk.standardError)")
        #expect(bulk.standardOutput.contains("\(world.serials[2]) renewed: \(world.today.adding(days: 3)) → \(world.today.adding(days: 30)), +27 days"))
        #expect(bulk.standardError.contains("\(world.serials[0]) skipped: this would move the expiry earlier"))
        #expect(bulk.standardError.contains("the key's maximum, 30 days, learned \(world.today)"))
        // max_term_days = 365 where the key allows 30: the key refuses the date, nothing shortens, the run stops and says why.
        let config = world.home + "/config"
        try "max_term_days = 365   # the key's maximum, as the operator believes it\n".write(toFile: config, atomically: true, encoding: .utf8)
        let wrong = try await BuiltBinary.run(["renew", "--expiring-within", "400", "--yes", "--config", config], environment: world.environment)
        #expect(wrong.standardError.contains("max_term_days is 365"), "\(wrong.standardError)")
        let after = try await world.expiries()
        #expect(after[world.serials[0]] == world.today.adding(days: 200))
        #expect(after[world.serials[1]] == world.today.adding(days: 150))
    }

    /// A reply other than the plan stops the run: nothing more is sent after it.
    @Test func aReplyThatDiffersFromItsPlanStopsTheRun() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 90, requestsPerMinute: 1_000_000))
        defer { Task { await sandbox.stop() } }
        let client = try sandbox.client()
        let today = CalendarDate.today()
        var licenses: [License] = []
        for _ in 0..<5 { licenses.append(try await client.createLicense(CreateLicenseRequest(issuedTo: "Drift", entitlements: [.lua], expiry: .durationDays(3)))) }
        // The plan believes the key gives 90 days; a license renewed elsewhere meanwhile gives a different reply.
        let plan = RenewalPlan(licenses.map(RenewalCandidate.init), request: .keyMaximum, keyMaximum: .configured(days: 90), today: today)
        try await sandbox.changeKeyMaximum(to: 30)
        let run = await RenewalEngine.run(plan, client: client)
        #expect(run.stopReason != nil)
        #expect(run.keyMaximumRefuted)
        #expect(run.count(\.isFailure) == 1, "the first renew goes alone, and its refusal stops the run")
        #expect(run.count { if case .notSent = $0 { return true } else { return false } } == 4)
        let after = try await client.listLicenses()
        #expect(after.allSatisfy { $0.expireAt.date == today.adding(days: 3) })
    }
}

/// A small reproducible generator (SplitMix64), so a failing seed can be run again.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
