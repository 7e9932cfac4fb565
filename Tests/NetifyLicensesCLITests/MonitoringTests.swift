import Foundation
import LicenseModel
import ProcessSpawning
import SandboxTestSupport
import Testing

/// `check`, the monitoring plugin: each state, its exit code and the exact line shapes.
@Suite("Monitoring check")
struct CheckCommandTests {
    @Test func eachStateHasItsLineAndExitCode() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let critical = try await fleet.run(["check"])
            #expect(critical.exitCode == 2)
            let lines = critical.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "LICENSES CRITICAL - 2 of 7 expired, 2 expire within 7 days; earliest 2026-0000-00000001 (Expired GmbH) expired 3 days ago | expired=2;;1;0;7 critical=2;;1;0;7 warning=1;1;;0;7 min_days_left=-3;30:;7:;;")
            #expect(lines.count == 6)
            #expect(lines[1].hasPrefix("EXPIRED 2026-0000-00000001 Expired GmbH expired "))
            // The per-license lines are capped, the rest counted.
            let capped = try await fleet.run(["check", "--max-lines", "2"])
            #expect(capped.standardOutput.split(separator: "\n").map(String.init).suffix(3) == [lines[1], lines[2], "and 3 more"])
            let warning = try await fleet.run(["check", "--filter", "acme"])
            #expect(warning.exitCode == 1)
            #expect(warning.standardOutput.hasPrefix("LICENSES WARNING - 1 of 1 expires within 30 days; earliest 2026-0000-00000005 (Acme Inc.) expires in 20 days | expired=0;;1;0;1 critical=0;;1;0;1 warning=1;1;;0;1 min_days_left=20;30:;7:;;\n"))
            let ok = try await fleet.run(["check", "--filter", "later corp"])
            #expect(ok.exitCode == 0)
            #expect(ok.standardOutput == "LICENSES OK - 1 license, none expires within 30 days; earliest 2026-0000-00000006 (Later Corp) expires in 120 days | expired=0;;1;0;1 critical=0;;1;0;1 warning=0;1;;0;1 min_days_left=120;30:;7:;;\n")
            let thresholds = try await fleet.run(["check", "--filter", "acme", "--warning", "10", "--critical", "5"])
            #expect(thresholds.exitCode == 0)
            let entitlement = try await fleet.run(["check", "--entitlement", "ubus"])
            #expect(entitlement.exitCode == 0)
            // One rule for the windows: critical inside warning, from options as from settings.
            let inverted = try await fleet.run(["check", "--warning", "5", "--critical", "6"])
            #expect(inverted.exitCode == 1)
            #expect(inverted.standardError.contains("--critical must not be more than --warning"))
            let narrowed = try await fleet.run(["check", "--filter", "acme", "--warning", "5"])
            #expect(narrowed.exitCode == 0, "critical_days 7 narrows to the 5-day warning window")
            #expect(narrowed.standardOutput.contains("warning=0;1;;0;1 min_days_left=20;5:;5:;;"))
        }
    }

    @Test func anythingThatHidesTheTruthIsUnknownNeverOK() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let badKey = try await fleet.run(["check"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40)])
            #expect(badKey.exitCode == 3)
            #expect(badKey.standardOutput.hasPrefix("LICENSES UNKNOWN - The API key was not accepted"))
            let stopped = try await fleet.run(["check"], environment: ["NETIFY_ENDPOINT": "http://127.0.0.1:9"])
            #expect(stopped.exitCode == 3)
            #expect(stopped.standardOutput.hasPrefix("LICENSES UNKNOWN - Could not connect to 127.0.0.1:9"))
            let noKey = try await fleet.run(["check"], environment: ["NETIFY_API_KEY": ""])
            #expect(noKey.exitCode == 3)
            let html = "<html>gateway</html>"
            let server = try HostileServer(.reply(Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(html.utf8.count)\r\nConnection: close\r\n\r\n\(html)".utf8)))
            defer { server.stop() }
            let notJSON = try await fleet.run(["check"], environment: ["NETIFY_ENDPOINT": server.baseURL])
            #expect(notJSON.exitCode == 3)
            #expect(notJSON.standardOutput.hasPrefix("LICENSES UNKNOWN - The server's reply (HTTP 200) could not be read: not JSON"))
            #expect(notJSON.standardOutput.split(separator: "\n").count == 1)
        }
    }
}

@Suite("Scheduled renewal")
struct RenewDueTests {
    @Test func renewDueRenewsExactlyTheDueRenewableOnesToTheConfiguredTerm() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let directory = TestSandbox.temporaryDirectory()
            try "renew_within_days = 20\nrenew_term = 60\n".write(toFile: directory + "/config", atomically: true, encoding: .utf8)
            let run = try await fleet.run(["renew", "--due", "--config", directory + "/config", "--output", "json"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            let renewed = try #require(JSONParser.parse(run.standardOutput).arrayValue)
            // Expired ones the server still renews are due too (renew_expired, default true).
            #expect(renewed.compactMap { $0["serial"]?.stringValue } == ["2026-0000-00000001", "2026-0000-00000002", "2026-0000-00000003", "2026-0000-00000005"])
            #expect(renewed.allSatisfy { $0["expire_at"]?["date"]?.stringValue == fleet.today.adding(days: 60).description })
            #expect(run.standardError.contains("skip   2026-0000-00000004  not renewable"))
            #expect(run.standardError.contains("4 renewed, 1 skipped, 0 failed."))
            // Nothing is due any more: a second run renews nothing and succeeds.
            let again = try await fleet.run(["renew", "--due", "--config", directory + "/config"])
            #expect(again.exitCode == 0)
            #expect(again.standardError.contains("0 renewed"))
            let bad = try await fleet.run(["renew", "--due", "2026-0000-00000003"])
            #expect(bad.exitCode == 1)
        }
    }
}

/// "Due" is one rule: what `list --filter status:due` shows (the filter the
/// dashboard's `:due`, `n` and `N` use) is what `renew --due` would renew, under
/// the default settings and under renew_within_days / renew_expired.
@Suite("One due rule")
struct OneDueRuleTests {
    @Test(arguments: ["", "renew_within_days = 3\n", "renew_expired = false\n", "renew_within_days = 20\nrenew_expired = false\n"])
    func statusDueListsWhatRenewDueWouldRenew(_ settings: String) async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let directory = TestSandbox.temporaryDirectory()
            // A fixed term, so no due license is held back as one the key's unknown maximum could shorten.
            try (settings + "renew_term = 60\n").write(toFile: directory + "/config", atomically: true, encoding: .utf8)
            let listed = try await fleet.run(["list", "--filter", "status:due", "--config", directory + "/config", "--output", "json"])
            #expect(listed.exitCode == 0, "\(listed.standardError)")
            let shown = try #require(JSONParser.parse(listed.standardOutput).arrayValue).compactMap { $0["serial"]?.stringValue }
            let plan = try await fleet.run(["renew", "--due", "--dry-run", "--config", directory + "/config", "--output", "json"])
            #expect(plan.exitCode == 0, "\(plan.standardError)")
            let planned = try #require(JSONParser.parse(plan.standardOutput)["licenses"]?.arrayValue)
                .filter { $0["action"]?.stringValue != "skip" }.compactMap { $0["serial"]?.stringValue }
            #expect(!shown.isEmpty)
            #expect(shown.sorted() == planned.sorted(), "\(settings): list \(shown), renew --due \(planned)\n\(plan.standardOutput)")
        }
    }
}

/// `metrics` and `exporter`: the Prometheus text format, read back by a real
/// parser (Python's prometheus_client), never by string matching alone.
@Suite("Prometheus metrics")
struct PrometheusMetricsTests {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses exposition text with prometheus_client's own parser.
    static func parse(_ text: String) async throws -> [Sample] {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    out.append({"name": sample.name, "labels": sample.labels, "value": sample.value})
            print(json.dumps(out))
            """
        let result = try await Spawn.run(["/usr/bin/env", "python3", "-c", script], input: text)
        try #require(result.status == 0, "prometheus_client could not parse the output: \(result.error)")
        return try #require(JSONParser.parse(result.output).arrayValue).map { sample in
            var labels: [String: String] = [:]
            for (name, value) in sample["labels"]?.objectValue ?? [] { labels[name] = value.stringValue }
            let value: Double
            switch sample["value"] {
            case .integer(let number): value = Double(number)
            case .number(let text): value = Double(text) ?? .nan
            default: value = .nan
            }
            return Sample(name: sample["name"]?.stringValue ?? "", labels: labels, value: value)
        }
    }

    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    @Test func hostileLabelValuesAreEscapedAndReadBackExactly() async throws {
        let today = CalendarDate.today()
        let soon = today.adding(days: 3), past = today.adding(days: -2)
        // A quote, a backslash, a newline and an escape sequence in issued_to.
        let hostile = #"Acme \"Quoted\" \\ Back\nslash\u001b[31mRED"#
        let body = """
            {"status_code":0,"data":[\
            {"serial":"2026-0001-00000001","issued_to":"\(hostile)","target_uid":"dev-1","renewable":true,\
            "entitlements":["netify-proc-lua","netify-sink-mqtt"],"expire_at":{"unix":\(soon.unixSeconds),"date":"\(soon)"}},\
            {"serial":"2026-0001-00000002","issued_to":"Expired Co","renewable":false,\
            "entitlements":["netify-proc-lua"],"expire_at":{"unix":\(past.unixSeconds),"date":"\(past)"}},\
            {"serial":null}]}
            """
        let server = try HostileServer(.json(body))
        defer { server.stop() }
        let environment = ["NETIFY_API_KEY": "abcdefghijklmnopqrstuvwxyz", "NETIFY_ENDPOINT": server.baseURL]
        let strict = try await BuiltBinary.run(["metrics"], environment: environment)
        #expect(strict.exitCode == 11, "an unreadable license is reported, as by list")
        let run = try await BuiltBinary.run(["metrics", "--skip-unreadable"], environment: environment)
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardError.contains("could not be read"))
        #expect(!run.standardOutput.unicodeScalars.contains("\u{1B}"), "no escape byte reaches whoever reads the text")

        let samples = try await Self.parse(run.standardOutput)
        let expiry = try #require(samples.first { $0.name == "netify_license_expiry_timestamp_seconds" && $0.labels["serial"] == "2026-0001-00000001" })
        #expect(expiry.labels["issued_to"] == "Acme \"Quoted\" \\ Back\nslash␛[31mRED")
        #expect(expiry.labels["target_uid"] == "dev-1")
        #expect(expiry.value == Double(soon.unixSeconds))
        #expect(Self.value(samples, "netify_license_expired", ["serial": "2026-0001-00000001"]) == 0)
        #expect(Self.value(samples, "netify_license_expired", ["serial": "2026-0001-00000002"]) == 1)
        #expect(Self.value(samples, "netify_license_renewable", ["serial": "2026-0001-00000002"]) == 0)
        #expect(samples.filter { $0.name == "netify_license_entitlement_info" && $0.labels["serial"] == "2026-0001-00000001" }
            .map { $0.labels["entitlement"] ?? "" }.sorted() == ["netify-proc-lua", "netify-sink-mqtt"])
        for (status, count) in ["expired": 1.0, "critical": 1, "warning": 0, "ok": 0, "unreadable": 1] {
            #expect(Self.value(samples, "netify_licenses", ["status": status]) == count, "\(status)")
        }
        #expect(Self.value(samples, "netify_license_source_up") == 1)
        #expect(Self.value(samples, "netify_license_source_errors_total", ["reason": "unreadable_licenses"]) == 1)
        #expect(Self.value(samples, "netify_license_source_errors_total", ["reason": "unreachable"]) == 0)
        #expect(Self.value(samples, "netify_license_source_last_success_timestamp_seconds") != nil)
    }

    @Test func aTextfileIsWrittenWholeAndSaysWhenTheSourceIsDown() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let path = TestSandbox.temporaryDirectory() + "/netify_licenses.prom"
            let run = try await fleet.run(["metrics", "-o", path])
            #expect(run.exitCode == 0, "\(run.standardError)")
            #expect(run.standardOutput.isEmpty)
            var status = stat()
            #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o644, "world-readable, for node_exporter")
            let samples = try await Self.parse(try String(contentsOfFile: path, encoding: .utf8))
            #expect(samples.filter { $0.name == "netify_license_expiry_timestamp_seconds" }.count == 7)
            #expect(Self.value(samples, "netify_licenses", ["status": "expired"]) == 2)
            #expect(Self.value(samples, "netify_licenses", ["status": "critical"]) == 2)

            // The API gone: the file is replaced with one that says so, and the exit code says why.
            let down = try await fleet.run(["metrics", "-o", path], environment: ["NETIFY_ENDPOINT": "http://127.0.0.1:9"])
            #expect(down.exitCode == 7)
            #expect(down.standardError.hasPrefix("error: Could not connect to 127.0.0.1:9"))
            let downSamples = try await Self.parse(try String(contentsOfFile: path, encoding: .utf8))
            #expect(Self.value(downSamples, "netify_license_source_up") == 0)
            #expect(Self.value(downSamples, "netify_license_source_errors_total", ["reason": "unreachable"]) == 1)
            #expect(!downSamples.contains { $0.name == "netify_license_expiry_timestamp_seconds" })
            let noKey = try await fleet.run(["metrics"], environment: ["NETIFY_API_KEY": ""])
            #expect(noKey.exitCode == 3)
            #expect(Self.value(try await Self.parse(noKey.standardOutput), "netify_license_source_errors_total", ["reason": "no_key"]) == 1)
        }
    }

    /// The exporter started as an operator would, on a free loopback port.
    struct Exporter {
        let child: Spawn.Child
        let port: Int

        static func start(endpoint: String, key: String, interval: Int) async throws -> Exporter {
            let directory = TestSandbox.temporaryDirectory()
            let keyFile = directory + "/key", config = directory + "/config"
            try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
            chmod(keyFile, 0o600)
            try "timeout_seconds = 2\ntotal_timeout_seconds = 4\n".write(toFile: config, atomically: true, encoding: .utf8)
            return try await Spawn.offCooperativePool {
                let child = try Spawn.start([
                    BuiltBinary.path, "exporter", "--endpoint", endpoint, "--api-key-file", keyFile, "--config", config,
                    "--listen", "127.0.0.1:0", "--interval", String(interval),
                ])
                let line = child.readLine()
                guard let range = line.range(of: #"127\.0\.0\.1:(\d+)/metrics"#, options: .regularExpression),
                      let port = Int(line[range].dropFirst("127.0.0.1:".count).dropLast("/metrics".count))
                else {
                    child.stop(signal: SIGKILL)
                    throw Spawn.Failure(description: "the exporter did not report where it listens: \(line)")
                }
                return Exporter(child: child, port: port)
            }
        }

        func scrape() async throws -> (RawReply, [Sample]) {
            let reply = try await RawHTTP.send(.GET, "http://127.0.0.1:\(port)/metrics")
            return (reply, try await PrometheusMetricsTests.parse(reply.body))
        }
    }

    @Test func scrapesNeverReachTheAPIOnlyTheIntervalDoes() async throws {
        let today = CalendarDate.today().adding(days: 100)
        let body = #"{"status_code":0,"data":[{"serial":"2026-0001-00000001","issued_to":"Acme","entitlements":["netify-proc-lua"],"expire_at":{"unix":\#(today.unixSeconds),"date":"\#(today)"}}]}"#
        let server = try HostileServer(.json(body))
        defer { server.stop() }
        let exporter = try await Exporter.start(endpoint: server.baseURL, key: "abcdefghijklmnopqrstuvwxyz", interval: 3_600)
        defer { exporter.child.stop(signal: SIGTERM) }
        let (first, samples) = try await exporter.scrape()
        #expect(first.status == 200)
        #expect(first.headers.first(name: "content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(Self.value(samples, "netify_license_expiry_timestamp_seconds", ["serial": "2026-0001-00000001"]) == Double(today.unixSeconds))
        let (second, _) = try await exporter.scrape()
        #expect(second.body == first.body)
        // HEAD answers as GET does, without the body.
        let head = try await RawHTTP.send(.HEAD, "http://127.0.0.1:\(exporter.port)/metrics")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers.first(name: "content-length") == String(first.body.utf8.count))
        #expect(server.requests == 1, "two scrapes and a HEAD, one refresh")
    }

    @Test func sourceMetricsMoveWhenTheAPIStopsAndTheLastFleetStays() async throws {
        // The fleet served by the sandbox binary, so that it stops as a remote server does.
        let fleet = try await CLITests.Fleet.start()
        await fleet.stop()
        let server = try await SandboxProcess.launch(database: fleet.sandbox.databasePath)
        var serverRunning = true
        // Killed here and now if the test ends early, not in a task: the test process may end first.
        defer { if serverRunning { server.child.stop(signal: SIGKILL) } }
        let exporter = try await Exporter.start(endpoint: "http://127.0.0.1:\(server.port)", key: fleet.sandbox.key, interval: 1)
        defer { exporter.child.stop(signal: SIGTERM) }
        let (_, before) = try await exporter.scrape()
        #expect(Self.value(before, "netify_license_source_up") == 1)
        #expect(Self.value(before, "netify_licenses", ["status": "expired"]) == 2)
        await server.kill(signal: SIGTERM)
        serverRunning = false

        var after = before
        let deadline = ContinuousClock.now + .seconds(30)
        while (Self.value(after, "netify_license_source_errors_total", ["reason": "unreachable"]) ?? 0) < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(300))
            after = try await exporter.scrape().1
        }
        #expect(Self.value(after, "netify_license_source_up") == 0)
        #expect((Self.value(after, "netify_license_source_errors_total", ["reason": "unreachable"]) ?? 0) >= 1)
        #expect(after.filter { $0.name == "netify_license_expiry_timestamp_seconds" }.count == 7, "the last known fleet stays")
        // The last success stays where it was while the source is down: through the next failed refresh.
        let failures = Self.value(after, "netify_license_source_errors_total", ["reason": "unreachable"]) ?? 0
        var later = after
        let nextRefresh = ContinuousClock.now + .seconds(30)
        while (Self.value(later, "netify_license_source_errors_total", ["reason": "unreachable"]) ?? 0) <= failures, ContinuousClock.now < nextRefresh {
            try await Task.sleep(for: .milliseconds(200))
            later = try await exporter.scrape().1
        }
        #expect((Self.value(later, "netify_license_source_errors_total", ["reason": "unreachable"]) ?? 0) > failures, "another refresh failed")
        let lastSuccess = try #require(Self.value(after, "netify_license_source_last_success_timestamp_seconds"))
        #expect(lastSuccess >= Self.value(before, "netify_license_source_last_success_timestamp_seconds") ?? .infinity)
        #expect(Self.value(later, "netify_license_source_last_success_timestamp_seconds") == lastSuccess)
    }

    @Test func aBadListenAddressIsAUsageError() async throws {
        for listen in ["9433", "localhost", ":9433", "127.0.0.1:70000", "[::1]9433"] {
            let run = try await BuiltBinary.run(["exporter", "--sandbox", "--listen", listen])
            #expect(run.exitCode == 1, "\(listen)")
            #expect(run.standardError.hasPrefix("error: --listen"), "\(listen): \(run.standardError)")
        }
    }
}
