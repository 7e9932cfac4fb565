import Foundation
import ProcessSpawning
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// The real binary in a real terminal (tmux) against a real sandbox.
@Suite("Dashboard end to end", .serialized)
struct DashboardEndToEndTests {
    let binary = TmuxSession.quote(BuiltBinary.path)

    /// The dashboard on `sandbox` in a fresh terminal, its fleet on screen.
    func dashboard(on sandbox: TestSandbox, width: Int, height: Int) async throws -> TmuxSession {
        let terminal = try await TmuxSession.start(width: width, height: height, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
        do {
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary)
            try await terminal.waitFor("7/7 shown")
            return terminal
        } catch {
            terminal.kill()
            throw error
        }
    }

    /// A sandbox holding the shared test fleet; the key's maximum term is 90 days.
    /// Marks the fleet's critical and warning licenses (3, one of them not renewable) through the filter.
    func markCriticalAndWarning(_ terminal: TmuxSession) async throws {
        try await terminal.press("/")
        try await terminal.type("status:critical status:warning")
        try await terminal.press("Enter")
        try await terminal.waitFor("3/7 shown")
        try await terminal.press("a")
    }

    func fleet() async throws -> TestSandbox {
        try await TestSandbox.startWithFleet(policy: KeyPolicy(maximumTermDays: 90))
    }

    /// Two contexts (two sandboxes): the header names the context in its
    /// colour, `:ctx` switches keeping each one's filter, `:ctx all` joins them.
    @Test func contextsSwitchAndJoinInTheRealTerminal() async throws {
        let east = try await fleet()
        let west = try await TestSandbox.start()
        try await withCleanup({ await east.stop(); await west.stop() }) {
            let westLicense = try await west.client().createLicense(CreateLicenseRequest(issuedTo: "Western Depot", entitlements: [.lua], expiry: .durationDays(40)))
            let home = TestSandbox.temporaryDirectory()
            for (name, key) in [("east", east.key), ("west", west.key)] {
                try (key + "\n").write(toFile: home + "/\(name).key", atomically: false, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/\(name).key")
            }
            try """
                context.east.endpoint = \(east.baseURL)
                context.east.api_key_file = \(home)/east.key
                context.west.endpoint = \(west.baseURL)
                context.west.api_key_file = \(home)/west.key
                context.west.color = red
                context.west.readonly = true
                current_context = east

                """.write(toFile: home + "/config", atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/config")
            let terminal = try await TmuxSession.start(width: 140, height: 36, environment: ["HOME": home, "NETIFY_CONFIG": home + "/config"])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary)
            try await terminal.waitForScreen(showing: " east ", "7/7 shown")
            try await terminal.press("/")
            try await terminal.type("acme")
            try await terminal.waitFor("1/7 shown")
            try await terminal.press("Enter")

            try await terminal.press(":")
            try await terminal.type("ctx we")
            try await terminal.press("Tab", "Enter")
            var screen = try await terminal.waitForScreen(showing: " west ", "READ-ONLY", "1/1 shown", "Western Depot")
            #expect(!screen.contains("acme"))
            try await terminal.press(":")
            try await terminal.type("ctx east")
            try await terminal.press("Enter")
            screen = try await terminal.waitForScreen(showing: " east ", "1/7 shown")

            try await terminal.press(":")
            try await terminal.type("ctx all")
            try await terminal.press("Enter")
            screen = try await terminal.waitForScreen(showing: " all ", "8/8 shown", "CONTEXT", westLicense.serial)
            #expect(screen.contains("west "))
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func anOperatorSortsFiltersInspectsRenewsCreatesDeletesResizesAndQuits() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let terminal = try await TmuxSession.start(
                width: 140, height: 40, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "HOME": home])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary)
            var screen = try await terminal.waitForScreen(showing: "7/7 shown", "2026-0000-00000007", "✖ 2 expired", "EXPIRES▲")

            // Sort by issued to, then reverse it.
            try await terminal.press("2")
            screen = try await terminal.waitFor("ISSUED TO▲")
            try await terminal.press("2")
            // Descending by issued to: the CJK name sorts after the Latin ones.
            try await terminal.waitUntil("東京 first under ISSUED TO▼") { screen in
                let lines = screen.split(separator: "\n")
                return lines.count > 2 && lines[1].contains("ISSUED TO▼") && lines[2].contains("東京")
            }

            // Filter as you type, then clear.
            try await terminal.press("/")
            try await terminal.type("acme")
            screen = try await terminal.waitFor("1/7 shown")
            try await terminal.press("Enter")

            // The detail pane: focus it, read the agent's document.
            try await terminal.press("Tab")
            screen = try await terminal.waitForScreen(showing: "▶ 2026-0000-00000005", "/etc/netifyd/license.json")
            try await terminal.press("Escape")

            // Renew the expiring license to the key's maximum (90 days). Nothing has taught
            // the tool that term yet and 20 days are left, so enter asks first, and only y sends.
            let renewedTo = CalendarDate.today().adding(days: 90).description
            try await terminal.press("r")
            try await terminal.waitFor("Renew license")
            try await terminal.press("Enter")
            try await terminal.waitFor("Careful: the key's maximum term is not known")
            try await terminal.waitFor("[ Yes, renew anyway ]")
            try await terminal.press("y")
            screen = try await terminal.waitForScreen(showing: "2026-0000-00000005 renewed:", renewedTo)
            let renewed = try await RawHTTP.send(.GET, sandbox.licensesURL + "/2026-0000-00000005?format=object", key: sandbox.key)
            #expect(renewed.data?["expire_at"]?["date"]?.stringValue == renewedTo)
            try await terminal.press("Escape")
            try await terminal.waitFor("7/7 shown")

            // Create one through the form.
            try await terminal.press("c")
            try await terminal.waitFor("Create license")
            try await terminal.type("Tmux Test Co")
            try await terminal.press("Tab", "Space", "Enter")
            screen = try await terminal.waitFor("Created 20", also: "8/8 shown")
            let created = try #require(screen.firstMatch(of: /Created (\d{4}-\d{4}-\d{8})/)).output.1
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL + "?format=object", key: sandbox.key)
            #expect(list.data?.arrayValue?.contains { $0["issued_to"] == "Tmux Test Co" } == true)

            // Delete it, answering the confirmation.
            try await terminal.press("d")
            screen = try await terminal.waitForScreen(showing: "Delete license \(created)?", "Issued to Tmux Test Co")
            try await terminal.press("y")
            try await terminal.waitFor("Deleted \(created)", also: "7/7 shown")
            #expect(try await RawHTTP.send(.GET, sandbox.licensesURL + "/\(created)", key: sandbox.key).status == 404)

            // The history view: the delete on top; tab issues the deleted license again, with a new serial.
            try await terminal.press("h")
            screen = try await terminal.waitForScreen(showing: "Change journal · 3 of 3", "delete")
            try await terminal.press("Tab")
            screen = try await terminal.waitForScreen(showing: "the API issues a new serial", "Tmux Test Co")
            try await terminal.press("Escape")
            try await terminal.waitFor("7/7 shown")

            // Resize: small, too small, and back.
            try await terminal.resize(width: 40, height: 12)
            try await terminal.waitFor("SERIAL")
            try await terminal.resize(width: 30, height: 10)
            try await terminal.waitFor("Terminal too small")
            try await terminal.resize(width: 120, height: 36)
            try await terminal.waitFor("ENTITLEMENTS", also: "7/7 shown")

            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())

            // Each action left exactly one journal entry, with the license before and after.
            let history = try await BuiltBinary.run(["history", "--output", "json"], environment: ["HOME": home])
            let entries = try #require(JSONParser.parse(history.standardOutput).arrayValue)
            #expect(entries.map { $0["action"]?.stringValue ?? "" } == ["delete", "create", "renew"])
            #expect(entries.allSatisfy { $0["outcome"] == "succeeded" })
            #expect(entries[2]["serial"] == "2026-0000-00000005")
            #expect(entries[2]["after"]?["expire_at"]?["date"]?.stringValue == renewedTo)
            #expect(entries[2]["before"]?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 20).description)
            #expect(entries[1]["after"]?["issued_to"] == "Tmux Test Co")
            #expect(entries[0]["before"]?["issued_to"] == "Tmux Test Co")
        }
    }

    @Test func withTheAPIDownTheLastListOpensFromTheCacheMarkedStaleAndWritesAreRefused() async throws {
        let sandbox = try await fleet()
        let home = TestSandbox.temporaryDirectory()
        let environment = ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "HOME": home]
        // A list --changes while the API is up leaves the cache behind; then the API goes away.
        #expect(try await BuiltBinary.run(["list", "--changes"], environment: environment).exitCode == 0)
        await sandbox.stop()
        let terminal = try await TmuxSession.start(width: 140, height: 30, environment: environment)
        defer { terminal.kill() }
        try await terminal.waitFor(TmuxSession.prompt)
        try await terminal.run(binary)
        var screen = try await terminal.waitFor("7/7 shown", also: "STALE")
        #expect(screen.contains("cached just now") || screen.contains("cached 1 min ago"))
        #expect(screen.contains("2026-0000-00000007"))
        try await terminal.press("j")
        try await terminal.press("r")
        screen = try await terminal.waitFor("refused until a refresh reaches the API")
        #expect(!screen.contains("Renew license"))
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())

        // A cache is per key: another key on the same endpoint sees none of it.
        let otherKey = try await BuiltBinary.run(["list", "--cached"], environment: environment.merging(["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "b", count: 40)]) { $1 })
        #expect(otherKey.exitCode == 1)
        #expect(otherKey.standardError.contains("Nothing is cached yet"))
    }

    @Test func aChangeMadeElsewhereIsMarkedAtTheNextRefresh() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await TmuxSession.start(width: 160, height: 30, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary + " --refresh 1")
            try await terminal.waitFor("7/7 shown")
            // Another client creates one, renews one and deletes one.
            let created = try await RawHTTP.send(.POST, sandbox.licensesURL + "?format=object", key: sandbox.key, body: #"{"issued_to": "Elsewhere Co", "entitlements": ["netify-proc-lua"], "duration_days": 40}"#)
            #expect(created.status == 200)
            #expect(try await RawHTTP.send(.POST, sandbox.licensesURL + "/2026-0000-00000003/renew", key: sandbox.key, body: #"{"duration_days": 80}"#).status == 200)
            #expect(try await RawHTTP.send(.DELETE, sandbox.licensesURL + "/2026-0000-00000006", key: sandbox.key).status == 200)
            // One frame can reach tmux in more than one write: wait for the header and the rows together.
            var screen = try await terminal.waitUntil("the counts and the marked rows") { screen in
                let lines = screen.split(separator: "\n")
                return screen.contains("+1 new · 1 renewed elsewhere · 1 gone") && screen.contains("7/7 shown")
                    && lines.contains { $0.contains("+") && $0.contains("Elsewhere Co") }
                    && lines.contains { $0.contains("↻") && $0.contains("2026-0000-00000003") }
            }
            try await terminal.press("X")
            screen = try await terminal.waitForScreen(showing: "Gone, as last seen", "2026-0000-00000006")
            try await terminal.press("Escape")
            try await terminal.press("x")
            try await terminal.waitFor("Cleared 3 change markers")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func aRelaunchShowsTheDashboardsOwnCacheThenMarksWhatChangedWhileItWasClosed() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let terminal = try await TmuxSession.start(
                width: 160, height: 30, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "HOME": home])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary)
            try await terminal.waitFor("7/7 shown")
            // The dashboard stores the list (with its index) after the table is drawn.
            let environment = ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "HOME": home]
            var cached = try await BuiltBinary.run(["list", "--cached", "--output", "csv"], environment: environment)
            let deadline = ContinuousClock.now + .seconds(10)
            while cached.exitCode != 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                cached = try await BuiltBinary.run(["list", "--cached", "--output", "csv"], environment: environment)
            }
            #expect(cached.exitCode == 0 && cached.standardOutput.contains("2026-0000-00000007"), "\(cached.standardError)")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
            // While it is closed another client creates one and deletes one.
            #expect(try await RawHTTP.send(.POST, sandbox.licensesURL + "?format=object", key: sandbox.key, body: #"{"issued_to": "Meanwhile Co", "entitlements": ["netify-proc-lua"], "duration_days": 40}"#).status == 200)
            #expect(try await RawHTTP.send(.DELETE, sandbox.licensesURL + "/2026-0000-00000002", key: sandbox.key).status == 200)
            try await terminal.run(binary)
            // One frame can reach tmux in more than one write: wait for the header and the row together.
            _ = try await terminal.waitUntil("the counts and the new license marked") { screen in
                screen.contains("+1 new · 1 gone") && screen.contains("7/7 shown")
                    && screen.split(separator: "\n").contains { $0.contains("+") && $0.contains("Meanwhile Co") }
            }
            try await terminal.press("X")
            #expect(try await terminal.waitFor("2026-0000-00000002").contains("Gone"))
            try await terminal.press("Escape")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func withoutAKeyItRunsOnTheEmbeddedSandboxAndSaysSo() async throws {
        let home = TestSandbox.temporaryDirectory()
        let terminal = try await TmuxSession.start(width: 120, height: 30, environment: ["HOME": home])
        defer { terminal.kill() }
        try await terminal.waitFor(TmuxSession.prompt)
        try await terminal.run(binary)
        let screen = try await terminal.waitForScreen(showing: "SANDBOX", "240/240 shown", "expired")
        // It says the licenses are a demo, and how to reach a real account.
        try await terminal.waitFor("SANDBOX: demo licenses kept on this machine")
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/netify-licenses/sandbox.sqlite"))
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/.local/share/netify-licenses/sandbox.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await terminal.press("?")
        try await terminal.waitFor("esc ? q close")
        try await terminal.press("Escape")
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())
    }

    @Test func interruptAndTerminateRestoreTheTerminal() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 100, height: 30)
            defer { terminal.kill() }
            try await terminal.press("C-c")
            #expect(try await terminal.expectShellRestored())

            try await terminal.run("clear; \(binary) --theme monochrome & wait")
            try await terminal.waitFor("7/7 shown")
            try await terminal.run("")
            let pid = try await terminal.tmux(["display-message", "-p", "-t", terminal.name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try await Spawn.run(["pkill", "-TERM", "-P", pid, "-f", "netify-licenses"])
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func aFailedRefreshKeepsTheTableAndMarksItStale() async throws {
        let sandbox = try await fleet()
        let terminal = try await TmuxSession.start(width: 120, height: 30, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
        defer { terminal.kill() }
        try await terminal.waitFor(TmuxSession.prompt)
        // A short request timeout: a server shutting down gracefully can hold a kept-alive connection open.
        let config = TestSandbox.temporaryDirectory() + "/config"
        try "timeout_seconds = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
        try await terminal.run(binary + " --refresh 1 --config " + config)
        try await terminal.waitFor("7/7 shown")
        await sandbox.stop()
        let screen = try await terminal.waitForScreen(showing: "STALE", "Refresh failed", "2026-0000-00000007")
        try await terminal.press("j")
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())
    }
    /// A refresh in flight never holds up the keys, and quitting does not wait for it.
    @Test func keysWorkWhileARefreshHangsAndQuitDoesNotWaitForIt() async throws {
        let loaded = try await fleet()
        await loaded.stop()
        // The same fleet served by the sandbox binary, which can be frozen mid-session:
        // a server that takes connections and never answers.
        let server = try await SandboxProcess.launch(database: loaded.databasePath)
        // Killed here and now, not in a task: the test process may end first, leaving it running.
        defer { server.child.stop(signal: SIGKILL) }
        let terminal = try await TmuxSession.start(
            width: 140, height: 30,
            environment: ["NETIFY_API_KEY": loaded.key, "NETIFY_ENDPOINT": Endpoint(loopbackPort: server.port).baseURL])
        defer { terminal.kill() }
        try await terminal.waitFor(TmuxSession.prompt)
        let config = TestSandbox.temporaryDirectory() + "/config"
        try "timeout_seconds = 60\n".write(toFile: config, atomically: true, encoding: .utf8)
        try await terminal.run(binary + " --refresh 3600 --config " + config)
        try await terminal.waitFor("7/7 shown")
        Foundation.kill(server.child.pid, SIGSTOP)
        try await terminal.press("C-r")
        // The spinner turns at the header's right edge while the refresh hangs.
        let refreshing: @Sendable (String) -> Bool = { screen in
            let header = screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            return header.contains { "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏".contains($0) }
        }
        try await terminal.waitUntil("the spinner turning", refreshing)
        try await terminal.press("/")
        try await terminal.type("zür")
        let screen = try await terminal.waitForScreen(showing: "1/7 shown", "2026-0000-00000007")
        #expect(refreshing(screen), "still refreshing while the filter is typed")
        try await terminal.press("Enter")
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())
    }

    @Test func fromLaunchTheMostUrgentRenewableLicenseIsRenewedInThreeKeys() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 120, height: 30)
            defer { terminal.kill() }
            // Due as `renew --due` means it: 0002 expired today and is renewable, so `n` stops there.
            try await terminal.press("n")
            // The detail pane follows the selection: its issued-to line is 0002's.
            try await terminal.waitUntil("0002 selected") { screen in
                screen.split(separator: "\n").contains { $0.contains("Issued to") && $0.contains("Expires Today Ltd") }
            }
            try await terminal.press("r")
            try await terminal.waitFor("Renew license")
            try await terminal.press("Enter")
            try await terminal.waitFor("2026-0000-00000002 renewed:")
            let renewed = try await RawHTTP.send(.GET, sandbox.licensesURL + "/2026-0000-00000002?format=object", key: sandbox.key)
            #expect(renewed.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 90).description)
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    /// The dashboard's bulk renew of marked rows takes the run lock, as the
    /// CLI's does: with another run holding it, nothing is sent and the report says why.
    @Test func aBulkRenewOfMarkedRowsWaitsForNoOtherRun() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            // Another run holds this account's run lock on this machine: flock(1) on the
            // lock file the tool uses (named by the fingerprint of endpoint and key fingerprint).
            let lockDirectory = home + "/.local/state/netify-licenses/locks"
            try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for path in [home + "/.local", home + "/.local/state", home + "/.local/state/netify-licenses"] { chmod(path, 0o700) }
            func fingerprint(_ text: String) throws -> String {
                let result = try Spawn.runBlocking(["/bin/sh", "-c", "printf '%s' \"$0\" | sha256sum", text])
                return String(result.output.prefix(16))
            }
            let lockFile = lockDirectory + "/" + (try fingerprint(sandbox.baseURL + " " + (try fingerprint(sandbox.key)))) + ".lock"
            FileManager.default.createFile(atPath: lockFile, contents: Data(), attributes: [.posixPermissions: 0o600])
            let holder = try Spawn.start(["/usr/bin/flock", lockFile, "/bin/sleep", "60"], environment: ["PATH": "/usr/bin:/bin"])
            defer { holder.stop(signal: SIGKILL) }
            usleep(300_000)
            let before = try await sandbox.client().readableLicenses()
            let terminal = try await TmuxSession.start(
                width: 140, height: 40, environment: ["HOME": home, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary)
            try await terminal.waitFor("7/7 shown")
            try await markCriticalAndWarning(terminal)
            try await terminal.press("r")
            try await terminal.waitFor("Renew 3 marked licenses")
            try await terminal.press("Enter")
            try await terminal.waitFor("Renew 2 licenses, skip 1? [y/N]")
            try await terminal.press("y")
            let report = try await terminal.waitFor("0 renewed")
            #expect(report.contains("Another run holds the lock"), "\(report)")
            let after = try await sandbox.client().readableLicenses()
            #expect(after.map(\.expireAt) == before.map(\.expireAt), "nothing was renewed")
            try await terminal.press("Escape")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func markedLicensesAreRenewedWithOneFormAndOneConfirmation() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 140, height: 40)
            defer { terminal.kill() }
            // Mark every critical and warning license (one not renewable), whatever the filter shows later.
            try await markCriticalAndWarning(terminal)
            try await terminal.waitFor("• 3 marked")
            try await terminal.press("Escape")
            try await terminal.waitFor("7/7 shown")
            try await terminal.press("r")
            try await terminal.waitFor("Renew 3 marked licenses", also: "skip: not renewable")
            try await terminal.press("Enter")
            try await terminal.waitFor("Renew 2 licenses, skip 1? [y/N]")
            try await terminal.press("y")
            let report = try await terminal.waitFor("2 renewed, 1 skipped, 0 failed")
            #expect(report.contains("2026-0000-00000003 renewed:"))
            #expect(report.contains("2026-0000-00000005 renewed:"))
            let renewed = try await RawHTTP.send(.GET, sandbox.licensesURL + "/2026-0000-00000005?format=object", key: sandbox.key)
            #expect(renewed.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 90).description)
            try await terminal.press("Escape")
            try await terminal.waitFor("• 1 marked")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func aRenewThatWouldShortenIsSentOnlyWhenConfirmed() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 120, height: 30)
            defer { terminal.kill() }
            // 0006 has 120 days left; "after 10 days" would cut it short.
            try await terminal.press("/")
            try await terminal.type("later corp")
            try await terminal.press("Enter")
            try await terminal.waitFor("1/7 shown")
            try await terminal.press("r")
            try await terminal.waitFor("Renew license")
            try await terminal.press("Right", "Right", "Tab")
            try await terminal.type("10")
            try await terminal.waitFor("-110 days")
            try await terminal.press("Enter")
            try await terminal.waitFor("would move the expiry earlier", also: "[ Yes, renew anyway ]")
            // A second enter (a double tap) is no yes: it goes back to the form.
            try await terminal.press("Enter")
            try await terminal.waitUntil("back at the form") { !$0.contains("[ Yes, renew anyway ]") && $0.contains("Renew license") }
            let untouched = try await RawHTTP.send(.GET, sandbox.licensesURL + "/2026-0000-00000006?format=object", key: sandbox.key)
            #expect(untouched.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 120).description)
            try await terminal.press("Enter")
            try await terminal.waitFor("[ Yes, renew anyway ]")
            try await terminal.press("y")
            // Said as what it is: a shortening the operator allowed.
            try await terminal.waitFor("2026-0000-00000006 shortened:", also: "-110 days (allowed)")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    /// What a new operator met at 80x24, in the real terminal: a message cut
    /// at the edge read whole in :log, the : and / lines editing alike, a
    /// draft that ends, and the header's counts in their compact form. (The
    /// shortening question is aRenewThatWouldShortenIsSentOnlyWhenConfirmed's.)
    @Test func theSmallTerminalAt80x24() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 80, height: 24)
            defer { terminal.kill() }
            try await terminal.waitFor("✖2 ▲2 ●1")
            // A long error, cut at 80 columns; :log shows it whole.
            try await terminal.press(":")
            try await terminal.type("teleport")
            try await terminal.press("Enter")
            try await terminal.waitFor("Unknown command :teleport")
            try await terminal.press(":")
            try await terminal.type("log")
            try await terminal.press("Enter")
            try await terminal.waitFor("Messages, newest first", also: "(tab completes).")
            try await terminal.press("x")
            // The / line edits as the : line does: ctrl-w takes the last word.
            try await terminal.press("/")
            try await terminal.type("zurich lab")
            try await terminal.waitFor("0/7 shown")
            try await terminal.press("C-w")
            try await terminal.waitFor("1/7 shown")
            try await terminal.press("C-u")
            try await terminal.waitFor("7/7 shown")
            try await terminal.press("Enter")
            // A draft typed into is kept; reopened and cancelled unchanged, it ends.
            try await terminal.press("c")
            try await terminal.waitFor("Create license")
            try await terminal.type("Draft Co")
            try await terminal.press("Escape")
            try await terminal.waitFor("Draft kept")
            try await terminal.press("c")
            try await terminal.waitFor("Draft Co")
            try await terminal.press("Escape")
            try await terminal.waitFor("Draft discarded")
            try await terminal.press("q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func escapeDuringABulkRenewLeavesTheRestUntouchedAndReported() async throws {
        // Every reply takes 700 ms. The key's maximum is not set, so the first renew goes
        // alone to learn it; esc arrives while it is in flight. Its reply shows the 90 days,
        // which would shorten 0006 and 0007 (skipped); the other three are never sent.
        let sandbox = try await TestSandbox.startWithFleet(policy: KeyPolicy(maximumTermDays: 90), latencyMilliseconds: 700)
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await dashboard(on: sandbox, width: 140, height: 40)
            defer { terminal.kill() }
            try await terminal.press("a")
            try await terminal.waitFor("• 7 marked")
            try await terminal.press("r")
            try await terminal.waitFor("Renew 7 marked licenses")
            try await terminal.press("Enter")
            try await terminal.waitFor("Renew 6 licenses, skip 1? [y/N]")
            try await terminal.press("y")
            try await terminal.waitFor("esc stops after the requests in flight")
            try await terminal.press("Escape")
            let report = try await terminal.waitFor("Bulk renew report", seconds: 30)
            #expect(report.contains("1 renewed, 3 skipped, 0 failed, 3 not sent (stopped)"), "\(report)")
            // Only the first one moved.
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL + "?format=object", key: sandbox.key)
            let unchanged = (list.data?.arrayValue ?? []).filter { $0["expire_at"]?["date"]?.stringValue != CalendarDate.today().adding(days: 90).description }
            #expect(unchanged.count == 6, "the three skipped and the three not sent")
            try await terminal.press("Escape", "q")
            #expect(try await terminal.expectShellRestored())
        }
    }

    @Test func bulkRenewOnATerminalAsksFirstAndYesSkipsTheQuestion() async throws {
        let sandbox = try await fleet()
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await TmuxSession.start(width: 140, height: 40, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.run(binary + " renew --expiring-within 20 --duration-days 60")
            var screen = try await terminal.waitForScreen(showing: "Renew these 2 licenses? [y/N]", "skip   2026-0000-00000004  not renewable")
            try await terminal.type("n")
            try await terminal.press("Enter")
            try await terminal.waitFor("Nothing renewed.")
            let untouched = try await RawHTTP.send(.GET, sandbox.licensesURL + "/2026-0000-00000003?format=object", key: sandbox.key)
            #expect(untouched.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 2).description)
            try await terminal.run("clear; " + binary + " renew --expiring-within 20 --duration-days 60 --yes --output table")
            screen = try await terminal.waitFor("2 renewed, 1 skipped, 0 failed.")
            #expect(!screen.contains("[y/N]"))
        }
    }
}
