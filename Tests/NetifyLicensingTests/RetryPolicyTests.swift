import LicenseModel
import NetifyLicensing
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maximumAttempts: 4, baseDelay: 0.5, maximumDelay: 4, maximumRetryAfter: 30)
    let top: (ClosedRange<Double>) -> Double = { $0.upperBound }

    @Test func readsRetryTransientStatusesWithCappedExponentialBackoff() {
        for status in [429, 502, 503, 504] {
            #expect(policy.delay(after: .status(status, retryAfter: nil), attempt: 1, safety: .idempotent, random: top) == 0.5)
        }
        #expect(policy.delay(after: .status(503, retryAfter: nil), attempt: 2, safety: .idempotent, random: top) == 1)
        #expect(policy.delay(after: .status(503, retryAfter: nil), attempt: 3, safety: .idempotent, random: top) == 2)
        #expect(policy.delay(after: .status(503, retryAfter: nil), attempt: 4, safety: .idempotent, random: top) == nil)
        let capped = RetryPolicy(maximumAttempts: 20, baseDelay: 0.5, maximumDelay: 4)
        #expect(capped.delay(after: .timedOut, attempt: 10, safety: .idempotent, random: top) == 4)
    }

    @Test func fullJitterDrawsFromZeroToTheCap() {
        var ranges: [ClosedRange<Double>] = []
        _ = policy.delay(after: .connectionFailed(requestMayHaveBeenSent: true), attempt: 2, safety: .idempotent) { range in
            ranges.append(range)
            return range.lowerBound
        }
        #expect(ranges == [0...1])
    }

    @Test func otherStatusesAreNeverRetried() {
        for status in [400, 401, 403, 404, 405, 409, 422, 500] {
            #expect(policy.delay(after: .status(status, retryAfter: nil), attempt: 1, safety: .idempotent) == nil)
        }
    }

    @Test func retryAfterOverridesBackoffUnlessTooLong() {
        #expect(policy.delay(after: .status(429, retryAfter: 7), attempt: 1, safety: .idempotent) == 7)
        #expect(policy.delay(after: .status(429, retryAfter: 31), attempt: 1, safety: .idempotent) == nil)
    }

    @Test func createsAreRetriedOnlyWhenTheRequestNeverLeft() {
        #expect(policy.delay(after: .connectionFailed(requestMayHaveBeenSent: false), attempt: 1, safety: .notIdempotent, random: top) == 0.5)
        #expect(policy.delay(after: .connectionFailed(requestMayHaveBeenSent: true), attempt: 1, safety: .notIdempotent) == nil)
        #expect(policy.delay(after: .timedOut, attempt: 1, safety: .notIdempotent) == nil)
        for status in [429, 502, 503, 504] {
            #expect(policy.delay(after: .status(status, retryAfter: 1), attempt: 1, safety: .notIdempotent) == nil)
        }
    }

    @Test func renewToAnExplicitDateIsIdempotentButByDurationIsNot() {
        #expect(RenewLicenseRequest(expiry: .date(CalendarDate("2030-01-01")!)).isIdempotent)
        #expect(!RenewLicenseRequest(expiry: .durationDays(30)).isIdempotent)
        #expect(!RenewLicenseRequest(expiry: .keyMaximum).isIdempotent)
    }

    @Test func retryAfterParsesSecondsAndHTTPDates() {
        #expect(RetryPolicy.parseRetryAfter("120") == 120)
        #expect(RetryPolicy.parseRetryAfter(" 3 ") == 3)
        let now: Int64 = 1_760_313_600
        #expect(RetryPolicy.parseRetryAfter(HTTPDate.format(now + 90), now: now) == 90)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 0)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        #expect(RetryPolicy.parseRetryAfter("-5") == nil)
    }
}
