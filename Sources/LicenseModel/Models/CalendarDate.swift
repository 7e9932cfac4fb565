/// A day on the UTC calendar, the unit the Licensing API speaks in (`YYYY-MM-DD`).
///
/// Conversions are done with integer arithmetic (Howard Hinnant's civil-from-days
/// algorithms) rather than `Calendar`, because the dashboard classifies and sorts
/// tens of thousands of licenses per keystroke.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    /// A day outside the supported years is held at its end (0001-01-01 or
    /// 9999-12-31): whatever number arrives, no later arithmetic on a date can overflow.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = min(max(daysSinceEpoch, CalendarDate.supportedDays.lowerBound), CalendarDate.supportedDays.upperBound)
    }

    /// The years a `YYYY-MM-DD` date can name.
    public static let supportedYears = 1...9999
    /// Days since the epoch of 0001-01-01 and 9999-12-31.
    public static let supportedDays = -719_162...2_932_896

    /// Returns nil for a day that does not exist (for example 2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard CalendarDate.supportedYears.contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (other separators, missing
    /// zero padding, trailing text, impossible days) is nil.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8({ CalendarDate(utf8: $0) }) else { return nil }
        self = date
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes, as a list decoder reads them.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The UTC day containing the given instant.
    public init(unixSeconds: Int64) {
        // Floor division that cannot overflow, whatever the number.
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds + 1) / 86_400 - 1
        self.init(daysSinceEpoch: Int(days))
    }

    /// Today on the UTC calendar.
    public static func today(now: Int64 = currentUnixSeconds()) -> CalendarDate {
        CalendarDate(unixSeconds: now)
    }

    /// Epoch seconds of 00:00 UTC on this day.
    public var unixSeconds: Int64 { Int64(daysSinceEpoch) * 86_400 }

    public var components: (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Saturates at the supported range: a number of days from outside (an
    /// argument, a setting, a filter term) can never trap the process.
    public func adding(days: Int) -> CalendarDate {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return CalendarDate(daysSinceEpoch: overflow ? (days > 0 ? Int.max : Int.min) : sum)
    }

    /// Whole days from `other` to this date (positive when this date is later).
    public func days(since other: CalendarDate) -> Int {
        daysSinceEpoch - other.daysSinceEpoch
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` (years padded to four digits) without forming a String.
    public func appendText(to output: inout [UInt8]) {
        let (year, month, day) = components
        JSONOutput.appendInteger(Int64(year), minimumDigits: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        JSONOutput.appendInteger(Int64(month), minimumDigits: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        JSONOutput.appendInteger(Int64(day), minimumDigits: 2, to: &output)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock epoch seconds; the one place the core reads the clock by default.
public func currentUnixSeconds() -> Int64 {
    Int64(time(nil))
}
