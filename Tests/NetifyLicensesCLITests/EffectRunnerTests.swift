import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import LocalStore
import SandboxTestSupport
import Testing

/// The dashboard's one effect runner over the real local chain and a real
/// sandbox: a write comes back as its reply, then as the one key term the
/// chain learned (a create teaches it as a renew does), and is journaled.
@Suite("The dashboard's effect runner")
struct EffectRunnerTests {
    @Test func aCreateToTheKeysMaximumTeachesItsTermOnceAndTheDashboardReadsIt() async throws {
        let sandbox = try await TestSandbox.startWithFleet(policy: KeyPolicy(maximumTermDays: 90))
        try await withCleanup({ await sandbox.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let context = JournalContext(user: "ops", endpoint: sandbox.baseURL, keyFingerprint: JournalContext.fingerprint(ofKey: sandbox.key))
            let journal = try ChangeJournal(path: home + "/journal.sqlite")
            let keyTerms = KeyTermStore(journal: journal)
            let client = LicensePipeline(
                LocalChain.middleware(journal: journal, keyTerms: keyTerms, cacheDirectory: nil, context: context, warn: { _ in }),
                endpoint: try sandbox.client())
            let known: @Sendable () -> KeyMaximum = { KeyMaximum.resolve(configured: nil, learned: keyTerms.learned(context)).0 }
            let today = CalendarDate.today()

            let actions = try #require(await EffectRunner.perform(.create(CreateLicenseRequest(issuedTo: "Runner Co", entitlements: [.lua])), on: client, knownKeyMaximum: known))
            #expect(actions.count == 2)
            guard case .created(let license)? = actions.first, case .keyMaximumKnown(let taught)? = actions.last else {
                Issue.record("not a create and a key term: \(actions)")
                return
            }
            #expect(license.expireAt.date == today.adding(days: 90))
            #expect(taught == .learned(days: 90, on: today))
            #expect(keyTerms.learned(context) == .learned(days: 90, on: today), "learned once, by the chain")
            #expect(try journal.entries(JournalQuery(serial: license.serial)).entries.map(\.action) == [.create])

            // The reducer plans from it at once: a renew of the new license to the key's maximum asks nothing.
            var state = DashboardState(source: .init(endpoint: sandbox.baseURL, isSandbox: true, readOnly: false), now: currentUnixSeconds(), size: (80, 24))
            _ = Reducer.reduce(&state, .refreshDue)
            _ = Reducer.reduce(&state, .fetched(try await client.licenseList(format: .object, expectedCount: 0).licenses, at: currentUnixSeconds()))
            for action in actions { _ = Reducer.reduce(&state, action) }
            #expect(state.keyMaximum == .learned(days: 90, on: today))

            // A renew the key refuses (403: past its 90 days) leaves no configured term trusted.
            let configured: @Sendable () -> KeyMaximum = { KeyMaximum.resolve(configured: 365, learned: nil).0 }
            let refused = try #require(await EffectRunner.perform(
                .renew(serial: license.serial, RenewLicenseRequest(expiry: .date(today.adding(days: 365)))), on: client, knownKeyMaximum: configured))
            guard case .renewFailed(_, .forbidden)? = refused.first, case .keyMaximumKnown(let after)? = refused.last else {
                Issue.record("not a refusal and a key term: \(refused)")
                return
            }
            #expect(after == .unknown)

            // The runtime's own effects are not the runner's.
            #expect(await EffectRunner.perform(.fetch, on: client) == nil)
            #expect(await EffectRunner.perform(.quit, on: client) == nil)
        }
    }
}
