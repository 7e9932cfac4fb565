import ArgumentParser
import LicenseModel
import NetifyLicensing

struct RenewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend a license, or every license expiring soon.",
        discussion: """
            One license:   netify-licenses renew 2025-7546-23742565 --duration-days 90
            Bulk:          netify-licenses renew --expiring-within 30 [--entitlement K] [--dry-run]

            A renew never moves an expiry earlier by accident: when the new date is not
            later than the current one, a single renew is refused (exit 10) unless
            --allow-earlier is given, and a bulk renew skips that license and says why.
            With neither --expire-at nor --duration-days the key's maximum term is asked
            for. That term is learned from the replies (see `config show`) or set with
            max_term_days; while it is not known, only a license it cannot shorten
            (expired, or expiring within 7 days) is renewed to it. A reply that differs
            from the plan stops a bulk renew: nothing more is sent.

            Bulk renew prints its plan (each license, current → new expiry), asks [y/N]
            on a terminal unless --yes (without a terminal --yes is required; --due, the
            timer's command, is configured by the settings file), renews each, and reports
            every success, skip and failure at the end; one failure does not stop the
            rest (exit 9 when any failed). With --duration-days the new date is fixed
            before the first request, so every license gets the same expiry and a
            retried request cannot drift.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The serial to renew; omit it with --expiring-within.")
    var serial: String?

    @OptionGroup var expiry: ExpiryOptions

    @Option(help: ArgumentHelp("Renew every renewable license expiring within DAYS days.", valueName: "days"))
    var expiringWithin: Int?

    @Option(name: .customLong("entitlement"), help: ArgumentHelp("With --expiring-within: only licenses carrying this entitlement (keyword or short name).", valueName: "keyword"))
    var entitlements: [String] = []

    @Flag(help: "With --expiring-within: print the plan, change nothing.")
    var dryRun = false

    @Flag(help: "With --expiring-within: renew without asking, even on a terminal.")
    var yes = false

    @Flag(help: "Allow a renew that moves the expiry earlier (or leaves it unchanged).")
    var allowEarlier = false

    @OptionGroup var unreadable: UnreadableOptions

    /// Renew's reports are a table or JSON; CSV is not offered, so the help lists only these.
    enum RenewOutput: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(name: .customLong("output"), help: "table or json for the renewed license(s), or the plan with --dry-run (default: table on a terminal, json otherwise).")
    var renewOutput: RenewOutput?

    var output: OutputStyle? { renewOutput.flatMap { OutputStyle(rawValue: $0.rawValue) } }

    @Flag(help: "Renew every renewable license due by the settings' rule (renew_within_days, renew_term, renew_expired): for a timer.")
    var due = false

    @Flag(help: "For a timer: print nothing when nothing was done, and only changes and failures otherwise.")
    var quiet = false

    @OptionGroup var lock: LockOptions

    func validate() throws {
        switch (serial, expiringWithin, due) {
        case (nil, nil, false): throw ValidationError("Give a serial, --expiring-within DAYS, or --due to renew in bulk.")
        case (.some, .some, _), (.some, _, true), (_, .some, true): throw ValidationError("Give one of a serial, --expiring-within or --due.")
        default: break
        }
        if let serial { try ArgumentRules.serial(serial) }
        _ = try ArgumentRules.entitlements(entitlements)
        if let expiringWithin, !ArgumentRules.dayWindow.contains(expiringWithin) {
            throw ValidationError("--expiring-within must be from \(ArgumentRules.dayWindow.lowerBound) to \(ArgumentRules.dayWindow.upperBound) days.")
        }
        if serial != nil, dryRun || !entitlements.isEmpty { throw ValidationError("--dry-run and --entitlement apply only with --expiring-within or --due.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let connection = try await self.connection.connect()
            // The client refuses each renew of a read-only context; the command says so once, before any plan.
            if connection.settings.readOnly, !dryRun {
                throw LicensingError.configuration(
                    message: "The context \(connection.name ?? "in use") is read-only: nothing was renewed and nothing was sent. Use another context (--context NAME), or --dry-run to see the plan.")
            }
            let (keyMaximum, warning) = connection.keyMaximum
            if let warning, !quiet { Terminal.standardError("warning: \(warning)") }
            let renderer = LicenseOutput(thresholds: connection.settings.thresholds, now: currentUnixSeconds(), colour: LicenseOutput.wantsColour())
            if let serial {
                try await renewOne(serial, connection: connection, keyMaximum: keyMaximum, renderer: renderer)
            } else if dryRun {
                try await renewInBulk(connection: connection, keyMaximum: keyMaximum, renderer: renderer)
            } else {
                // One bulk run at a time per account, on this host and, with a team journal, on every host.
                try await TeamAccess.withLock(connection, timeout: lock.lockTimeout) {
                    try await renewInBulk(connection: connection, keyMaximum: keyMaximum, renderer: renderer)
                }
            }
        }
    }

    func renewOne(_ serial: String, connection: Connection, keyMaximum: KeyMaximum, renderer: LicenseOutput) async throws {
        // The license as the server holds it now: one it says is not renewable is refused here, with the way out.
        let current = RenewalCandidate(try await connection.client.license(serial: serial, format: .object))
        let plan = RenewalPlan([current], request: expiry.expiry, keyMaximum: keyMaximum, today: CalendarDate.today(), allowEarlier: allowEarlier)
        let entry = plan.entries[0]
        let shown = serial.safeForDisplay(limit: 40)
        switch entry.decision {
        case .skip(let reason):
            let wayOut = current.renewable ? "" : " Re-issue it instead: `i` in the dashboard, or `apply` with its device's row (nothing was sent)."
            Terminal.standardError("error: not renewing \(shown): \(reason).\(wayOut)")
            throw ReportedFailure(status: .conflict)
        case .needsConsent(let risk):
            Terminal.standardError("error: not renewing \(shown): \(risk); pass --allow-earlier if that is what you mean.")
            throw ReportedFailure(status: .wouldShorten)
        case .awaitsKeyMaximum:
            Terminal.standardError("""
                error: not renewing \(shown): \(entry.risk ?? ""). Give the term (--duration-days or --expire-at), \
                set max_term_days to the key's maximum, or pass --allow-earlier to accept whatever the key gives.
                """)
            throw ReportedFailure(status: .wouldShorten)
        default:
            break
        }
        let run = await RenewalEngine.run(plan, client: connection.client, budgetSeconds: connection.settings.totalTimeout)
        for warning in run.warnings { Terminal.standardError("warning: \(warning)") }
        switch run.outcomes[serial] {
        case .failed?:
            // The client's own error, with its exit status.
            if let error = run.errors[serial] { throw error }
            throw ReportedFailure(status: .server)
        case let outcome?:
            if OutputStyle.resolve(output) == .json, let license = run.replies[serial] {
                Terminal.write(1, renderer.json(license))
            } else {
                Terminal.write(1, RenewalReport.line(serial: serial, outcome) + "\n")
            }
        case nil:
            break
        }
        if let reason = run.stopReason {
            Terminal.standardError("error: \(reason).")
            throw ReportedFailure(status: .server)
        }
    }

    func renewInBulk(connection: Connection, keyMaximum: KeyMaximum, renderer: LicenseOutput) async throws {
        let settings = connection.settings
        let now = currentUnixSeconds()
        let today = CalendarDate(unixSeconds: now)
        let list = try await connection.client.licenseList(format: .object, expectedCount: 0)
        let unreadableStatus = unreadable.report(list)
        // --due: the settings' due rule (the one the dashboard's `n` and `status:due` follow), so a timer needs no arguments.
        let rule = settings.thresholds
        let within = due ? rule.dueWithinDays : (expiringWithin ?? 0)
        let requested = due && expiry.expiry == .keyMaximum ? settings.renewTerm : expiry.expiry
        var filter = try ArgumentRules.filter(nil, entitlements: entitlements)
        if !due { filter.expiringWithinDays = within }
        // Only the window's licenses (and, to name them, the expired ones the rule leaves out) are sorted.
        let inScope = due ? list.licenses.filter { rule.isInDueWindow($0, now: now) || $0.isExpired(now: now) } : list.licenses
        var candidates = LicenseCatalog.select(inScope, filter: filter, sort: LicenseSort(.expires), thresholds: rule, now: now)
        var skippedExpired: [License] = []
        if due {
            // With renew_expired = false, expired licenses the server still renews are named as skipped.
            skippedExpired = candidates.filter { !rule.isInDueWindow($0, now: now) && $0.renewable != false }
            candidates = candidates.filter { rule.isInDueWindow($0, now: now) }
        }
        let plan = RenewalPlan(
            candidates.map(RenewalCandidate.init), request: requested, keyMaximum: keyMaximum, today: today, allowEarlier: allowEarlier,
            listedTwice: Set(list.repeatedSerials))
        let style = OutputStyle.resolve(output)
        let toSend = plan.entries.filter { $0.willSend || $0.decision == .awaitsKeyMaximum }
        let plural = toSend.count == 1 ? "" : "s"
        let skipped = plan.entries.count - toSend.count + skippedExpired.count
        if !quiet {
            let window = due && settings.renewsExpired ? "expired or expiring within \(within) days" : "expiring within \(within) days"
            Terminal.standardError("\(dryRun ? "Would renew" : "Renewing") \(toSend.count) license\(plural) \(window)\(skipped == 0 ? "" : ", skipping \(skipped)"):")
            if requested == .keyMaximum { Terminal.standardError("  to \(keyMaximum)") }
            for entry in plan.entries { Terminal.standardError(RenewalReport.planLine(entry)) }
            for license in skippedExpired {
                Terminal.standardError(RenewalReport.planRow("skip", license.serial, "expired (renew_expired = false)"))
            }
        }
        if dryRun {
            if style == .json { Terminal.write(1, RenewCommand.json(plan)) }
            if !quiet { Terminal.standardError("\(toSend.count) would be renewed, \(skipped) skipped.") }
            if let unreadableStatus { throw ReportedFailure(status: unreadableStatus) }
            return
        }
        // Many licenses are not acted on without a yes: a script says it with --yes.
        // `--due` is the exception: the settings file that configures it (what is
        // due, the term) is the standing answer a timer gives.
        if !toSend.isEmpty, try Consent.decide(.renew(count: toSend.count), yes: yes, standingAnswer: due) == .ask {
            guard Prompt.confirm("Renew these \(toSend.count) license\(plural)? [y/N] ") else {
                Terminal.standardError("Nothing renewed.")
                return
            }
        }
        let progress = BulkProgress(enabled: Terminal.isTerminal(2) && !quiet)
        let run = await RenewalEngine.run(plan, client: connection.client, budgetSeconds: connection.settings.totalTimeout) { done, total in
            progress.show(done, of: total)
        }
        progress.finish()
        for warning in run.warnings { Terminal.standardError("warning: \(warning)") }
        // The timer's run, reported to each destination by its level (one message a run, never one a license).
        if due { await NotifyAccess.reportRun(run, licenses: list.licenses, connection: connection) }
        var changed: [License] = []
        for entry in plan.entries {
            guard let outcome = run.outcomes[entry.serial] else { continue }
            let line = RenewalReport.line(serial: entry.serial, outcome)
            switch outcome {
            case .renewed, .shortened, .unchanged:
                if let license = run.replies[entry.serial] { changed.append(license) }
                if style != .json, !quiet || outcome.isChange { Terminal.write(1, line + "\n") }
            case .failed:
                Terminal.standardError(line)
            case .skipped, .notSent:
                if !quiet { Terminal.standardError(line) }
            }
        }
        // A failed write of the JSON is said last: what the run did (its summary, a failure's status) comes first.
        var outputFailure: OutputFailure?
        if style == .json, !(quiet && changed.isEmpty) {
            do { try renderer.writeJSON(changed, to: 1) } catch { outputFailure = error }
        }
        if let reason = run.stopReason { Terminal.standardError("stopped: \(reason); nothing more was sent.") }
        let failed = run.count(\.isFailure) > 0 || run.stopReason != nil
        if !quiet || failed { Terminal.standardError(RenewalReport.summary(run)) }
        if failed { throw ReportedFailure(status: .partialFailure) }
        if let unreadableStatus { throw ReportedFailure(status: unreadableStatus) }
        if let outputFailure { throw outputFailure }
    }

    /// The plan as JSON, for `--dry-run --output json`.
    static func json(_ plan: RenewalPlan) -> String {
        let entries: [JSONValue] = plan.entries.map { entry in
            let action: String
            switch entry.decision {
            case .renew, .renewWithConsent: action = "renew"
            case .awaitsKeyMaximum: action = "renew-after-learning"
            case .needsConsent, .skip: action = "skip"
            }
            return .object([
                (key: "serial", value: .string(entry.serial)),
                (key: "issued_to", value: .string(entry.issuedTo)),
                (key: "current_expiry", value: .string(entry.current.description)),
                (key: "expected_expiry", value: entry.expected.map { .string($0.description) } ?? .null),
                (key: "change_days", value: entry.change.map { .integer(Int64($0)) } ?? .null),
                (key: "action", value: .string(action)),
                (key: "reason", value: entry.risk.map { .string($0) } ?? .null),
            ])
        }
        let maximum: JSONValue
        switch plan.keyMaximum {
        case .unknown: maximum = .null
        case .configured(let days): maximum = .object([(key: "days", value: .integer(Int64(days))), (key: "source", value: "max_term_days")])
        case .learned(let days, let day):
            maximum = .object([(key: "days", value: .integer(Int64(days))), (key: "source", value: "learned"), (key: "learned_on", value: .string(day.description))])
        }
        let document: JSONValue = .object([
            (key: "today", value: .string(plan.today.description)),
            (key: "key_maximum", value: maximum),
            (key: "licenses", value: .array(entries)),
        ])
        return document.serialized(pretty: true) + "\n"
    }
}

/// "Renewing 12/300" on stderr, rewritten in place, only on a terminal; cleared before anything else is written.
final class BulkProgress: @unchecked Sendable {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ done: Int, of total: Int) {
        guard enabled else { return }
        shown = true
        Terminal.write(2, "\r\u{1B}[KRenewing \(done)/\(total)")
    }

    func finish() {
        if enabled, shown { Terminal.write(2, "\r\u{1B}[K") }
    }
}
