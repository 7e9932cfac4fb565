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
