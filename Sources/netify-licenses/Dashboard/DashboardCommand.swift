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

    @Option(help: ArgumentHelp("The colour theme: default, light, high-contrast, monochrome or one of yours.", valueName: "name"))
    var theme: String?

    @Option(help: ArgumentHelp("Seconds between background refreshes (default 60).", valueName: "seconds"))
    var refresh: Double?

    @Flag(help: "Browse only: hide create, renew and delete.")
    var readonly = false

    func validate() throws {
        if let refresh, !(1...86_400).contains(refresh) { throw ValidationError("--refresh must be from 1 to 86400 seconds.") }
    }

    func run() async throws {
        let environment = ProcessEnvironment.current
        do {
            let all = try AllSettings.resolve(connection.overrides, environment: environment)
            let settings = all.core
            var dashboardSettings = all.dashboard
            try dashboardSettings.override(theme: theme, refreshSeconds: refresh)
            let chosenTheme = try ThemeLibrary(environment: environment).load(dashboardSettings.theme)
            let keyMap = try KeyMap(overrides: dashboardSettings.keyBindings)
            let logPath = FileLogHandler.bootstrap(environment: environment)
            let logger = Logger(label: "netify-licenses.dashboard")
            logger.info("dashboard starting")

            // Every create, renew and delete from the dashboard is journaled; a journal
            // problem goes to the log, never over the screen.
            let connection = try await Connection.open(
                settings, forceSandbox: self.connection.sandbox, requireKey: false, environment: environment, logger: logger) { logger.warning("\($0)") }
            let source = DashboardState.Source(
                endpoint: connection.baseURL, isSandbox: connection.isSandbox, readOnly: readonly || settings.readOnly,
                context: settings.contextName, contextColor: settings.contextColor)
            let (keyTerms, journalContext, client, journal) = (connection.keyTerms, connection.context, connection.client, connection.journal)
            var state = DashboardState(source: source, thresholds: settings.thresholds, keyMap: keyMap, now: currentUnixSeconds(), size: (80, 24))
            let (keyMaximum, keyWarning) = KeyMaximum.resolve(configured: settings.maximumTermDays, learned: keyTerms?.learned(journalContext))
            state.keyMaximum = keyMaximum
            state.columns = dashboardSettings.columns
            if let keyWarning {
                logger.warning("\(keyWarning)")
                state.warn(keyWarning)
            }
            let cache = CacheAccess.open(context: journalContext, environment: environment) { logger.warning("\($0)") }
            let runtime = await DashboardRuntime(
                state: state, client: client, cache: cache, journal: journal, theme: chosenTheme, refreshSeconds: dashboardSettings.refreshSeconds, mouse: dashboardSettings.mouse, environment: environment, logger: logger)
            do {
                try await runtime.run()
            } catch {
                logger.error("dashboard stopped", metadata: ["error": "\(error)", "log": "\(logPath)"])
                throw error
            }
            await ConnectionOptions.embedded.stop()
        } catch {
            await ConnectionOptions.embedded.stop()
            // The same words and exit codes as every other command.
            let message: String
            var status = ExitStatus.usage
            switch error {
            case let error as LicensingError:
                message = error.description
                status = ExitStatus.of(error)
            case let error as TerminalScreen.StartError: message = error.description
            case let error as ThemeLibrary.LoadError: message = error.description
            case let error as KeyMap.RemapError: message = error.description
            case let error as DashboardSettings.Problem: message = error.description
            case let error as SandboxError: message = error.message
            default: message = "The dashboard stopped: \(error)"
            }
            Terminal.standardError("error: \(message)")
            throw ExitCode(status.rawValue)
        }
    }
}
