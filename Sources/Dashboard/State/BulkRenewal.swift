import LicenseModel

/// The renew form for every marked license: one term, a preview of what it
/// does to each, and one confirmation naming the counts.
public struct BulkRenewForm: Sendable, Equatable {
    /// One marked license and what the renew would do to it.
    public struct Entry: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var current: CalendarDate
        public var renewable: Bool
        /// Hidden by the current filter: still renewed, and counted in the confirmation.
        public var hidden: Bool
    }

    public var entries: [Entry]
    public var maximumTermDays: Int?
    public var expiry = ExpiryChoice()
    public var focus: RenewForm.Field = .expiryMode
    /// The operator pressed enter: the confirmation is showing.
    public var confirming = false
    public var problem: String?

    public init(entries: [Entry], maximumTermDays: Int?) {
        self.entries = entries
        self.maximumTermDays = maximumTermDays
    }

    /// The term every license gets. A number of days becomes a fixed date
    /// first, so each renew is idempotent and a retried one cannot drift.
    public func request(today: CalendarDate) -> RenewLicenseRequest {
        switch expiry.request {
        case .durationDays(let days): return RenewLicenseRequest(expiry: .date(today.adding(days: days)))
        case let other: return RenewLicenseRequest(expiry: other)
        }
    }

    public func preview(_ entry: Entry, today: CalendarDate) -> RenewalPreview {
        RenewalPreview(current: entry.current, request: request(today: today).expiry, today: today, keyMaximumTermDays: maximumTermDays)
    }

    /// Why an entry is left out, nil when it will be renewed.
    public func skipReason(_ entry: Entry, today: CalendarDate) -> String? {
        if !entry.renewable { return "not renewable" }
        return preview(entry, today: today).refusal
    }

    public func toRenew(today: CalendarDate) -> [Entry] { entries.filter { skipReason($0, today: today) == nil } }

    /// "Renew 5 licenses (2 hidden by the filter), skip 1? [y/N]"
    public func confirmation(today: CalendarDate) -> String {
        let renewing = toRenew(today: today)
        let hidden = renewing.filter(\.hidden).count
        let skipped = entries.count - renewing.count
        let plural = renewing.count == 1 ? "" : "s"
        return "Renew \(renewing.count) license\(plural)" + (hidden > 0 ? " (\(hidden) hidden by the filter)" : "")
            + (skipped > 0 ? ", skip \(skipped)" : "") + "? [y/N]"
    }
}

/// A bulk renew in progress: a few requests in flight, the rest waiting.
/// The reducer starts the next as each one ends, so the work is paced by the
/// replies (and the client's own 429 handling), and `esc` only stops what has
/// not been sent.
public struct BulkRun: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case renewed(from: CalendarDate, to: CalendarDate)
        case failed(String)
        case skipped(String)
        case notSent
    }

    public static let concurrency = 4

    public var request: RenewLicenseRequest
    /// Every marked license in the order shown in the report.
    public var order: [String]
    public var before: [String: CalendarDate]
    public var pending: [String]
    public var inFlight: Set<String> = []
    public var outcomes: [String: Outcome] = [:]
    public var stopping = false

    public var total: Int { order.count }
    public var finished: Int { outcomes.count }
    public var isDone: Bool { inFlight.isEmpty && (pending.isEmpty || stopping) }

    public func count(_ matches: (Outcome) -> Bool) -> Int { outcomes.values.filter(matches).count }

    /// Takes the next license to send, if any may be sent now.
    mutating func next() -> String? {
        guard !stopping, inFlight.count < BulkRun.concurrency, !pending.isEmpty else { return nil }
        let serial = pending.removeFirst()
        inFlight.insert(serial)
        return serial
    }
}
