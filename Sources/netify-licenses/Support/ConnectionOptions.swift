import ArgumentParser
import Foundation
import LicenseSandbox
import Dashboard
import Logging
import LocalStore
import TeamJournal
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

    @Option(help: ArgumentHelp("The context (a named endpoint and key in the settings file) to use; also NETIFY_CONTEXT.", valueName: "name"))
    var context: String?

    @Flag(help: "Work on the embedded sandbox (the one the dashboard opens without a key), never the real service.")
    var sandbox = false

    var overrides: Settings.Overrides {
        Settings.Overrides(endpoint: endpoint, apiKeyFile: apiKeyFile, configFile: config, context: context)
    }

    func settings(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> Settings {
        // The context asked for names the errors of resolving it too (a key file others can read).
        CommandFailure.contextName = Settings.namedContext(context, environment: environment)
        let settings = try AllSettings.resolve(overrides, environment: environment).core
        CommandFailure.contextName = settings.contextName
        return settings
    }

    /// The client every write goes through, with what identifies it locally, or
    /// an error that says how to give a key. With `--sandbox` (or `sandbox = true`
    /// in the settings) the embedded sandbox is started in this process and every
    /// request goes to it; without it, a missing key stays an error, so a script
    /// never acts on a sandbox by surprise. Every create, renew and delete through
    /// it is journaled (see `history`).
    func connect() async throws -> Connection {
        try await Connection.open(try settings(), forceSandbox: sandbox, requireKey: true)
    }

    /// The bare client, for commands that only read and never journal (check, metrics, exporter).
    func readingClient() async throws -> (HTTPLicensingClient, Settings) {
        let settings = try settings()
        let (client, _, _) = try await Connection.httpClient(settings, forceSandbox: sandbox, requireKey: true)
        return (client, settings)
    }

    /// Every context of the settings file, for `--all-contexts`: each its own settings.
    func allContexts() throws(LicensingError) -> [(name: String, settings: Result<Settings, LicensingError>)] {
        if context != nil || endpoint != nil || apiKeyFile != nil || sandbox {
            throw .configuration(message: "--all-contexts uses every context's own endpoint and key; leave out --context, --endpoint, --api-key-file and --sandbox.")
        }
        return try Settings.resolveAllContexts(overrides, environment: ProcessEnvironment.current, frontEndOwns: DashboardSettings.owns)
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

/// A client ready to use, with the endpoint and key fingerprint that name its
/// cache: the one way every front end (each command, the dashboard, each
/// context of `--all-contexts` and `:ctx`) gets one. Every operation passes
/// one chain, built here: for a read-only context the refusal of every write
/// before any request, then the change journal, then what replies teach
/// about the key's maximum, then the HTTP client.
struct Connection {
    let client: LicensePipeline
    let settings: Settings
    let context: JournalContext
    /// What replies taught about this key's maximum term; nil when the file cannot be opened.
    let keyTerms: KeyTermStore?
    let journal: ChangeJournal?
    /// The team journal's delivery, when `journal_url` is set.
    let team: TeamJournalDelivery?
    /// The base URL the requests go to (the embedded sandbox's loopback address when it serves).
    let baseURL: String
    let isSandbox: Bool

    /// The context's name, or nil for the plain settings.
    var name: String? { settings.contextName }

    static func open(
        _ settings: Settings, forceSandbox: Bool, requireKey: Bool, environment: [String: String] = ProcessEnvironment.current,
        logger: Logger = CommandLineLogging.logger, warn: @escaping @Sendable (String) -> Void = { Terminal.standardError("warning: \($0)") }
    ) async throws -> Connection {
        let (http, account, isSandbox) = try await httpClient(settings, forceSandbox: forceSandbox, requireKey: requireKey, environment: environment, logger: logger)
        var context = account
        context.operatorName = settings.operatorName
        context.contextName = settings.contextName
        context.team = settings.journalURL.map(TeamJournalDatabase.teamID)
        let journal = JournalAccess.openOrWarn(settings: settings, environment: environment, warn: warn)
        let keyTerms = KeyTermAccess.store(journal: journal, environment: environment, warn: warn)
        // The team journal's outbox is the local journal: delivered at the start, after every change, and before the process ends.
        let team = journal.flatMap { TeamAccess.delivery(settings, journal: $0, warn: warn) }
        if let team { await team.kick() }
        // The one chain: a concern that journal or key terms could not open is left out, with its warning.
        var chain: [any LicenseMiddleware] = []
        if settings.readOnly { chain.append(ReadOnlyMiddleware(context: settings.contextName ?? "in use")) }
        if ToolDirectories(environment: environment).state == nil { chain.append(JournalAccess.RefuseWithoutPlace()) }
        if let team { chain.append(TeamJournaling(delivery: team, required: settings.journalRequired)) }
        if journal == nil, settings.journalRequired, settings.journalURL != nil { chain.append(TeamAccess.RefuseUnrecorded()) }
        chain += LocalChain.middleware(
            journal: journal, journalRequired: settings.journalRequired && settings.journalURL != nil, keyTerms: keyTerms,
            cacheDirectory: try? CacheAccess.directory(environment: environment), context: context, warn: warn)
        let client = LicensePipeline(chain, endpoint: http)
        return Connection(
            client: client, settings: settings, context: context, keyTerms: keyTerms, journal: journal, team: team, baseURL: http.endpoint.baseURL,
            isSandbox: isSandbox)
    }

    /// The HTTP client alone, and the name its journal entries, cache and learned terms go under.
    static func httpClient(
        _ settings: Settings, forceSandbox: Bool, requireKey: Bool, environment: [String: String] = ProcessEnvironment.current,
        logger: Logger = CommandLineLogging.logger
    ) async throws -> (HTTPLicensingClient, JournalContext, isSandbox: Bool) {
        if forceSandbox || settings.usesSandbox || (!requireKey && settings.apiKey == nil) {
            let (running, key) = try await ConnectionOptions.embedded.start(environment: environment)
            let client = try HTTPLicensingClient(endpoint: Endpoint(loopbackPort: running.port, host: running.host), apiKey: key, logger: logger)
            return (client, JournalAccess.context(endpoint: JournalAccess.embeddedSandboxEndpoint(environment: environment), key: key.secret), true)
        }
        guard let key = settings.apiKey else {
            throw LicensingError.missingAPIKey(configFilePath: settings.configFilePath)
        }
        let client = try HTTPLicensingClient(settings: settings, logger: logger)
        return (client, JournalAccess.context(endpoint: settings.endpoint.baseURL, key: key.secret), false)
    }

    /// What is known of the key's maximum term, with a warning when the settings contradict what was learned.
    var keyMaximum: (KeyMaximum, warning: String?) {
        KeyMaximum.resolve(configured: settings.maximumTermDays, learned: keyTerms?.learned(context))
    }

    /// Reads `keyMaximum` afresh each time (after a write taught it); nil when the key-term store could not be opened.
    var keyMaximumReader: KeyMaximumReader? {
        guard let keyTerms else { return nil }
        let (configured, context) = (settings.maximumTermDays, context)
        return { KeyMaximum.resolve(configured: configured, learned: keyTerms.learned(context)).0 }
    }

    /// The list cache of this endpoint and key; nil (with a warning) when it cannot be opened.
    func cache() -> LicenseCache? {
        CacheAccess.open(context: context)
    }
}

/// Holds the embedded sandbox this process started (once, whatever asks for
/// it), so it is stopped gracefully when the command ends.
final class EmbeddedSandboxHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var running: (RunningSandbox, APIKey)?
    private var starting: Task<(RunningSandbox, APIKey), any Error>?

    func start(environment: [String: String]) async throws -> (RunningSandbox, APIKey) {
        let task = lock.withLock { () -> Task<(RunningSandbox, APIKey), any Error> in
            if let starting { return starting }
            let task = Task { try await EmbeddedSandbox.start(environment: environment) }
            starting = task
            return task
        }
        let started = try await task.value
        lock.withLock { running = started }
        return started
    }

    func stop() async {
        let sandbox = lock.withLock { () -> RunningSandbox? in
            defer {
                running = nil
                starting = nil
            }
            return running?.0
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
        report(unreadable: list.unreadable, repeatedWarning: list.repeatedWarning)
    }

    func report(unreadable: [LicenseDecodingError], repeatedWarning: String?) -> ExitStatus? {
        // A serial listed twice is shown once and acted on by no bulk plan: said, not fatal.
        if let repeatedWarning { Terminal.standardError("warning: " + repeatedWarning) }
        guard !unreadable.isEmpty else { return nil }
        let count = unreadable.count
        let first = unreadable[0].description.safeForDisplay(limit: 200)
        Terminal.standardError("warning: \(count) license\(count == 1 ? "" : "s") in the reply could not be read and \(count == 1 ? "is" : "are") not shown (\(first)\(count > 1 ? ", …" : "")).")
        return skipUnreadable ? nil : .unreadable
    }
}
