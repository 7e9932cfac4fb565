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
            for; set max_term_days in the settings to see its date in the plan.

            Bulk renew prints its plan (each license, current → new expiry), asks [y/N]
            on a terminal unless --yes (in a pipe it proceeds), renews each, and reports
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

    @Option(help: "table or json for the renewed license(s) (default: table on a terminal, json otherwise).")
    var output: OutputStyle?

    @Flag(help: "Renew every renewable license due by the settings' rule (renew_within_days, renew_term): for a timer.")
    var due = false

    func validate() throws {
        switch (serial, expiringWithin, due) {
        case (nil, nil, false): throw ValidationError("Give a serial, --expiring-within DAYS, or --due to renew in bulk.")
        case (.some, .some, _), (.some, _, true), (_, .some, true): throw ValidationError("Give one of a serial, --expiring-within or --due.")
        default: break
        }
        if let serial { try ArgumentRules.serial(serial) }
        if output == .csv { throw ValidationError("--output csv is not offered for renew; choose table or json.") }
        _ = try ArgumentRules.entitlements(entitlements)
        if let expiringWithin, expiringWithin < 0 { throw ValidationError("--expiring-within must be 0 or more days.") }
        if serial != nil, dryRun || !entitlements.isEmpty { throw ValidationError("--dry-run and --entitlement apply only with --expiring-within or --due.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let (client, settings) = try await connection.client()
            let renderer = LicenseOutput(thresholds: settings.thresholds, now: currentUnixSeconds(), colour: LicenseOutput.wantsColour())
            if let serial {
                let current = try await client.license(serial: serial, format: .object)
                let preview = RenewalPreview(
                    current: current.expireAt.date, request: expiry.expiry, today: CalendarDate.today(), keyMaximumTermDays: settings.maximumTermDays)
                if let refusal = preview.refusal, !allowEarlier {
                    Terminal.standardError("error: not renewing \(serial): \(refusal); pass --allow-earlier if that is what you mean.")
                    throw ReportedFailure(status: .wouldShorten)
                }
                let license = try await client.renewLicense(serial: serial, RenewLicenseRequest(expiry: expiry.expiry), format: .object)
                if OutputStyle.resolve(output) == .json {
                    Terminal.write(1, renderer.json(license))
                } else {
                    Terminal.write(1, RenewalPreview.outcome(serial: license.serial, before: current.expireAt.date, after: license.expireAt.date) + "\n")
                }
                return
            }
            try await renewInBulk(client: client, settings: settings, renderer: renderer)
        }
    }

    func renewInBulk(client: any LicensingAPI, settings: Settings, renderer: LicenseOutput) async throws {
        let now = currentUnixSeconds()
        let today = CalendarDate(unixSeconds: now)
        let list = try await client.licenseList(format: .object, expectedCount: 0)
        let unreadableStatus = unreadable.report(list)
        // --due: the settings' rule, so a timer needs no arguments to know what is due.
        let within = due ? (settings.renewWithinDays ?? settings.thresholds.warningDays) : (expiringWithin ?? 0)
        let requested = due && expiry.expiry == .keyMaximum ? settings.renewTerm : expiry.expiry
        var filter = try ArgumentRules.filter(nil, entitlements: entitlements)
        filter.expiringWithinDays = within
        let candidates = LicenseCatalog.select(
            list.licenses, filter: filter,
            sort: LicenseSort(.expires), thresholds: settings.thresholds, now: now)
        // A fixed date makes each renew idempotent, so the client may retry it safely.
        let term: ExpiryRequest
        if case .durationDays(let days) = requested {
            term = .date(today.adding(days: days))
        } else {
            term = requested
        }
        var planned: [(license: License, preview: RenewalPreview)] = []
        var skipped: [(serial: String, reason: String)] = []
        for license in candidates {
            let preview = RenewalPreview(current: license.expireAt.date, request: term, today: today, keyMaximumTermDays: settings.maximumTermDays)
            if license.renewable == false {
                skipped.append((license.serial, "not renewable"))
            } else if let refusal = preview.refusal, !allowEarlier {
                skipped.append((license.serial, refusal))
            } else {
                planned.append((license, preview))
            }
        }
        let plural = planned.count == 1 ? "" : "s"
        Terminal.standardError("\(dryRun ? "Would renew" : "Renewing") \(planned.count) license\(plural) expiring within \(within) days\(skipped.isEmpty ? "" : ", skipping \(skipped.count)"):")
        for entry in planned {
            Terminal.standardError("  \(entry.license.serial.safeForDisplay(limit: 40))  \(entry.preview.summary)")
        }
        for entry in skipped {
            Terminal.standardError("  skip \(entry.serial.safeForDisplay(limit: 40)): \(entry.reason)")
        }
        if dryRun {
            let licenses = planned.map(\.license)
            if OutputStyle.resolve(output) == .json { Terminal.write(1, renderer.json(licenses)) }
            Terminal.standardError("\(planned.count) would be renewed, \(skipped.count) skipped.")
            if let unreadableStatus { throw ReportedFailure(status: unreadableStatus) }
            return
        }
        if !planned.isEmpty, !yes, Terminal.isTerminal(0), Terminal.isTerminal(2) {
            guard Prompt.confirm("Renew these \(planned.count) license\(plural)? [y/N] ") else {
                Terminal.standardError("Nothing renewed.")
                return
            }
        }
        let progress = BulkProgress(total: planned.count, enabled: Terminal.isTerminal(2))
        var renewed: [(before: CalendarDate, license: License)] = []
        var failures: [(String, LicensingError)] = []
        // The key's maximum not known: renews go one at a time until one answers
        // with its date, and the rest that date would not move later are skipped.
        if !allowEarlier, RenewalPreview.mustLearnKeyMaximum(request: term, keyMaximumTermDays: settings.maximumTermDays) {
            while !planned.isEmpty {
                let first = planned.removeFirst()
                progress.advance()
                do {
                    let license = try await BulkRenewal.renew(first.license.serial, term: term, client: client)
                    renewed.append((first.license.expireAt.date, license))
                    let learned = license.expireAt.date
                    planned = planned.filter { entry in
                        guard let reason = RenewalPreview.skipAfterLearning(current: entry.license.expireAt.date, learned: learned) else { return true }
                        skipped.append((entry.license.serial, reason))
                        progress.advance()
                        return false
                    }
                    break
                } catch {
                    failures.append((first.license.serial, error))
                }
            }
        }
        // Several renews in flight at once (bounded), so a slow link is not one
        // round trip per license; each paces itself on 429. Results are reported
        // in the plan's order.
        let serials = planned.map(\.license.serial)
        // A window of `concurrency` renews: each reply starts the next. One
        // result per plan entry, in the plan's order.
        let results = await withTaskGroup(
            of: (Int, Result<License, LicensingError>).self, returning: [Result<License, LicensingError>?].self
        ) { group in
            var collected = [Result<License, LicensingError>?](repeating: nil, count: serials.count)
            var next = 0
            while next < min(BulkRenewal.concurrency, serials.count) {
                group.addTask(operation: BulkRenewal.operation(index: next, serial: serials[next], term: term, client: client))
                next += 1
            }
            while let (index, result) = await group.next() {
                collected[index] = result
                progress.advance()
                if next < serials.count {
                    group.addTask(operation: BulkRenewal.operation(index: next, serial: serials[next], term: term, client: client))
                    next += 1
                }
            }
            return collected
        }
        for entry in skipped where entry.reason.hasSuffix("learned from the first renew)") {
            Terminal.standardError("  skip \(entry.serial.safeForDisplay(limit: 40)): \(entry.reason)")
        }
        for (index, entry) in planned.enumerated() {
            switch results[index] {
            case .success(let license)?: renewed.append((entry.license.expireAt.date, license))
            case .failure(let error)?: failures.append((entry.license.serial, error))
            case nil:
                // Never expected: a renew without a result is reported, never dropped.
                failures.append((entry.license.serial, .outcomeUnknown(operation: "renew", reason: "no result was recorded for it")))
            }
        }
        progress.finish()
        if OutputStyle.resolve(output) == .json {
            Terminal.write(1, renderer.json(renewed.map(\.license)))
        } else {
            for entry in renewed {
                Terminal.write(1, RenewalPreview.outcome(serial: entry.license.serial, before: entry.before, after: entry.license.expireAt.date) + "\n")
            }
        }
        for (serial, error) in failures {
            Terminal.standardError("failed \(serial.safeForDisplay(limit: 40)): \(error)")
        }
        Terminal.standardError("\(renewed.count) renewed, \(skipped.count) skipped, \(failures.count) failed.")
        if !failures.isEmpty { throw ReportedFailure(status: .partialFailure) }
        if let unreadableStatus { throw ReportedFailure(status: unreadableStatus) }
    }
}

enum BulkRenewal {
    /// Renews in flight at once: enough to hide a slow link's round trips,
    /// few enough that the key's rate limit paces them rather than refuses them.
    static let concurrency = 8

    /// One renew as a task of the bulk window, tagged with its place in the plan.
    static func operation(index: Int, serial: String, term: ExpiryRequest, client: any LicensingAPI) -> @Sendable () async -> (Int, Result<License, LicensingError>) {
        {
            do throws(LicensingError) {
                return (index, .success(try await renew(serial, term: term, client: client)))
            } catch {
                return (index, .failure(error))
            }
        }
    }

    /// Renews one license, pacing itself when the key's rate is exceeded: a 429
    /// means the server did nothing, so sending the same renew again is safe.
    static func renew(_ serial: String, term: ExpiryRequest, client: any LicensingAPI) async throws(LicensingError) -> License {
        var waits = 0
        while true {
            do {
                return try await client.renewLicense(serial: serial, RenewLicenseRequest(expiry: term), format: .object)
            } catch .rateLimited(let retryAfter, let message) {
                waits += 1
                guard waits <= 10 else { throw .rateLimited(retryAfterSeconds: retryAfter, message: message) }
                try? await Task.sleep(nanoseconds: UInt64((retryAfter ?? 1) * 1_000_000_000))
            }
        }
    }
}

/// "Renewing 12/300" on stderr, rewritten in place, only on a terminal.
final class BulkProgress {
    let total: Int
    let enabled: Bool
    var done = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func advance() {
        done += 1
        if enabled { Terminal.write(2, "\r\u{1B}[KRenewing \(done)/\(total)") }
    }

    func finish() {
        if enabled, done > 0 { Terminal.write(2, "\r\u{1B}[K") }
    }
}
