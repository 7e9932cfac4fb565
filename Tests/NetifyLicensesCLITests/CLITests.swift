import Foundation
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import ProcessSpawning
import SandboxTestSupport
import TerminalUI
import Testing

/// The real binary against a real sandbox, asserting stdout, stderr and the exit code.
@Suite("Command-line interface")
struct CLITests {
    /// A sandbox holding licenses with known expiry dates relative to today.
    /// A sandbox holding the shared test fleet (`TestFleet`), expiries relative to today.
    struct Fleet {
        let sandbox: TestSandbox
        let environment: [String: String]
        let today = CalendarDate.today()

        static func start(policy: KeyPolicy = .unrestricted) async throws -> Fleet {
            let sandbox = try await TestSandbox.startWithFleet(policy: policy)
            return Fleet(sandbox: sandbox, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
        }

        func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) async throws -> BuiltBinary.Run {
            try await BuiltBinary.run(arguments, environment: environment.merging(extra) { $1 }, input: input)
        }

        func stop() async { await sandbox.stop() }
    }

    func serials(_ json: String) throws -> [String] {
        try #require(JSONParser.parse(json).arrayValue).compactMap { $0["serial"]?.stringValue }
    }

    /// The serials a `renew --dry-run --output json` plan would send.
    func plannedSerials(_ json: String) throws -> [String] {
        try #require(JSONParser.parse(json)["licenses"]?.arrayValue).filter { $0["action"]?.stringValue != "skip" }.compactMap { $0["serial"]?.stringValue }
    }

    @Test func listPipesCleanJSONSortedAndFiltered() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let all = try await fleet.run(["list"])
            #expect(all.exitCode == 0)
            #expect(all.standardError.isEmpty)
            #expect(try serials(all.standardOutput) == (1...7).map { "2026-0000-0000000\($0)" })
            let reversed = try await fleet.run(["list", "--sort", "issued-to", "--reverse", "--output", "json"])
            #expect(try serials(reversed.standardOutput).first == "2026-0000-00000003")
            // A short entitlement name, as the table shows it, is accepted as a filter.
            let filtered = try await fleet.run(["list", "--filter", "acme", "--entitlement", "app-sigs"])
            #expect(try serials(filtered.standardOutput) == ["2026-0000-00000005"])
            let netifyd = try await fleet.run(["list", "--format", "netifyd", "--status", "ok"])
            let document = try #require(JSONParser.parse(netifyd.standardOutput).arrayValue?.first)
            #expect(document["netify-proc-aggregator"]?["not_valid_after"] != nil)
        }
    }

    @Test func listSummaryCountsEachStatusAndWeek() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let run = try await fleet.run(["list", "--summary", "--output", "json"])
            #expect(run.exitCode == 0)
            let summary = try JSONParser.parse(run.standardOutput)
            #expect(summary["statuses"]?["expired"]?.lenientInteger == 2)
            #expect(summary["statuses"]?["critical"]?.lenientInteger == 2)
            #expect(summary["statuses"]?["warning"]?.lenientInteger == 1)
            #expect(summary["statuses"]?["ok"]?.lenientInteger == 2)
            #expect(summary["weeks"]?.arrayValue?.prefix(3).map { $0["count"]?.lenientInteger } == [2, 0, 1])
            #expect(summary["later"]?.lenientInteger == 2)
            let table = try await fleet.run(["list", "--summary", "--output", "table"])
            #expect(table.standardOutput.contains("WEEK FROM"))
            #expect(table.standardOutput.contains("█"))
        }
    }

    @Test func expiringWithinExcludesExpiredAndIncludesTheLastDay() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let expiring = try await fleet.run(["list", "--expiring-within", "7"])
            #expect(try serials(expiring.standardOutput) == ["2026-0000-00000003", "2026-0000-00000004"])
            let expired = try await fleet.run(["list", "--status", "expired"])
            #expect(try serials(expired.standardOutput) == ["2026-0000-00000001", "2026-0000-00000002"])
            let critical = try await fleet.run(["list", "--status", "critical", "--output", "csv"])
            let lines = critical.standardOutput.split(separator: "\r\n")
            #expect(lines.first == "serial,issued_to,entitlements,target_uid,expire_at,days_left,status,renewable,description,notes")
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("2026-0000-00000003,東京ネットワーク株式会社,netify-proc-flow-actions netify-sink-mqtt,dev-42,"))
        }
    }

    @Test func createShowRenewExportDeleteRoundTrip() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let created = try await fleet.run(["create", "--issued-to", "Zürich Mesh AG", "--entitlement", "netify-proc-lua", "--entitlement", "netify-sink-ubus", "--duration-days", "10", "--target-uid", "dev-7", "--notes", "pilot"])
            #expect(created.exitCode == 0, "\(created.standardError)")
            let serial = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(serial.count == 18)

            let shown = try await fleet.run(["show", serial, "--output", "table"])
            #expect(shown.standardOutput.contains("Zürich Mesh AG"))
            #expect(shown.standardOutput.contains("in 10 days"))

            let target = fleet.today.adding(days: 200)
            let renewed = try await fleet.run(["renew", serial, "--expire-at", target.description, "--output", "json"])
            #expect(try JSONParser.parse(renewed.standardOutput)["expire_at"]?["date"]?.stringValue == target.description)

            let file = TestSandbox.temporaryDirectory() + "/license.json"
            let exported = try await fleet.run(["export", serial, "-o", file])
            #expect(exported.exitCode == 0)
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? Int) == 0o644)
            let agent = try JSONParser.parse(String(contentsOfFile: file, encoding: .utf8))
            #expect(agent["netify-sink-ubus"]?["not_valid_after"]?.stringValue == target.description)
            #expect(agent["target_uid"] == "dev-7")
            let again = try await fleet.run(["export", serial, "-o", file])
            #expect(again.exitCode == 1)
            #expect(again.standardError.contains("--force"))
            let forced = try await fleet.run(["export", serial, "-o", file, "--force"])
            #expect(forced.exitCode == 0)

            let refused = try await fleet.run(["delete", serial])
            #expect(refused.exitCode == 1)
            #expect(refused.standardError.contains("--yes"))
            let deleted = try await fleet.run(["delete", serial, "--yes"])
            #expect(deleted.exitCode == 0)
            #expect(deleted.standardOutput == "deleted \(serial)\n")
            let gone = try await fleet.run(["show", serial])
            #expect(gone.exitCode == 2)
            #expect(gone.standardOutput.isEmpty)
            #expect(gone.standardError.hasPrefix("error: No license \(serial)"))
        }
    }

    @Test func bulkRenewListsThenRenewsEachAndSkipsTheUnrenewable() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let dryRun = try await fleet.run(["renew", "--expiring-within", "20", "--dry-run"])
            #expect(dryRun.exitCode == 0)
            // The plan, not the licenses: 0003 can be renewed to any key's maximum; 0005 once the maximum is learned.
            #expect(try plannedSerials(dryRun.standardOutput) == ["2026-0000-00000003", "2026-0000-00000005"])
            #expect(try JSONParser.parse(dryRun.standardOutput)["licenses"]?.arrayValue?[2]["action"] == "renew-after-learning")
            #expect(dryRun.standardError.contains("skip   2026-0000-00000004  not renewable"))
            let untouched = try await fleet.run(["list", "--expiring-within", "20"])
            #expect(try serials(untouched.standardOutput).count == 3)

            // Without a terminal to ask on, a bulk renew needs its yes said.
            let unasked = try await fleet.run(["renew", "--expiring-within", "20", "--duration-days", "90"])
            #expect(unasked.exitCode == 1)
            #expect(unasked.standardError.contains("refusing to renew 2 licenses without confirmation"), "\(unasked.standardError)")
            #expect(try serials(try await fleet.run(["list", "--expiring-within", "20"]).standardOutput).count == 3, "nothing renewed")
            let bulk = try await fleet.run(["renew", "--expiring-within", "20", "--duration-days", "90", "--yes"])
            #expect(bulk.exitCode == 0, "\(bulk.standardError)")
            #expect(bulk.standardError.contains("2 renewed, 1 skipped, 0 failed."))
            let renewed = try JSONParser.parse(bulk.standardOutput).arrayValue ?? []
            #expect(renewed.map { $0["expire_at"]?["date"]?.stringValue } == [fleet.today.adding(days: 90).description, fleet.today.adding(days: 90).description])
        }
    }

    /// Delete, a bulk renew and apply ask by one policy: without a terminal
    /// and without --yes each is refused in the same words, nothing sent.
    @Test func everyCommandThatActsWithoutUndoAsksByOnePolicy() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let delete = try await fleet.run(["delete", "2026-0000-00000001", "2026-0000-00000002"])
            #expect(delete.exitCode == 1)
            #expect(delete.standardError == "error: refusing to delete 2 licenses without confirmation: there is no terminal to ask on; check the serials and pass --yes.\n")
            let renew = try await fleet.run(["renew", "--expiring-within", "20", "--duration-days", "90"])
            #expect(renew.exitCode == 1)
            #expect(renew.standardError.hasSuffix("error: refusing to renew 2 licenses without confirmation: there is no terminal to ask on; check the plan above (or --dry-run) and pass --yes.\n"), "\(renew.standardError)")
            let apply = try await fleet.run(["apply", "-"], input: "target_uid,issued_to,entitlements,expire_at,duration_days\nbox-9,Acme,lua,,90\n")
            #expect(apply.exitCode == 1)
            #expect(apply.standardError.hasSuffix("error: refusing to apply standard input without confirmation: standard input is the file, so there is no terminal to ask on; check the plan (--dry-run) and pass --yes.\n"), "\(apply.standardError)")
            let list = try await fleet.run(["list"])
            #expect(try serials(list.standardOutput) == (1...7).map { "2026-0000-0000000\($0)" }, "nothing deleted or created")
            #expect(try serials(try await fleet.run(["list", "--expiring-within", "20"]).standardOutput).count == 3, "nothing renewed")
        }
    }

    @Test func aRenewThatWouldShortenIsRefusedSkippedOrAllowedWhenAskedFor() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let later = fleet.today.adding(days: 120)
            let refused = try await fleet.run(["renew", "2026-0000-00000006", "--duration-days", "30"])
            #expect(refused.exitCode == 10)
            #expect(refused.standardError.contains("would move the expiry earlier, from \(later) to \(fleet.today.adding(days: 30))"))
            #expect(refused.standardError.contains("--allow-earlier"))
            let unchanged = try await fleet.run(["show", "2026-0000-00000006", "--output", "json"])
            #expect(try JSONParser.parse(unchanged.standardOutput)["expire_at"]?["date"]?.stringValue == later.description)

            // Bulk: the plan names each target date, and what would shorten is skipped with its reason.
            let plan = try await fleet.run(["renew", "--expiring-within", "200", "--duration-days", "60", "--dry-run"])
            #expect(plan.exitCode == 0)
            #expect(plan.standardError.contains("2026-0000-00000005  \(fleet.today.adding(days: 20)) → \(fleet.today.adding(days: 60)), +40 days"))
            #expect(plan.standardError.contains("skip   2026-0000-00000006  this would move the expiry earlier"))
            let bulk = try await fleet.run(["renew", "--expiring-within", "200", "--duration-days", "60", "--output", "table", "--yes"])
            #expect(bulk.exitCode == 0, "\(bulk.standardError)")
            #expect(bulk.standardOutput.contains("2026-0000-00000005 renewed: \(fleet.today.adding(days: 20)) → \(fleet.today.adding(days: 60)), +40 days"))
            #expect(!bulk.standardOutput.contains("2026-0000-00000006"))
            #expect(bulk.standardError.contains("2 renewed, 3 skipped, 0 failed."))

            let allowed = try await fleet.run(["renew", "2026-0000-00000006", "--duration-days", "30", "--allow-earlier", "--output", "table"])
            #expect(allowed.exitCode == 0)
            #expect(allowed.standardOutput == "2026-0000-00000006 shortened: \(later) → \(fleet.today.adding(days: 30)), -90 days (allowed)\n")
        }
    }

    @Test func badInputGetsAClearErrorAndAUsageExitCode() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let cases: [([String], String)] = [
                (["create", "--issued-to", "A", "--entitlement", "netify-proc-teleport"], "not an entitlement"),
                (["create", "--issued-to", "A", "--entitlement", "netify-proc-lua", "--expire-at", "31/12/2027"], "YYYY-MM-DD"),
                (["create", "--issued-to", "A", "--entitlement", "netify-proc-lua", "--duration-days=-5"], "--duration-days must be a whole number of days from 1 to 36500"),
                (["renew", "2026-0000-00000003", "--duration-days", "0"], "from 1 to 36500"),
                (["create", "--issued-to", "A", "--entitlement", "lua", "--expire-at", "2025-10-13"], "--expire-at must be after today"),
                (["create", "--issued-to", String(repeating: "x", count: 282), "--entitlement", "lua"], "--issued-to is 282 characters long; the limit is 200"),
                (["show", "garbage"], "YYYY-NNNN-NNNNNNNN"),
                (["delete", "2026-0000-00000001", "nope"], "YYYY-NNNN-NNNNNNNN"),
                (["renew"], "--expiring-within"),
                (["list", "--sort", "colour"], "colour"),
                (["list", "--status", "fine"], "fine"),
            ]
            for (arguments, message) in cases {
                let run = try await fleet.run(arguments)
                #expect(run.exitCode == 1, "\(arguments)")
                #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
                #expect(run.standardOutput.isEmpty)
            }
        }
    }

    @Test func serverRefusalsMapToDistinctExitCodes() async throws {
        let fleet = try await Fleet.start(policy: KeyPolicy(maximumTermDays: 30, allowedEntitlements: [.lua, .flowActions]))
        try await withCleanup({ await fleet.stop() }) {
            let forbidden = try await fleet.run(["create", "--issued-to", "A", "--entitlement", "netify-sink-mqtt"])
            #expect(forbidden.exitCode == 3)
            let tooLong = try await fleet.run(["renew", "2026-0000-00000003", "--duration-days", "31"])
            #expect(tooLong.exitCode == 3)
            let conflict = try await fleet.run(["renew", "2026-0000-00000004", "--duration-days", "20"])
            #expect(conflict.exitCode == 5)
            let unknown = try await fleet.run(["show", "2025-7546-23742565"])
            #expect(unknown.exitCode == 2)
            let otherKey = try await fleet.run(["show", "2026-0000-00000001"], environment: ["NETIFY_API_KEY": try await fleet.sandbox.issueKey()])
            #expect(otherKey.exitCode == 2)
            let noKey = try await fleet.run(["list"], environment: ["NETIFY_API_KEY": ""])
            #expect(noKey.exitCode == 3)
            #expect(noKey.standardError.contains("No API key is configured"))
            let wrongKey = try await fleet.run(["list"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40)])
            #expect(wrongKey.exitCode == 3)
            let unreachable = try await fleet.run(["list"], environment: ["NETIFY_ENDPOINT": "http://127.0.0.1:9"])
            #expect(unreachable.exitCode == 7)
            #expect(unreachable.standardError.contains("error: Could not connect to 127.0.0.1:9: connection refused. Is the server running?"))
            let plainHTTP = try await fleet.run(["list"], environment: ["NETIFY_ENDPOINT": "http://licenses.example.com"])
            #expect(plainHTTP.exitCode == 1)
            #expect(plainHTTP.standardError.contains("plain http"))
        }
    }

    @Test func aRateLimitedKeyExitsWithItsOwnCode() async throws {
        let fleet = try await Fleet.start(policy: KeyPolicy(requestsPerMinute: 1))
        try await withCleanup({ await fleet.stop() }) {
            let first = try await fleet.run(["list"])
            #expect(first.exitCode == 0)
            let limited = try await fleet.run(["create", "--issued-to", "A", "--entitlement", "netify-proc-lua"])
            #expect(limited.exitCode == 6)
            #expect(limited.standardError.contains("429"))
        }
    }

    @Test func userThemesComeFirstAndUnknownNamesPointAtTheConfiguredDirectory() async throws {
        let configHome = TestSandbox.temporaryDirectory() + "/elsewhere"
        let directory = configHome + "/netify-licenses/themes"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "ok = bold green\n".write(toFile: directory + "/mine.theme", atomically: true, encoding: .utf8)
        let unknown = try await BuiltBinary.run(["dashboard", "--theme", "nope"], environment: ["XDG_CONFIG_HOME": configHome])
        #expect(unknown.exitCode == 1)
        #expect(unknown.standardError.contains("monochrome") && unknown.standardError.contains("mine"))
        #expect(unknown.standardError.contains(directory))
        #expect(!unknown.standardError.contains("~/.config"))
    }

    /// A theme the settings file names that is not there: the file's line, and the themes there are.
    @Test func aThemeThatIsNotThereNamesTheSettingsLine() async throws {
        let configHome = TestSandbox.temporaryDirectory()
        let path = configHome + "/config"
        try "warning_days = 20\n\ntheme = dark\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await BuiltBinary.run(["dashboard", "--config", path], environment: ["XDG_CONFIG_HOME": configHome])
        #expect(run.exitCode == 1)
        #expect(run.standardError == """
            error: \(path):3: theme = dark is not a theme; the themes are auto, default, high-contrast, light, monochrome. \
            Choose one of them, or add dark.theme to \(configHome)/netify-licenses/themes/.

            """)
        try "theme = auto\n".write(toFile: path, atomically: true, encoding: .utf8)
        let shown = try await BuiltBinary.run(["config", "show", "--config", path])
        #expect(shown.exitCode == 0)
        let row = shown.standardOutput.split(separator: "\n").first { $0.hasPrefix("theme ") }?.split(separator: " ").map(String.init)
        #expect(row == ["theme", "auto", path], "auto is a theme name: \(shown.standardOutput)")
    }

    @Test func configShowNamesWhereEveryValueCameFrom() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let path = directory + "/config"
        try "theme = light\nwarning_days = 21\nkey.renew = R\nrenew_term = 90\n".write(toFile: path, atomically: true, encoding: .utf8)
        let shown = try await BuiltBinary.run(["config", "show", "--config", path])
        #expect(shown.exitCode == 0)
        for line in shown.standardOutput.split(separator: "\n") where ["theme", "warning_days", "key.renew", "renew_term"].contains(where: { line.hasPrefix($0) }) {
            #expect(line.hasSuffix(path), "\(line)")
        }
        // Nothing is left without a source.
        for line in shown.standardOutput.split(separator: "\n") where !line.hasPrefix("config file") {
            #expect(line.split(separator: " ", omittingEmptySubsequences: true).count >= 3, "\(line)")
        }
        let typo = try await BuiltBinary.run(["config", "show", "--config", path + "-typo"])
        #expect(typo.exitCode == 0)
        // A row for every setting of the one table, none without its value.
        let labels = Set(shown.standardOutput.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for setting in SettingTable.all where setting.shownWith == nil {
            #expect(labels.contains(setting.name == "current_context" ? "context" : setting.name), "\(setting.name)")
        }
        #expect(!shown.standardOutput.contains(" ? "))
        try "colour = red\n".write(toFile: path, atomically: true, encoding: .utf8)
        let unknown = try await BuiltBinary.run(["list", "--config", path])
        #expect(unknown.exitCode == 1)
        #expect(unknown.standardError.contains("unknown setting \"colour\""))
        // Every command reads the dashboard's lines too: a mistake there names its line.
        try "refesh_seconds = 60\n".write(toFile: path, atomically: true, encoding: .utf8)
        let misspelt = try await BuiltBinary.run(["config", "show", "--config", path])
        #expect(misspelt.standardError == "error: \(path):1: unknown setting \"refesh_seconds\"; did you mean refresh_seconds?\n")
        try "key.renew = R\nkey.delete = R\n".write(toFile: path, atomically: true, encoding: .utf8)
        let twice = try await BuiltBinary.run(["list", "--config", path])
        #expect(twice.exitCode == 1)
        #expect(twice.standardError == "error: \(path):2: key.delete = R: R is already key.renew's key (line 1); give each action its own key.\n")
    }

    @Test func configShowMasksTheKeyAndHelpListsExitCodes() async throws {
        let fleet = try await Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let config = try await fleet.run(["config", "show"])
            #expect(config.exitCode == 0)
            #expect(!config.standardOutput.contains(fleet.sandbox.key))
            #expect(config.standardOutput.contains("NETIFY_API_KEY"))
            let path = try await fleet.run(["config", "path"], environment: ["XDG_CONFIG_HOME": "/srv/cfg"])
            #expect(path.standardOutput == "/srv/cfg/netify-licenses/config\n")
            let help = try await fleet.run(["list", "--help"])
            #expect(help.standardOutput.contains("Exit codes:"))
            #expect(help.standardOutput.contains("6  rate limited"))
            let completion = try await fleet.run(["--generate-completion-script", "bash"])
            #expect(completion.exitCode == 0)
            #expect(completion.standardOutput.contains("netify-licenses"))
        }
    }
}

/// What a newcomer meets at the command line.
@Suite("Command line for a newcomer")
struct CLINewcomerTests {
    init() {}

    @Test func theEmbeddedSandboxIsReachedOnlyWhenAskedFor() async throws {
        let home = TestSandbox.temporaryDirectory()
        let environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config"]
        let refused = try await BuiltBinary.run(["list"], environment: environment)
        #expect(refused.exitCode == 3)
        #expect(refused.standardError.contains("--sandbox"))
        let listed = try await BuiltBinary.run(["list", "--sandbox", "--output", "json"], environment: environment)
        #expect(listed.exitCode == 0, "\(listed.standardError)")
        #expect((try JSONParser.parse(listed.standardOutput).arrayValue?.count) == 240)
    }

    @Test func helpAndBehaviourAgreeOnOutputStyles() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let serialOnly = try await fleet.run(["create", "--issued-to", "A", "--entitlement", "lua", "--output", "serial"])
            #expect(serialOnly.exitCode == 0, "\(serialOnly.standardError)")
            #expect(LicenseRules.isSerial(serialOnly.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
            let csv = try await fleet.run(["create", "--issued-to", "A", "--entitlement", "lua", "--output", "csv"])
            #expect(csv.exitCode == 1)
            #expect(csv.standardError.hasPrefix("error: "))
            let renewCSV = try await fleet.run(["renew", "2026-0000-00000003", "--output", "csv"])
            #expect(renewCSV.exitCode == 1)
            let showCSV = try await fleet.run(["show", "2026-0000-00000003", "--output", "csv"])
            #expect(showCSV.exitCode == 0)
            let showHelp = try await fleet.run(["show", "--help"])
            #expect(showHelp.standardOutput.contains("table, json or csv"))
        }
    }

    @Test func errorsSayEachThingOnceWithOnePrefix() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let missing = try await fleet.run(["show", "2025-7546-23742565"])
            #expect(missing.standardError == "error: No license 2025-7546-23742565 exists for this API key (404); check the serial with `netify-licenses list`.\n")
            let usage = try await fleet.run(["show", "garbage"])
            #expect(usage.standardError.hasPrefix("error: "))
            let deleted = try await fleet.run(["delete", "2026-0000-00000006", "2026-0000-00000007", "--yes"])
            #expect(deleted.standardError.contains("2 deleted, 0 kept, 0 failed."))
            // A 422: one headline naming the field, then the field's message once.
            let bound = try await CLITests.Fleet.start(policy: KeyPolicy(requiresTargetUID: true))
            try await withCleanup({ await bound.stop() }) {
                let rejected = try await bound.run(["create", "--issued-to", "A", "--entitlement", "lua"])
                #expect(rejected.exitCode == 4)
                let lines = rejected.standardError.split(separator: "\n")
                #expect(lines.first == "error: The server rejected target_uid (422); correct it and submit again.")
                #expect(lines.dropFirst().map(String.init) == ["  target_uid: is required: this API key may only issue licenses bound to a device"])
            }
        }
    }
}

/// What a hostile or careless server can put in a license never escapes its cell.
@Suite("Untrusted text in output")
struct UntrustedOutputTests {
    @Test func csvRowsCannotBeForgedAndFormulasAreNeutralised() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            let today = CalendarDate.today()
            let hostile = [
                "Acme\r\n=2+5;2026-9999-99999999,forged", "=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tTab", "\rCR",
                "quote \" inside", "comma, inside", "line\nbreak", "clip\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{9B}title",
            ]
            try await sandbox.running.service.store(hostile.enumerated().map { index, text in
                StoredLicense(
                    serial: "2026-0000-0000010\(index)", keyID: key.id, issuedTo: text, texts: [.description: text, .notes: text],
                    targetUID: nil, entitlements: [.lua], renewable: true, createdDay: today, expireDay: today.adding(days: 40 + index))
            })
            let run = try await BuiltBinary.run(["list", "--output", "csv"], environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
            #expect(run.exitCode == 0)
            // Shown on a terminal, no cell can set the clipboard, the title or clear the screen.
            #expect(!run.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) })
            // Read back by a real CSV parser: Python's csv module.
            let script = """
                import csv, json, sys
                rows = list(csv.reader(open(sys.argv[1], newline='')))
                print(json.dumps(rows))
                """
            let directory = TestSandbox.temporaryDirectory()
            try run.standardOutput.write(toFile: directory + "/out.csv", atomically: true, encoding: .utf8)
            try script.write(toFile: directory + "/read.py", atomically: true, encoding: .utf8)
            let parsed = try await Spawn.run(["python3", directory + "/read.py", directory + "/out.csv"])
            let rows = try #require(JSONParser.parse(parsed.output).arrayValue)
            #expect(rows.count == hostile.count + 1, "one header and one row per license: \(parsed.output)")
            for (index, text) in hostile.enumerated() {
                let row = try #require(rows.first { $0.arrayValue?.first?.stringValue == "2026-0000-0000010\(index)" }?.arrayValue)
                let issuedTo = try #require(row[1].stringValue)
                // Control characters show as their stand-ins (line breaks stay, quoted); a formula is neutralised.
                let visible = text.safeForDisplay(limit: .max, keepingLineBreaks: true)
                let dangerous = visible.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
                #expect(issuedTo == (dangerous ? "'" + visible : visible), "\(text.debugDescription)")
            }
        }
    }

    @Test func serverTextReachesTheTerminalWithoutEscapes() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            let today = CalendarDate.today()
            let evil = "x\u{1B}]52;c;cHduZWQ=\u{07}\r\nFAKE"
            try await sandbox.running.service.store([
                StoredLicense(
                    serial: "2026-0000-00000200", keyID: key.id, issuedTo: evil, texts: [.description: evil, .notes: evil], targetUID: nil,
                    entitlements: [.lua], renewable: true, createdDay: today, expireDay: today.adding(days: 40)),
            ])
            let environment = ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL]
            for arguments in [["list", "--output", "table"], ["show", "2026-0000-00000200", "--output", "table"]] {
                let run = try await BuiltBinary.run(arguments, environment: environment)
                #expect(run.exitCode == 0)
                #expect(!run.standardOutput.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\r" }, "\(arguments)")
                #expect(!run.standardOutput.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "\(arguments)")
            }
        }
    }
}

/// A hostile or broken server never hangs the CLI, and what it says is made safe.
@Suite("Hostile servers")
struct HostileServerCLITests {
    func run(_ server: HostileServer, timeout: Int = 2, _ arguments: [String] = ["list"]) async throws -> (BuiltBinary.Run, Double) {
        let directory = TestSandbox.temporaryDirectory()
        try "timeout_seconds = \(timeout)\ntotal_timeout_seconds = \(timeout * 3)\n".write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        let run = try await BuiltBinary.run(arguments + ["--config", directory + "/config"], environment: [
            "NETIFY_API_KEY": "abcdefghijklmnopqrstuvwxyz", "NETIFY_ENDPOINT": server.baseURL,
        ])
        let elapsed = ContinuousClock.now - start
        return (run, Double(elapsed.components.seconds))
    }

    @Test func aBodyThatTricklesEndsAtTheDeadline() async throws {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\n\r\n{\"status_code\":0,\"data\":".utf8)
        let server = try HostileServer(.trickle(head: head, interval: 0.5))
        defer { server.stop() }
        let (run, seconds) = try await run(server)
        #expect(run.exitCode == 7, "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 1, "\(run.standardError)")
        // Its status arrived: the words say the reply did not finish, not that nobody answered.
        #expect(run.standardError.contains("reply (HTTP 200) did not finish within 2 s"), "\(run.standardError)")
        // Bounded by the settings, not by the server, which never ends a reply:
        // the tool hung up, after at most the attempts total_timeout_seconds
        // (6) leaves room for at timeout_seconds (2) each.
        #expect((1...3).contains(server.requests), "\(server.requests) requests")
        // Only a guard against a hang: ten times the 6 s the settings allow.
        #expect(seconds < 60, "\(seconds) s")
    }

    @Test func anErrorWithEscapeSequencesReachesStderrMadeSafe() async throws {
        let body = #"{"status_code":401,"status_message":"x\u001b]52;c;cHduZWQ=\u0007\r\nFAKE"}"#
        let server = try HostileServer(.json(body, status: "401 Unauthorized"))
        defer { server.stop() }
        let (run, _) = try await run(server)
        #expect(run.exitCode == 3)
        #expect(!run.standardError.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\r" })
        #expect(run.standardError.split(separator: "\n").count == 1, "\(run.standardError)")
        #expect(run.standardError.contains("␛]52;c;cHduZWQ=␇␍␊FAKE"))
    }

    @Test func unreadableLicensesAreReportedAndGiveTheirOwnExitCode() async throws {
        let good = #"{"serial":"2026-0001-00000001","issued_to":"Good","entitlements":["netify-proc-lua"],"expire_at":{"unix":4102444800,"date":"2100-01-01"}}"#
        let body = #"{"status_code":0,"data":[{"serial":null,"expire_at":{"unix":1}},"# + good + #",{"serial":"2026-0001-00000002","expire_at":{"unix":9223372036854775807999}}]}"#
        let server = try HostileServer(.json(body))
        defer { server.stop() }
        let (strict, _) = try await run(server, timeout: 5, ["list", "--output", "json"])
        #expect(strict.exitCode == 11, "\(strict.standardError)")
        #expect(strict.standardError.contains("warning: 2 licenses in the reply could not be read"))
        #expect(strict.standardOutput.contains("2026-0001-00000001"))
        let (accepting, _) = try await run(server, timeout: 5, ["list", "--output", "json", "--skip-unreadable"])
        #expect(accepting.exitCode == 0)
        #expect(accepting.standardError.contains("could not be read"))
    }

    /// A 16 MiB string and numbers beyond 64 bits: read in bounded time and
    /// memory, and the numbers passed through byte for byte.
    @Test func hugeStringsAndNumbersPassThroughInBoundedTimeAndMemory() async throws {
        let huge = String(repeating: "A", count: 16 << 20)
        let body = #"{"status_code":0,"data":[{"serial":"2026-0001-00000001","issued_to":"Huge","entitlements":["netify-proc-lua"],"#
            + #""expire_at":{"unix":4102444800,"date":"2100-01-01"},"blob":""# + huge + #"","#
            + #""big":123456789012345678901234567890,"tiny":1e-400,"far":1e400,"spelled":1.50,"minus_zero":-0}]}"#
        let server = try HostileServer(.json(body))
        defer { server.stop() }
        let (run, seconds) = try await run(server, timeout: 20, ["list", "--output", "json"])
        #expect(run.exitCode == 0, "\(run.standardError.prefix(300))")
        #expect(run.standardError.isEmpty)
        // Read whole at the first request: no attempt ran out of time and was sent again.
        #expect(server.requests == 1)
        // Kept by --changes: one clean line says such a list is not worth caching.
        let changes = try await self.run(server, timeout: 20, ["list", "--changes", "--output", "json"]).0
        #expect(changes.exitCode == 0)
        #expect(changes.standardError.split(separator: "\n").count == 2, "\(changes.standardError)")
        #expect(changes.standardError.contains("is 16 MiB, beyond the cache's 1 MiB per license"))
        #expect(server.requests == 2)
        // Only a guard against a hang (the request's own deadline is 20 s); its speed is the benchmark's.
        #expect(seconds < 120, "\(seconds) s")
        #expect(run.peakMemoryBytes > 0 && run.peakMemoryBytes < 200 << 20, "peak \(run.peakMemoryBytes >> 20) MiB")
        for spelled in [#""big":123456789012345678901234567890"#, #""tiny":1e-400"#, #""far":1e400"#, #""spelled":1.50"#, #""minus_zero":-0"#] {
            #expect(run.standardOutput.contains(spelled), "\(spelled)")
        }
        #expect(run.standardOutput.utf8.count > 16 << 20)
        let table = try await self.run(server, timeout: 20, ["list", "--output", "table"]).0
        #expect(table.exitCode == 0)
        #expect(table.standardOutput.utf8.count < 10_000, "a table shows fields, never the blob")
    }

    @Test func aSuccessStatusCarryingAnErrorEnvelopeIsThatError() async throws {
        let body = #"{"status_code":401,"status_message":"Unknown key","data":[]}"#
        let server = try HostileServer(.json(body))
        defer { server.stop() }
        let (run, _) = try await run(server)
        #expect(run.exitCode == 3, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }
}

@Suite("Tables that fit")
struct TableWidthTests {
    @Test(arguments: [60, 80, 120, 200])
    func theListTableFitsTheWidthAndKeepsStatusWhole(columns: Int) async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let run = try await fleet.run(["list", "--output", "table"], environment: ["COLUMNS": String(columns)])
            #expect(run.exitCode == 0)
            let lines = run.standardOutput.split(separator: "\n")
            #expect(lines.count == 8)
            for line in lines {
                #expect(DisplayWidth.of(String(line)) <= columns, "\(columns): \(line)")
            }
            #expect(run.standardOutput.contains("▲ critical"))
            #expect(lines[0].hasPrefix("SERIAL"))
            if columns >= 120 { #expect(lines[0].contains("TARGET") && lines[0].contains("RENEWABLE")) }
            if columns <= 80 { #expect(!lines[0].contains("TARGET")) }
        }
    }
}

@Suite("Bulk renew over a slow link")
struct SlowBulkRenewTests {
    @Test func bulkRenewLosesNothingAndRenewsEachOnceToTheDateAskedFor() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let slow = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/slow.sqlite", latencyMilliseconds: 100))
        try await withCleanup({ await slow.stop() }) {
            let (key, record) = try await slow.service.issueKey(label: "bulk", policy: KeyPolicy(requestsPerMinute: 1_000_000))
            let today = CalendarDate.today()
            let count = 120
            try await slow.service.store((0..<count).map { index in
                StoredLicense(
                    serial: "2026-7777-\(String(10_000_000 + index))", keyID: record.id, issuedTo: "Bulk \(index)", entitlements: [.lua],
                    renewable: true, createdDay: today.adding(days: -300), expireDay: today.adding(days: 1 + index % 29))
            })
            let run = try await BuiltBinary.run(
                ["renew", "--expiring-within", "30", "--duration-days", "90", "--output", "json", "--yes"],
                environment: ["NETIFY_API_KEY": key, "NETIFY_ENDPOINT": slow.baseURL])
            #expect(run.exitCode == 0, "\(run.standardError)")
            #expect(run.standardError.contains("\(count) renewed, 0 skipped, 0 failed."))
            let serials = try #require(JSONParser.parse(run.standardOutput).arrayValue).compactMap { $0["serial"]?.stringValue }
            #expect(serials.count == count && Set(serials).count == count, "each reported once")
            let stored = try await slow.service.list(key: record)
            #expect(stored.count == count)
            #expect(stored.allSatisfy { $0.expireDay == today.adding(days: 90) })
        }
    }
}

@Suite("Replies that arrive but cannot be read")
struct UnreadableReplyTests {
    func run(_ server: HostileServer) async throws -> BuiltBinary.Run {
        let directory = TestSandbox.temporaryDirectory()
        // A request deadline no loaded machine reaches before the reply's head: at 5 s a full
        // parallel run on 2 cores sometimes timed the first attempt out before the truncated
        // reply was read, and the (correct) retry of a timed-out read then counted 2 requests.
        try "timeout_seconds = 30\n".write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        return try await BuiltBinary.run(["list", "--config", directory + "/config"], environment: [
            "NETIFY_API_KEY": "abcdefghijklmnopqrstuvwxyz", "NETIFY_ENDPOINT": server.baseURL,
        ])
    }

    static func gzipBomb() async throws -> [UInt8] {
        // 64 MiB of zeros compress to about 64 KiB: far past the client's 50:1 limit.
        let directory = TestSandbox.temporaryDirectory()
        let script = "import gzip, sys; sys.stdout.buffer.write(gzip.compress(bytes(64 * 1024 * 1024)))"
        try script.write(toFile: directory + "/bomb.py", atomically: true, encoding: .utf8)
        let result = try await Spawn.run(["/bin/sh", "-c", "python3 \(directory)/bomb.py > \(directory)/bomb.gz"])
        #expect(result.status == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/bomb.gz")))
    }

    @Test func truncatedBadOrBombedRepliesAreExit8AndNotRetried() async throws {
        let bomb = try await UnreadableReplyTests.gzipBomb()
        let cases: [(String, [UInt8])] = [
            ("truncated", Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"status_code\":0,\"data\":[".utf8)),
            ("bad status line", Array("HTTP/1.1 abc def\r\n\r\n".utf8)),
            ("gzip bomb", Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n".utf8) + bomb),
        ]
        for (name, reply) in cases {
            let server = try HostileServer(.reply(reply))
            defer { server.stop() }
            let run = try await run(server)
            #expect(run.exitCode == 8, "\(name): \(run.standardError)")
            #expect(server.requests == 1, "\(name): an unreadable reply is not asked for again")
            #expect(run.standardError.split(separator: "\n").count == 1, "\(name): \(run.standardError)")
            #expect(!run.standardError.contains("Could not connect"), "\(name)")
        }
    }
}

@Suite("Bulk renew to the key's maximum")
struct BulkKeyMaximumTests {
    /// max_term_days not set: the first renew learns the key's 90 days, and the
    /// licenses with more left than that are skipped, never shortened.
    @Test func anUnknownKeyMaximumIsLearnedFromTheFirstRenewAndNothingIsShortened() async throws {
        let fleet = try await CLITests.Fleet.start(policy: KeyPolicy(maximumTermDays: 90))
        try await withCleanup({ await fleet.stop() }) {
            let run = try await fleet.run(["renew", "--expiring-within", "365", "--yes", "--output", "json"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            let renewed = try #require(JSONParser.parse(run.standardOutput).arrayValue).compactMap { $0["serial"]?.stringValue }
            #expect(renewed == ["2026-0000-00000003", "2026-0000-00000005"])
            #expect(run.standardError.contains("2026-0000-00000006 skipped: this would move the expiry earlier"))
            #expect(run.standardError.contains("2026-0000-00000007 skipped: this would move the expiry earlier"))
            for (serial, days) in [("2026-0000-00000006", 120), ("2026-0000-00000007", 200)] {
                let license = try await RawHTTP.send(.GET, fleet.sandbox.licensesURL + "/\(serial)?format=object", key: fleet.sandbox.key)
                #expect(license.data?["expire_at"]?["date"]?.stringValue == fleet.today.adding(days: days).description, "\(serial) untouched")
            }
        }
    }
}
