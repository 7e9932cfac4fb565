/// One time budget for one operation on a license, whoever retries it: the
/// HTTP client's own attempts and a front end's re-sends after 429 (the
/// renewal engine, `apply`, a re-issue's paced create) all end by the same
/// deadline. A front end that re-sends sets it around every send of one
/// operation; the client never starts an attempt that could not end by it.
public enum OperationBudget {
    @TaskLocal public static var deadline: ContinuousClock.Instant?

    /// Seconds left before this operation's deadline (nil: no deadline set).
    public static var remainingSeconds: Double? { deadline.map(seconds(until:)) }

    public static func seconds(until deadline: ContinuousClock.Instant) -> Double {
        let left = deadline - ContinuousClock.now
        return Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
    }

    /// Whether a re-send after a 429 with this Retry-After still fits the budget
    /// `secondsLeft` (the task's own when not given; none set: it always fits).
    public static func allowsWait(retryAfter: Double?, secondsLeft: Double? = OperationBudget.remainingSeconds) -> Bool {
        secondsLeft.map { RenewalRun.pacing(retryAfter: retryAfter) < $0 } ?? true
    }

    public static func deadline(afterSeconds seconds: Double) -> ContinuousClock.Instant {
        ContinuousClock.now + .nanoseconds(Int64(min(max(seconds, 0), 86_400 * 365) * 1e9))
    }
}
