import Synchronization

/// One token bucket per API key: a burst of a tenth of the per-minute rate,
/// refilled continuously at that rate.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    /// Nil when the request may go ahead, otherwise whole seconds to wait.
    func admit(keyID: String, requestsPerMinute: Int, now: Double) -> Int? {
        let ratePerSecond = Double(requestsPerMinute) / 60
        let capacity = max(1, Double(requestsPerMinute) / 10)
        return buckets.withLock { buckets in
            var bucket = buckets[keyID] ?? Bucket(tokens: capacity, updatedAt: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updatedAt) * ratePerSecond)
            bucket.updatedAt = now
            defer { buckets[keyID] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
        }
    }
}
