/// How urgently a license needs attention.
public enum ExpiryStatus: String, CaseIterable, Sendable, Comparable {
    case expired, critical, warning, ok

    /// Shown beside the colour, so status survives monochrome and colour blindness.
    public var symbol: String {
        switch self {
        case .expired: return "✖"
        case .critical: return "▲"
        case .warning: return "●"
        case .ok: return "✓"
        }
    }

    public var label: String { rawValue.uppercased() }

    /// Most urgent first.
    public static func < (lhs: ExpiryStatus, rhs: ExpiryStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where "critical" and "warning" begin, in days before expiry.
public struct ExpiryThresholds: Sendable, Equatable {
    public var criticalDays: Int
    public var warningDays: Int

    public init(criticalDays: Int = 7, warningDays: Int = 30) {
        self.criticalDays = criticalDays
        self.warningDays = warningDays
    }

    public static let standard = ExpiryThresholds()

    /// The critical window lies inside the warning one: never more days.
    /// The settings file and `check`'s options are both held to it.
    public var isOrdered: Bool { criticalDays <= warningDays }

    /// With only the warning window narrowed (`check --warning 5` under a
    /// critical_days of 7), the critical window narrows with it.
    public mutating func keepCriticalInsideWarning() {
        if !isOrdered { criticalDays = warningDays }
    }

    /// A license is expired once now >= its `expire_at.unix` (so on its expiry
    /// date it is already expired); otherwise its status follows the number of
    /// calendar days until that date.
    public func status(of expireAt: LicenseInstant, now: Int64) -> ExpiryStatus {
        if now >= expireAt.unixSeconds { return .expired }
        let daysLeft = expireAt.date.days(since: CalendarDate(unixSeconds: now))
        if daysLeft <= criticalDays { return .critical }
        if daysLeft <= warningDays { return .warning }
        return .ok
    }
}

extension License {
    /// Calendar days from today (UTC) to the expiry date; negative once past.
    public func daysLeft(now: Int64) -> Int {
        expireAt.date.days(since: CalendarDate(unixSeconds: now))
    }

    public func isExpired(now: Int64) -> Bool { now >= expireAt.unixSeconds }

    /// Not yet expired, and expiring on or before today + `days` (UTC).
    public func isExpiring(within days: Int, now: Int64) -> Bool {
        !isExpired(now: now) && expireAt.date <= CalendarDate(unixSeconds: now).adding(days: days)
    }
}
