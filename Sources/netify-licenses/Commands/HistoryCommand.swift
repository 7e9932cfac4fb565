import ArgumentParser
import Dashboard
import LocalStore
import LicenseModel
import NetifyLicensing
import TeamJournal

/// The change journal: every create, renew and delete made from this machine's
/// CLI and dashboard (with `journal_url`, every operator's), newest first,
/// with the license before and after.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the journal of creates, renews and deletes (every operator's with journal_url), newest first.",
        subcommands: [Show.self, Sync.self],
        defaultSubcommand: Show.self)

    /// `history sync`: delivers what waits in this machine's journal to the team journal.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver this machine's journal entries to the team journal (journal_url) now; prints how many it delivered.")

        @Option(help: ArgumentHelp("The settings file to read instead of the default.", valueName: "path"))
        var config: String?

        @Option(help: ArgumentHelp("The context whose journal_url to deliver to; also NETIFY_CONTEXT.", valueName: "name"))
        var context: String?

        func run() async throws {
            try await CommandFailure.reporting {
                let environment = ProcessEnvironment.current
                let chosen = Settings.namedContext(context, environment: environment)
                let settings = try AllSettings.resolve(Settings.Overrides(configFile: config, context: chosen), environment: environment).core
                guard let url = settings.journalURL else {
                    throw LicensingError.configuration(message: "No team journal is set: add journal_url = postgresql://USER@HOST/DATABASE to \(settings.configFilePath) (or NETIFY_JOURNAL_URL); see the README's \"Working as a team\".")
                }
                let journal: ChangeJournal
                do {
                    journal = try JournalAccess.open(settings: settings, environment: environment)
                } catch {
                    throw LicensingError.configuration(message: "The change journal cannot be read: \(error)")
                }
                let delivery = TeamJournalDelivery(database: TeamJournalDatabase(url: url), journal: journal) { Terminal.standardError("warning: \($0)") }
                let delivered: Int
                do {
                    delivered = try await delivery.deliverNow()
                } catch {
                    throw LicensingError.configuration(message: "\(error) Nothing is lost: the entries wait in \(journal.path).")
                }
                let waiting = await delivery.pendingCount()
                Terminal.write(1, "delivered \(delivered) entr\(delivered == 1 ? "y" : "ies") to \(url.shown)" + (waiting > 0 ? "; \(waiting) wait for their outcome" : "") + "\n")
            }
        }
    }
}

extension HistoryCommand {
    struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the journal, newest first (the default).",
        discussion: """
            The journal is $XDG_STATE_HOME/netify-licenses/journal.sqlite (mode 0600) and keeps
            entries for journal_retention_days (default 365). Each entry holds who, where (the
            endpoint and a fingerprint of the key, never the key), the request, the license
            before and after, and the outcome. An entry whose process was killed between the
            request and its reply reads "outcome unknown" until the next list decides it.
            --output json carries the full documents.

            With journal_url (the team journal on PostgreSQL), every operator's entries, with
            an OPERATOR column; --operator NAME and --mine narrow them. When PostgreSQL cannot
            be reached, this machine's journal is shown and the warning says so.
            """)

    @Option(name: .customLong("operator"), help: ArgumentHelp("Only entries recorded under this operator's name (with journal_url).", valueName: "name"))
    var operatorName: String?

    @Flag(help: "Only entries recorded under this operator's own name (operator, NETIFY_OPERATOR).")
    var mine = false

    @Option(help: ArgumentHelp("At most this many entries, the newest (1 to 1000000).", valueName: "count"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only entries for this serial.", valueName: "serial"))
    var serial: String?

    @Option(help: ArgumentHelp("Only entries on or after this date (YYYY-MM-DD, UTC).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only this action: create, renew, delete or re-issue.", valueName: "action"))
    var action: JournalEntry.Action?

    @Option(help: ArgumentHelp("table, json or csv (default: table on a terminal, json in a pipe).", valueName: "style"))
    var output: OutputStyle?

    @Option(help: ArgumentHelp("The settings file to read instead of the default.", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Only entries made through this context (its endpoint and key); also NETIFY_CONTEXT. Without either, every context's entries: the journal is this machine's.", valueName: "name"))
    var context: String?

    func validate() throws {
        if let serial { try ArgumentRules.serial(serial) }
        if operatorName != nil, mine { throw ValidationError("Give --operator NAME or --mine, not both.") }
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000000.") }
        if let operatorName, operatorName.isEmpty || operatorName.count > 120 || !operatorName.isSafeForDisplay() {
            throw ValidationError("--operator must be 1 to 120 printable characters.")
        }
        if let since, CalendarDate(since) == nil {
            throw ValidationError("--since \(since.safeForDisplay(limit: 40)) is not a date; write YYYY-MM-DD.")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let environment = ProcessEnvironment.current
            // A context chosen on purpose narrows the journal; the file's current_context does not.
            let chosen = Settings.namedContext(context, environment: environment)
            let settings = try AllSettings.resolve(Settings.Overrides(configFile: config, context: chosen), environment: environment).core
            var entries: [JournalEntry]
            let who = mine ? settings.operatorName : operatorName
            var team = false
            let since = since.flatMap { CalendarDate($0)?.unixSeconds }
            // A context chosen on purpose: its endpoint and key, by fingerprint (the embedded sandbox's entries share one name).
            let account: (endpoint: String, fingerprint: String?)? = chosen == nil ? nil
                : settings.usesSandbox ? (JournalAccess.embeddedSandboxEndpoint(environment: environment), nil)
                : (settings.endpoint.baseURL, settings.apiKey.map { JournalContext.fingerprint(ofKey: $0.secret) })
            if let url = settings.journalURL {
                // Every operator's entries; this machine's when PostgreSQL cannot be reached.
                do {
                    let database = TeamJournalDatabase(url: url)
                    let connection = try await database.connect()
                    defer { Task { try? await connection.close() } }
                    entries = try await database.entries(
                        TeamJournalDatabase.Query(
                            serial: serial, operatorName: who, since: since, action: action, endpoint: account?.endpoint,
                            keyFingerprint: account == nil || settings.usesSandbox ? nil : account?.fingerprint ?? "(no key)", limit: limit),
                        connection: connection)
                    team = true
                } catch {
                    Terminal.standardError("warning: \(error) Showing this machine's journal only.")
                    entries = try HistoryCommand.localEntries(settings: settings, environment: environment, serial: serial, since: since, action: action)
                }
            } else {
                entries = try HistoryCommand.localEntries(settings: settings, environment: environment, serial: serial, since: since, action: action)
            }
            if !team, let who { entries = entries.filter { ($0.operatorName ?? $0.user) == who } }
            if !team, let account {
                entries = entries.filter { $0.endpoint == account.endpoint && (settings.usesSandbox || $0.keyFingerprint == account.fingerprint) }
            }
            if let limit, entries.count > limit { entries = Array(entries.prefix(limit)) }
            // With contexts in the settings file, each entry names the context it was made through.
            let names = chosen == nil ? HistoryOutput.contextNames(settings, configFile: config, environment: environment) : [:]
            switch OutputStyle.resolve(output) {
            case .table: Terminal.write(1, HistoryOutput.table(entries, contexts: names, operators: team || settings.journalURL != nil))
            case .json: Terminal.write(1, HistoryOutput.json(entries, pretty: Terminal.isTerminal(1), contexts: names, operators: team || settings.journalURL != nil))
            case .csv: Terminal.write(1, HistoryOutput.csv(entries, contexts: names, operators: team || settings.journalURL != nil))
            }
        }
    }
    }

    /// This machine's journal.
    static func localEntries(settings: Settings, environment: [String: String], serial: String?, since: Int64?, action: JournalEntry.Action?) throws -> [JournalEntry] {
        do {
            let journal = try JournalAccess.open(settings: settings, environment: environment)
            let read = try journal.entries(JournalQuery(serial: serial, since: since, action: action))
            if let warning = ChangeJournal.unreadableWarning(read.unreadable, path: journal.path) { Terminal.standardError("warning: \(warning)") }
            return read.entries
        } catch {
            throw LicensingError.configuration(message: "The change journal cannot be read: \(error)")
        }
    }
}

extension JournalEntry.Action: ExpressibleByArgument {}

/// The journal's entries for people and for scripts. Everything that came
/// from a server (serials, documents, messages) is made safe first.
enum HistoryOutput {
    /// Each context's endpoint and key fingerprint, to name the context of an entry (a context whose key cannot be read has none).
    static func contextNames(_ settings: Settings, configFile: String?, environment: [String: String]) -> [String: String] {
        guard !settings.contextNames.isEmpty,
              let all = try? Settings.resolveAllContexts(Settings.Overrides(configFile: configFile), environment: environment, frontEndOwns: DashboardSettings.owns)
        else { return [:] }
        var names: [String: String] = [:]
        for (name, resolved) in all {
            guard let context = try? resolved.get(), let key = context.apiKey, !context.usesSandbox else { continue }
            names[context.endpoint.baseURL + "|" + JournalContext.fingerprint(ofKey: key.secret)] = name
        }
        return names
    }

    static func context(of entry: JournalEntry, in names: [String: String]) -> String? {
        names[entry.endpoint + "|" + entry.keyFingerprint]
    }

    static func table(_ entries: [JournalEntry], contexts names: [String: String] = [:], operators: Bool = false) -> String {
        guard !entries.isEmpty else { return "No journal entries match.\n" }
        var rows = [(names.isEmpty ? [] : ["CONTEXT"]) + ["TIME", "ACTION", "SERIAL", "OUTCOME", "CHANGE", operators ? "OPERATOR" : "USER"]]
        for entry in entries {
            var outcome = entry.outcome.label
            if entry.outcome == .failed, let status = entry.status { outcome += " (\(status))" }
            rows.append((names.isEmpty ? [] : [context(of: entry, in: names) ?? "-"]) + [
                UTCTime.stamp(entry.time), entry.action.rawValue, (entry.serial ?? "-").safeForDisplay(limit: 40), outcome,
                entry.changeSummary.safeForDisplay(limit: 60), (operators ? entry.operatorName ?? entry.user : entry.user).safeForDisplay(limit: 40),
            ])
        }
        return TextTable.render(rows)
    }

    static func json(_ entries: [JournalEntry], pretty: Bool, contexts names: [String: String] = [:], operators: Bool = false) -> String {
        var output = JSONOutput(pretty: pretty)
        output.beginArray()
        for entry in entries {
            output.beginObject()
            output.name("id"); output.integer(entry.id)
            output.name("time"); output.string(UTCTime.stamp(entry.time))
            output.name("user"); output.string(entry.user)
            if operators {
                output.name("operator"); output.string(entry.operatorName ?? entry.user)
                output.name("host"); entry.host.map { output.string($0) } ?? output.null()
            }
            output.name("endpoint"); output.string(entry.endpoint)
            output.name("key_fingerprint"); output.string(entry.keyFingerprint)
            if let context = context(of: entry, in: names) ?? (operators ? entry.contextName : nil) { output.name("context"); output.string(context) }
            output.name("action"); output.string(entry.action.rawValue)
            output.name("serial"); entry.serial.map { output.string($0) } ?? output.null()
            output.name("outcome"); output.string(entry.outcome.rawValue)
            output.name("status"); entry.status.map { output.integer(Int64($0)) } ?? output.null()
            output.name("detail"); entry.detail.map { output.string($0.safeForDisplay(limit: 1_000)) } ?? output.null()
            for (name, text) in [("request", Optional(entry.request)), ("before", entry.before), ("after", entry.after)] {
                output.name(name)
                if let text, let document = try? JSONParser.parse(text) { document.write(to: &output) } else { output.null() }
            }
            output.endObject()
        }
        output.endArray()
        return String(decoding: output.bytes, as: UTF8.self) + "\n"
    }

    static func csv(_ entries: [JournalEntry], contexts names: [String: String] = [:], operators: Bool = false) -> String {
        var text = "id,time,action,serial,outcome,status,expire_before,expire_after,user,endpoint,key_fingerprint,detail" + (names.isEmpty ? "" : ",context")
            + (operators ? ",operator" : "") + "\r\n"
        for entry in entries {
            let (before, after) = entry.expiryChange
            let fields = [
                String(entry.id), UTCTime.stamp(entry.time), entry.action.rawValue, entry.serial ?? "", entry.outcome.rawValue,
                entry.status.map(String.init) ?? "", before ?? "", after ?? "", entry.user, entry.endpoint, entry.keyFingerprint,
                entry.detail ?? "",
            ] + (names.isEmpty ? [] : [context(of: entry, in: names) ?? ""]) + (operators ? [entry.operatorName ?? entry.user] : [])
            text += fields.map(LicenseOutput.csvField).joined(separator: ",") + "\r\n"
        }
        return text
    }
}
