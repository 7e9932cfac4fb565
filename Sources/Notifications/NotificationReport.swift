import LicenseModel

/// What a message says: the licenses that need attention now (a digest), or
/// what one `renew --due` run did. Built from licenses and a run's outcomes;
/// every text from a server is made safe per format when it is written.
public struct NotificationReport: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// `notify`: what needs attention now.
        case digest
        /// `renew --due`: what the run renewed, skipped and failed.
        case run
        /// `notify --test NAME`.
        case test
    }

    /// One license in a list.
    public struct Item: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var expireAt: CalendarDate
        public var daysLeft: Int
        public var renewable: Bool

        public init(serial: String, issuedTo: String, expireAt: CalendarDate, daysLeft: Int, renewable: Bool) {
            self.serial = serial
            self.issuedTo = issuedTo
            self.expireAt = expireAt
            self.daysLeft = daysLeft
            self.renewable = renewable
        }

        public init(_ license: License, now: Int64) {
            self.init(
                serial: license.serial, issuedTo: license.issuedTo, expireAt: license.expireAt.date, daysLeft: license.daysLeft(now: now),
                renewable: license.renewable != false)
        }
    }

    public struct Renewed: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var from: CalendarDate
        public var to: CalendarDate

        public init(serial: String, issuedTo: String, from: CalendarDate, to: CalendarDate) {
            self.serial = serial
            self.issuedTo = issuedTo
            self.from = from
            self.to = to
        }
    }

    /// A license the run did not renew, and why (failed or skipped).
    public struct Outcome: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var reason: String

        public init(serial: String, issuedTo: String, reason: String) {
            self.serial = serial
            self.issuedTo = issuedTo
            self.reason = reason
        }
    }

    public var kind: Kind
    /// The context's name, nil for the plain settings.
    public var context: String?
    public var time: Int64
    public var expired: [Item] = []
    public var critical: [Item] = []
    public var warning: [Item] = []
    public var renewed: [Renewed] = []
    public var failed: [Outcome] = []
    public var skipped: [Outcome] = []

    public init(kind: Kind, context: String?, time: Int64) {
        self.kind = kind
        self.context = context
        self.time = time
    }

    /// The digest of a fleet: expired, critical and warning licenses, the
    /// renewable ones first, then the soonest.
    public static func digest(_ licenses: [License], thresholds: ExpiryThresholds, context: String?, now: Int64) -> NotificationReport {
        var report = NotificationReport(kind: .digest, context: context, time: now)
        for license in licenses {
            let item = Item(license, now: now)
            switch thresholds.status(of: license.expireAt, now: now) {
            case .expired: report.expired.append(item)
            case .critical: report.critical.append(item)
            case .warning: report.warning.append(item)
            case .ok: break
            }
        }
        func order(_ a: Item, _ b: Item) -> Bool {
            if a.renewable != b.renewable { return a.renewable }
            return (a.daysLeft, a.serial) < (b.daysLeft, b.serial)
        }
        report.expired.sort(by: order)
        report.critical.sort(by: order)
        report.warning.sort(by: order)
        return report
    }

    /// A `renew --due` run, from its finished `RenewalRun`.
    public static func run(_ run: RenewalRun, licenses: [String: License], context: String?, now: Int64) -> NotificationReport {
        var report = NotificationReport(kind: .run, context: context, time: now)
        for entry in run.plan.entries {
            let issuedTo = licenses[entry.serial]?.issuedTo ?? entry.issuedTo
            switch run.outcomes[entry.serial] {
            case .renewed(let from, let to)?, .shortened(let from, let to, _)?:
                report.renewed.append(Renewed(serial: entry.serial, issuedTo: issuedTo, from: from, to: to))
            case .failed(let reason)?:
                report.failed.append(Outcome(serial: entry.serial, issuedTo: issuedTo, reason: reason))
            case .skipped(let reason)?, .notSent(let reason)?:
                report.skipped.append(Outcome(serial: entry.serial, issuedTo: issuedTo, reason: reason))
            case .unchanged?, nil:
                break
            }
        }
        return report
    }

    public var needsAttention: Bool { !expired.isEmpty || !critical.isEmpty || !warning.isEmpty }

    /// Whether a destination at `level` gets this report.
    public func isSent(at level: NotificationLevel) -> Bool {
        switch (kind, level) {
        case (.test, _), (_, .all): return true
        case (.run, .failures): return !failed.isEmpty
        case (.run, .changes): return !failed.isEmpty || !renewed.isEmpty
        case (.digest, .failures): return !expired.isEmpty
        case (.digest, .changes): return needsAttention
        }
    }

    /// "netify-licenses [west]: 3 expired, 2 critical, 5 warning".
    public var title: String {
        let prefix = "netify-licenses" + (context.map { " [\($0)]" } ?? "") + ": "
        switch kind {
        case .test:
            return prefix + "a test message"
        case .digest:
            guard needsAttention else { return prefix + "no license needs attention" }
            return prefix + [("expired", expired.count), ("critical", critical.count), ("warning", warning.count)]
                .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        case .run:
            return prefix + "renewal run: \(renewed.count) renewed, \(failed.count) failed, \(skipped.count) skipped"
        }
    }
}

/// `notify.NAME.level`: which messages a destination gets.
public enum NotificationLevel: String, Sendable, CaseIterable {
    /// Only a run where something failed (and a digest with expired licenses).
    case failures
    /// A run that renewed or failed something; a digest with anything to attend to.
    case changes
    /// Every run and digest, even when nothing was due.
    case all
}

/// `notify.NAME.format`.
public enum NotificationFormat: String, Sendable, CaseIterable {
    case json, slack, teams, matrix, mail
}
