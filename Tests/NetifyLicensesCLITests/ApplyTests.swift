import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import LocalStore
import NetifyLicensing
import SandboxTestSupport
import TerminalUI
import Testing

/// `apply FILE` against a real sandbox through the real binary: the plan, the
/// yes, creates, renews, re-issues and prunes, idempotence, and a file with one
/// bad row sending nothing.
@Suite("Provisioning from a file")
struct ApplyTests {
    struct World {
        let sandbox: TestSandbox
        let directory = TestSandbox.temporaryDirectory()
        let today = CalendarDate.today()
        var environment: [String: String] { ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "HOME": directory] }

        static func start() async throws -> World {
            World(sandbox: try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 365, requestsPerMinute: 1_000_000)))
        }

        func write(_ text: String, to name: String) throws -> String {
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func apply(_ arguments: [String], input: String? = nil) async throws -> BuiltBinary.Run {
            try await BuiltBinary.run(["apply"] + arguments, environment: environment, input: input)
        }

        func licenses() async throws -> [License] {
            try await sandbox.client().readableLicenses()
        }

        func byDevice() async throws -> [String: [License]] {
            Dictionary(grouping: try await licenses().filter { $0.targetUID != nil }) { $0.targetUID! }
        }
    }

    static let header = "target_uid,issued_to,entitlements,expire_at,duration_days,description,notes\n"

    @Test func planThenApplyThenApplyAgainDoesNothing() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let date = world.today.adding(days: 200)
            let file = try world.write(ApplyTests.header + """
                box-1,Acme GmbH,lua;mqtt,,90,"Shipment 12, box 1",
                box-2,Acme GmbH,lua mqtt,\(date),,,
                box-3,\"Acme \"\"West\"\"\",netify-proc-intel,,,,
                """, to: "devices.csv")
            let plan = try await world.apply([file, "--dry-run", "--output", "json"])
            #expect(plan.exitCode == 0, "\(plan.standardError)")
            let steps = try #require(JSONParser.parse(plan.standardOutput)["steps"]?.arrayValue)
            #expect(steps.map { $0["action"]?.stringValue } == ["create", "create", "create"])
            #expect(steps[1]["expire_at"]?.stringValue == date.description)
            #expect(try await world.licenses().isEmpty, "a dry run sends nothing")

            // Without a terminal and without --yes, nothing is sent.
            let refused = try await world.apply([file])
            #expect(refused.exitCode == 1)
            #expect(refused.standardError.contains("pass --yes"))
            #expect(try await world.licenses().isEmpty)

            let applied = try await world.apply([file, "--yes", "--output", "table"])
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(applied.standardError.contains("3 created, 0 renewed, 0 re-issued, 0 deleted, 0 unchanged, 0 failed."))
            let devices = try await world.byDevice()
            #expect(devices["box-1"]?.first?.expireAt.date == world.today.adding(days: 90))
            #expect(devices["box-1"]?.first?.texts[.description] == "Shipment 12, box 1")
            #expect(devices["box-2"]?.first?.expireAt.date == date)
            #expect(devices["box-3"]?.first?.issuedTo == "Acme \"West\"")
            #expect(devices["box-3"]?.first?.expireAt.date == world.today.adding(days: 365))

            let again = try await world.apply([file, "--yes"])
            #expect(again.exitCode == 0)
            #expect(again.standardError.contains("Nothing to do"), "\(again.standardError)")
            #expect(try await world.licenses().count == 3)
        }
    }

    @Test func aChangedEntitlementIsReissuedWithTheSameExpiryAndTheOldSerialGone() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let client = try world.sandbox.client()
            let old = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(120), targetUID: "box-7"))
            let renewedRow = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(30), targetUID: "box-8"))
            let later = world.today.adding(days: 60)
            let file = try world.write(ApplyTests.header + "box-7,Acme,lua;mqtt,,,,\nbox-8,Acme,lua,\(later),,,\n", to: "devices.csv")
            let run = try await world.apply([file, "--yes", "--output", "table"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            #expect(run.standardError.contains("0 created, 1 renewed, 1 re-issued, 0 deleted, 0 unchanged, 0 failed."), "\(run.standardError)")
            let devices = try await world.byDevice()
            let new = try #require(devices["box-7"]?.first)
            #expect(devices["box-7"]?.count == 1)
            #expect(new.serial != old.serial)
            #expect(new.expireAt.date == old.expireAt.date)
            #expect(Set(new.entitlements) == [.lua, .mqttSink])
            #expect(run.standardOutput.contains("re-issued box-7: \(old.serial) → \(new.serial)"))
            #expect(run.standardOutput.contains("export \(new.serial)"), "the report says the device needs its new license file")
            await #expect(throws: LicensingError.self) { _ = try await client.license(serial: old.serial) }
            #expect(devices["box-8"]?.first?.serial == renewedRow.serial)
            #expect(devices["box-8"]?.first?.expireAt.date == later)

            // One journaled change with both serials.
            let history = try await BuiltBinary.run(["history", "--output", "json"], environment: world.environment)
            let entries = try #require(JSONParser.parse(history.standardOutput).arrayValue)
            let reissue = try #require(entries.first { $0["action"]?.stringValue == "re-issue" })
            #expect(reissue["serial"]?.stringValue == old.serial)
            #expect(reissue["detail"]?.stringValue?.contains(new.serial) == true)
            let separate = entries.compactMap { $0["action"]?.stringValue }.filter { $0 == "create" || $0 == "delete" }
            #expect(separate.isEmpty)

            // An earlier date in the file is skipped with the reason, not applied.
            let earlier = try world.write(ApplyTests.header + "box-8,Acme,lua,\(world.today.adding(days: 10)),,,\n", to: "earlier.csv")
            let skipped = try await world.apply([earlier, "--yes", "--output", "table"])
            #expect(skipped.exitCode == 0)
            #expect(skipped.standardOutput.contains("--allow-earlier"))
            #expect(try await client.license(serial: renewedRow.serial).expireAt.date == later)
        }
    }

    @Test func anInvalidRowSendsNothingAndNamesFileLineAndField() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let cases: [(String, String)] = [
                (ApplyTests.header + "box-1,Acme,lua,,,,\nbox-2,,lua,,,,\n", "line 3: issued_to is required"),
                (ApplyTests.header + "box-1,Acme,lua,,,,\nbox-2,Acme,luna,,,,\n", "line 3: entitlements \"luna\" is not an entitlement"),
                (ApplyTests.header + "box-1,Acme,lua,,,,\nbox-1,Acme,mqtt,,,,\n", "line 3: target_uid \"box-1\" is also on line 2"),
                (ApplyTests.header + "box-1,Acme,lua,2020-01-01,,,\n", "line 2: expire_at must be after today"),
                (ApplyTests.header + "box-1,Acme,lua,2027-01-01,30,,\n", "line 2: expire_at cannot be given together with duration_days"),
                (ApplyTests.header + "box 1,Acme,lua,,,,\n", "line 2: target_uid must not contain spaces"),
                ("target_uid,isued_to,entitlements\n", "line 1: has a column \"isued_to\""),
            (ApplyTests.header + "box-1,Acme,lua,,30\n", "line 2: has 5 fields; the header has 7"),
            (ApplyTests.header + "box-1,\"Acme,lua,,,,\n", "line 2: has a quoted field that is never closed"),
            (ApplyTests.header + "box-1,Acme,lua,2027-02-30,,,\n", "line 2: expire_at is 2027-02-30, which is not a day of the calendar"),
                ("[{\"target_uid\": \"box-1\", \"issued_to\": \"Acme\", \"entitlements\": [\"lua\", 7]}]", "item 1: entitlements must be an array of strings"),
            ]
            for (index, (text, expected)) in cases.enumerated() {
                let file = try world.write(text, to: "bad-\(index).\(text.hasPrefix("[") ? "json" : "csv")")
                let run = try await world.apply([file, "--yes"])
                #expect(run.exitCode == 4, "\(expected): \(run.standardError)")
                #expect(run.standardError.contains(file), "\(run.standardError)")
                #expect(run.standardError.contains(expected), "\(run.standardError)")
                #expect(run.standardError.contains("nothing was sent"))
            }
            #expect(try await world.licenses().isEmpty)
        }
    }

    @Test func pruneDeletesOnlyWhenAskedAndAHalfDoneReissueIsFinished() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let client = try world.sandbox.client()
            let kept = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(50), targetUID: "box-1"))
            let stray = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(50), targetUID: "box-gone"))
            let unbound = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(50)))
            // A re-issue whose delete failed: the new license (mqtt) and the old (intel) both bound to box-2.
            let leftover = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.intel], expiry: .durationDays(40), targetUID: "box-2"))
            let replacement = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.mqttSink], expiry: .durationDays(40), targetUID: "box-2"))
            // box-3 holds two licenses of its own (no entitlement in common) and no re-issue left either.
            let ownLua = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(30), targetUID: "box-3"))
            let ownIntel = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.intel], expiry: .durationDays(60), targetUID: "box-3"))
            let file = try world.write(ApplyTests.header + "box-1,Acme,lua,,,,\nbox-2,Acme,mqtt,,,,\nbox-3,Acme,intel,,,,\n", to: "devices.csv")

            // Before the journal says box-2's intel license is the old half of a re-issue, it stays.
            let unrecorded = try await world.apply([file, "--dry-run", "--output", "json"])
            let actions = try #require(JSONParser.parse(unrecorded.standardOutput)["steps"]?.arrayValue).map { $0["action"]?.stringValue }
            #expect(!actions.contains("delete"), "only the journal makes a license a re-issue's leftover: \(unrecorded.standardOutput)")

            // The journal, as the binary keeps it under this HOME: a re-issue whose delete failed.
            let journal = try ChangeJournal(path: world.directory + "/.local/state/netify-licenses/journal.sqlite")
            let context = JournalContext(user: "test", endpoint: try Endpoint(parsing: world.sandbox.baseURL).baseURL, keyFingerprint: JournalContext.fingerprint(ofKey: world.sandbox.key))
            let id = try journal.recordIntent(action: .reissue, serial: leftover.serial, request: "{}", before: leftover.document.serialized(), context: context)
            try journal.recordOutcome(id: id, outcome: .failed, serial: leftover.serial, after: replacement.document.serialized(), detail: "deleting failed")

            let plain = try await world.apply([file, "--yes", "--output", "json"])
            #expect(plain.exitCode == 0, "\(plain.standardError)")
            #expect(plain.standardError.contains("1 deleted"), "the half-done re-issue is finished: \(plain.standardError)")
            var serials = Set(try await world.licenses().map(\.serial))
            #expect(serials == [kept.serial, stray.serial, unbound.serial, replacement.serial, ownLua.serial, ownIntel.serial], "nothing pruned without --prune; the leftover deleted; box-3's own licenses kept")
            #expect(!serials.contains(leftover.serial))

            let pruned = try await world.apply([file, "--prune", "--yes", "--output", "json"])
            #expect(pruned.exitCode == 0, "\(pruned.standardError)")
            serials = Set(try await world.licenses().map(\.serial))
            #expect(serials == [kept.serial, unbound.serial, replacement.serial, ownLua.serial, ownIntel.serial], "a license bound to no device is never pruned")
        }
    }

    @Test func aFileWithNoRowsNeverPrunesTheFleet() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let bound = try await world.sandbox.client().createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], targetUID: "box-1"))
            let empty = try world.write(ApplyTests.header, to: "empty.csv")
            let run = try await world.apply([empty, "--prune", "--yes"])
            #expect(run.exitCode == 1)
            #expect(run.standardError.contains("has no rows"), "\(run.standardError)")
            #expect(try await world.licenses().map(\.serial) == [bound.serial])
        }
    }

    @Test func jsonAndExportedListsApplyAsNoChange() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.sandbox.stop() }) {
            let json = try world.write("""
                [{"target_uid": "box-1", "issued_to": "Café Müller", "entitlements": ["lua", "netify-sink-mqtt"], "duration_days": 30},
                 {"target_uid": "box-2", "issued_to": "=cmd|' /C calc'!A0", "entitlements": "intel", "expire_at": "\(world.today.adding(days: 45))"}]
                """, to: "devices.json")
            let applied = try await world.apply([json, "--yes"])
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(try await world.licenses().count == 2)

            for style in ["json", "csv"] {
                let listed = try await BuiltBinary.run(["list", "--output", style], environment: world.environment)
                let exported = try world.write(listed.standardOutput, to: "exported.\(style)")
                let plan = try await world.apply([exported, "--dry-run", "--output", "json"])
                #expect(plan.exitCode == 0, "\(style): \(plan.standardError)")
                let actions = try #require(JSONParser.parse(plan.standardOutput)["steps"]?.arrayValue).map { $0["action"]?.stringValue }
                #expect(actions == ["unchanged", "unchanged"], "\(style): \(plan.standardOutput)")
            }
            // Standard input, with --yes, as a script would.
            let piped = try await world.apply(["-", "--yes"], input: ApplyTests.header + "box-3,Acme,lua,,7,,\n")
            #expect(piped.exitCode == 0, "\(piped.standardError)")
            #expect(try await world.licenses().count == 3)
        }
    }
}

/// The file reader alone: quoting, both formats, every refusal.
@Suite("Provisioning file")
struct ProvisioningFileTests {
    func read(_ text: String) throws(ProvisioningFileError) -> [DeviceRow] {
        try ProvisioningFile.read(Array(text.utf8), path: "f")
    }

    @Test func csvQuotingLineBreaksAndAnExportedNeutralisedCell() throws {
        let rows = try read("\u{FEFF}target_uid,issued_to,entitlements,notes\r\nbox-1,\"A, \"\"B\"\"\",lua,\"two\nlines\"\r\nbox-2,'=SUM(A1),app-sigs,\n\n")
        #expect(rows.count == 2)
        #expect(rows[0].issuedTo == "A, \"B\"")
        #expect(rows[0].texts[.notes] == "two\nlines")
        #expect(rows[1].issuedTo == "=SUM(A1)")
        #expect(rows[1].entitlements == [.applicationSignatures])
        #expect(rows[1].location == "line 4", "a record's line counts the line break inside the quoted cell")
    }

    @Test func refusals() {
        #expect(throws: ProvisioningFileError.self) { try read("") }
        #expect(throws: ProvisioningFileError.self) { try read("target_uid,issued_to\nbox,Acme\n") }
        #expect(throws: ProvisioningFileError.self) { try read("[1]") }
        #expect(throws: ProvisioningFileError.self) { try read("{\"a\": 1}") }
        #expect(throws: ProvisioningFileError.self) { try read("issued_to,entitlements\nAcme,lua,extra\n") }
        #expect(throws: ProvisioningFileError.self) { try ProvisioningFile.read([0xFF, 0xFE, 0x41], path: "f") }
        #expect(throws: ProvisioningFileError.self) { try read("issued_to,entitlements,duration_days\nAcme,lua,99999999999999999999\n") }
    }

    /// Every bad row is named at once (up to a bound), a misspelt entitlement with the nearest one.
    @Test func everyBadRowIsNamedWithTheNearestEntitlement() async throws {
        var lines = ["issued_to,entitlements,target_uid", "Acme,mqttt,dev-1", "Acme,lua,dev-2", "Acme,lua,dev 3", "Acme,luaa,dev-4"]
        #expect(throws: ProvisioningFileError.self) { try read(lines.joined(separator: "\n")) }
        do {
            _ = try read(lines.joined(separator: "\n"))
        } catch {
            #expect(error.more.map(\.location) == ["line 4", "line 5"], "\(error)")
            #expect(error.message.contains("\"mqttt\" is not an entitlement (did you mean mqtt, netify-sink-mqtt?)"), "\(error.message)")
            #expect(error.more[1].message.contains("(did you mean lua, netify-proc-lua?)"), "\(error.more[1].message)")
            #expect(error.description.hasPrefix("3 rows have problems:"))
        }
        // A file of many bad rows names the first ones and counts the rest.
        lines = ["issued_to,entitlements"] + (0..<50).map { "Acme \($0),nope" }
        do {
            _ = try read(lines.joined(separator: "\n"))
            Issue.record("a file of bad rows was read")
        } catch {
            #expect(error.more.count == ProvisioningFileError.reportedRows - 1)
            #expect(error.unreported == 50 - ProvisioningFileError.reportedRows)
            #expect(error.description.hasSuffix("… and 30 more"), "\(error.description)")
        }
        // Through the binary: every row on stderr, nothing sent.
        let path = TestSandbox.temporaryDirectory() + "/devices.csv"
        try ["issued_to,entitlements,target_uid", "Acme,mqttt,dev-1", "Acme,luaa,dev-4"].joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await BuiltBinary.run(["apply", path, "--sandbox", "--dry-run"])
        #expect(run.exitCode == 4)
        #expect(run.standardError.contains("line 2: entitlements \"mqttt\"") && run.standardError.contains("line 3: entitlements \"luaa\""), "\(run.standardError)")
        #expect(run.standardError.contains("Nothing was sent. Fix those rows and apply again."))
    }

    @Test func planDecisionsWithoutAServer() throws {
        let today = CalendarDate(unixSeconds: 1_796_256_000)
        func license(_ serial: String, _ uid: String?, _ entitlements: [Entitlement], _ days: Int) -> License {
            License(serial: serial, issuedTo: "Acme", targetUID: uid, entitlements: entitlements, expireAt: LicenseInstant(date: today.adding(days: days)))
        }
        let fleet = [
            license("2026-0000-00000001", "a", [.lua], 30), license("2026-0000-00000002", "b", [.lua], 30),
            license("2026-0000-00000003", "c", [.lua], -5), license("2026-0000-00000004", "d", [.lua], 10),
        ]
        let rows = try read("""
            target_uid,issued_to,entitlements,expire_at,duration_days
            a,Acme,lua,,365
            b,Acme,lua,\(today.adding(days: 60)),
            c,Acme,lua mqtt,,
            e,Acme,lua,,
            """)
        let plan = try ProvisioningPlan.make(rows: rows, licenses: fleet, path: "f", today: today)
        #expect(plan.steps.map(\.action.name) == ["unchanged", "renew", "skip", "create"], "a term in days never renews; an expired license needs a date to be re-issued")
        let pruned = try ProvisioningPlan.make(rows: rows, licenses: fleet, path: "f", today: today, prune: true)
        #expect(pruned.steps.last?.action == .delete(serials: ["2026-0000-00000004"], keeping: nil))
        #expect(pruned.deletes == 1)
    }
}

/// The dashboard's re-issue: the form prefilled with the license's fields and
/// expiry, a question before anything is sent, then one re-issue against the sandbox.
@Suite("Dashboard re-issue")
struct DashboardReissueTests {
    @Test func moveToAnotherDeviceAsksThenReplacesTheLicenseKeepingItsExpiry() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client()
            let old = try await client.createLicense(CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], expiry: .durationDays(120), targetUID: "box-1", texts: [.notes: "rack 4"]))
            let now = currentUnixSeconds()
            var state = DashboardState(source: .init(endpoint: sandbox.baseURL, isSandbox: true, readOnly: false), now: now, size: (120, 40))
            _ = Reducer.reduce(&state, .refreshDue)
            _ = Reducer.reduce(&state, .fetched([old], at: now))
            func press(_ keys: KeyPress...) -> [Effect] { keys.flatMap { Reducer.reduce(&state, .key($0)) } }

            #expect(press(.character("i")).isEmpty)
            guard case .create(let form)? = state.overlay else { Issue.record("no re-issue form"); return }
            #expect(form.replacing?.serial == old.serial)
            #expect(form.targetUID.text == "box-1" && form[text: .notes].text == "rack 4" && form.entitlements == [.lua])
            #expect(form.expiry.request == .date(old.expireAt.date))
            for _ in 0..<5 { _ = press(.backspace) }
            for character in "box-2" { _ = press(.character(character)) }
            // Enter asks first; any key but y goes back with nothing sent.
            #expect(press(.enter).isEmpty)
            #expect(DashboardView.render(state).text.contains("then delete \(old.serial)"))
            #expect(press(.character("n")).isEmpty)
            #expect(press(.enter).isEmpty)
            let effects = press(.character("y"))
            guard case .reissue(let replacing, let request)? = effects.first else { Issue.record("no re-issue sent: \(effects)"); return }
            #expect(replacing == old.serial)
            #expect(request.targetUID == "box-2")
            #expect(request.expiry == .date(old.expireAt.date))

            let reissue = try await client.reissueLicense(replacing: replacing, with: request, format: .object)
            _ = Reducer.reduce(&state, .reissued(old: replacing, reissue))
            guard case .done(let new) = reissue else { Issue.record("not done: \(reissue)"); return }
            #expect(state.overlay == nil)
            #expect(state.selectedLicense?.serial == new.serial)
            #expect(new.targetUID == "box-2" && new.expireAt.date == old.expireAt.date)
            await #expect(throws: LicensingError.self) { _ = try await client.license(serial: old.serial) }

            // Read-only refuses before any form opens.
            var readOnly = DashboardState(source: .init(endpoint: sandbox.baseURL, isSandbox: true, readOnly: true), now: now, size: (120, 40))
            _ = Reducer.reduce(&readOnly, .refreshDue)
            _ = Reducer.reduce(&readOnly, .fetched([new], at: now))
            #expect(Reducer.reduce(&readOnly, .key(.character("i"))).isEmpty)
            #expect(readOnly.overlay == nil)
        }
    }
}

/// The re-issue's order, with scripted server answers: what is deleted, when, and what is put back.
@Suite("Re-issue order")
struct ReissueOrderTests {
    final class Script: @unchecked Sendable {
        var creates: [Result<License, LicensingError>]
        var deletes = 0
        var created: [CreateLicenseRequest] = []
        init(_ creates: [Result<License, LicensingError>]) { self.creates = creates }

        func create(_ request: CreateLicenseRequest) throws(LicensingError) -> License {
            created.append(request)
            return try creates.removeFirst().get()
        }
    }

    let today = CalendarDate(unixSeconds: 1_796_256_000)
    var old: License { License(serial: "2026-0000-00000001", issuedTo: "Acme", targetUID: "box-1", entitlements: [.lua], expireAt: LicenseInstant(date: today.adding(days: 100))) }
    func new(_ serial: String, days: Int = 100, device: String = "box-1") -> License {
        License(serial: serial, issuedTo: "Acme", targetUID: device, entitlements: [.lua, .mqttSink], expireAt: LicenseInstant(date: today.adding(days: days)))
    }
    var request: CreateLicenseRequest { CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua, .mqttSink], expiry: .date(today.adding(days: 100)), targetUID: "box-1") }

    func perform(_ script: Script, old: License?, request: CreateLicenseRequest) async throws(LicensingError) -> Reissue {
        try await Reissue.perform(
            replacing: old, with: request, today: today,
            create: { (request) async throws(LicensingError) -> License in try script.create(request) },
            delete: { () async throws(LicensingError) in script.deletes += 1 })
    }

    @Test func aConflictFromAnotherLicenseDeletesNothing() async {
        // Moving to box-2, where another license holds lua: the 409 is not about the old license.
        let script = Script([.failure(.conflict(message: "box-2 already holds lua"))])
        var moving = request
        moving.targetUID = "box-2"
        do {
            _ = try await perform(script, old: old, request: moving)
            Issue.record("a refused create reported a re-issue")
        } catch {
            #expect(script.deletes == 0, "nothing deleted when the old license is not what is in the way")
        }
    }

    @Test func aReplacementThatFailsAfterTheDeletePutsTheOldLicenseBack() async throws {
        let script = Script([
            .failure(.conflict(message: "box-1 already holds lua")), .failure(.forbidden(message: "term")),
            .success(new("2026-0000-00000009")),
        ])
        let reissue = try await perform(script, old: old, request: request)
        guard case .restored(let restored, _) = reissue else { Issue.record("\(reissue)"); return }
        #expect(restored.serial == "2026-0000-00000009")
        #expect(script.deletes == 1)
        #expect(script.created.last?.expiry == .date(old.expireAt.date) && script.created.last?.entitlements == [.lua], "created again with its own fields and expiry")
    }

    @Test func aRateLimitedReplacementIsPacedNotAbandoned() async throws {
        let script = Script([
            .failure(.conflict(message: "box-1 already holds lua")), .failure(.rateLimited(retryAfterSeconds: 0.1, message: "slow down")),
            .success(new("2026-0000-00000002")),
        ])
        let reissue = try await perform(script, old: old, request: request)
        guard case .done(let license) = reissue else { Issue.record("\(reissue)"); return }
        #expect(license.serial == "2026-0000-00000002")
    }

    @Test func aNewLicenseShorterThanPlannedKeepsTheOldOne() async throws {
        let script = Script([.success(new("2026-0000-00000003", days: 30, device: "box-1"))])
        let reissue = try await perform(script, old: old, request: request)
        guard case .oldKept = reissue else { Issue.record("\(reissue)"); return }
        #expect(script.deletes == 0)
    }

    @Test func planRefusesAMoveOntoADeviceHoldingTheSameEntitlementAndOddFiles() throws {
        let fleet = [old, License(serial: "2026-0000-00000005", issuedTo: "Acme", targetUID: "box-2", entitlements: [.lua], expireAt: LicenseInstant(date: today.adding(days: 10)))]
        let rows = try ProvisioningFile.read(Array("serial,target_uid,issued_to,entitlements\n2026-0000-00000001,box-2,Acme,lua\n".utf8), path: "f")
        let plan = try ProvisioningPlan.make(rows: rows, licenses: fleet, path: "f", today: today)
        guard case .skip(_, let reason) = plan.steps[0].action else { Issue.record("\(plan.steps)"); return }
        #expect(reason.contains("already holds 2026-0000-00000005"))
        #expect(throws: ProvisioningFileError.self) { try ProvisioningFile.read(Array("[{\"targetUid\": \"box-1\", \"issued_to\": \"A\", \"entitlements\": [\"lua\"]}]".utf8), path: "f") }
    }
}
