import ArgumentParser
import LocalStore
import Dashboard
import Foundation
import LicenseSandbox
import Logging
import LicenseModel
import NetifyLicensing
import TerminalUI

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the terminal dashboard (the default).",
        discussion: """
            With no API key configured the dashboard starts a local sandbox in-process,
            with its own database under $XDG_DATA_HOME/netify-licenses/, and says
            SANDBOX in its header. Press ? inside for every key.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The colour theme: auto (light or default, by the terminal's background), default, light, high-contrast, monochrome or one of yours.", valueName: "name"))
    var theme: String?

    @Option(help: ArgumentHelp("Seconds between background refreshes (default 60).", valueName: "seconds"))
    var refresh: Double?

    @Flag(help: "Browse only: hide create, renew and delete.")
    var readonly = false

    func validate() throws {
        if let refresh, !DashboardSettings.refreshRange.contains(refresh) { throw ValidationError("--refresh must be \(DashboardSettings.refreshWords) seconds.") }
    }

    func run() async throws {
        // The same words and exit codes as every other command (field errors
        // and the context's name included): the dashboard's own failures are
        // said as settings errors are.
        try await CommandFailure.reporting {
            do {
                try await open()
            } catch let error as LicensingError {
                throw error
            } catch let error as SandboxError {
                throw error
            } catch where error is TerminalScreen.StartError || error is ThemeLibrary.LoadError
                || error is KeyMap.RemapError || error is DashboardSettings.Problem {
                throw LicensingError.configuration(message: String(describing: error))
            } catch {
                throw LicensingError.configuration(message: "The dashboard stopped: \(error)")
            }
        }
    }

    /// The theme chosen; one the settings file names that is not there is
    /// refused naming the file's line and the themes there are.
    static func theme(_ chosen: DashboardSettings, settingsFile: String, environment: [String: String]) throws -> (Theme, String?) {
        let result: (Theme, String?)
        do {
            result = try ThemeLibrary(environment: environment).choose(chosen.theme, environment: environment)
        } catch {
            // Matched here, not in the catch clause: a pattern with `where` there crashes the compiler (an ownership error).
            guard let line = chosen.themeLine, let loadError = error as? ThemeLibrary.LoadError,
                  case .notFound(let name, let available, let userDirectory) = loadError else { throw error }
            let shown = name.safeForDisplay(limit: 40)
            throw LicensingError.configuration(
                message: "\(settingsFile):\(line): theme = \(shown) is not a theme; the themes are \(([ThemeLibrary.automatic] + available.filter { $0 != ThemeLibrary.automatic }).joined(separator: ", ")). Choose one of them, or add \(shown).theme to \(userDirectory)/.")
        }
        return result
    }

    func open() async throws {
        let environment = ProcessEnvironment.current
        let all = try AllSettings.resolve(connection.overrides, environment: environment)
        let settings = all.core
        CommandFailure.contextName = settings.contextName
        var dashboardSettings = all.dashboard
        try dashboardSettings.override(theme: theme, refreshSeconds: refresh)
        let (chosenTheme, themeNote) = try DashboardCommand.theme(dashboardSettings, settingsFile: settings.configFilePath, environment: environment)
        let keyMap = try KeyMap(overrides: dashboardSettings.keyBindings)
        let logPath = FileLogHandler.bootstrap(environment: environment)
        let logger = Logger(label: "netify-licenses.dashboard")
        logger.info("dashboard starting")
        if let themeNote { logger.info("\(themeNote)") }

        // Every create, renew and delete from the dashboard is journaled; a journal
        // problem goes to the log, never over the screen.
        let connection = try await Connection.open(
            settings, forceSandbox: self.connection.sandbox, requireKey: false, environment: environment, logger: logger) { logger.warning("\($0)") }
        let source = DashboardState.Source(
            endpoint: connection.baseURL, isSandbox: connection.isSandbox, readOnly: readonly || settings.readOnly,
            context: settings.contextName, contextColor: settings.contextColor)
        let (journalContext, journal) = (connection.context, connection.journal)
        let client = guarded(connection.client, name: settings.contextName)
        var state = DashboardState(source: source, thresholds: settings.thresholds, keyMap: keyMap, now: currentUnixSeconds(), size: (80, 24))
        let (keyMaximum, keyWarning) = connection.keyMaximum
        state.keyMaximum = keyMaximum
        // The embedded sandbox's licenses are a demo: said at launch (and kept in :log), with the way to a real account.
        if connection.isSandbox {
            state.inform("SANDBOX: demo licenses kept on this machine, not your fleet. To manage yours, set NETIFY_API_KEY (or api_key in \(settings.configFilePath.safeForDisplay(limit: 120))); see the README's Configuration.")
        }
        state.columns = dashboardSettings.columns
        state.contextNames = settings.contextNames
        state.contextColors = settings.contextColors
        if let keyWarning {
            logger.warning("\(keyWarning)")
            state.warn(keyWarning)
        }
        let cache = CacheAccess.open(context: journalContext, environment: environment) { logger.warning("\($0)") }
        let runtime = await DashboardRuntime(
            state: state, client: client, cache: cache, journal: journal, team: connection.team, account: connection.context,
            knownKeyMaximum: connection.keyMaximumReader, theme: chosenTheme, refreshSeconds: dashboardSettings.refreshSeconds, mouse: dashboardSettings.mouse, environment: environment, logger: logger,
            openContext: settings.contextNames.isEmpty ? nil : contextOpener(environment: environment, logger: logger))
        do {
            try await runtime.run()
        } catch {
            logger.error("dashboard stopped", metadata: ["error": "\(error)", "log": "\(logPath)"])
            throw error
        }
    }

    /// The settings of one named context, as `--context NAME` gives them (flags for the first context do not carry over).
    func settings(ofContext name: String, environment: [String: String]) throws(LicensingError) -> Settings {
        try AllSettings.resolve(Settings.Overrides(configFile: connection.config, context: name), environment: environment).core
    }

    /// Opens a context for `:ctx NAME`, through the same `Connection.open` as
    /// every command; `all` joins every context, one that cannot be opened
    /// shown as stale with the reason rather than hiding the others.
    func contextOpener(environment: [String: String], logger: Logger) -> ContextSession.Opener {
        let command = self
        return { name in
            if name == "all" {
                let names = try Settings.fileOnly(Settings.Overrides(configFile: command.connection.config), environment: environment, frontEndOwns: DashboardSettings.owns).contextNames
                var members: [AllContextsAPI.Member] = []
                var journal: ChangeJournal?
                for member in names {
                    do {
                        let connection = try await command.open(member, environment: environment, logger: logger)
                        journal = journal ?? connection.journal
                        // Its last kept list, so a context that does not answer still shows its rows (stale).
                        let cached = try? CacheAccess.open(context: connection.context, environment: environment) { logger.warning("\($0)") }?.load()?.licenses
                        // --readonly guards each context's chain, before the router sends to it.
                        members.append(.init(name: member, client: command.guarded(connection.client, name: member), lastKnown: cached))
                    } catch {
                        members.append(.init(name: member, client: UnavailableContext.client(reason: "\(error)")))
                    }
                }
                let source = DashboardState.Source(endpoint: "every context", isSandbox: false, readOnly: command.readonly, context: "all")
                // Keys differ: a renew to "the key's maximum" is planned as not known, never guessed.
                return ContextSession(client: LicensePipeline(endpoint: AllContextsAPI(members)), cache: nil, journal: journal, source: source, keyMaximum: .unknown)
            }
            let connection = try await command.open(name, environment: environment, logger: logger)
            let settings = connection.settings
            let source = DashboardState.Source(
                endpoint: connection.baseURL, isSandbox: connection.isSandbox, readOnly: command.readonly || settings.readOnly,
                context: name, contextColor: settings.contextColor)
            let cache = CacheAccess.open(context: connection.context, environment: environment) { logger.warning("\($0)") }
            return ContextSession(
                client: command.guarded(connection.client, name: name), cache: cache, journal: connection.journal, team: connection.team,
                account: connection.context, source: source, keyMaximum: connection.keyMaximum.0, knownKeyMaximum: connection.keyMaximumReader,
                thresholds: settings.thresholds)
        }
    }

    /// `--readonly` is kept by the client too, not only by hiding the keys.
    func guarded(_ client: LicensePipeline, name: String?) -> LicensePipeline {
        readonly ? client.readOnly(context: "\(name ?? "in use") (--readonly)") : client
    }

    func open(_ name: String, environment: [String: String], logger: Logger) async throws -> Connection {
        let settings = try settings(ofContext: name, environment: environment)
        return try await Connection.open(settings, forceSandbox: false, requireKey: true, environment: environment, logger: logger) { logger.warning("\($0)") }
    }
}

/// A context that could not be opened, in the all-contexts view: every request
/// fails with the reason, so its rows show as stale with it rather than vanishing.
enum UnavailableContext {
    static func client(reason: String) -> LicensePipeline {
        LicensePipeline([], ending: { (_) async throws(LicensingError) -> LicenseOperationResult in throw .configuration(message: reason) })
    }
}
