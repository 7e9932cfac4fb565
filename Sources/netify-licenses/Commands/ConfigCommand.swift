import ArgumentParser
import LicenseModel
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
                let all = try AllSettings.resolve(connection.overrides, environment: ProcessEnvironment.current)
                let (settings, dashboard) = (all.core, all.dashboard)
                func source(_ key: String) -> String { settings.keysFromFile.contains(key) ? settings.configFilePath : "default" }
                let rows: [[String]] = [
                    ["endpoint", settings.endpoint.baseURL, settings.endpointSource ?? "default"],
                    ["api_key", settings.apiKey?.masked ?? "(none: the dashboard uses its embedded sandbox)", settings.apiKeySource ?? "-"],
                    ["critical_days", String(settings.thresholds.criticalDays), settings.thresholdsSource ?? "default"],
                    ["warning_days", String(settings.thresholds.warningDays), settings.thresholdsSource ?? "default"],
                    ["refresh_seconds", String(Int(dashboard.refreshSeconds)), dashboard.refreshSource ?? "default"],
                    ["timeout_seconds", String(Int(settings.requestTimeout)), settings.requestTimeoutSource ?? "default"],
                    ["total_timeout_seconds", String(Int(settings.totalTimeout)), source("total_timeout_seconds")],
                    ["max_term_days", settings.maximumTermDays.map(String.init) ?? "(not set)", source("max_term_days")],
                    ["key maximum", Show.keyMaximum(settings), KeyTermAccess.path()],
                    ["renew_within_days", String(settings.renewWithinDays ?? settings.thresholds.warningDays), settings.renewWithinDays == nil ? "warning_days" : source("renew_within_days")],
                    ["renew_term", { if case .durationDays(let days) = settings.renewTerm { return String(days) } else { return "max" } }(), source("renew_term")],
                    ["renew_expired", settings.renewsExpired ? "true" : "false", source("renew_expired")],
                    ["journal_retention_days", String(settings.journalRetentionDays), source("journal_retention_days")],
                    ["sandbox", settings.usesSandbox ? "true" : "false", source("sandbox")],
                    ["theme", dashboard.theme, dashboard.themeSource ?? "default"],
                    ["columns", dashboard.columns.map(\.name).joined(separator: ", "), source("columns")],
                    ["config file", settings.configFilePath, ""],
                ] + dashboard.keyBindings.sorted(by: { $0.key < $1.key }).map { ["key.\($0.key)", $0.value, settings.configFilePath] }
                Terminal.write(1, TextTable.render(rows))
            }
        }

        /// What renews to the key's maximum start from: learned, configured, or not known.
        static func keyMaximum(_ settings: Settings) -> String {
            let learned: KeyMaximum?
            if let key = settings.apiKey, !settings.usesSandbox {
                let context = JournalAccess.context(endpoint: settings.endpoint.baseURL, key: key.secret)
                learned = KeyTermAccess.openOrWarn()?.learned(context)
            } else {
                learned = nil
            }
            let (maximum, warning) = KeyMaximum.resolve(configured: settings.maximumTermDays, learned: learned)
            var text: String
            switch maximum {
            case .unknown: text = "not known yet (learned from the first renew or create sent with it)"
            case .configured(let days): text = "\(days) days (max_term_days; not yet confirmed by a reply)"
            case .learned(let days, let day): text = "\(days) days, learned \(day)"
            }
            if let warning { text += "; warning: " + warning }
            return text
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
