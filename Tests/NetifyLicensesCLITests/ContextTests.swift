import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import NetifyLicensing
import SandboxTestSupport
import TerminalUI
import Testing

/// Contexts through the real binary: two sandboxes (two endpoints), and two
/// keys on one of them. What reaches which server is asserted on the server's side.
@Suite("Contexts", .serialized)
struct ContextTests {
    struct World {
        let east: TestSandbox
        let west: TestSandbox
        let trialKey: String
        let home = TestSandbox.temporaryDirectory()
        var config: String { home + "/config" }
        var environment: [String: String] { ["HOME": home, "NETIFY_CONFIG": config] }

        static func start() async throws -> World {
            let east = try await TestSandbox.startWithFleet()
            let west = try await TestSandbox.startWithFleet()
            let trialKey = try await east.issueKey(KeyPolicy(maximumTermDays: 7))
            let world = World(east: east, west: west, trialKey: trialKey)
            for (name, key) in [("east", east.key), ("trial", trialKey), ("west", west.key)] {
                let path = world.home + "/\(name).key"
                try (key + "\n").write(toFile: path, atomically: false, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
            try """
                # three contexts, east the default
                context.east.endpoint      = \(east.baseURL)
                context.east.api_key_file  = \(world.home)/east.key
                context.trial.endpoint     = \(east.baseURL)
                context.trial.api_key_file = \(world.home)/trial.key
                context.west.endpoint      = \(west.baseURL)
                context.west.api_key_file  = \(world.home)/west.key
                context.west.readonly      = true
                context.west.color         = red
                current_context            = east   # production

                """.write(toFile: world.config, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: world.config)
            return world
        }

        func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> BuiltBinary.Run {
            try await BuiltBinary.run(arguments, environment: environment.merging(extra) { $1 })
        }

        func stop() async {
            await east.stop()
            await west.stop()
        }
    }

    @Test func eachContextReachesItsOwnEndpointWithItsOwnKey() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            let trialClient = try world.east.client(key: world.trialKey)
            let license = try await trialClient.createLicense(CreateLicenseRequest(issuedTo: "Trial", entitlements: [.lua], expiry: .durationDays(2)))

            let all = try await world.run(["list", "--all-contexts", "--output", "json"])
            #expect(all.exitCode == 0, "\(all.standardError)")
            let listed = try #require(JSONParser.parse(all.standardOutput).arrayValue)
            let eastCount = try await world.east.client().readableLicenses().count
            let westCount = try await world.west.client().readableLicenses().count
            #expect(listed.filter { $0["context"]?.stringValue == "east" }.count == eastCount)
            #expect(listed.filter { $0["context"]?.stringValue == "west" }.count == westCount)
            #expect(listed.filter { $0["context"]?.stringValue == "trial" }.map { $0["serial"]?.stringValue } == [license.serial])

            // A renew in the trial context goes to the trial key: its 7-day maximum, its license.
            let renew = try await world.run(["renew", license.serial, "--context", "trial", "--duration-days", "7"])
            #expect(renew.exitCode == 0, "\(renew.standardError)")
            #expect(try await trialClient.license(serial: license.serial).expireAt.date == CalendarDate.today().adding(days: 7))
            // The journal names the context each change was made through; --context narrows it.
            let history = try await world.run(["history", "--output", "json"])
            let entries = try #require(JSONParser.parse(history.standardOutput).arrayValue)
            #expect(entries.contains { $0["serial"]?.stringValue == license.serial && $0["context"]?.stringValue == "trial" }, "\(history.standardOutput)")
            let eastOnly = try await world.run(["history", "--context", "east", "--output", "json"])
            #expect(try #require(JSONParser.parse(eastOnly.standardOutput).arrayValue).allSatisfy { $0["serial"]?.stringValue != license.serial })
            // The same serial through the east key is not that key's license.
            let wrongKey = try await world.run(["renew", license.serial, "--duration-days", "7"])
            #expect(wrongKey.exitCode == 2, "\(wrongKey.standardError)")
            #expect(wrongKey.standardError.contains("error [east]:"), "the message names the context: \(wrongKey.standardError)")

            // NETIFY_CONTEXT chooses as --context does.
            let west = try await world.run(["list", "--output", "json"], extra: ["NETIFY_CONTEXT": "west"])
            #expect(try #require(JSONParser.parse(west.standardOutput).arrayValue).count == westCount)
        }
    }

    @Test func aReadOnlyContextRefusesEveryWriteWithNothingSent() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            let before = try await world.west.client().readableLicenses()
            let serial = try #require(before.first?.serial)
            let devices = world.home + "/devices.csv"
            try "target_uid,issued_to,entitlements\nbox-1,Acme,lua\n".write(toFile: devices, atomically: false, encoding: .utf8)
            let writes: [[String]] = [
                ["create", "--issued-to", "X", "--entitlement", "lua"],
                ["renew", serial, "--expire-at", CalendarDate.today().adding(days: 300).description],
                ["delete", serial, "--yes"],
                ["apply", devices, "--yes"],
            ]
            for arguments in writes {
                let run = try await world.run(arguments + ["--context", "west"])
                #expect(run.exitCode != 0, "\(arguments)")
                #expect(run.standardError.contains("The context west is read-only"), "\(arguments): \(run.standardError)")
            }
            let after = try await world.west.client().readableLicenses()
            #expect(after.map(\.serial) == before.map(\.serial))
            #expect(after.map(\.expireAt) == before.map(\.expireAt))
        }
    }

    @Test func oneContextDownLeavesTheOthersAnswering() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            await world.west.stop()
            let list = try await world.run(["list", "--all-contexts", "--output", "json"])
            #expect(list.exitCode == 9, "\(list.standardError)")
            #expect(list.standardError.contains("error [west]:"))
            let contexts = Set(try #require(JSONParser.parse(list.standardOutput).arrayValue).compactMap { $0["context"]?.stringValue })
            #expect(contexts == ["east"], "trial has no licenses; east answered")

            let check = try await world.run(["check", "--all-contexts", "--warning", "3650", "--critical", "0"])
            #expect(check.exitCode == 3 || check.exitCode == 2, "the worst state wins: \(check.standardOutput)")
            #expect(check.standardOutput.contains("west UNKNOWN"))
            #expect(check.standardOutput.contains("east_expired="), "\(check.standardOutput)")

            let metrics = try await world.run(["metrics", "--all-contexts"])
            #expect(metrics.standardOutput.contains("netify_license_source_up{context=\"west\"} 0"))
            #expect(metrics.standardOutput.contains("netify_license_source_up{context=\"east\"} 1"))
            #expect(metrics.standardOutput.contains("netify_license_expiry_timestamp_seconds{context=\"east\",serial="))
        }
    }

    @Test func useContextRewritesOnlyThatLineKeepingCommentsAndMode() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            let before = try String(contentsOfFile: world.config, encoding: .utf8)
            let switched = try await world.run(["config", "use-context", "west"])
            #expect(switched.exitCode == 0, "\(switched.standardError)")
            let after = try String(contentsOfFile: world.config, encoding: .utf8)
            #expect(after.contains("current_context            = west   # production"), "the line keeps its layout: \(after)")
            #expect(after.contains("# three contexts, east the default"))
            #expect(after.split(separator: "\n").count == before.split(separator: "\n").count)
            let mode = try #require(FileManager.default.attributesOfItem(atPath: world.config)[.posixPermissions] as? Int)
            #expect(mode == 0o600)
            let unknown = try await world.run(["config", "use-context", "north"])
            #expect(unknown.exitCode == 1)
            #expect(unknown.standardError.contains("its contexts are east, trial, west"))
            #expect(try String(contentsOfFile: world.config, encoding: .utf8) == after, "a refused switch changes nothing")

            let listed = try await world.run(["config", "contexts"])
            #expect(listed.standardOutput.contains("*        west"), "\(listed.standardOutput)")
            #expect(!listed.standardOutput.contains(world.east.key), "keys are masked")
        }
    }
}

/// The dashboard's all-contexts view, its reducer driven by keys and its
/// effects carried out through the same joined client the runtime uses.
@Suite("Dashboard across contexts", .serialized)
struct DashboardContextsTests {
    @Test func bulkRenewAcrossContextsReachesEachKeyAndARefusedContextChangesNothing() async throws {
        let world = try await ContextTests.World.start()
        try await withCleanup({ await world.stop() }) {
            let eastClient = try world.east.client(), trialClient = try world.east.client(key: world.trialKey), westClient = try world.west.client()
            let request = CreateLicenseRequest(issuedTo: "Ctxtest", entitlements: [.lua], expiry: .durationDays(2))
            let onEast = try await eastClient.createLicense(request)
            let onTrial = try await trialClient.createLicense(request)
            let onWest = try await westClient.createLicense(request)
            let all = AllContextsAPI([
                .init(name: "east", client: LicensePipeline(endpoint: eastClient)), .init(name: "trial", client: LicensePipeline(endpoint: trialClient)),
                .init(name: "west", client: LicensePipeline(endpoint: westClient).readOnly(context: "west")),
            ])
            let now = currentUnixSeconds()
            var state = DashboardState(source: .init(endpoint: "every context", isSandbox: false, readOnly: false, context: "all"), now: now, size: (160, 50))
            state.contextNames = ["east", "trial", "west"]
            func refresh() async throws {
                _ = Reducer.reduce(&state, .refreshDue)
                var prepared = PreparedCatalog(try await all.licenseList(format: .object, expectedCount: 0).licenses, sort: state.sort, thresholds: state.thresholds, now: now)
                (prepared.owners, prepared.staleContexts) = await all.ownership()
                _ = Reducer.reduce(&state, .fetchedPrepared(prepared, at: now))
            }
            func carryOut(_ effects: [Effect]) async {
                await EffectRunner.carryOut(effects, on: &state, client: LicensePipeline(endpoint: all))
            }
            func keys(_ keys: KeyPress...) async {
                for key in keys { await carryOut(Reducer.reduce(&state, .key(key))) }
            }
            try await refresh()
            #expect(state.licenseContexts?[onTrial.serial] == "trial" && state.licenseContexts?[onWest.serial] == "west")
            // A create has no context to go to in this view.
            await keys(.character("c"))
            #expect(state.overlay == nil)
            #expect(state.message?.text.contains("choose the context to create in") == true)

            // ctx:NAME narrows to one context.
            await keys(.character("/"))
            for character in "ctx:trial Ctxtest" { await keys(.character(character)) }
            await keys(.enter)
            #expect(state.visible.map { state.catalog.licenses[$0].serial } == [onTrial.serial])
            await keys(.character("/"), .control("u"))
            for character in "Ctxtest" { await keys(.character(character)) }
            await keys(.enter)
            #expect(state.visible.count == 3)

            // Every one marked, renewed for 7 days: each through its own context's key.
            await keys(.character("a"), .character("r"), .right, .right, .tab, .character("7"), .enter, .character("y"))
            let week = CalendarDate.today().adding(days: 7)
            #expect(try await eastClient.license(serial: onEast.serial).expireAt.date == week)
            #expect(try await trialClient.license(serial: onTrial.serial).expireAt.date == week)
            #expect(try await westClient.license(serial: onWest.serial).expireAt == onWest.expireAt, "the read-only context sent nothing")
            guard case .bulkReport(let report)? = state.overlay else { Issue.record("no report: \(String(describing: state.overlay))"); return }
            #expect("\(report)".contains("read-only"))

            // One context down: its rows stay, marked stale; the others refresh.
            await keys(.escape)
            await world.west.stop()
            try await refresh()
            #expect(state.staleContexts.keys.sorted() == ["west"])
            #expect(state.licenseContexts?[onWest.serial] == "west", "the stale context's rows are kept")
            #expect(DashboardView.render(state).text.contains("west STALE"))
            #expect(DashboardView.render(state).text.contains("stale: west"))
        }
    }

    @Test func ctxCommandSwitchesCompletesAndRefusesUnknownNames() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: false, readOnly: false, context: "east"), now: currentUnixSeconds(), size: (120, 30))
        state.contextNames = ["east", "trial", "west"]
        func command(_ text: String, tab: Bool = false) -> [Effect] {
            var effects = Reducer.reduce(&state, .key(.character(":")))
            for character in text { effects += Reducer.reduce(&state, .key(.character(character))) }
            if tab { effects += Reducer.reduce(&state, .key(.tab)) }
            return effects + Reducer.reduce(&state, .key(.enter))
        }
        #expect(command("ctx west") == [.switchContext("west")])
        #expect(command("ctx all") == [.switchContext("all")])
        #expect(command("ctx north").isEmpty)
        #expect(state.message?.text.contains("the contexts are east, trial, west and all") == true)
        #expect(command("ctx tr", tab: true) == [.switchContext("trial")], "tab completes the context's name")
        #expect(command("ctx east").isEmpty, "already there")
    }
}
