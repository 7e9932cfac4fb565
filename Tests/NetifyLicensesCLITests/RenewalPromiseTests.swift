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
    typealias Scenario = RenewalPromise.Scenario
    typealias World = RenewalPromise.World

    @Test(arguments: 0..<48)
    func noEngineRunShortensALicenseWithoutConsent(seed: Int) async throws {
        let scenario = Scenario(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        for path in [RenewalPromise.Path.dashboardSingle, .dashboardBulk] {
            let broken = try await RenewalPromise.check(scenario, path)
            #expect(broken.isEmpty, "\(broken)")
        }
    }

    @Test(arguments: 0..<18)
    func noCommandShortensALicenseWithoutConsent(seed: Int) async throws {
        let scenario = Scenario(seed: UInt64(seed + 100) &* 0x9E37_79B9_7F4A_7C15 &+ 7)
        for path in [RenewalPromise.Path.cliSingle, .cliBulk, .cliDue] {
            let broken = try await RenewalPromise.check(scenario, path)
            #expect(broken.isEmpty, "\(broken)")
        }
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
        try await withCleanup({ await world.sandbox.stop() }) {
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
    }

    /// A reply other than the plan stops the run: nothing more is sent after it.
    @Test func aReplyThatDiffersFromItsPlanStopsTheRun() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 90, requestsPerMinute: 1_000_000))
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client()
            let today = CalendarDate.today()
            var licenses: [License] = []
            for _ in 0..<5 { licenses.append(try await client.createLicense(CreateLicenseRequest(issuedTo: "Drift", entitlements: [.lua], expiry: .durationDays(3)))) }
            // The plan believes the key gives 90 days; a license renewed elsewhere meanwhile gives a different reply.
            let plan = RenewalPlan(licenses.map(RenewalCandidate.init), request: .keyMaximum, keyMaximum: .configured(days: 90), today: today)
            try await sandbox.changeKeyMaximum(to: 30)
            let run = await RenewalEngine.run(plan, client: LicensePipeline(endpoint: client))
            #expect(run.stopReason != nil)
            #expect(run.keyMaximumRefuted)
            #expect(run.count(\.isFailure) == 1, "the first renew goes alone, and its refusal stops the run")
            #expect(run.count { if case .notSent = $0 { return true } else { return false } } == 4)
            let after = try await client.readableLicenses()
            #expect(after.allSatisfy { $0.expireAt.date == today.adding(days: 3) })
        }
    }
}
