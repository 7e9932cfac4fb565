import Dashboard
import Foundation
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

@Suite("Settings and credentials")
struct SettingsTests {
    func writeConfig(_ text: String, mode: Int = 0o600) throws -> String {
        let directory = TestSandbox.temporaryDirectory()
        let path = directory + "/config"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheConfigFile() throws {
        let config = try writeConfig("endpoint = https://file.example\napi_key = \"file-key-0123456789\"\ncritical_days = 3\nwarning_days = 14\n")
        let keyFile = try writeConfig("flag-key-0123456789\n")
        let fileOnly = try Settings.resolve(.init(configFile: config), environment: ["HOME": "/nonexistent"])
        #expect(fileOnly.endpoint.host == "file.example")
        #expect(fileOnly.apiKey?.secret == "file-key-0123456789")
        #expect(fileOnly.thresholds == ExpiryThresholds(criticalDays: 3, warningDays: 14))
        let environment = ["NETIFY_API_KEY": "env-key-0123456789", "NETIFY_ENDPOINT": "https://env.example"]
        let fromEnvironment = try Settings.resolve(.init(configFile: config), environment: environment)
        #expect(fromEnvironment.apiKey?.secret == "env-key-0123456789")
        #expect(fromEnvironment.endpoint.host == "env.example")
        let fromFlags = try Settings.resolve(.init(endpoint: "https://flag.example", apiKeyFile: keyFile, configFile: config), environment: environment)
        #expect(fromFlags.apiKey?.secret == "flag-key-0123456789")
        #expect(fromFlags.endpoint.host == "flag.example")
        #expect(fromFlags.apiKeySource == keyFile)
    }

    /// systemd's directories (the first of a list, as they are), then XDG's
    /// (with netify-licenses appended), then HOME's; relative ones are ignored;
    /// with none, no place (never /tmp).
    @Test func theToolsDirectoriesComeFromSystemdThenXDGThenHome() throws {
        let unit = ToolDirectories(environment: [
            "STATE_DIRECTORY": "/var/lib/netify-licenses:/var/lib/other", "CACHE_DIRECTORY": "/var/cache/netify-licenses",
            "CONFIGURATION_DIRECTORY": "/etc/netify-licenses", "XDG_STATE_HOME": "/x/state", "HOME": "/home/op",
        ])
        #expect(unit.state == "/var/lib/netify-licenses")
        #expect(unit.cache == "/var/cache/netify-licenses")
        #expect(unit.config == "/etc/netify-licenses")
        #expect(unit.data == "/home/op/.local/share/netify-licenses")
        let xdg = ToolDirectories(environment: ["XDG_STATE_HOME": "/x/state", "XDG_DATA_HOME": "/x/data", "STATE_DIRECTORY": "relative", "HOME": "/home/op"])
        #expect(xdg.state == "/x/state/netify-licenses")
        #expect(xdg.data == "/x/data/netify-licenses")
        #expect(xdg.cache == "/home/op/.cache/netify-licenses")
        #expect(xdg.config == "/home/op/.config/netify-licenses")
        let none = ToolDirectories(environment: ["HOME": "", "XDG_CACHE_HOME": "cache"])
        #expect(none == ToolDirectories(environment: [:]))
        #expect(none.state == nil && none.cache == nil && none.config == nil && none.data == nil)
        #expect(throws: LicensingError.configuration(message: ToolDirectories.unplacedMessage(.config, for: "the settings file"))) {
            try Settings.resolve(environment: [:])
        }
        #expect(try Settings.resolve(environment: ["CONFIGURATION_DIRECTORY": "/nonexistent/etc"]).configFilePath == "/nonexistent/etc/config")
        #expect(try Settings.resolve(environment: ["NETIFY_CONFIG": "/nonexistent/config"]).configFilePath == "/nonexistent/config")
    }

    @Test func defaultsWithNothingConfigured() throws {
        let settings = try Settings.resolve(environment: ["HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent/config"])
        #expect(settings.endpoint.baseURL == "https://agents.netify.ai")
        #expect(settings.apiKey == nil)
        #expect(settings.configFilePath == "/nonexistent/config/netify-licenses/config")
        #expect(settings.thresholds == .standard)
    }

    @Test func aKeyInAFileOthersCanReadIsRefused() throws {
        let config = try writeConfig("api_key = abcdefghijklmnopqrstuvwxyz\n", mode: 0o644)
        #expect {
            try Settings.resolve(.init(configFile: config), environment: [:])
        } throws: { error in
            "\(error)".contains("chmod 600")
        }
        let keyFile = try writeConfig("abcdefghijklmnopqrstuvwxyz", mode: 0o640)
        #expect(throws: LicensingError.self) { try Settings.resolve(.init(apiKeyFile: keyFile), environment: [:]) }
        // A readable file without a key is fine.
        let harmless = try writeConfig("warning_days = 20\n", mode: 0o644)
        #expect(try Settings.resolve(.init(configFile: harmless), environment: [:]).thresholds.warningDays == 20)
    }

    @Test func mistakesInTheConfigFileNameTheLine() throws {
        for (text, expected) in [("endpoint https://x", ":1:"), ("\nwarning_days = soon", ":2:"), ("colour = red", "unknown setting"), ("critical_days = 40\nwarning_days = 10", "critical_days")] {
            let path = try writeConfig(text)
            #expect(performing: { try Settings.resolve(.init(configFile: path), environment: [:]) }, throws: { "\($0)".contains(expected) })
        }
    }

    /// One table of names: every setting in it is read by the front end it
    /// names (never "unknown"), a context sets exactly those it marks, and the
    /// bounds checked are the table's.
    @Test func everySettingOfTheTableIsReadByItsFrontEnd() throws {
        func refusal(_ text: String) throws -> String? {
            let path = try writeConfig(text)
            do {
                let settings = try Settings.resolve(.init(configFile: path), environment: [:], frontEndOwns: DashboardSettings.owns)
                var dashboard = DashboardSettings()
                try dashboard.apply(settings.frontEndLines.map { .init(key: $0.key, value: $0.value, line: $0.line) }, path: path)
                return nil
            } catch {
                return "\(error)"
            }
        }
        for setting in SettingTable.all {
            #expect(DashboardSettings.owns(setting.name) == (setting.reader == .dashboard), "\(setting.name)")
            let plain = try refusal("\(setting.name) = ?\n")
            #expect(plain?.contains("unknown setting") != true, "\(setting.name): \(plain ?? "")")
            let perContext = try refusal("context.east.\(setting.name) = ?\n")
            #expect((perContext?.contains("cannot be set per context") == true) == !setting.perContext, "\(setting.name): \(perContext ?? "accepted")")
        }
        #expect(Settings.contextKeys == Set(SettingTable.perContextNames))
        #expect(Settings.ranges["warning_days"] == 0...3650 && Settings.ranges["journal_retention_days"] == 1...36_500)
        #expect(DashboardSettings.refreshRange == 1...86_400)
        #expect(try refusal("warning_days = 3651\n")?.contains("expected a whole number of days from 0 to 3650") == true)
        #expect(try refusal("refresh_seconds = 0\n")?.contains("refresh_seconds = 0 is not valid; expected seconds from 1 to 86400.") == true)
    }

    /// A mistyped name is answered with the nearest known one, in each family
    /// of settings; a name near none says where the settings are listed.
    @Test func aMistypedSettingNamesTheNearestOne() throws {
        let cases: [(String, String)] = [
            ("refesh_seconds = 60\n", ":1: unknown setting \"refesh_seconds\"; did you mean refresh_seconds?"),
            ("warning_days = 20\nwarnings_days = 30\n", ":2: unknown setting \"warnings_days\"; did you mean warning_days?"),
            ("colour = red\n", ":1: unknown setting \"colour\"; did you mean color?"),
            ("tmeout_seconds = 5\n", ":1: unknown setting \"tmeout_seconds\"; did you mean timeout_seconds?"),
            ("contxt.east.endpoint = https://x.example\n", ":1: unknown setting \"contxt.east.endpoint\"; did you mean context.east.endpoint?"),
            ("frobnicate = 1\n", ":1: unknown setting \"frobnicate\"; see the README for the settings there are."),
            // An API key pasted on a line of its own reads as a name: it is never repeated.
            ("Zk3pQ9xLmT7vR2sY8wN4bH6cJ1dF0sA=\n", ":1: the name on this line is not a setting (it is not repeated here: it may be a pasted key)"),
            ("context.east.endpont = https://x.example\n", ":1: endpont cannot be set per context; did you mean endpoint? A context sets api_key, "),
            ("context.east.critical_days = 3\n", ":1: critical_days cannot be set per context; a context sets api_key, "),
            ("notify.ops.fromat = slack\n", ":1: fromat is not a destination setting; did you mean format? A destination sets format, level, to, token_file, url."),
        ]
        for (text, expected) in cases {
            let path = try writeConfig(text)
            #expect(performing: { try Settings.resolve(.init(configFile: path), environment: [:], frontEndOwns: DashboardSettings.owns) }, throws: { error in
                "\(error)".hasPrefix(path + expected)
            })
        }
        #expect(SettingTable.nearest(to: "to", among: SettingTable.destinationSettings) == nil, "an exact name is no suggestion")
        #expect(SettingTable.nearest(to: "xyz", among: SettingTable.names) == nil)
    }

    /// Two actions on one key, or a key taken from an action that then has
    /// none, is refused naming both settings and the line.
    @Test func aKeyGivenToTwoActionsIsRefusedWithBothSettingsAndTheLine() throws {
        func apply(_ lines: [(String, String, Int)]) -> String? {
            var dashboard = DashboardSettings()
            do {
                try dashboard.apply(lines.map { .init(key: $0.0, value: $0.1, line: $0.2) }, path: "/etc/nl/config")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(apply([("key.renew", "R", 11), ("key.delete", "R", 12)])
            == "/etc/nl/config:12: key.delete = R: R is already key.renew's key (line 11); give each action its own key.")
        #expect(apply([("key.delete", "R", 3), ("key.renew", "R", 9)])
            == "/etc/nl/config:9: key.renew = R: R is already key.delete's key (line 3); give each action its own key.")
        #expect(apply([("key.renew", "d", 4)])
            == "/etc/nl/config:4: key.renew = d: d is delete's only key, and delete would be left with none; give delete another key too (key.delete = …) or choose another for renew.")
        #expect(apply([("key.renwe", "R", 2)])?.hasPrefix("/etc/nl/config:2: key.renwe: no such action; did you mean renew? Actions are quit, help") == true)
        // Moving both is fine, as is taking one of two keys (refresh keeps ctrl-r).
        #expect(apply([("key.renew", "d", 1), ("key.delete", "D", 2), ("key.quit", "f5", 3)]) == nil)
        let keyMap = try KeyMap(bindings: [.init(action: "renew", key: "d"), .init(action: "delete", key: "D"), .init(action: "quit", key: "f5")])
        #expect(keyMap.command(for: .character("d")) == .renew)
        #expect(keyMap.command(for: .character("D")) == .delete)
        #expect(keyMap.keys(for: .refresh) == [.control("r")])
    }

    @Test func aFrontEndsLinesAreHandedOverNotRefused() throws {
        let path = try writeConfig("theme = light\nkey.renew = R\nwarning_days = 20\n")
        #expect(throws: LicensingError.self) { try Settings.resolve(.init(configFile: path), environment: [:]) }
        let settings = try Settings.resolve(.init(configFile: path), environment: [:], frontEndOwns: { $0 == "theme" || $0.hasPrefix("key.") })
        #expect(settings.frontEndLines.map(\.key) == ["theme", "key.renew"])
        #expect(settings.thresholds.warningDays == 20)
        #expect(settings.thresholdsSource == path)
    }

    @Test func theKeyIsNeverShownWhole() throws {
        let key = try #require(APIKey("sbx-12345678-abcdefabcdefabcdefabcdefabcdefabcdefabcd"))
        #expect("\(key)" == "sbx-…abcd")
        #expect(!"\(String(reflecting: key))".contains("12345678"))
        #expect(APIKey("short")?.masked == "••••••••")
        #expect(APIKey("has space inside") == nil)
        #expect(APIKey("") == nil)
    }

    @Test func aKeyNeverTravelsOverPlainHTTPToAnotherHost() throws {
        let key = APIKey("abcdefghijklmnopqrstuvwxyz")
        #expect(throws: LicensingError.self) { try HTTPLicensingClient(endpoint: Endpoint(parsing: "http://example.com"), apiKey: key) }
        #expect(throws: LicensingError.self) { try HTTPLicensingClient(endpoint: Endpoint(parsing: "http://127.0.0.1.example.com"), apiKey: key) }
        #expect(throws: LicensingError.self) { try HTTPLicensingClient(endpoint: Endpoint(parsing: "http://evil.localhost:8080"), apiKey: key) }
        for loopback in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://agents.netify.ai"] {
            _ = try HTTPLicensingClient(endpoint: Endpoint(parsing: loopback), apiKey: key)
        }
    }

    @Test func endpointsAreParsedStrictly() throws {
        #expect(try Endpoint(parsing: "https://agents.netify.ai/").licensesURL == "https://agents.netify.ai/api/v2/integrator/licenses")
        #expect(try Endpoint(parsing: "http://127.0.0.1:8080/prefix/").licensesURL == "http://127.0.0.1:8080/prefix/api/v2/integrator/licenses")
        for bad in ["agents.netify.ai", "ftp://x", "https://", "https://x:99999", "https://user:pw@x", "https://x/?q"] {
            #expect(throws: LicensingError.self, "\(bad)") { try Endpoint(parsing: bad) }
        }
        #expect(Endpoint.escapePathComponent("../a/b%") == "%2E%2E%2Fa%2Fb%25")
    }
}

@Suite("The settings file as people write it")
struct SettingsFileTests {
    /// The README's own example, taken from README.md, is accepted line by line.
    @Test func theReadmesExampleIsAccepted() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "The settings file is `key = value` lines"))
        let block = try #require(text[start.upperBound...].range(of: "```ini\n"))
        let end = try #require(text[block.upperBound...].range(of: "```"))
        let example = String(text[block.upperBound..<end.lowerBound])
        let path = try SettingsTests().writeConfig(example)
        let settings = try Settings.resolve(.init(configFile: path), environment: ["HOME": "/nonexistent"], frontEndOwns: DashboardSettings.owns)
        // And the dashboard's own lines of it.
        var dashboard = DashboardSettings()
        try dashboard.apply(settings.frontEndLines.map { .init(key: $0.key, value: $0.value, line: $0.line) }, path: path)
        #expect(settings.apiKey?.secret == "YOUR-API-KEY")
        #expect(settings.maximumTermDays == 365)
        #expect(settings.endpoint.host == "agents.netify.ai")
        #expect(settings.frontEndLines.map(\.key).contains("key.renew"))
        // The table of settings is the README's: every setting is in it, and
        // the contexts' sentence names exactly the settings a context may set.
        for name in SettingTable.names {
            #expect(text.contains("`\(name)`") || text.contains("`\(name) =") || text.contains("\n\(name) "), "the README does not name \(name)")
        }
        let sentence = try #require(text.range(of: "A context may set ").flatMap { start in text[start.upperBound...].range(of: "; what it leaves out").map { text[start.upperBound..<$0.lowerBound] } })
        let named = sentence.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(Set(named) == Set(SettingTable.perContextNames), "the README's context settings: \(named)")
    }

    @Test func trailingCommentsQuotesDuplicatesAndAByteOrderMark() throws {
        let path = try SettingsTests().writeConfig("\u{FEFF}warning_days = 20   # a comment\napi_key = \"sbx-a#b-0123456789abcdef\"  # kept\nendpoint = https://x.example # production\n")
        let settings = try Settings.resolve(.init(configFile: path), environment: ["HOME": "/nonexistent"])
        #expect(settings.thresholds.warningDays == 20)
        #expect(settings.apiKey?.secret == "sbx-a#b-0123456789abcdef", "a # inside quotes is part of the value")
        #expect(settings.endpoint.host == "x.example", "but one after white space starts a comment")
        let twice = try SettingsTests().writeConfig("warning_days = 20\nwarning_days = 21\n")
        #expect { try Settings.resolve(.init(configFile: twice), environment: ["HOME": "/nonexistent"]) } throws: { error in
            "\(error)".contains("warning_days is set again (first on line 1)")
        }
    }

    /// However a line holding the key is wrong, the message never shows the key.
    @Test func noErrorRepeatsTheKey() throws {
        let secret = "sbx-12345678-" + String(repeating: "s", count: 40)
        for text in ["api_key = \"\(secret)\" trailing", "api_key = \(secret) with space", "\(secret)", "api_key = \"\(secret)", "api_key = \(secret)\napi_key = \(secret)"] {
            let path = try SettingsTests().writeConfig(text + "\n")
            do {
                _ = try Settings.resolve(.init(configFile: path), environment: ["HOME": "/nonexistent"])
                Issue.record("accepted: \(text)")
            } catch {
                #expect(!"\(error)".contains("ssssssss"), "\(error)")
            }
        }
    }

    /// A FIFO named as the settings file is refused at once, not waited on.
    @Test func aFIFOIsRefusedWithoutHanging() throws {
        let path = TestSandbox.temporaryDirectory() + "/fifo"
        #expect(mkfifo(path, 0o600) == 0)
        #expect { try Settings.resolve(.init(configFile: path), environment: ["HOME": "/nonexistent"]) } throws: { error in
            "\(error)".contains("not a regular file")
        }
    }
}
