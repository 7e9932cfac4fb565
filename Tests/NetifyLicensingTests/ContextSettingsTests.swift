import Foundation
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// Named contexts in the settings file: which one is chosen, what each sets,
/// and every mistake refused with its line and without the key.
@Suite("Contexts in the settings file")
struct ContextSettingsTests {
    func write(_ text: String, name: String = "config", mode: Int = 0o600, in directory: String = TestSandbox.temporaryDirectory()) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func file() throws -> String {
        let directory = TestSandbox.temporaryDirectory()
        _ = try write("east-key-0123456789\n", name: "east.key", in: directory)
        return try write("""
            # production and a read-only view of the reseller's key
            endpoint                  = https://plain.example
            api_key                   = plain-key-0123456789
            context.east.endpoint     = https://east.example
            context.east.api_key_file = \(directory)/east.key
            context.east.max_term_days = 30
            context.west.endpoint     = https://west.example
            context.west.api_key      = west-key-0123456789
            context.west.readonly     = true
            context.west.color        = red
            current_context           = east
            """, in: directory)
    }

    @Test func theChosenContextComesFromTheFlagThenTheEnvironmentThenTheFile() throws {
        let path = try file()
        let current = try Settings.resolve(.init(configFile: path), environment: [:])
        #expect(current.contextName == "east" && current.endpoint.host == "east.example" && current.apiKey?.secret == "east-key-0123456789")
        #expect(current.maximumTermDays == 30 && !current.readOnly)
        let fromEnvironment = try Settings.resolve(.init(configFile: path), environment: ["NETIFY_CONTEXT": "west"])
        #expect(fromEnvironment.contextName == "west" && fromEnvironment.readOnly && fromEnvironment.contextColor == "red")
        #expect(fromEnvironment.maximumTermDays == nil, "one context's settings never leak into another")
        let fromFlag = try Settings.resolve(.init(configFile: path, context: "east"), environment: ["NETIFY_CONTEXT": "west"])
        #expect(fromFlag.contextName == "east" && fromFlag.contextSource == "--context")
        // A context named on purpose means its key, not NETIFY_API_KEY's; the file's current_context does not.
        let keyInEnvironment = ["NETIFY_API_KEY": "env-key-0123456789"]
        #expect(try Settings.resolve(.init(configFile: path, context: "west"), environment: keyInEnvironment).apiKey?.secret == "west-key-0123456789")
        #expect(try Settings.resolve(.init(configFile: path), environment: keyInEnvironment).apiKey?.secret == "env-key-0123456789")
        // Flags beat the context.
        #expect(try Settings.resolve(.init(endpoint: "https://flag.example", configFile: path, context: "west"), environment: [:]).endpoint.host == "flag.example")
        // Every context at once, each as --context would give it.
        let all = try Settings.resolveAllContexts(.init(configFile: path), environment: keyInEnvironment)
        #expect(all.map(\.name) == ["east", "west"])
        #expect(all.compactMap { try? $0.settings.get().apiKey?.secret } == ["east-key-0123456789", "west-key-0123456789"])
    }

    @Test func mistakesAreRefusedWithTheLineAndNeverTheKey() throws {
        let secret = "context-secret-0123456789"
        let cases: [(String, String)] = [
            ("context.east.api_key = \"\(secret) x\"\ncurrent_context = east\n", "context.east.api_key = (the value, not shown)"),
            ("context.east.critical_days = 3\n", "critical_days cannot be set per context"),
            ("context.east = x\n", "is not a context setting"),
            ("context.all.endpoint = https://x.example\n", "is not a context setting"),
            ("context.east.color = mauve\ncurrent_context = east\n", "expected blue, cyan, green"),
            ("context.east.readonly = sometimes\ncurrent_context = east\n", "expected true or false"),
            ("context.east.endpoint = https://x.example\ncurrent_context = north\n", "There is no context \"north\""),
            ("context.east.api_key_file = /nonexistent/east.key\ncurrent_context = east\n", "/nonexistent/east.key does not exist"),
        ]
        for (text, expected) in cases {
            let path = try write(text)
            do {
                _ = try Settings.resolve(.init(configFile: path), environment: [:])
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(!error.description.contains(secret))
            }
        }
        // An unknown --context names the contexts there are.
        let path = try file()
        #expect(throws: LicensingError.self) { try Settings.resolve(.init(configFile: path, context: "north"), environment: [:]) }
        do {
            _ = try Settings.resolve(.init(configFile: path, context: "north"), environment: [:])
        } catch {
            #expect(error.description.contains("its contexts are east, west"))
        }
    }

    @Test func aReadOnlyClientRefusesEveryWriteBeforeAnyRequest() async throws {
        // No server at all: a request would fail with a transport error, not the refusal.
        let client = try HTTPLicensingClient(endpoint: Endpoint(loopbackPort: 9, host: "127.0.0.1"), apiKey: APIKey("k-0123456789"), retryPolicy: .fast(), requestTimeout: 2)
        let readOnly = LicensePipeline(endpoint: client).readOnly(context: "west")
        let serial = "2026-0000-00000001"
        func expectRefused(_ write: () async throws -> Void) async {
            do {
                try await write()
                Issue.record("a write went through a read-only context")
            } catch {
                #expect("\(error)".contains("The context west is read-only"), "\(error)")
            }
        }
        await expectRefused { _ = try await readOnly.createLicense(CreateLicenseRequest(issuedTo: "A", entitlements: [.lua])) }
        await expectRefused { _ = try await readOnly.renewLicense(serial: serial, RenewLicenseRequest(expiry: .durationDays(30))) }
        await expectRefused { _ = try await readOnly.deleteLicense(serial: serial) }
        await expectRefused { _ = try await readOnly.reissueLicense(replacing: serial, with: CreateLicenseRequest(issuedTo: "A", entitlements: [.lua]), format: .object) }
    }
}
