import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import LocalStore
import NetifyLicensing
import TerminalUI

/// The renewal promise as a check any build can run: after any run of any
/// renewal path, no license's expiry is earlier than before, no consent given.
/// Keys with maximum terms of 7 to 365 days, optionally changed under the tool
/// after it learned them; `max_term_days` unset, right and wrong; fleets of
/// expired licenses and ones with 1 to 400 days left. Shared by the tests
/// (debug) and `netify-licenses-bench --renewal-promise` (release).
public enum RenewalPromise {
    public static let keyTerms = [7, 14, 30, 90, 365]

    public enum Path: String, CaseIterable, Sendable {
        case cliSingle = "CLI single", cliBulk = "CLI bulk", cliDue = "renew --due"
        case dashboardSingle = "dashboard single", dashboardBulk = "dashboard bulk"

        public var usesBinary: Bool { self == .cliSingle || self == .cliBulk || self == .cliDue }
    }

    /// One generated situation, reproducible from its seed.
    public struct Scenario: CustomStringConvertible, Sendable {
        public var seed: UInt64
        public var keyDays: Int
        /// The key's term when the tool learned it, if it did; the key has `keyDays` now.
        public var learnedDays: Int?
        public var configured: Int?
        public var daysLeft: [Int]
        public var request: ExpiryRequest

        public init(seed: UInt64) {
            var random = SeededRandom(seed: seed)
            self.seed = seed
            let key = RenewalPromise.keyTerms.randomElement(using: &random)!
            keyDays = key
            learnedDays = Bool.random(using: &random) ? RenewalPromise.keyTerms.randomElement(using: &random) : nil
            switch Int.random(in: 0..<3, using: &random) {
            case 0: configured = nil
            case 1: configured = key
            default: configured = RenewalPromise.keyTerms.filter { $0 != key }.randomElement(using: &random)
            }
            var days: [Int] = []
            for _ in 0..<Int.random(in: 4...10, using: &random) {
                days.append(Bool.random(using: &random) ? Int.random(in: -10...7, using: &random) : Int.random(in: 1...400, using: &random))
            }
            daysLeft = days
            request = Int.random(in: 0..<4, using: &random) == 0 ? .durationDays(Int.random(in: 1...400, using: &random)) : .keyMaximum
        }

        public var description: String {
            "seed \(seed): key \(keyDays) days, learned \(learnedDays.map(String.init) ?? "-"), max_term_days \(configured.map(String.init) ?? "-"), \(request), days left \(daysLeft)"
        }
    }

    /// A sandbox with the scenario's fleet; the key starts at the term the tool learned, if any.
    public struct World: Sendable {
        public let sandbox: TestSandbox
        public let serials: [String]
        public let home: String
        public let today = CalendarDate.today()

        public static func start(_ scenario: Scenario) async throws -> World {
            let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: scenario.learnedDays ?? scenario.keyDays, requestsPerMinute: 1_000_000))
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            let today = CalendarDate.today()
            let serials = scenario.daysLeft.indices.map { String(format: "2026-7777-%08d", $0 + 1) }
            try await sandbox.running.service.store(zip(serials, scenario.daysLeft).map { serial, days in
                StoredLicense(
                    serial: serial, keyID: key.id, issuedTo: "Promise \(serial.suffix(2))", targetUID: nil,
                    entitlements: [.lua], renewable: true, createdDay: today.adding(days: -30), expireDay: today.adding(days: days))
            })
            return World(sandbox: sandbox, serials: serials, home: TestSandbox.temporaryDirectory())
        }

        public func expiries() async throws -> [String: CalendarDate] {
            let licenses = try await sandbox.client().readableLicenses()
            return Dictionary(uniqueKeysWithValues: licenses.map { ($0.serial, $0.expireAt.date) })
        }

        public var environment: [String: String] {
            ["HOME": home, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL]
        }

        public func configFile(_ scenario: Scenario) throws -> [String] {
            guard let configured = scenario.configured else { return [] }
            let path = home + "/config"
            try "max_term_days = \(configured)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return ["--config", path]
        }

        /// The tool learns the key's term the way it does in use (a renew to the
        /// key's maximum of a license it cannot shorten); then the key changes under it.
        /// Returns what the dashboard would start from, and problems seen on the way.
        public func teach(_ scenario: Scenario, throughBinary: Bool) async throws -> (KeyMaximum?, [String]) {
            guard let learnedDays = scenario.learnedDays else { return (nil, []) }
            let teacher = String(format: "2026-7777-%08d", 99)
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            try await sandbox.running.service.store([StoredLicense(
                serial: teacher, keyID: key.id, issuedTo: "Teacher", targetUID: nil,
                entitlements: [.lua], renewable: true, createdDay: today.adding(days: -30), expireDay: today.adding(days: -1))])
            var learned: KeyMaximum?
            var problems: [String] = []
            if throughBinary {
                let run = try await BuiltBinary.run(["renew", teacher], environment: environment)
                if run.exitCode != 0 { problems.append("teaching renew exited \(run.exitCode): \(run.standardError)") }
                let shown = try await BuiltBinary.run(["config", "show"], environment: environment)
                if !shown.standardOutput.contains("\(learnedDays) days, learned \(today)") {
                    problems.append("config show does not show the learned term: \(shown.standardOutput)")
                }
            } else {
                let renewed = try await sandbox.client().renewLicense(serial: teacher, RenewLicenseRequest(expiry: .keyMaximum))
                learned = KeyMaximum.learn(sentOn: today, result: renewed.expireAt.date)
            }
            try await sandbox.changeKeyMaximum(to: scenario.keyDays)
            return (learned, problems)
        }
    }

    /// Runs one path of one scenario; returns every broken promise (empty when kept).
    public static func check(_ scenario: Scenario, _ path: Path) async throws -> [String] {
        let world = try await World.start(scenario)
        return try await withCleanup({ await world.sandbox.stop() }) {
            var (learned, problems) = try await world.teach(scenario, throughBinary: path.usesBinary)
            let before = try await world.expiries()
            let config = try world.configFile(scenario)
            var term: [String] = []
            if case .durationDays(let days) = scenario.request { term = ["--duration-days", String(days)] }
            switch path {
            case .cliSingle:
                for serial in world.serials {
                    let run = try await BuiltBinary.run(["renew", serial] + term + config, environment: world.environment)
                    if ![0, 3, 10].contains(run.exitCode) { problems.append("\(serial): exit \(run.exitCode): \(run.standardError)") }
                }
            case .cliBulk:
                let run = try await BuiltBinary.run(["renew", "--expiring-within", "400", "--yes"] + term + config, environment: world.environment)
                if ![0, 9].contains(run.exitCode) { problems.append("exit \(run.exitCode): \(run.standardError)") }
            case .cliDue:
                let run = try await BuiltBinary.run(["renew", "--due"] + config, environment: world.environment)
                if ![0, 9].contains(run.exitCode) { problems.append("exit \(run.exitCode): \(run.standardError)") }
            case .dashboardSingle, .dashboardBulk:
                problems += try await drive(world, scenario, learned: learned, bulk: path == .dashboardBulk)
            }
            let after = try await world.expiries()
            for serial in world.serials where after[serial]! < before[serial]! {
                problems.append("\(serial) moved from \(before[serial]!) to \(after[serial]!) without consent")
            }
            return problems.map { "\(path.rawValue), \(scenario): \($0)" }
        }
    }

    /// The dashboard's reducer with its effects carried out by the runtime's
    /// one effect runner, through the real local chain (the change journal,
    /// key-term learning, the cache's own writes) to the sandbox; every
    /// confirmation to shorten is withheld.
    static func drive(_ world: World, _ scenario: Scenario, learned: KeyMaximum?, bulk: Bool) async throws -> [String] {
        let context = JournalContext(user: "promise", endpoint: world.sandbox.baseURL, keyFingerprint: JournalContext.fingerprint(ofKey: world.sandbox.key))
        let stateDirectory = world.home + "/.local/state/netify-licenses"
        let journal = try ChangeJournal(path: stateDirectory + "/journal.sqlite")
        let keyTerms = KeyTermStore(journal: journal)
        if let learned { try keyTerms.remember(learned, for: context) }
        let chain = LocalChain.middleware(
            journal: journal, keyTerms: keyTerms, cacheDirectory: world.home + "/.cache/netify-licenses", context: context, warn: { _ in })
        let client = LicensePipeline(chain, endpoint: try world.sandbox.client())
        let known: @Sendable () -> KeyMaximum = { KeyMaximum.resolve(configured: scenario.configured, learned: keyTerms.learned(context)).0 }
        var state = DashboardState(source: .init(endpoint: world.sandbox.baseURL, isSandbox: true, readOnly: false), now: currentUnixSeconds(), size: (160, 50))
        state.keyMaximum = known()
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(try await client.licenseList(format: .object, expectedCount: 0).licenses, at: currentUnixSeconds()))
        func carryOut(_ effects: [Effect]) async {
            await EffectRunner.carryOut(effects, on: &state, client: client, knownKeyMaximum: known)
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
            if case .bulkReport? = state.overlay { return [] }
            return state.bulk != nil ? ["the bulk run did not finish"] : []
        }
        for index in 0..<state.visible.count {
            await keys(.home)
            for _ in 0..<index { await keys(.down) }
            await keys(.character("r"))
            await chooseTerm()
            // One enter: a renew that could shorten asks again, and that second yes is withheld.
            await keys(.enter)
            await keys(.escape)
        }
        return []
    }
}

/// A small reproducible generator (SplitMix64), so a failing seed can be run again.
public struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
