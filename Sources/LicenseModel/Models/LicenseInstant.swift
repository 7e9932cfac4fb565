/// A moment the API reports (`expire_at`, `created_at`).
///
/// The documented shape is `{"unix": …, "date": "YYYY-MM-DD"}`; epoch seconds
/// alone or a bare date string are accepted too, because the vendor's pages
/// disagree and the client must not break on either.
public struct LicenseInstant: Hashable, Comparable, Sendable {
    public let unixSeconds: Int64

    /// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z: the moments a date of
    /// four-digit years can name. A server's moment outside it is unreadable,
    /// never a number that overflows when a column is sorted or a day counted.
    public static let supported: ClosedRange<Int64> =
        CalendarDate(year: CalendarDate.supportedYears.lowerBound, month: 1, day: 1)!.unixSeconds
            ... CalendarDate(year: CalendarDate.supportedYears.upperBound, month: 12, day: 31)!.unixSeconds + 86_399

    /// Held within `supported` (a moment computed here never leaves it; one read back from damaged storage is clamped).
    public init(unixSeconds: Int64) {
        self.unixSeconds = min(max(unixSeconds, LicenseInstant.supported.lowerBound), LicenseInstant.supported.upperBound)
    }

    /// Nil outside `supported`: how a server's number is read.
    public init?(checkedUnixSeconds unixSeconds: Int64) {
        guard LicenseInstant.supported.contains(unixSeconds) else { return nil }
        self.unixSeconds = unixSeconds
    }

    public init(date: CalendarDate) {
        self.unixSeconds = date.unixSeconds
    }

    public var date: CalendarDate { CalendarDate(unixSeconds: unixSeconds) }

    public init?(json: JSONValue) {
        let unix: Int64
        switch json {
        case .object(let members):
            // A moment given twice over is no moment: which one would be meant?
            guard Set(members.map(\.key)).count == members.count else { return nil }
            if let seconds = json["unix"]?.lenientInteger {
                unix = seconds
            } else if let text = json["date"]?.stringValue, let date = CalendarDate(text) {
                unix = date.unixSeconds
            } else {
                return nil
            }
        case .string(let text):
            if let date = CalendarDate(text) {
                unix = date.unixSeconds
            } else if let seconds = json.lenientInteger {
                unix = seconds
            } else {
                return nil
            }
        default:
            guard let seconds = json.lenientInteger else { return nil }
            unix = seconds
        }
        self.init(checkedUnixSeconds: unix)
    }

    public static func < (lhs: LicenseInstant, rhs: LicenseInstant) -> Bool { lhs.unixSeconds < rhs.unixSeconds }
}
