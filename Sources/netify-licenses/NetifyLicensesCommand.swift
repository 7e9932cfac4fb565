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

    /// The options every command takes (`--context`, `--config`, `--endpoint`,
    /// `--api-key-file`, `--sandbox`) may come before the subcommand too, as
    /// with kubectl and gh: `netify-licenses --context west list` is read as
    /// `netify-licenses list --context west`. Without a subcommand they stay
    /// where they are (the dashboard's).
    static func commonOptionsAfterSubcommand(_ arguments: [String]) -> [String] {
        let valued: Set<String> = ["--context", "--config", "--endpoint", "--api-key-file"]
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valued.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if let equals = argument.firstIndex(of: "="), valued.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if argument == "--sandbox" {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])
        guard !leading.isEmpty, index < arguments.count, names.contains(arguments[index]) else { return arguments }
        // After the command's own arguments (before a `--` that ends the options, if any).
        var rest = Array(arguments[index...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }

    /// Parses and runs, mapping argument errors to exit code 1 (the parser's own is 64).
    static func main() async {
        if CommandLine.arguments.count - 1 > maximumArguments {
            Terminal.standardError("error: \(CommandLine.arguments.count - 1) arguments are more than any command takes (at most \(maximumArguments)); there are only \(LicenseModel.Entitlement.known.count) entitlements to name.")
            Terminal.exitProcess(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot(commonOptionsAfterSubcommand(Array(CommandLine.arguments.dropFirst())))
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
