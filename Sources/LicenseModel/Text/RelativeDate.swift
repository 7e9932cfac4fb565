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
