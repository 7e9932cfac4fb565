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

/// A bulk renew or delete in progress: a few requests in flight, the rest waiting.
/// The reducer starts the next as each one ends, so the work is paced by the
/// replies (and the client's own 429 handling), and `esc` only stops what has
/// not been sent.
public struct BulkRun: Sendable, Equatable {
    /// What is done to each license.
    public enum Work: Sendable, Equatable {
        case renew(RenewLicenseRequest)
        case delete
    }

    public enum Outcome: Sendable, Equatable {
        case renewed(from: CalendarDate, to: CalendarDate)
        case deleted
        case failed(String)
        case skipped(String)
        case notSent
    }

    public static let concurrency = 4

    public var work: Work
    /// Every marked license in the order shown in the report.
    public var order: [String]
    public var before: [String: CalendarDate]
    public var pending: [String]
    public var inFlight: Set<String> = []
    public var outcomes: [String: Outcome] = [:]
    public var stopping = false
    /// 429s met per license: the wait is honoured, up to `maximumWaits` times.
    public var waits: [String: Int] = [:]
    public static let maximumWaits = 10
    /// Renewing to the key's maximum without knowing it: one renew at a time
    /// until a reply gives the date, then the rest it would not extend are skipped.
    public var learnsKeyMaximum = false

    public var total: Int { order.count }
    public var finished: Int { outcomes.count }
    public var isDone: Bool { inFlight.isEmpty && (pending.isEmpty || stopping) }

    public func count(_ matches: (Outcome) -> Bool) -> Int { outcomes.values.filter(matches).count }

    /// The first renewed license's new date is what the key's maximum gives
    /// today: skip every pending license it would not extend.
    mutating func learnKeyMaximum(from outcome: Outcome) {
        guard learnsKeyMaximum, case .renewed(_, let learned) = outcome else { return }
        learnsKeyMaximum = false
        pending = pending.filter { serial in
            guard let current = before[serial], let reason = RenewalPreview.skipAfterLearning(current: current, learned: learned) else { return true }
            outcomes[serial] = .skipped(reason)
            return false
        }
    }

    /// The request that does the work for one license.
    func effect(for serial: String) -> Effect {
        switch work {
        case .renew(let request): return .renew(serial: serial, request)
        case .delete: return .delete(serial: serial)
        }
    }

    /// Takes the next license to send, if any may be sent now.
    mutating func next() -> String? {
        guard !stopping, inFlight.count < (learnsKeyMaximum ? 1 : BulkRun.concurrency), !pending.isEmpty else { return nil }
        let serial = pending.removeFirst()
        inFlight.insert(serial)
        return serial
    }
}

/// The question before deleting every marked license; its default is No.
public struct DeleteMarkedConfirmation: Sendable, Equatable {
    public var serials: [String]
    public var hidden: Int

    public var question: String {
        let plural = serials.count == 1 ? "" : "s"
        return "Delete \(serials.count) license\(plural)" + (hidden > 0 ? " (\(hidden) hidden by the filter)" : "") + "? They stop working on every device that loads them. [y/N]"
    }
}
