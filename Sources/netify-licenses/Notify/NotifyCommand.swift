import ArgumentParser
import LicenseModel
import LocalStore
import NetifyLicensing
import Notifications

/// `notify`: the digest of what needs attention now, to every destination,
/// when something is new since the last digest (a license crossed a
/// threshold, or was renewed, created or deleted since).
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the digest of licenses that need attention to the notify.NAME destinations, when something is new.",
        discussion: """
            A license is news when it crosses a threshold (warning, critical, expired) or was
            renewed, created or deleted since the last digest; with nothing new nothing is sent
            (exit 0). What was last said is kept beside the journal. Exit 13 when a destination
            did not take its message (each named on stderr; never its URL).
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Send the digest even when nothing is new.")
    var always = false

    @Flag(help: "Print each message instead of sending it (nothing is recorded as said).")
    var dryRun = false

    @Option(name: .customLong("to"), help: ArgumentHelp("Only this destination (repeatable).", valueName: "name"))
    var destinations: [String] = []

    @Option(help: ArgumentHelp("Send a short test message to this destination and stop.", valueName: "name"))
    var test: String?

    func run() async throws {
        try await CommandFailure.reporting {
            let settings = try AllSettings.resolve(connection.overrides, environment: ProcessEnvironment.current).core
            let all = try NotifyAccess.destinations(settings)
            if let test {
                let chosen = try NotifyAccess.choose(all, names: [test], settings: settings)
                let report = NotificationReport(kind: .test, context: settings.contextName, time: currentUnixSeconds())
                let taken = try await NotifyAccess.deliver(report, to: chosen, settings: settings, dryRun: dryRun, forced: true)
                if !dryRun, taken.count < chosen.count { throw ReportedFailure(status: .notificationFailed) }
                return
            }
            let chosen = try NotifyAccess.choose(all, names: destinations, settings: settings)
            // Without a place for what was said, every run would say it all again: refused, never sent.
            if !dryRun { _ = try ToolDirectories().require(.state, for: "what notify has said") }
            let connection = try await self.connection.connect()
            let now = currentUnixSeconds()
            let list = try await connection.client.licenseList(format: .object, expectedCount: 0)
            let report = NotificationReport.digest(list.licenses, thresholds: settings.thresholds, context: settings.contextName, now: now)
            // What is news is kept for each destination: one that did not take
            // a message (or was not chosen with --to) still gets it next time.
            var states = NotifyState.loadAll(context: connection.context)
            var latest: Int64 = 0
            var newsFor: [NotificationDestination] = []
            for destination in chosen {
                let state = states[destination.name] ?? NotifyState()
                let changed: (count: Int, latest: Int64) = connection.journal.map {
                    NotifyState.changesSince(state.journalID, journal: $0, context: connection.context)
                } ?? (0, state.journalID)
                latest = max(latest, changed.latest)
                if always || state.crossed(report) > 0 || changed.count > 0 { newsFor.append(destination) }
            }
            guard !newsFor.isEmpty else {
                let last = chosen.compactMap { states[$0.name]?.time }.max()
                Terminal.standardError("Nothing new since the last digest\(last.map { " (\(UTCTime.stamp($0)))" } ?? ""); nothing \(dryRun ? "would be" : "was") sent. --always sends it anyway.")
                return
            }
            let taken = try await NotifyAccess.deliver(report, to: newsFor, settings: settings, dryRun: dryRun, forced: always)
            // Said: remembered for each destination that took it, so its next digest says only what is new.
            for name in taken { states[name] = NotifyState(report: report, journalID: latest, time: now) }
            if !taken.isEmpty { NotifyState.saveAll(states, context: connection.context) }
            if taken.count < newsFor.count, !dryRun { throw ReportedFailure(status: .notificationFailed) }
        }
    }
}

/// The destinations of the settings file, made ready to send to.
enum NotifyAccess {
    static func destinations(_ settings: Settings) throws(LicensingError) -> [NotificationDestination] {
        var destinations: [NotificationDestination] = []
        for configured in settings.notifyDestinations {
            var token: String?
            if let file = configured.tokenFile {
                guard let text = try ConfigFile.readPrivateFile(path: file, purpose: "token file of notify.\(configured.name)") else {
                    throw .configuration(message: "The token file of notify.\(configured.name) (\(file)) does not exist; check notify.\(configured.name).token_file.")
                }
                token = text.lineContents().first.map(String.init)?.trimmingWhitespace()
                guard let token, !token.isEmpty, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                    throw .configuration(message: "The token file of notify.\(configured.name) does not hold one token on its first line.")
                }
            }
            destinations.append(NotificationDestination(
                name: configured.name, url: configured.url, format: NotificationFormat(rawValue: configured.format) ?? .json,
                level: NotificationLevel(rawValue: configured.level) ?? .changes, to: configured.to, token: token))
        }
        return destinations
    }

    static func choose(_ all: [NotificationDestination], names: [String], settings: Settings) throws(LicensingError) -> [NotificationDestination] {
        guard !all.isEmpty else {
            throw .configuration(message: "No destinations are set: add notify.NAME.url and notify.NAME.format to \(settings.configFilePath), as the README's Notifications section shows.")
        }
        guard !names.isEmpty else { return all }
        return try names.map { (name) throws(LicensingError) -> NotificationDestination in
            guard let destination = all.first(where: { $0.name == name }) else {
                throw .configuration(message: "There is no destination \(name.safeForDisplay(limit: 40)); the destinations are \(all.map(\.name).joined(separator: ", ")).")
            }
            return destination
        }
    }

    static func notifier(_ settings: Settings) -> Notifier {
        Notifier(sendmailCommand: settings.sendmailCommand)
    }

    /// Sends (or prints, `dryRun`); each failure named on stderr. Returns the
    /// destinations that took the message (a dry run records nothing).
    @discardableResult
    static func deliver(
        _ report: NotificationReport, to destinations: [NotificationDestination], settings: Settings, dryRun: Bool, forced: Bool
    ) async throws -> [String] {
        if dryRun {
            for destination in destinations where forced || report.isSent(at: destination.level) {
                let message = NotificationMessage(report, format: destination.format, mailTo: destination.to)
                Terminal.write(1, "== \(destination.name) (\(destination.format.rawValue))\n" + String(decoding: message.body, as: UTF8.self).safeForDisplay(limit: 100_000, keepingLineBreaks: true) + "\n")
            }
            return []
        }
        let (sent, failures) = await notifier(settings).send(report, to: destinations, forced: forced)
        for name in sent { Terminal.standardError("sent to \(name)") }
        for failure in failures { Terminal.standardError("error: \(failure.destination) did not take the message: \(failure.reason).") }
        // A destination whose level does not want this report has nothing to be told later either.
        let notWanted = destinations.filter { !forced && !report.isSent(at: $0.level) }.map(\.name)
        return sent + notWanted
    }

    /// `renew --due`'s report of its run: one message per destination by its
    /// level. A destination that fails is said on stderr; the renewal's own
    /// exit status stands.
    static func reportRun(_ run: RenewalRun, licenses: [License], connection: Connection) async {
        let settings = connection.settings
        guard !settings.notifyDestinations.isEmpty else { return }
        do {
            let destinations = try NotifyAccess.destinations(settings)
            var bySerial: [String: License] = [:]
            for license in licenses { bySerial[license.serial] = license }
            let report = NotificationReport.run(run, licenses: bySerial, context: settings.contextName, now: currentUnixSeconds())
            let (_, failures) = await notifier(settings).send(report, to: destinations)
            for failure in failures { Terminal.standardError("warning: \(failure.destination) did not take the run's report: \(failure.reason).") }
        } catch {
            Terminal.standardError("warning: the run's report was not sent: \(error)")
        }
    }
}

/// What the last digest said, kept beside the journal (private, per account):
/// each license's status then, and the last journal entry it had seen.
struct NotifyState: Sendable {
    var statuses: [String: String] = [:]
    var journalID: Int64 = 0
    var time: Int64?

    init() {}

    init(report: NotificationReport, journalID: Int64, time: Int64) {
        for item in report.expired { statuses[item.serial] = ExpiryStatus.expired.rawValue }
        for item in report.critical { statuses[item.serial] = ExpiryStatus.critical.rawValue }
        for item in report.warning { statuses[item.serial] = ExpiryStatus.warning.rawValue }
        self.journalID = journalID
        self.time = time
    }

    static func path(context: JournalContext) throws(LicensingError) -> String {
        try ToolDirectories().require(.state, for: "what notify has said") + "/notify-" + JournalContext.fingerprint(ofKey: context.account) + ".json"
    }

    /// How much worse each status is: a license is news when it gets worse.
    static let rank = [ExpiryStatus.warning.rawValue: 1, ExpiryStatus.critical.rawValue: 2, ExpiryStatus.expired.rawValue: 3]

    /// Licenses whose status is worse than the last digest said.
    func crossed(_ report: NotificationReport) -> Int {
        var count = 0
        for (items, status) in [(report.warning, ExpiryStatus.warning), (report.critical, .critical), (report.expired, .expired)] {
            for item in items where (NotifyState.rank[statuses[item.serial] ?? ""] ?? 0) < (NotifyState.rank[status.rawValue] ?? 0) { count += 1 }
        }
        return count
    }

    /// Renews, creates and deletes on this account since `journalID`, and the latest entry's id.
    static func changesSince(_ journalID: Int64, journal: ChangeJournal, context: JournalContext) -> (count: Int, latest: Int64) {
        guard let entries = try? journal.entries(JournalQuery(limit: 10_000)).entries else { return (0, journalID) }
        let latest = entries.map(\.id).max() ?? journalID
        let changes = entries.filter {
            $0.id > journalID && $0.endpoint == context.endpoint && $0.keyFingerprint == context.keyFingerprint
                && ($0.outcome == .succeeded || $0.outcome == .carriedOut)
        }
        return (changes.count, max(latest, journalID))
    }

    /// Each destination's state, by name (a damaged file reads as nothing said yet).
    static func loadAll(context: JournalContext) -> [String: NotifyState] {
        guard let path = try? path(context: context), let bytes = try? BoundedFile.contents(of: path, limit: 16 * 1_048_576, purpose: "the notify state", followingLinks: false),
              let json = try? JSONParser.parse(bytes) else { return [:] }
        var states: [String: NotifyState] = [:]
        for destination in json["destinations"]?.objectValue ?? [] {
            var state = NotifyState()
            for member in destination.value["statuses"]?.objectValue ?? [] {
                if let status = member.value.stringValue, rank[status] != nil { state.statuses[member.key] = status }
            }
            state.journalID = destination.value["journal_id"]?.lenientInteger ?? 0
            state.time = destination.value["time"]?.lenientInteger
            states[destination.key] = state
        }
        return states
    }

    static func saveAll(_ states: [String: NotifyState], context: JournalContext) {
        var output = JSONOutput()
        output.beginObject()
        output.name("destinations")
        output.beginObject()
        for (name, state) in states.sorted(by: { $0.key < $1.key }) {
            output.name(name)
            output.beginObject()
            output.name("statuses")
            output.beginObject()
            for (serial, status) in state.statuses.sorted(by: { $0.key < $1.key }) {
                output.name(serial)
                output.string(status)
            }
            output.endObject()
            output.name("journal_id"); output.integer(state.journalID)
            output.name("time"); state.time.map { output.integer($0) } ?? output.null()
            output.endObject()
        }
        output.endObject()
        output.endObject()
        let path: String
        do {
            path = try NotifyState.path(context: context)
        } catch {
            Terminal.standardError("warning: \(error) The next notify may say it all again.")
            return
        }
        do {
            try PrivateFiles.ensureDirectory(containing: path, for: "the notify state")
            try AtomicFile.write(String(decoding: output.bytes, as: UTF8.self) + "\n", to: path, mode: 0o600, replacing: true)
        } catch {
            Terminal.standardError("warning: what was said could not be kept in \(path) (\(error)); the next notify may say it again.")
        }
    }
}
