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

            Bulk renew lists what it will renew, renews each, and reports every success
            and failure at the end; one failure does not stop the rest (exit 9 when any
            failed). With --duration-days the new date is fixed before the first request,
            so every license gets the same expiry and a retried request cannot drift.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The serial to renew; omit it with --expiring-within.")
    var serial: String?

    @OptionGroup var expiry: ExpiryOptions

    @Option(help: ArgumentHelp("Renew every renewable license expiring within DAYS days.", valueName: "days"))
    var expiringWithin: Int?

    @Option(name: .customLong("entitlement"), help: ArgumentHelp("With --expiring-within: only licenses carrying this entitlement.", valueName: "keyword"))
    var entitlements: [String] = []

    @Flag(help: "With --expiring-within: list what would be renewed, change nothing.")
    var dryRun = false

    @Option(help: "table or json for the renewed license(s).")
    var output: OutputStyle?

    func validate() throws {
        switch (serial, expiringWithin) {
        case (nil, nil): throw ValidationError("Give a serial, or --expiring-within DAYS to renew in bulk.")
        case (.some, .some): throw ValidationError("Give a serial or --expiring-within, not both.")
        default: break
        }
        if let serial { try ArgumentRules.serial(serial) }
        _ = try ArgumentRules.entitlements(entitlements)
        if let expiringWithin, expiringWithin < 0 { throw ValidationError("--expiring-within must be 0 or more days.") }
        if serial != nil, dryRun || !entitlements.isEmpty { throw ValidationError("--dry-run and --entitlement apply only with --expiring-within.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let (client, settings) = try connection.client()
            let renderer = LicenseOutput(thresholds: settings.thresholds, now: currentUnixSeconds(), colour: LicenseOutput.wantsColour())
            if let serial {
                let license = try await client.renewLicense(serial: serial, RenewLicenseRequest(expiry: expiry.expiry), format: .object)
                if OutputStyle.resolve(output) == .json {
                    Terminal.write(1, renderer.json(license))
                } else {
                    Terminal.write(1, "\(license.serial) now expires \(license.expireAt.date)\n")
                }
                return
            }
            try await renewInBulk(client: client, settings: settings, renderer: renderer)
        }
    }

    func renewInBulk(client: HTTPLicensingClient, settings: Settings, renderer: LicenseOutput) async throws {
        let now = currentUnixSeconds()
        let candidates = LicenseCatalog.select(
            try await client.listLicenses(format: .object), filter: LicenseFilter(entitlements: Set(try ArgumentRules.entitlements(entitlements)), expiringWithinDays: expiringWithin),
            sort: LicenseSort(.expires), thresholds: settings.thresholds, now: now)
        let renewable = candidates.filter { $0.renewable != false }
        let skipped = candidates.count - renewable.count
        // A fixed date makes each renew idempotent, so the client may retry it safely.
        let term: ExpiryRequest
        if case .durationDays(let days) = expiry.expiry {
            term = .date(CalendarDate(unixSeconds: now).adding(days: days))
        } else {
            term = expiry.expiry
        }
        Terminal.standardError("\(dryRun ? "Would renew" : "Renewing") \(renewable.count) license\(renewable.count == 1 ? "" : "s") expiring within \(expiringWithin ?? 0) days\(skipped > 0 ? " (\(skipped) not renewable, skipped)" : "").")
        if dryRun {
            Terminal.write(1, OutputStyle.resolve(output) == .json ? renderer.json(renewable) : renderer.table(renewable))
            return
        }
        let progress = BulkProgress(total: renewable.count, enabled: Terminal.isTerminal(2))
        var renewed: [License] = []
        var failures: [(String, LicensingError)] = []
        for license in renewable {
            do {
                renewed.append(try await BulkRenewal.renew(license.serial, term: term, client: client))
            } catch {
                failures.append((license.serial, error))
            }
            progress.advance()
        }
        progress.finish()
        if OutputStyle.resolve(output) == .json {
            Terminal.write(1, renderer.json(renewed))
        } else {
            for license in renewed { Terminal.write(1, "renewed \(license.serial) to \(license.expireAt.date)\n") }
        }
        for (serial, error) in failures {
            Terminal.standardError("failed \(serial): \(error)")
        }
        Terminal.standardError("\(renewed.count) renewed, \(failures.count) failed.")
        if !failures.isEmpty { throw ReportedFailure(status: .partialFailure) }
    }
}

enum BulkRenewal {
    /// Renews one license, pacing itself when the key's rate is exceeded: a 429
    /// means the server did nothing, so sending the same renew again is safe.
    static func renew(_ serial: String, term: ExpiryRequest, client: HTTPLicensingClient) async throws(LicensingError) -> License {
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
