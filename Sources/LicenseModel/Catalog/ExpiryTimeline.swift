/// How many licenses expire in each of the coming weeks: the work ahead, at
/// a glance. The dashboard draws it as bars; `list --summary` prints it.
public struct ExpiryTimeline: Sendable, Equatable {
    public struct Week: Sendable, Equatable {
        /// The first day of the week, today for the first.
        public var start: CalendarDate
        /// Days left covered, `firstDay...firstDay + 6`.
        public var firstDay: Int
        public var count: Int
        /// The status of a license expiring on the week's first day.
        public var status: ExpiryStatus

        /// Days left it covers: a license with 0 days left has expired (at 00:00 UTC), so the first week starts at 1.
        public var days: ClosedRange<Int> { max(firstDay, 1)...(firstDay + 6) }
    }

    /// The weeks the dashboard and `list --summary` show.
    public static let weeksShown = 12

    public var expired: Int
    public var weeks: [Week]
    /// Expiring after the last week shown.
    public var later: Int
    public var statusCounts: [ExpiryStatus: Int]

    public init(_ licenses: some Sequence<License>, now: Int64, thresholds: ExpiryThresholds, weeks count: Int = 12) {
        let today = CalendarDate(unixSeconds: now)
        var expired = 0, later = 0
        var perWeek = [Int](repeating: 0, count: count)
        var statusCounts: [ExpiryStatus: Int] = [:]
        for license in licenses {
            statusCounts[thresholds.status(of: license.expireAt, now: now), default: 0] += 1
            if license.isExpired(now: now) {
                expired += 1
                continue
            }
            let week = license.daysLeft(now: now) / 7
            if week < count { perWeek[week] += 1 } else { later += 1 }
        }
        self.expired = expired
        self.later = later
        self.statusCounts = statusCounts
        self.weeks = perWeek.enumerated().map { index, number in
            let first = index * 7
            let status = thresholds.status(of: LicenseInstant(date: today.adding(days: max(first, 1))), now: now)
            return Week(start: today.adding(days: first), firstDay: first, count: number, status: status)
        }
    }

    /// The largest count drawn, for scaling bars.
    public var peak: Int { max(expired, weeks.map(\.count).max() ?? 0, 1) }

    /// A bar of block characters, `width` cells at the peak; at least one
    /// eighth for any count above zero, so a single license still shows.
    public func bar(_ count: Int, width: Int) -> String {
        guard count > 0, width > 0 else { return "" }
        let eighths = max(1, count * width * 8 / peak)
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    }

    /// The filter that shows one week's licenses, in the filter language.
    public static func filter(forWeek week: Week) -> String {
        "days>=\(week.days.lowerBound) days<=\(week.days.upperBound)"
    }
}
