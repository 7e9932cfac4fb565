import ArgumentParser
import Foundation
import LicenseSandbox
import Dashboard
import Logging
import LocalStore
import LicenseModel
import NetifyLicensing

/// Where the API is and which key to use; on every command that talks to it.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Licensing API's base URL (default https://agents.netify.ai).", valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("A file holding the API key, private to you (chmod 600).", valueName: "path"))
    var apiKeyFile: String?

    @Option(help: ArgumentHelp("The settings file to read instead of the default.", valueName: "path"))
    var config: String?

    @Flag(help: "Work on the embedded sandbox (the one the dashboard opens without a key), never the real service.")
    var sandbox = false

    var overrides: Settings.Overrides {
        Settings.Overrides(endpoint: endpoint, apiKeyFile: apiKeyFile, configFile: config)
    }

    func settings(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> Settings {
        try AllSettings.resolve(overrides, environment: environment).core
    }

    /// A client with a key, or an error that says how to give one. With
    /// `--sandbox` (or `sandbox = true` in the settings) the embedded sandbox
    /// is started in this process and every request goes to it; without it, a
    /// missing key stays an error, so a script never acts on a sandbox by surprise.
    /// Every create, renew and delete through it is journaled (see `history`).
    func client() async throws -> (any LicensingAPI, Settings) {
        let connection = try await connect()
        return (connection.client, connection.settings)
    }

    /// The journaled client with what identifies it locally (for the cache).
    func connect() async throws -> Connection {
        let (client, settings, context) = try await httpClient()
        let journaled = JournalAccess.journaled(client, context: context, settings: settings)
        let keyTerms = KeyTermAccess.openOrWarn()
        let learning: any LicensingAPI = keyTerms.map { KeyTermLearningAPI(journaled, store: $0, context: context, warn: { Terminal.standardError("warning: \($0)") }) } ?? journaled
        return Connection(client: learning, settings: settings, context: context, keyTerms: keyTerms)
    }

    /// The bare client, for commands that only read and never journal (check, metrics, exporter).
    func readingClient() async throws -> (HTTPLicensingClient, Settings) {
        let (client, settings, _) = try await httpClient()
        return (client, settings)
    }

    private func httpClient() async throws -> (HTTPLicensingClient, Settings, JournalContext) {
        let environment = ProcessEnvironment.current
        let settings = try settings(environment: environment)
        if sandbox || settings.usesSandbox {
            let (running, key) = try await EmbeddedSandbox.start(environment: environment)
            ConnectionOptions.embedded.set(running)
            let client = try HTTPLicensingClient(
                endpoint: Endpoint(loopbackPort: running.port, host: running.host), apiKey: key, logger: CommandLineLogging.logger)
            return (client, settings, JournalAccess.context(endpoint: JournalAccess.embeddedSandboxEndpoint(environment: environment), key: key.secret))
        }
        guard let key = settings.apiKey else {
            throw LicensingError.missingAPIKey(configFilePath: settings.configFilePath)
        }
        let client = try HTTPLicensingClient(settings: settings, logger: CommandLineLogging.logger)
        return (client, settings, JournalAccess.context(endpoint: settings.endpoint.baseURL, key: key.secret))
    }

    /// The embedded sandbox a command started, stopped before the process exits.
    static let embedded = EmbeddedSandboxHolder()
}

/// The command line's logger (named apart from swift-log's `Logging` module, which this file imports).
enum CommandLineLogging {
    /// The CLI reports failures itself; library chatter (retries) stays out of stderr unless asked for.
    static var logger: Logger {
        var logger = Logger(label: "netify-licenses")
        logger.logLevel = ProcessEnvironment.current["NETIFY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        return logger
    }
}

enum OutputStyle: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv

    /// A table for people, JSON for pipes.
    static func resolve(_ requested: OutputStyle?) -> OutputStyle {
        requested ?? (Terminal.isTerminal(1) ? .table : .json)
    }
}

extension LicenseFormat: ExpressibleByArgument {}
extension LicenseSortField: ExpressibleByArgument {}
extension ExpiryStatus: ExpressibleByArgument {}

/// Parses the shared `--expire-at` / `--duration-days` pair.
struct ExpiryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The expiry date, YYYY-MM-DD (UTC).", valueName: "date"))
    var expireAt: String?

    @Option(help: ArgumentHelp("Days from today instead of a date.", valueName: "days"))
    var durationDays: Int?

    func validate() throws {
        if expireAt != nil, durationDays != nil {
            throw ValidationError("Give --expire-at or --duration-days, not both.")
        }
        if let expireAt, case .failure(let violation) = LicenseRules.expiryDate(expireAt, today: CalendarDate.today()) {
            try ArgumentRules.require(violation, option: "--expire-at")
        }
        if let durationDays { try ArgumentRules.require(LicenseRules.check(durationDays: durationDays), option: "--duration-days") }
    }

    var expiry: ExpiryRequest {
        if let expireAt, let date = CalendarDate(expireAt) { return .date(date) }
        if let durationDays { return .durationDays(durationDays) }
        return .keyMaximum
    }
}

/// The client core's settings and the dashboard's, from one settings file:
/// every command reads both, so a mistake in either is reported the same way.
struct AllSettings {
    var core: Settings
    var dashboard: DashboardSettings

    static func resolve(_ overrides: Settings.Overrides, environment: [String: String]) throws(LicensingError) -> AllSettings {
        let core = try Settings.resolve(overrides, environment: environment, frontEndOwns: DashboardSettings.owns)
        var dashboard = DashboardSettings()
        do {
            try dashboard.apply(core.frontEndLines.map { .init(key: $0.key, value: $0.value, line: $0.line) }, path: core.configFilePath)
        } catch {
            throw .configuration(message: error.description)
        }
        return AllSettings(core: core, dashboard: dashboard)
    }
}

/// A client ready to use, with the endpoint and key fingerprint that name its cache.
struct Connection {
    let client: any LicensingAPI
    let settings: Settings
    let context: JournalContext
    /// What replies taught about this key's maximum term; nil when the file cannot be opened.
    let keyTerms: KeyTermStore?

    /// What is known of the key's maximum term, with a warning when the settings contradict what was learned.
    var keyMaximum: (KeyMaximum, warning: String?) {
        KeyMaximum.resolve(configured: settings.maximumTermDays, learned: keyTerms?.learned(context))
    }

    /// The list cache of this endpoint and key; nil (with a warning) when it cannot be opened.
    func cache() -> LicenseCache? {
        CacheAccess.open(context: context)
    }
}

/// Holds the embedded sandbox a CLI command started, so it is stopped gracefully when the command ends.
final class EmbeddedSandboxHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var running: RunningSandbox?

    func set(_ sandbox: RunningSandbox) {
        lock.withLock { running = sandbox }
    }

    func stop() async {
        let sandbox = lock.withLock { () -> RunningSandbox? in
            defer { running = nil }
            return running
        }
        await sandbox?.stop()
    }
}

/// What a command does when the list reply holds entries it cannot read:
/// says so on stderr, and exits 11 at the end unless told to accept it, so a
/// script never takes a shorter list for the whole fleet.
struct UnreadableOptions: ParsableArguments {
    @Flag(help: "Accept a list with unreadable licenses (still reported on stderr) and exit 0.")
    var skipUnreadable = false

    /// Reports what was left out; returns the exit status the command should end with.
    func report(_ list: LicenseList) -> ExitStatus? {
        guard !list.unreadable.isEmpty else { return nil }
        let count = list.unreadable.count
        let first = list.unreadable[0].description.safeForDisplay(limit: 200)
        Terminal.standardError("warning: \(count) license\(count == 1 ? "" : "s") in the reply could not be read and \(count == 1 ? "is" : "are") not shown (\(first)\(count > 1 ? ", …" : "")).")
        return skipUnreadable ? nil : .unreadable
    }
}
