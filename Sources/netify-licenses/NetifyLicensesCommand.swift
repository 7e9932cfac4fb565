import ArgumentParser
import LicenseModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct NetifyLicensesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netify-licenses",
        abstract: "Issue, renew and retire Netify agent licenses.",
        discussion: """
            Run without a subcommand to open the dashboard. With no API key configured
            the dashboard runs on an embedded local sandbox.

            Settings come from flags, then NETIFY_API_KEY and NETIFY_ENDPOINT, then
            the settings file: NETIFY_CONFIG, or $XDG_CONFIG_HOME/netify-licenses/config.

            Shell completion: netify-licenses --generate-completion-script bash|zsh|fish

            \(ExitStatus.helpText)
            """,
        version: NetifyLicensesCommand.version,
        subcommands: [
            ListCommand.self, ShowCommand.self, CreateCommand.self, RenewCommand.self, DeleteCommand.self, ApplyCommand.self,
            ExportCommand.self, HistoryCommand.self, CheckCommand.self, MetricsCommand.self, NotifyCommand.self, ExporterCommand.self, ConfigCommand.self, SandboxCommand.self, DashboardCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )

    /// What `--version` prints.
    static let version = "netify-licenses 0.4.0"

    /// More arguments than any command can use: the argument parser's time
    /// grows with the square of their number (16,000 took 14 s), so a longer
    /// command line is refused before it is parsed.
    static let maximumArguments = 1_000

    /// Parses and runs, mapping argument errors to exit code 1 (the parser's own is 64).
    static func main() async {
        if CommandLine.arguments.count - 1 > maximumArguments {
            Terminal.standardError("error: \(CommandLine.arguments.count - 1) arguments are more than any command takes (at most \(maximumArguments)); there are only \(LicenseModel.Entitlement.known.count) entitlements to name.")
            Terminal.exitProcess(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // One prefix for every error line, the parser's and ours alike.
                var message = fullMessage(for: error)
                if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst(7) }
                Terminal.standardError(message)
                Terminal.exitProcess(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
