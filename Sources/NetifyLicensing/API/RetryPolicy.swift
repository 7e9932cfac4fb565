import LicenseModel
/// When and how long to wait before trying a request again.
///
/// Capped exponential backoff with full jitter (the delay is drawn uniformly
/// from zero to the cap) so that many clients recovering together do not
/// arrive in lockstep; a server's `Retry-After` overrides the draw.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    public var baseDelay: Double
    public var maximumDelay: Double
    /// A `Retry-After` longer than this is not waited for: the error is reported instead.
    public var maximumRetryAfter: Double
    /// All attempts and the waits between them end within this many seconds:
    /// no retry starts that could not finish by then.
    public var totalSeconds: Double

    public init(maximumAttempts: Int = 4, baseDelay: Double = 0.25, maximumDelay: Double = 8, maximumRetryAfter: Double = 30, totalSeconds: Double = 120) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
        self.totalSeconds = totalSeconds
    }

    public static let standard = RetryPolicy()
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// What may be repeated without changing the outcome.
    public enum Safety: Sendable {
        /// Reads, deletes, renews to an explicit date.
        case idempotent
        /// Creates and renews by duration: repeated only when the request
        /// certainly never reached the server (the connection was refused).
        case notIdempotent
    }

    /// What happened on one attempt.
    public enum Outcome: Sendable {
        case status(Int, retryAfter: Double?)
        case connectionFailed(requestMayHaveBeenSent: Bool)
        case timedOut
    }

    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The delay before attempt `attempt + 1` (attempts count from 1), or nil to stop.
    public func delay(
        after outcome: Outcome, attempt: Int, safety: Safety,
        random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) -> Double? {
        guard attempt < maximumAttempts else { return nil }
        switch (outcome, safety) {
        case (.status(let status, let retryAfter), .idempotent):
            guard RetryPolicy.retryableStatuses.contains(status) else { return nil }
            if let retryAfter {
                return retryAfter <= maximumRetryAfter ? max(0, retryAfter) : nil
            }
            return backoff(attempt: attempt, random: random)
        case (.connectionFailed, .idempotent), (.timedOut, .idempotent):
            return backoff(attempt: attempt, random: random)
        case (.connectionFailed(let mayHaveBeenSent), .notIdempotent) where !mayHaveBeenSent:
            return backoff(attempt: attempt, random: random)
        default:
            return nil
        }
    }

    func backoff(attempt: Int, random: (ClosedRange<Double>) -> Double) -> Double {
        let exponent = min(attempt - 1, 30)
        let cap = min(maximumDelay, baseDelay * Double(1 << exponent))
        return random(0...cap)
    }

    /// Reads `Content-Length`: digits only (RFC 9110), nil for anything else or
    /// a length beyond any reply this client reads, so no arithmetic on it can overflow.
    public static func parseContentLength(_ value: String) -> Int? {
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 15, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(trimmed)
    }

    /// Reads `Retry-After` as delay-seconds (digits only, as RFC 9110 says) or
    /// as an HTTP date, held to 0 s...`LicensingError.longestRetryAfter`.
    public static func parseRetryAfter(_ value: String, now: Int64 = currentUnixSeconds()) -> Double? {
        let trimmed = value.trimmingWhitespace()
        let longest = LicensingError.longestRetryAfter
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // More digits than a day has seconds is simply "longer than a day".
            guard trimmed.utf8.count <= 9, let seconds = Int(trimmed) else { return longest }
            return min(Double(seconds), longest)
        }
        guard let instant = HTTPDate.parse(trimmed) else { return nil }
        let (difference, overflow) = instant.subtractingReportingOverflow(now)
        return overflow ? longest : min(Double(max(0, difference)), longest)
    }
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders to use.
public enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]

    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let monthIndex = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0...60).contains(clock[2]),
              let date = CalendarDate(year: year, month: monthIndex + 1, day: day)
        else { return nil }
        return date.unixSeconds + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    public static func format(_ unixSeconds: Int64) -> String {
        let date = CalendarDate(unixSeconds: unixSeconds)
        let (year, month, day) = date.components
        let seconds = Int(unixSeconds - date.unixSeconds)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let weekday = weekdays[((date.daysSinceEpoch % 7) + 7) % 7]
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) GMT"
    }
}
