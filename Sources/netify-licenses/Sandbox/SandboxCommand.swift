import ArgumentParser
import LicenseSandbox
import Logging
import LicenseModel
import NetifyLicensing

struct SandboxDatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The sandbox's SQLite file.", valueName: "path"))
    var database: String?

    var path: String {
        get throws { try database ?? SandboxPaths.defaultDatabase() }
    }
}

enum SandboxPaths {
    static func defaultDatabase(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.data, for: "the sandbox's database (or give --database)") + "/sandbox.sqlite"
    }
}

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a local implementation of the Licensing API on SQLite.",
        discussion: """
            Serves /api/v2/integrator/licenses on a loopback port, with the OpenAPI
            document at /api/v2/integrator/openapi.yaml. Issue a key with
            `netify-licenses sandbox keys add`, then point the tool at it:
              NETIFY_ENDPOINT=http://127.0.0.1:8080 NETIFY_API_KEY=<key> netify-licenses
            """,
        subcommands: [SandboxKeysCommand.self]
    )

    @Option(help: "Address to listen on; keep it a loopback address.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @OptionGroup var database: SandboxDatabaseOption

    @Option(help: ArgumentHelp("Fill a new database with N realistic licenses under a new key, printed once.", valueName: "N"))
    var seed: Int?

    @Option(help: ArgumentHelp("With --seed: seed N licenses under each of K new keys, to try contexts locally (1 to 16).", valueName: "K"))
    var keys = 1

    @Option(help: ArgumentHelp("Milliseconds added to every reply, to try a slow link (0 to 60000).", valueName: "ms"))
    var latency = 0

    func validate() throws {
        guard (0...60_000).contains(latency) else { throw ValidationError("--latency must be from 0 to 60000 milliseconds.") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        if let seed, !(1...1_000_000).contains(seed) { throw ValidationError("--seed must be from 1 to 1000000.") }
        guard (1...16).contains(keys) else { throw ValidationError("--keys must be from 1 to 16.") }
        if keys > 1, seed == nil { throw ValidationError("--keys seeds several keys; give --seed N as well.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            if !Endpoint(loopbackPort: 1, host: host).isLoopback {
                Terminal.standardError("warning: \(host) is not a loopback address; keys travel in the clear over plain http.")
            }
            let path = try database.path
            let service = LicenseService(database: try SandboxDatabase(path: path))
            if let seed {
                let existing = try await service.database.keys()
                guard existing.allSatisfy({ $0.licenseCount == 0 }) else {
                    throw SandboxError.usage("--seed fills a new database, but \(path) already holds licenses; give another --database.")
                }
                if keys == 1 {
                    let (key, record) = try await service.issueKey(label: "seed")
                    try await service.seed(count: seed, key: record)
                    print("Seeded \(seed) licenses under a new key (shown only now): \(key)")
                } else {
                    print("Seeded \(seed) licenses under each of \(keys) new keys (shown only now; one context each):")
                    for number in 1...keys {
                        let (key, record) = try await service.issueKey(label: "seed-\(number)")
                        // Each key its own fleet: the factory's seed decides the serials.
                        try await service.seed(count: seed, key: record, factory: LicenseFactory(seed: 0x4E45_5449_4659 &+ UInt64(number)))
                        print("  seed-\(number): \(key)")
                    }
                }
            }
            var logger = Logger(label: "netify-licenses.sandbox")
            logger.logLevel = .warning
            let application = buildSandboxApplication(
                service: service, configuration: SandboxConfiguration(host: host, port: port, databasePath: path, latencyMilliseconds: latency),
                logger: logger
            ) { [host] boundPort in
                print("Listening on http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort) (database \(path))")
                Terminal.flushStandardOutput()
            }
            try await application.runService()
        }
    }
}

struct SandboxKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the sandbox's API keys.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a key and print it once on stdout.",
            discussion: "With no policy options the key may grant every entitlement for up to \(KeyPolicy.unrestricted.maximumTermDays) days, needs no target UID, and may make 600 requests a minute.")

        @OptionGroup var database: SandboxDatabaseOption

        @Option(help: "A name to recognise the key by in `keys list`.")
        var label = ""

        @Option(help: "The longest term the key may grant, \(LicenseRules.keyTermWords) days; also the default term.")
        var maxTermDays = KeyPolicy.unrestricted.maximumTermDays

        @Flag(help: "Licenses the key creates must name a target UID.")
        var requireTargetUid = false

        @Option(name: .customLong("entitlement"), help: ArgumentHelp("An entitlement the key may grant (keyword or short name); repeat for more. Default: all nine.", valueName: "keyword"))
        var entitlements: [String] = []

        @Option(help: "Sustained requests per minute; bursts of a tenth of that are allowed.")
        var requestsPerMinute = KeyPolicy.unrestricted.requestsPerMinute

        func run() async throws {
            try await CommandFailure.reporting {
                let policy = KeyPolicy(
                    maximumTermDays: maxTermDays, requiresTargetUID: requireTargetUid,
                    allowedEntitlements: entitlements.isEmpty ? Set(Entitlement.known) : Set(try ArgumentRules.entitlements(entitlements)),
                    requestsPerMinute: requestsPerMinute)
                let service = LicenseService(database: try SandboxDatabase(path: try database.path))
                let (key, _) = try await service.issueKey(label: label, policy: policy)
                print(key)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the keys, masked, with their policies.")

        @OptionGroup var database: SandboxDatabaseOption

        func run() async throws {
            try await CommandFailure.reporting {
                let keys = try await SandboxDatabase(path: try database.path).keys()
                guard !keys.isEmpty else {
                    Terminal.standardError("No keys yet; issue one with `netify-licenses sandbox keys add`.")
                    return
                }
                var rows = [["ID", "KEY", "LABEL", "MAX TERM", "TARGET UID", "RATE/MIN", "LICENSES", "ENTITLEMENTS"]]
                for entry in keys {
                    let key = entry.key
                    let entitlements = key.policy.allowedEntitlements.count == Entitlement.known.count
                        ? "all" : key.policy.allowedEntitlements.map(\.rawValue).sorted().joined(separator: ",")
                    rows.append([
                        key.id, key.masked, key.label, "\(key.policy.maximumTermDays) d",
                        key.policy.requiresTargetUID ? "required" : "optional", "\(key.policy.requestsPerMinute)", "\(entry.licenseCount)", entitlements,
                    ])
                }
                print(TextTable.render(rows), terminator: "")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a key and the licenses it created.")

        @OptionGroup var database: SandboxDatabaseOption

        @Argument(help: "The key's ID, as `keys list` shows it (or the whole key).")
        var id: String

        func run() async throws {
            try await CommandFailure.reporting {
                let identifier = SandboxKey.identifier(of: id) ?? id
                guard let removed = try await SandboxDatabase(path: try database.path).removeKey(id: identifier) else {
                    throw SandboxError.usage("No key with ID \(identifier); see `netify-licenses sandbox keys list`.")
                }
                Terminal.standardError("Removed key \(identifier) and its \(removed) license\(removed == 1 ? "" : "s").")
            }
        }
    }
}
