import ArgumentParser
import LicenseModel
import NetifyLicensing

/// A monitoring plugin in the Nagios convention, for Nagios, Icinga and their kin.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the fleet's expiries as a Nagios/Icinga plugin: one status line with performance data.",
        discussion: """
            Prints one line (LICENSES OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata), then
            one line per license that is not OK. Exit codes follow the plugin convention:
            0 OK, 1 WARNING (a license expires within --warning days), 2 CRITICAL (one has
            expired or expires within --critical days), 3 UNKNOWN (the truth could not be
            learned: no key, a refused key, an unreachable server, an unreadable reply).
            The thresholds default to the settings' warning_days and critical_days.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("WARNING when a license expires within DAYS (default: warning_days).", valueName: "days"))
    var warning: Int?

    @Option(help: ArgumentHelp("CRITICAL when a license expires within DAYS (default: critical_days).", valueName: "days"))
    var critical: Int?

    @Option(name: .customLong("entitlement"), help: ArgumentHelp("Only licenses carrying this entitlement (keyword or short name); repeat for more.", valueName: "keyword"))
    var entitlements: [String] = []

    @Option(help: ArgumentHelp("Only licenses matching this filter (the dashboard's filter language).", valueName: "text"))
    var filter: String?

    @Option(help: ArgumentHelp("Lines printed for licenses that are not OK, the most urgent first; then \"and N more\".", valueName: "count"))
    var maxLines = 20

    @Option(help: ArgumentHelp("Seconds the whole check may take, retries included; then UNKNOWN (Nagios kills a plugin at 60).", valueName: "seconds"))
    var timeout: Double = 50

    @Flag(help: "Check every context of the settings file: one line, performance data per context, the worst state wins.")
    var allContexts = false

    func validate() throws {
        let days = ArgumentRules.dayWindow
        if let warning, !days.contains(warning) { throw ValidationError("--warning must be from \(days.lowerBound) to \(days.upperBound) days.") }
        if let critical, !days.contains(critical) { throw ValidationError("--critical must be from \(days.lowerBound) to \(days.upperBound) days.") }
        guard (0...100_000).contains(maxLines) else { throw ValidationError("--max-lines must be from 0 to 100000.") }
        guard timeout.isFinite, (1...3600).contains(timeout) else { throw ValidationError("--timeout must be from 1 to 3600 seconds.") }
        if let warning, let critical, !ExpiryThresholds(criticalDays: critical, warningDays: warning).isOrdered {
            throw ValidationError("--critical must not be more than --warning.")
        }
        _ = try ArgumentRules.entitlements(entitlements)
    }

    func run() async throws {
        // However the API behaves (a hung server, a reply that trickles), the
        // plugin answers within its time: UNKNOWN, and out.
        let seconds = timeout
        let deadline = Task.detached {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            Terminal.write(1, FleetCheck.unknown("the check did not finish within \(Int(seconds)) s; is the licensing server answering?") + "\n")
            Terminal.exitProcess(FleetCheck.State.unknown.rawValue)
        }
        let outcome = await evaluate()
        deadline.cancel()
        await ConnectionOptions.embedded.stop()
        Terminal.write(1, outcome.text)
        throw ExitCode(outcome.state.rawValue)
    }

    /// Never OK by default: anything that stops the check from learning the truth is UNKNOWN.
    func evaluate() async -> (state: FleetCheck.State, text: String) {
        if allContexts { return await evaluateAcrossContexts() }
        do {
            let (client, settings) = try await connection.readingClient()
            var thresholds = settings.thresholds
            if let warning { thresholds.warningDays = warning }
            if let critical { thresholds.criticalDays = critical }
            thresholds.keepCriticalInsideWarning()
            let list = try await client.licenseList(format: .object, expectedCount: 0)
            if !list.unreadable.isEmpty {
                return (.unknown, FleetCheck.unknown("\(list.unreadable.count) license(s) in the reply could not be read: \(list.unreadable[0])") + "\n")
            }
            let now = currentUnixSeconds()
            let query = try ArgumentRules.filter(filter, entitlements: entitlements)
            let licenses = LicenseCatalog.select(list.licenses, filter: query, sort: LicenseSort(.expires), thresholds: thresholds, now: now)
            let check = FleetCheck(licenses, thresholds: thresholds, now: now)
            return (check.state, ([check.statusLine] + check.detailLines(limit: maxLines)).joined(separator: "\n") + "\n")
        } catch let error as LicensingError {
            return (.unknown, FleetCheck.unknown(error.description) + "\n")
        } catch {
            return (.unknown, FleetCheck.unknown("\(error)") + "\n")
        }
    }

    func thresholds(_ settings: Settings) -> ExpiryThresholds {
        var thresholds = settings.thresholds
        if let warning { thresholds.warningDays = warning }
        if let critical { thresholds.criticalDays = critical }
        thresholds.keepCriticalInsideWarning()
        return thresholds
    }

    /// Every context checked with its own key: one line naming each context's
    /// state, the performance data of each under its name, the worst state wins.
    func evaluateAcrossContexts() async -> (state: FleetCheck.State, text: String) {
        let contexts: [AllContexts.Context]
        let query: LicenseFilter
        do {
            contexts = try connection.allContexts()
            query = try ArgumentRules.filter(filter, entitlements: entitlements)
        } catch let error as LicensingError {
            return (.unknown, FleetCheck.unknown(error.description) + "\n")
        } catch {
            return (.unknown, FleetCheck.unknown("\(error)") + "\n")
        }
        let now = currentUnixSeconds()
        var worst = FleetCheck.State.ok
        var parts: [String] = [], data: [String] = [], details: [String] = []
        for fetched in await AllContexts.fetch(contexts) {
            let name = fetched.name
            let state: FleetCheck.State
            switch fetched.result {
            case .failure(let error):
                state = .unknown
                parts.append("\(name) UNKNOWN (\(error.description.safeForDisplay(limit: 120)))")
            case .success(let list) where !list.unreadable.isEmpty:
                state = .unknown
                parts.append("\(name) UNKNOWN (\(list.unreadable.count) license(s) in the reply could not be read)")
            case .success(let list):
                let thresholds = thresholds(fetched.settings ?? Settings())
                let licenses = LicenseCatalog.select(list.licenses, filter: query, sort: LicenseSort(.expires), thresholds: thresholds, now: now)
                let check = FleetCheck(licenses, thresholds: thresholds, now: now)
                state = check.state
                parts.append("\(name) \(check.state.label): \(check.summary)")
                data.append(check.performanceData(prefix: name + "_"))
                details += check.detailLines(limit: maxLines).map { "[\(name)] \($0)" }
            }
            if FleetCheck.severity(state) > FleetCheck.severity(worst) { worst = state }
        }
        let line = "LICENSES \(worst.label) - \(parts.joined(separator: "; "))" + (data.isEmpty ? "" : " | " + data.joined(separator: " "))
        return (worst, ([line] + details.prefix(max(0, maxLines))).joined(separator: "\n") + "\n")
    }
}
