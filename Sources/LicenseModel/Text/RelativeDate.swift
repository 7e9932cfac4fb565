/// "in 12 days", "today", "3 days ago": how far a date is from today.
public enum RelativeDate {
    public static func describe(_ date: CalendarDate, today: CalendarDate) -> String {
        let days = date.days(since: today)
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case 2...: return "in \(days) days"
        default: return "\(-days) days ago"
        }
    }
}

/// How long ago something happened, in the largest whole unit: "just now",
/// "12 min ago", "3 h ago", "2 days ago". For a cache's age.
public enum Age {
    public static func describe(seconds: Int64) -> String {
        switch seconds {
        case ..<60: return "just now"
        case ..<3_600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3_600) h ago"
        default:
            let days = seconds / 86_400
            return days == 1 ? "1 day ago" : "\(days) days ago"
        }
    }
}

/// Times of day in UTC, as every front end writes them: "12:05:09", and a
/// full stamp "2026-11-28 12:05:09Z".
public enum UTCTime {
    public static func clock(_ unix: Int64, seconds: Bool = true) -> String {
        let second = ((unix % 86_400) + 86_400) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(second / 3_600)):\(two(second / 60 % 60))" + (seconds ? ":\(two(second % 60))" : "")
    }

    public static func stamp(_ unix: Int64) -> String {
        "\(CalendarDate(unixSeconds: unix)) \(clock(unix))Z"
    }

    /// `2026-11-28T15:16:52Z`, for log lines: without a date formatter, which loads time zone files.
    public static func iso8601(_ unix: Int64) -> String {
        "\(CalendarDate(unixSeconds: unix))T\(clock(unix))Z"
    }
}
