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

    public static func deadline(afterSeconds seconds: Double) -> ContinuousClock.Instant {
        ContinuousClock.now + .nanoseconds(Int64(min(max(seconds, 0), 86_400 * 365) * 1e9))
    }
}
