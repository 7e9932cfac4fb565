/// A moment the API reports (`expire_at`, `created_at`).
///
/// The documented shape is `{"unix": …, "date": "YYYY-MM-DD"}`; epoch seconds
/// alone or a bare date string are accepted too, because the vendor's pages
/// disagree and the client must not break on either.
public struct LicenseInstant: Hashable, Comparable, Sendable {
    public let unixSeconds: Int64

    public init(unixSeconds: Int64) {
        self.unixSeconds = unixSeconds
    }

    public init(date: CalendarDate) {
        self.unixSeconds = date.unixSeconds
    }

    public var date: CalendarDate { CalendarDate(unixSeconds: unixSeconds) }

    public init?(json: JSONValue) {
        switch json {
        case .object(let members):
            // A moment given twice over is no moment: which one would be meant?
            guard Set(members.map(\.key)).count == members.count else { return nil }
            if let unix = json["unix"]?.lenientInteger {
                self.unixSeconds = unix
            } else if let text = json["date"]?.stringValue, let date = CalendarDate(text) {
                self.unixSeconds = date.unixSeconds
            } else {
                return nil
            }
        case .string(let text):
            if let date = CalendarDate(text) {
                self.unixSeconds = date.unixSeconds
            } else if let unix = json.lenientInteger {
                self.unixSeconds = unix
            } else {
                return nil
            }
        default:
            guard let unix = json.lenientInteger else { return nil }
            self.unixSeconds = unix
        }
    }

    public static func < (lhs: LicenseInstant, rhs: LicenseInstant) -> Bool { lhs.unixSeconds < rhs.unixSeconds }
}
