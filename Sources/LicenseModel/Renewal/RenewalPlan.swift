/// One license a renew may act on: what the plan needs to know of it.
public struct RenewalCandidate: Sendable, Equatable {
    public var serial: String
    public var issuedTo: String
    public var current: CalendarDate
    public var renewable: Bool

    public init(serial: String, issuedTo: String, current: CalendarDate, renewable: Bool) {
        self.serial = serial
        self.issuedTo = issuedTo
        self.current = current
        self.renewable = renewable
    }

    public init(_ license: License) {
        self.init(serial: license.serial, issuedTo: license.issuedTo, current: license.expireAt.date, renewable: license.renewable != false)
    }
}

/// What a renew will do to each license, decided before anything is sent.
///
/// Every path that renews (the CLI's single and bulk renew, `renew --due`, the
/// dashboard's form and its bulk renew) builds one of these and runs it with
/// `RenewalRun`: front ends render the plan and collect consent; they decide
/// nothing. The promise it keeps: no expiry moves earlier (or stays where it
/// is, reported as renewed) without consent to that license's change.
public struct RenewalPlan: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        /// Sent; the result is not earlier than the current expiry.
        case renew
        /// Sent with consent, though the result is not later than the current expiry.
        case renewWithConsent(risk: String)
        /// Not sent without consent: the expiry would (or could) move earlier or stay.
        case needsConsent(risk: String)
        /// The key's maximum is not known: a bulk run sends this once a renew
        /// to a license it cannot shorten has taught the term.
        case awaitsKeyMaximum
        /// Never sent.
        case skip(reason: String)
    }

    public struct Entry: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var current: CalendarDate
        /// What is sent: an explicit date whenever the result is known, so the
        /// server either gives exactly that date or refuses it (a key whose
        /// maximum shrank answers 403 instead of shortening the license).
        public var request: ExpiryRequest
        /// The expiry the renew gives; nil when only the reply can say (the key's maximum not known).
        public var expected: CalendarDate?
        public var decision: Decision

        public var willSend: Bool {
            switch decision {
            case .renew, .renewWithConsent: return true
            case .needsConsent, .awaitsKeyMaximum, .skip: return false
            }
        }

        /// Days the expiry moves; nil when not known before the reply.
        public var change: Int? { expected.map { $0.days(since: current) } }

        /// "2026-12-22 → 2027-12-22, +365 days".
        public var summary: String {
            guard let expected, let change else {
                return "\(current) → the key's maximum (not known before the reply)"
            }
            return "\(current) → \(expected), \(RenewalPlan.signed(change)) days"
        }

        /// Why it is not sent as it stands (or what consent was given to), in one sentence.
        public var risk: String? {
            switch decision {
            case .renew: return nil
            case .renewWithConsent(let risk), .needsConsent(let risk): return risk
            case .awaitsKeyMaximum: return RenewalPlan.unknownMaximumRisk(current: current)
            case .skip(let reason): return reason
            }
        }
    }

    /// The term as the operator asked for it.
    public var requested: ExpiryRequest
    public var keyMaximum: KeyMaximum
    public var today: CalendarDate
    /// `--allow-earlier`: consent to every shortening in the plan.
    public var allowEarlier: Bool
    public var entries: [Entry]

    /// `listedTwice`: serials the list named more than once (`LicenseList.repeatedSerials`):
    /// the list cannot say their expiry, so they are skipped.
    public init(
        _ candidates: [RenewalCandidate], request: ExpiryRequest, keyMaximum: KeyMaximum, today: CalendarDate, allowEarlier: Bool = false,
        listedTwice: Set<String> = []
    ) {
        self.requested = request
        self.keyMaximum = keyMaximum
        self.today = today
        self.allowEarlier = allowEarlier
        entries = candidates.map { candidate in
            var entry = RenewalPlan.entry(for: candidate, request: request, keyMaximum: keyMaximum, today: today, consent: allowEarlier)
            if listedTwice.contains(candidate.serial) { entry.decision = .skip(reason: RenewalPlan.listedTwice) }
            return entry
        }
    }

    public static let listedTwice = "the server's list names it more than once, so its expiry is not known; renew it by serial"

    /// The plan for one license with consent to its change (the dashboard's second confirmation).
    public func consenting(to serial: String) -> RenewalPlan {
        var plan = self
        plan.entries = entries.map { entry in
            guard entry.serial == serial else { return entry }
            let candidate = RenewalCandidate(serial: entry.serial, issuedTo: entry.issuedTo, current: entry.current, renewable: true)
            if case .skip = entry.decision { return entry }
            return RenewalPlan.entry(for: candidate, request: requested, keyMaximum: keyMaximum, today: today, consent: true)
        }
        return plan
    }

    /// The plan again with what is now known of the key's maximum: what was
    /// waiting for it is decided, and nothing already decided changes
    /// except the date it was planned with.
    public func relearned(_ keyMaximum: KeyMaximum) -> RenewalPlan {
        var plan = self
        plan.keyMaximum = keyMaximum
        plan.entries = entries.map { entry in
            guard requested == .keyMaximum, entry.decision != .skip(reason: RenewalPlan.notRenewable),
                  entry.decision != .skip(reason: RenewalPlan.listedTwice) else { return entry }
            let candidate = RenewalCandidate(serial: entry.serial, issuedTo: entry.issuedTo, current: entry.current, renewable: true)
            var replanned = RenewalPlan.entry(for: candidate, request: requested, keyMaximum: keyMaximum, today: today, consent: allowEarlier)
            if case .needsConsent(let risk) = replanned.decision, keyMaximum.days != nil {
                replanned.decision = .needsConsent(risk: risk + " (\(keyMaximum))")
            }
            return replanned
        }
        return plan
    }

    static let notRenewable = "not renewable; issue a new license instead"

    /// The rule, for one license.
    static func entry(for candidate: RenewalCandidate, request: ExpiryRequest, keyMaximum: KeyMaximum, today: CalendarDate, consent: Bool) -> Entry {
        var entry = Entry(serial: candidate.serial, issuedTo: candidate.issuedTo, current: candidate.current, request: request, expected: nil, decision: .renew)
        guard candidate.renewable else {
            entry.decision = .skip(reason: notRenewable)
            return entry
        }
        switch request {
        case .date(let date):
            entry.expected = date
        case .durationDays(let days):
            // A fixed date: every license gets the same day, and a retried request cannot drift.
            entry.expected = today.adding(days: days)
        case .keyMaximum:
            if let days = keyMaximum.days {
                entry.expected = today.adding(days: days)
            } else if candidate.current <= today.adding(days: KeyMaximum.shortestTerm) {
                // Expired or expiring within the shortest term any key has: no key's maximum can shorten it.
                entry.request = .keyMaximum
                return entry
            } else {
                entry.request = .keyMaximum
                entry.decision = consent ? .renewWithConsent(risk: unknownMaximumRisk(current: candidate.current)) : .awaitsKeyMaximum
                return entry
            }
        }
        guard let expected = entry.expected else { return entry }
        entry.request = .date(expected)
        if expected <= candidate.current {
            let risk = expected == candidate.current
                ? "this would leave the expiry at \(candidate.current), not extend it"
                : "this would move the expiry earlier, from \(candidate.current) to \(expected) (\(signed(expected.days(since: candidate.current))) days)"
            entry.decision = consent ? .renewWithConsent(risk: risk) : .needsConsent(risk: risk)
        }
        return entry
    }

    static func unknownMaximumRisk(current: CalendarDate) -> String {
        "the key's maximum term is not known, so this renew could move the expiry earlier than \(current)"
    }

    static func signed(_ days: Int) -> String { days >= 0 ? "+\(days)" : "\(days)" }
}
