import ArgumentParser
import NetifyLicensing

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in effect and where they come from.",
        subcommands: [Show.self, Path.self],
        defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the settings in effect, the key masked.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let settings = try connection.settings()
                let rows: [[String]] = [
                    ["endpoint", settings.endpoint.baseURL, settings.endpointSource ?? "default"],
                    ["api_key", settings.apiKey?.masked ?? "(none: the dashboard uses its embedded sandbox)", settings.apiKeySource ?? "-"],
                    ["critical_days", String(settings.thresholds.criticalDays), ""],
                    ["warning_days", String(settings.thresholds.warningDays), ""],
                    ["refresh_seconds", String(Int(settings.refreshSeconds)), ""],
                    ["timeout_seconds", String(Int(settings.requestTimeout)), ""],
                    ["theme", settings.theme, ""],
                    ["config file", settings.configFilePath, ""],
                ] + settings.keyBindings.sorted(by: { $0.key < $1.key }).map { ["key.\($0.key)", $0.value, ""] }
                Terminal.write(1, TextTable.render(rows))
            }
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the path of the settings file.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await CommandFailure.reporting {
                Terminal.write(1, try connection.settings().configFilePath + "\n")
            }
        }
    }
}
