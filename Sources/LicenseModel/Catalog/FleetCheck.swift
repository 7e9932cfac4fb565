/// The fleet judged the way a monitoring check judges it: the worst status
/// present decides, with counts and the license that expires first. The CLI's
/// `check` prints it in the Nagios plugin convention.
public struct FleetCheck: Sendable, Equatable {
    /// Nagios plugin states, with their exit codes.
    public enum State: Int32, Sendable {
        case ok = 0, warning = 1, critical = 2, unknown = 3

        public var label: String {
            switch self {
            case .ok: return "OK"
            case .warning: return "WARNING"
            case .critical: return "CRITICAL"
            case .unknown: return "UNKNOWN"
            }
        }
    }

    public var state: State
    public var total: Int
    public var expired: [License]
    public var critical: [License]
    public var warning: [License]
    /// The license with the fewest days left, and how many.
    public var earliest: (license: License, days: Int)?
    public var thresholds: ExpiryThresholds
    public var now: Int64

    public static func == (lhs: FleetCheck, rhs: FleetCheck) -> Bool {
        lhs.state == rhs.state && lhs.total == rhs.total && lhs.expired == rhs.expired && lhs.critical == rhs.critical
            && lhs.warning == rhs.warning && lhs.earliest?.license == rhs.earliest?.license && lhs.earliest?.days == rhs.earliest?.days
    }

    public init(_ licenses: [License], thresholds: ExpiryThresholds, now: Int64) {
        self.thresholds = thresholds
        self.now = now
        total = licenses.count
        var expired: [License] = [], critical: [License] = [], warning: [License] = []
        var earliest: (license: License, days: Int)?
        for license in licenses {
            switch thresholds.status(of: license.expireAt, now: now) {
            case .expired: expired.append(license)
            case .critical: critical.append(license)
            case .warning: warning.append(license)
            case .ok: break
            }
            let days = license.daysLeft(now: now)
            if earliest.map({ days < $0.days }) ?? true { earliest = (license, days) }
        }
        let byExpiry: (License, License) -> Bool = { $0.expireAt < $1.expireAt }
        self.expired = expired.sorted(by: byExpiry)
        self.critical = critical.sorted(by: byExpiry)
        self.warning = warning.sorted(by: byExpiry)
        self.earliest = earliest
        state = !expired.isEmpty || !critical.isEmpty ? .critical : (warning.isEmpty ? .ok : .warning)
    }

    /// The first line: state, summary and performance data.
    public var statusLine: String {
        "LICENSES \(state.label) - \(summary) | \(performanceData)"
    }

    /// What the first line says between the state and the performance data.
    public var summary: String {
        var summary: String
        switch state {
        case .ok:
            summary = total == 0 ? "no licenses" : "\(total) license\(total == 1 ? "" : "s"), none expires within \(FleetCheck.days(thresholds.warningDays))"
        case .warning:
            summary = "\(warning.count) of \(total) \(warning.count == 1 ? "expires" : "expire") within \(FleetCheck.days(thresholds.warningDays))"
        case .critical:
            var parts: [String] = []
            if !expired.isEmpty { parts.append("\(expired.count) of \(total) expired") }
            if !critical.isEmpty { parts.append("\(critical.count) expire within \(FleetCheck.days(thresholds.criticalDays))") }
            summary = parts.joined(separator: ", ")
        case .unknown:
            summary = ""
        }
        if let earliest {
            let name = earliest.license.issuedTo.safeForDisplay(limit: 60)
            let when = earliest.days < 0 ? "\(-earliest.days) days ago" : earliest.days == 0 ? "today" : "in \(earliest.days) days"
            let verb = earliest.days <= 0 ? "expired" : "expires"
            summary += "; earliest \(earliest.license.serial.safeForDisplay(limit: 40)) (\(name)) \(verb) \(when)"
        }
        return summary
    }

    /// `label=value;warn;crit;min;max`, Nagios's format.
    public var performanceData: String { performanceData(prefix: "") }

    /// The same, each label after `prefix` (a context's name and `_`, across contexts).
    public func performanceData(prefix: String) -> String {
        var data = [
            "\(prefix)expired=\(expired.count);;1;0;\(total)",
            "\(prefix)critical=\(critical.count);;1;0;\(total)",
            "\(prefix)warning=\(warning.count);1;;0;\(total)",
        ]
        if let earliest { data.append("\(prefix)min_days_left=\(earliest.days);\(thresholds.warningDays):;\(thresholds.criticalDays):;;") }
        return data.joined(separator: " ")
    }

    /// How bad a state is, for the worst of several: OK, then WARNING, then UNKNOWN, then CRITICAL.
    public static func severity(_ state: State) -> Int {
        switch state {
        case .ok: return 0
        case .warning: return 1
        case .unknown: return 2
        case .critical: return 3
        }
    }

    /// "1 day", "30 days".
    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }

    /// One line per license that is not OK, the most urgent first; at most
    /// `limit` of them, then "and N more" (a 100,000-license fleet must not
    /// print 40,000 lines into a monitoring system).
    public func detailLines(limit: Int = 20) -> [String] {
        let urgent = expired + critical + warning
        var lines = urgent.prefix(max(0, limit)).map { license in
            let status = thresholds.status(of: license.expireAt, now: now)
            let verb = status == .expired ? "expired" : "expires"
            return "\(status.label) \(license.serial.safeForDisplay(limit: 40)) \(license.issuedTo.safeForDisplay(limit: 80)) \(verb) \(license.expireAt.date)"
        }
        if urgent.count > lines.count { lines.append("and \(urgent.count - lines.count) more") }
        return lines
    }

    /// What a check prints when it cannot learn the truth.
    public static func unknown(_ reason: String) -> String {
        "LICENSES UNKNOWN - \(reason.safeForDisplay(limit: 300))"
    }
}
