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
    /// What is due for renewal (`renew_within_days`, `renew_expired`).
    public var due: DueRule

    public init(criticalDays: Int = 7, warningDays: Int = 30, due: DueRule = DueRule()) {
        self.criticalDays = criticalDays
        self.warningDays = warningDays
        self.due = due
    }

    /// The days ahead that are due: `renew_within_days`, else the warning window.
    public var dueWithinDays: Int { due.withinDays ?? warningDays }

    /// In the window `renew --due` looks at, renewable or not: expired ones
    /// (when the rule takes them) and those expiring within `dueWithinDays`.
    public func isInDueWindow(_ license: License, now: Int64) -> Bool {
        license.isExpired(now: now) ? due.includesExpired : license.isExpiring(within: dueWithinDays, now: now)
    }

    /// Due for renewal: in the due window, and renewable. The one rule behind
    /// `renew --due`, `status:due` (every front end's filter), and the
    /// dashboard's `n`, `N` and `:due`.
    public func isDue(_ license: License, now: Int64) -> Bool {
        license.renewable != false && isInDueWindow(license, now: now)
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

/// What "due for renewal" means: the settings' `renew_within_days` (nil:
/// the warning window) and `renew_expired` (expired licenses the server
/// still renews are due too, so a timer that missed a few days never
/// abandons them).
public struct DueRule: Sendable, Equatable {
    public var withinDays: Int?
    public var includesExpired: Bool

    public init(withinDays: Int? = nil, includesExpired: Bool = true) {
        self.withinDays = withinDays
        self.includesExpired = includesExpired
    }
}
