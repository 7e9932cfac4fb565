import LicenseModel

/// The renew form for every marked license: one term, the renewal engine's
/// plan for each, and one confirmation naming the counts.
public struct BulkRenewForm: Sendable, Equatable {
    /// One marked license.
    public struct Entry: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var current: CalendarDate
        public var renewable: Bool
        /// Hidden by the current filter: still renewed, and counted in the confirmation.
        public var hidden: Bool
        /// The list named it more than once: skipped (`RenewalPlan.listedTwice`).
        public var listedTwice = false

        public init(serial: String, issuedTo: String, current: CalendarDate, renewable: Bool, hidden: Bool, listedTwice: Bool = false) {
            self.serial = serial
            self.issuedTo = issuedTo
            self.current = current
            self.renewable = renewable
            self.hidden = hidden
            self.listedTwice = listedTwice
        }
    }

    public var entries: [Entry]
    public var keyMaximum: KeyMaximum
    public var expiry = ExpiryChoice()
    public var focus: RenewForm.Field = .expiryMode
    /// The operator pressed enter: the confirmation is showing.
    public var confirming = false
    /// The day the asked-for plan was worked out on: a yes after midnight,
    /// when the plan would now be another, shows the new one instead of acting.
    public var previewDay: CalendarDate?
    public var problem: String?

    public init(entries: [Entry], keyMaximum: KeyMaximum) {
        self.entries = entries
        self.keyMaximum = keyMaximum
    }

    /// Brings each entry's expiry and renewability to what the list says now
    /// (a license gone is dropped); true when anything changed.
    mutating func syncEntries(with state: DashboardState) -> Bool {
        var changed = false
        entries = entries.compactMap { entry in
            guard let index = state.catalog.index(ofSerial: entry.serial) else {
                changed = true
                return nil
            }
            let license = state.catalog.licenses[index]
            var entry = entry
            if entry.current != license.expireAt.date || entry.renewable != (license.renewable != false) {
                entry.current = license.expireAt.date
                entry.renewable = license.renewable != false
                changed = true
            }
            return entry
        }
        return changed
    }

    /// The engine's plan for the term as typed. A bulk renew never shortens:
    /// consent to that is given one license at a time, in the renew form.
    public func plan(today: CalendarDate) -> RenewalPlan {
        RenewalPlan(
            entries.map { RenewalCandidate(serial: $0.serial, issuedTo: $0.issuedTo, current: $0.current, renewable: $0.renewable) },
            request: expiry.request, keyMaximum: keyMaximum, today: today, listedTwice: Set(entries.filter(\.listedTwice).map(\.serial)))
    }

    /// What the run will send (or send once the key's maximum is learned).
    public func toRenew(today: CalendarDate) -> [RenewalPlan.Entry] {
        plan(today: today).entries.filter { $0.willSend || $0.decision == .awaitsKeyMaximum }
    }

    /// "Renew 5 licenses (2 hidden by the filter), skip 1? [y/N]"
    public func confirmation(today: CalendarDate) -> String {
        let renewing = Set(toRenew(today: today).map(\.serial))
        let hidden = entries.filter { $0.hidden && renewing.contains($0.serial) }.count
        let skipped = entries.count - renewing.count
        let plural = renewing.count == 1 ? "" : "s"
        return "Renew \(renewing.count) license\(plural)" + (hidden > 0 ? " (\(hidden) hidden by the filter)" : "")
            + (skipped > 0 ? ", skip \(skipped)" : "") + "? [y/N]"
    }
}

/// A bulk action in progress: a renewal run by the engine, or deletes.
/// The reducer starts the next request as each one ends, so the work is paced
/// by the replies, and `esc` only stops what has not been sent.
public enum BulkRun: Sendable, Equatable {
    case renewal(RenewalRun)
    case deletion(BulkDeletion)

    public var inFlight: Set<String> {
        switch self {
        case .renewal(let run): return run.inFlight
        case .deletion(let run): return run.inFlight
        }
    }

    public var total: Int {
        switch self {
        case .renewal(let run): return run.total
        case .deletion(let run): return run.order.count
        }
    }

    public var finished: Int {
        switch self {
        case .renewal(let run): return run.finished
        case .deletion(let run): return run.outcomes.count
        }
    }

    public var isStopping: Bool {
        switch self {
        case .renewal(let run): return run.isStopping
        case .deletion(let run): return run.stopping
        }
    }

    /// The operator's stop: what is in flight finishes, nothing more is sent.
    mutating func stop() {
        switch self {
        case .renewal(var run):
            run.stopByOperator()
            self = .renewal(run)
        case .deletion(var run):
            run.stopping = true
            self = .deletion(run)
        }
    }
}

/// Deleting every marked license, a few at a time.
public struct BulkDeletion: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case deleted
        case failed(String)
        case notSent
    }

    /// Every marked license in the order shown in the report.
    public var order: [String]
    public var pending: [String]
    public var inFlight: Set<String> = []
    public var outcomes: [String: Outcome] = [:]
    public var stopping = false

    public init(serials: [String]) {
        order = serials
        pending = serials
    }

    public var isDone: Bool { inFlight.isEmpty && (pending.isEmpty || stopping) }

    public func count(_ matches: (Outcome) -> Bool) -> Int { outcomes.values.filter(matches).count }

    /// Takes the next license to send, if any may be sent now.
    mutating func next() -> String? {
        guard !stopping, inFlight.count < RenewalRun.concurrency, !pending.isEmpty else { return nil }
        let serial = pending.removeFirst()
        inFlight.insert(serial)
        return serial
    }

    mutating func finish() {
        for serial in pending { outcomes[serial] = .notSent }
        pending = []
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
