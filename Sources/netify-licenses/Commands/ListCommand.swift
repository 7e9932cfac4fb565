import ArgumentParser
import LicenseModel
import NetifyLicensing

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the licenses of your API key.",
        discussion: """
            A table on a terminal, JSON in a pipe. "Expiring within N days" means not yet
            expired and expiring on or before today + N days (UTC); expired licenses are
            --status expired.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The license format to fetch: netifyd or object.")
    var format: LicenseFormat = .object

    @Option(help: "table, json or csv (default: table on a terminal, json otherwise).")
    var output: OutputStyle?

    @Option(help: ArgumentHelp("Sort by \(LicenseSortField.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "field"))
    var sort: LicenseSortField = .expires

    @Flag(help: "Reverse the sort.")
    var reverse = false

    @Option(help: ArgumentHelp("Keep licenses whose serial, issued to, free texts (\(FreeText.names)), target or entitlements contain TEXT (case and accents folded); terms such as status:due, ent:mqtt, days<30 and !word combine with it, as in the dashboard.", valueName: "text"))
    var filter: String?

    @Option(name: .customLong("entitlement"), help: ArgumentHelp("Keep licenses that carry this entitlement (keyword or short name, as lua or app-sigs); repeat to require several.", valueName: "keyword"))
    var entitlements: [String] = []

    @Option(help: ArgumentHelp("Keep licenses expiring within DAYS days.", valueName: "days"))
    var expiringWithin: Int?

    @Option(help: "Keep licenses in this expiry status: expired, critical, warning or ok.")
    var status: ExpiryStatus?

    @OptionGroup var unreadable: UnreadableOptions

    @Flag(help: "Print counts per status and per week for the next 12 weeks instead of the licenses (table or json).")
    var summary = false

    @Flag(help: "Read the list the dashboard (or list --changes) last kept instead of asking the API; its age goes to stderr.")
    var cached = false

    @Flag(help: "Print what changed since the cached list (new, renewed elsewhere, changed, gone) instead of the licenses, then cache the new list.")
    var changes = false

    @Flag(help: "List every context's licenses in one table (a CONTEXT column; a \"context\" member in JSON), each asked with its own key.")
    var allContexts = false

    func validate() throws {
        if let expiringWithin, !ArgumentRules.dayWindow.contains(expiringWithin) {
            throw ValidationError("--expiring-within must be from \(ArgumentRules.dayWindow.lowerBound) to \(ArgumentRules.dayWindow.upperBound) days.")
        }
        if cached, format != .object { throw ValidationError("--cached reads the object format the cache holds; leave out --format.") }
        if cached, changes { throw ValidationError("--changes compares the API's list with the cache; leave out --cached.") }
        if allContexts, cached || changes || summary || format != .object {
            throw ValidationError("--all-contexts lists the licenses themselves in object format; leave out --cached, --changes, --summary and --format.")
        }
        _ = try ArgumentRules.entitlements(entitlements)
    }

    /// The licenses a filter's conditions keep, chosen as the list arrives.
    static func selection(_ filter: LicenseFilter, thresholds: ExpiryThresholds, now: Int64) -> LicenseSelection {
        { license in LicenseCatalog.passesConditions(license, filter, thresholds: thresholds, now: now) }
    }

    func run() async throws {
        if allContexts { return try await runAcrossContexts() }
        try await CommandFailure.reporting {
            let connection = try await self.connection.connect()
            let settings = connection.settings
            let now = currentUnixSeconds()
            // The same filter language as the dashboard's `/`: free text and terms such as status:due or days<30.
            var filter = try ArgumentRules.filter(filter, entitlements: entitlements)
            filter.expiringWithinDays = expiringWithin
            if let status { filter.statuses.insert(status) }
            let list: LicenseList
            if cached {
                list = LicenseList(licenses: try CacheAccess.cachedList(connection).licenses)
            } else {
                // Its conditions (not its text) choose licenses as they arrive: a filtered
                // list of a million keeps only what it shows. --changes needs the whole list.
                let keeping = filter.hasConditions && !changes ? ListCommand.selection(filter, thresholds: settings.thresholds, now: now) : nil
                list = try await connection.client.licenseList(format: format, expectedCount: 0, keeping: keeping)
                // Only --changes keeps the list (as the dashboard does): a plain `list` in a
                // script would pay the cache write (0.1–0.2 s at 100,000 licenses) every time.
                if changes {
                    guard format == .object else {
                        throw LicensingError.configuration(message: "--changes compares the object format the cache holds; leave out --format.")
                    }
                    let cache = connection.cache()
                    let previous = (try? cache?.load()) ?? nil
                    Terminal.write(1, ChangesOutput.render(ListChanges(from: previous?.licenses ?? [], to: list.licenses), since: previous?.fetchedAt, style: OutputStyle.resolve(output)))
                    CacheAccess.store(list.licenses, fetchedAt: now, in: cache)
                    if let status = unreadable.report(list) { throw ReportedFailure(status: status) }
                    return
                }
            }
            let licenses = list.licenses
            let shown = LicenseCatalog.select(licenses, filter: filter, sort: LicenseSort(sort, ascending: !reverse), thresholds: settings.thresholds, now: now)
            let renderer = LicenseOutput(thresholds: settings.thresholds, now: now, colour: LicenseOutput.wantsColour())
            if summary {
                let timeline = ExpiryTimeline(shown, now: now, thresholds: settings.thresholds)
                Terminal.write(1, OutputStyle.resolve(output) == .json ? renderer.json(timeline) : renderer.table(timeline))
                if let status = unreadable.report(list) { throw ReportedFailure(status: status) }
                return
            }
            // The list's own warnings are said even when the output could not be written (then its failure wins).
            let written = Result { () throws(OutputFailure) in
                switch OutputStyle.resolve(output) {
                case .json: try renderer.writeJSON(shown, to: 1)
                case .csv: try renderer.writeCSV(shown, to: 1)
                case .table:
                    try renderer.writeTable(shown, to: 1)
                    if Terminal.isTerminal(2) { Terminal.standardError("\(shown.count) of \(licenses.count + list.leftOut) licenses") }
                }
            }
            let status = unreadable.report(list)
            try written.get()
            if let status { throw ReportedFailure(status: status) }
        }
    }
}

extension ListCommand {
    /// One list across every context: the same filter and sort, each license with its context's name.
    func runAcrossContexts() async throws {
        try await CommandFailure.reporting {
            let contexts = try connection.allContexts()
            let merged = AllContexts.Merged(await AllContexts.fetch(contexts))
            let thresholds = contexts.lazy.compactMap { try? $0.settings.get() }.first?.thresholds ?? .standard
            let now = currentUnixSeconds()
            // `ctx:NAME` terms choose contexts; the rest is the usual filter.
            let contextTerms = LicenseFilter.contextTerms(in: self.filter ?? "")
            let known = Set(contexts.map { $0.name.lowercased() })
            if let unknown = contextTerms.included.union(contextTerms.excluded).first(where: { !known.contains($0) }) {
                throw LicensingError.configuration(message: "--filter: there is no context \(unknown.safeForDisplay(limit: 40)); the contexts are \(contexts.map(\.name).joined(separator: ", ")).")
            }
            var filter = try ArgumentRules.filter(contextTerms.rest, entitlements: entitlements)
            filter.expiringWithinDays = expiringWithin
            if let status { filter.statuses.insert(status) }
            let selected = LicenseCatalog.select(merged.licenses, filter: filter, sort: LicenseSort(sort, ascending: !reverse), thresholds: thresholds, now: now)
            let allNames = merged.contexts(of: selected)
            let kept = zip(selected, allNames).filter { LicenseFilter.context($0.1, passes: (contextTerms.included, contextTerms.excluded)) }
            let shown = kept.map(\.0), names = kept.map(\.1)
            let renderer = LicenseOutput(thresholds: thresholds, now: now, colour: LicenseOutput.wantsColour())
            let written = Result { () throws(OutputFailure) in
                switch OutputStyle.resolve(output) {
                case .json: try renderer.writeJSON(shown, contexts: names, to: 1)
                case .csv: try renderer.writeCSV(shown, contexts: names, to: 1)
                case .table: try renderer.writeTable(shown, contexts: names, to: 1)
                }
            }
            if OutputStyle.resolve(output) == .table, Terminal.isTerminal(2) {
                Terminal.standardError("\(shown.count) of \(merged.licenses.count) licenses in \(contexts.count - merged.failures.count) of \(contexts.count) contexts")
            }
            let failed = merged.reportFailures()
            let status = unreadable.report(unreadable: merged.unreadable, repeatedWarning: merged.repeatedWarning)
            try written.get()
            if let status { throw ReportedFailure(status: status) }
            if let failed { throw ReportedFailure(status: failed) }
        }
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one license.", discussion: ExitStatus.helpText)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The license's serial, YYYY-NNNN-NNNNNNNN.")
    var serial: String

    @Option(help: "The license format to fetch: netifyd or object.")
    var format: LicenseFormat = .object

    @Option(help: "table, json or csv (default: table on a terminal, json otherwise).")
    var output: OutputStyle?

    @Flag(help: "Read the license from the cached list instead of asking the API; the cache's age goes to stderr.")
    var cached = false

    func validate() throws {
        try ArgumentRules.serial(serial)
        if cached, format != .object { throw ValidationError("--cached reads the object format the cache holds; leave out --format.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let connection = try await self.connection.connect()
            let settings = connection.settings
            let license: License
            if cached {
                guard let found = try CacheAccess.cachedList(connection).licenses.first(where: { $0.serial == serial }) else {
                    throw LicensingError.notFound(serial: serial, message: "No license \(serial) is in the cached list; run without --cached to ask the API.")
                }
                license = found
            } else {
                license = try await connection.client.license(serial: serial, format: format)
            }
            let renderer = LicenseOutput(thresholds: settings.thresholds, now: currentUnixSeconds(), colour: false)
            switch OutputStyle.resolve(output) {
            case .json: Terminal.write(1, renderer.json(license))
            case .csv: try renderer.writeCSV([license], to: 1)
            case .table: Terminal.write(1, renderer.details(license))
            }
        }
    }
}
