import ArgumentParser
import Dashboard
import LicenseModel
import NetifyLicensing

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in effect and where they come from; list and switch contexts.",
        subcommands: [Show.self, Path.self, Contexts.self, UseContext.self],
        defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the settings in effect, the key masked.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let all = try AllSettings.resolve(connection.overrides, environment: ProcessEnvironment.current)
                let (settings, dashboard) = (all.core, all.dashboard)
                // A row for every setting of the table, in its order (one shown with another is in that row).
                let rows: [[String]] = SettingName.allCases.filter { $0.setting.shownWith == nil }.flatMap { Show.rows(for: $0, settings, dashboard) }
                    + [["config file", settings.configFilePath, ""]] + Show.destinationRows(settings)
                    + dashboard.keyBindings.sorted(by: { $0.key < $1.key }).map { ["key.\($0.key)", $0.value, settings.configFilePath] }
                Terminal.write(1, TextTable.render(rows))
            }
        }

        /// The row (or rows) `config show` gives a setting: its value and where it
        /// came from; none for one shown in another's row (`SettingTable.Setting.shownWith`).
        static func rows(for name: SettingName, _ settings: Settings, _ dashboard: DashboardSettings) -> [[String]] {
            func source(_ key: SettingName) -> String { settings.keysFromFile.contains(key.rawValue) ? settings.configFilePath : "default" }
            switch name {
            case .currentContext: return [["context", settings.contextName ?? "(none: the plain settings)", settings.contextSource ?? "-"]]
            case .readonly: return [["readonly", settings.readOnly ? "true" : "false", source(.readonly)]]
            case .endpoint: return [["endpoint", settings.endpoint.baseURL, settings.endpointSource ?? "default"]]
            case .apiKey: return [["api_key", settings.apiKey?.masked ?? "(none: the dashboard uses its embedded sandbox)", settings.apiKeySource ?? "-"]]
            case .criticalDays: return [["critical_days", String(settings.thresholds.criticalDays), settings.thresholdsSource ?? "default"]]
            case .warningDays: return [["warning_days", String(settings.thresholds.warningDays), settings.thresholdsSource ?? "default"]]
            case .refreshSeconds: return [["refresh_seconds", String(Int(dashboard.refreshSeconds)), dashboard.refreshSource ?? "default"]]
            case .timeoutSeconds: return [["timeout_seconds", String(Int(settings.requestTimeout)), settings.requestTimeoutSource ?? "default"]]
            case .totalTimeoutSeconds: return [["total_timeout_seconds", String(Int(settings.totalTimeout)), source(.totalTimeoutSeconds)]]
            case .maxTermDays:
                return [
                    ["max_term_days", settings.maximumTermDays.map(String.init) ?? "(not set)", source(.maxTermDays)],
                    ["key maximum", Show.keyMaximum(settings), (try? JournalAccess.path()) ?? "(no state directory: set STATE_DIRECTORY, XDG_STATE_HOME or HOME)"],
                ]
            case .renewWithinDays:
                return [["renew_within_days", String(settings.thresholds.dueWithinDays), settings.renewWithinDays == nil ? "warning_days" : source(.renewWithinDays)]]
            case .renewTerm:
                return [["renew_term", { if case .durationDays(let days) = settings.renewTerm { return String(days) } else { return "max" } }(), source(.renewTerm)]]
            case .renewExpired: return [["renew_expired", settings.renewsExpired ? "true" : "false", source(.renewExpired)]]
            case .journalRetentionDays: return [["journal_retention_days", String(settings.journalRetentionDays), source(.journalRetentionDays)]]
            case .journalURL:
                // The URL without its password: the password is never printed.
                return [["journal_url", settings.journalURL.map { $0.shown + ($0.password == nil ? "" : " (password set)") } ?? "(none: this machine's journal only)", settings.journalURLSource ?? "-"]]
            case .journalRequired: return [["journal_required", settings.journalRequired ? "true" : "false", source(.journalRequired)]]
            case .operatorName: return [["operator", settings.operatorName, settings.operatorSource ?? "default (login@host)"]]
            case .sandbox: return [["sandbox", settings.usesSandbox ? "true" : "false", source(.sandbox)]]
            case .theme: return [["theme", dashboard.theme, dashboard.themeSource ?? "default"]]
            case .columns: return [["columns", dashboard.columns.map(\.name).joined(separator: ", "), source(.columns)]]
            case .mouse: return [["mouse", dashboard.mouse ? "true" : "false", source(.mouse)]]
            case .sendmailCommand: return [["sendmail_command", settings.sendmailCommand.joined(separator: " "), source(.sendmailCommand)]]
            case .apiKeyFile, .journalPasswordFile, .color:
                // Never asked: the table shows each in another setting's row (`shownWith`).
                return []
            }
        }

        /// One row per notification destination: a URL and a token are secrets, so only its name, format, level and recipients.
        static func destinationRows(_ settings: Settings) -> [[String]] {
            settings.notifyDestinations.map { destination in
                var parts: [String] = ["\(destination.format), level \(destination.level)"]
                if !destination.to.isEmpty { parts.append("to " + destination.to.joined(separator: ", ")) }
                if destination.url != nil { parts.append("url set") }
                if let tokenFile = destination.tokenFile { parts.append("token_file " + tokenFile) }
                return ["notify." + destination.name, parts.joined(separator: ", "), settings.configFilePath]
            }
        }

        /// What renews to the key's maximum start from: learned, configured, or not known.
        static func keyMaximum(_ settings: Settings) -> String {
            let learned: KeyMaximum?
            if let key = settings.apiKey, !settings.usesSandbox {
                let context = JournalAccess.context(endpoint: settings.endpoint.baseURL, key: key.secret)
                learned = KeyTermAccess.store(journal: JournalAccess.openOrWarn(settings: settings) { Terminal.standardError("warning: \($0)") })?.learned(context)
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

    struct Contexts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the contexts of the settings file: endpoint, masked key, read-only, and where each came from.")

        @Option(help: ArgumentHelp("The settings file to read instead of the default.", valueName: "path"))
        var config: String?

        func run() async throws {
            try await CommandFailure.reporting {
                let environment = ProcessEnvironment.current
                let overrides = Settings.Overrides(configFile: config)
                let base = try Settings.fileOnly(overrides, environment: environment, frontEndOwns: DashboardSettings.owns)
                let current = try? Settings.resolve(overrides, environment: environment, frontEndOwns: DashboardSettings.owns).contextName
                guard !base.contextNames.isEmpty else {
                    Terminal.standardError("\(base.configFilePath) defines no contexts. Add some, for example:\n  context.east.endpoint     = https://agents.netify.ai\n  context.east.api_key_file = ~/.config/netify-licenses/east.key\n  current_context           = east")
                    return
                }
                var rows = [["CURRENT", "NAME", "ENDPOINT", "KEY", "READ-ONLY", "COLOR", "KEY FROM"]]
                for name in base.contextNames {
                    let marker = name == current ? "*" : ""
                    do throws(LicensingError) {
                        var resolved = base
                        try resolved.select(context: name, source: "config contexts")
                        rows.append([
                            marker, name, resolved.usesSandbox ? "embedded sandbox" : resolved.endpoint.baseURL, resolved.apiKey?.masked ?? "(none)",
                            resolved.readOnly ? "yes" : "no", resolved.contextColor ?? "-", resolved.apiKeySource ?? "-",
                        ])
                    } catch {
                        rows.append([marker, name, "(cannot be used: \(error.description.safeForDisplay(limit: 160)))", "", "", "", ""])
                    }
                }
                Terminal.write(1, TextTable.render(rows))
                if let current {
                    Terminal.standardError("current: \(current)")
                }
            }
        }
    }

    struct UseContext: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "use-context",
            abstract: "Make NAME the current context: rewrites current_context in the settings file, keeping its comments and mode.")

        @Argument(help: "The context to use from now on.")
        var name: String

        @Option(help: ArgumentHelp("The settings file to change instead of the default.", valueName: "path"))
        var config: String?

        func run() async throws {
            try await CommandFailure.reporting {
                let environment = ProcessEnvironment.current
                let base = try Settings.fileOnly(Settings.Overrides(configFile: config), environment: environment, frontEndOwns: DashboardSettings.owns)
                var chosen = base
                try chosen.select(context: name, source: "config use-context")
                try SettingsFileEdit.set("current_context", to: name, in: base.configFilePath)
                Terminal.standardError("The current context is now \(name) (\(chosen.endpoint.baseURL)); \(base.configFilePath) changed.")
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
