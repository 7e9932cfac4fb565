/// A plan being carried out: which renew goes next, what each reply did,
/// when to stop, and the report. A value with no clock and no network, so the
/// CLI (`RenewalEngine`) and the dashboard's reducer drive the same rules.
///
/// - The first renew of a run goes alone; after a reply, up to `concurrency`.
/// - The key's maximum not known: a license no key can shorten is renewed
///   first and its reply teaches the term; the rest are then planned with it.
/// - A reply that differs from its plan stops the run: nothing more is sent.
/// - A 429 is paced by one rule (`pacing(retryAfter:)`), a bounded number of times.
public struct RenewalRun: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case renewed(from: CalendarDate, to: CalendarDate)
        case unchanged(at: CalendarDate)
        case shortened(from: CalendarDate, to: CalendarDate, consented: Bool)
        case failed(String)
        case skipped(String)
        case notSent(String)

        /// The license's expiry changed.
        public var isChange: Bool {
            switch self {
            case .renewed, .shortened: return true
            default: return false
            }
        }

        public var isFailure: Bool {
            if case .failed = self { return true }
            return false
        }
    }

    /// What the front end does after a failed renew.
    public enum AfterFailure: Sendable, Equatable {
        /// Rate limited: send the same renew again after this many seconds.
        case retry(afterSeconds: Double)
        case recorded
    }

    /// Renews in flight at once after the first reply: enough to hide a slow
    /// link's round trips, few enough that the key's rate paces rather than refuses them.
    public static let concurrency = 8
    /// 429s honoured per license before it counts as failed.
    public static let maximumWaits = 10
    /// The longest a single 429 may hold a renew back, whatever Retry-After says.
    public static let longestWait = 60.0
    /// Why a license waiting for the key's maximum was never sent.
    static let maximumNotKnown = "the key's maximum is not known (no license in the run could teach it without risk); give --duration-days or --expire-at, or set max_term_days"

    public private(set) var plan: RenewalPlan
    /// Waiting to be sent, in the order they go: `queue` from `head` on (taking
    /// the first moves `head`, not every serial behind it).
    public var pending: ArraySlice<String> { queue[head...] }
    private var queue: [String]
    private var head = 0
    public private(set) var inFlight: Set<String> = []
    public private(set) var outcomes: [String: Outcome] = [:]
    /// Why the run stopped sending (a reply that differed from its plan, a refused term).
    public private(set) var stopReason: String?
    /// The operator asked to stop (esc): what is in flight finishes, nothing more is sent.
    public private(set) var stoppedByOperator = false
    /// What a reply in this run taught about the key's maximum, to keep for next time.
    public private(set) var learned: KeyMaximum?
    /// The key refused a term believed to be within its maximum: what is kept must be forgotten.
    public private(set) var keyMaximumRefuted = false
    public private(set) var warnings: [String] = []
    /// Each renewed license as the server answered it, for the front ends' JSON and tables.
    public private(set) var replies: [String: License] = [:]
    /// Each failed renew's error, for a front end that reports it with its own status.
    public private(set) var errors: [String: LicensingError] = [:]
    /// The entry as it was when its renew was sent: the reply is checked against it.
    private var sent: [String: RenewalPlan.Entry] = [:]
    private var waits: [String: Int] = [:]
    /// Each serial's place in the plan: `next()` and the settling look entries
    /// up once per renew, and a scan of the plan each time would make a
    /// 100,000-license run quadratic. (Replanning keeps the order.)
    private let position: [String: Int]
    /// Some license waits for the key's maximum to be learned (settled once, not looked for after every reply).
    private var awaitsMaximum: Bool
    /// A reply has come back: the run may now send several at once.
    private var answered = false

    public init(_ plan: RenewalPlan) {
        self.plan = plan
        position = Dictionary(plan.entries.enumerated().map { ($1.serial, $0) }, uniquingKeysWith: { first, _ in first })
        awaitsMaximum = plan.entries.contains { $0.decision == .awaitsKeyMaximum }
        queue = []
        for entry in plan.entries {
            if entry.willSend { queue.append(entry.serial) }
            if case .skip(let reason) = entry.decision { outcomes[entry.serial] = .skipped(reason) }
            if case .needsConsent(let risk) = entry.decision { outcomes[entry.serial] = .skipped(risk) }
        }
        // What teaches the key's maximum goes first, so the others can be planned with it.
        if plan.entries.contains(where: { $0.decision == .awaitsKeyMaximum }) {
            let teaching = Set(plan.entries.filter { $0.willSend && $0.request == .keyMaximum }.map(\.serial))
            queue = queue.filter(teaching.contains) + queue.filter { !teaching.contains($0) }
        }
    }

    public var total: Int { plan.entries.count }
    public var finished: Int { outcomes.count }
    public var isStopping: Bool { stopReason != nil || stoppedByOperator }
    public var isDone: Bool { inFlight.isEmpty && (pending.isEmpty || isStopping) }

    public func count(_ matches: (Outcome) -> Bool) -> Int { outcomes.values.filter(matches).count }

    public func entry(_ serial: String) -> RenewalPlan.Entry? { position[serial].map { plan.entries[$0] } }

    /// The request sent for a license, to send again after a 429.
    public func sentRequest(_ serial: String) -> RenewLicenseRequest? {
        sent[serial].map { RenewLicenseRequest(expiry: $0.request) }
    }

    /// The next renew to send now, if any may be.
    public mutating func next() -> (serial: String, request: RenewLicenseRequest)? {
        guard !isStopping, inFlight.count < (answered ? RenewalRun.concurrency : 1) else { return nil }
        guard let index = pending.firstIndex(where: { serial in entry(serial)?.willSend == true }) else { return nil }
        let serial = queue[index]
        if index == head { head += 1 } else { queue.remove(at: index) }
        guard let entry = entry(serial) else { return nil }
        inFlight.insert(serial)
        sent[serial] = entry
        return (serial, RenewLicenseRequest(expiry: entry.request))
    }

    /// Every renew that may be sent now.
    public mutating func startable() -> [(serial: String, request: RenewLicenseRequest)] {
        var started: [(serial: String, request: RenewLicenseRequest)] = []
        while let next = next() { started.append(next) }
        settleIfNothingCanTeach()
        return started
    }

    /// A renew's reply: checked against what was planned for it.
    public mutating func received(_ license: License, for serial: String) {
        guard inFlight.remove(serial) != nil, let entry = sent[serial] else { return }
        answered = true
        replies[serial] = license
        let result = license.expireAt.date
        let consented: Bool
        if case .renewWithConsent = entry.decision { consented = true } else { consented = false }
        let shown = serial.safeForDisplay(limit: 40)
        if entry.request == .keyMaximum, let taught = KeyMaximum.learn(sentOn: plan.today, result: result) {
            learn(taught, from: shown)
        }
        if result > entry.current {
            outcomes[serial] = .renewed(from: entry.current, to: result)
        } else if result == entry.current {
            outcomes[serial] = .unchanged(at: result)
        } else {
            outcomes[serial] = .shortened(from: entry.current, to: result, consented: consented)
        }
        if license.serial != serial {
            stop("the reply for \(shown) was for another license (\(license.serial.safeForDisplay(limit: 40)))")
        } else if let expected = entry.expected, result != expected {
            stop("the reply for \(shown) gave \(result), not the planned \(expected)")
        } else if result < entry.current, !consented {
            stop("the renew of \(shown) moved its expiry earlier, from \(entry.current) to \(result)")
        }
        settleIfNothingCanTeach()
    }

    /// A renew's failure: paced and sent again on 429, otherwise recorded.
    /// `secondsLeft`: what is left of the operation's budget (`OperationBudget`);
    /// a wait that would end past it is not made, and the 429 is the outcome.
    public mutating func failed(_ error: LicensingError, for serial: String, secondsLeft: Double? = nil) -> AfterFailure {
        guard inFlight.contains(serial), let entry = sent[serial] else { return .recorded }
        if case .rateLimited(let retryAfter, _) = error, !isStopping, waits[serial, default: 0] < RenewalRun.maximumWaits,
           OperationBudget.allowsWait(retryAfter: retryAfter, secondsLeft: secondsLeft) {
            waits[serial, default: 0] += 1
            return .retry(afterSeconds: RenewalRun.pacing(retryAfter: retryAfter))
        }
        inFlight.remove(serial)
        outcomes[serial] = .failed(error.description)
        errors[serial] = error
        // 403 to a renew holds only the term: one the key was believed to allow.
        if case .forbidden = error, plan.requested == .keyMaximum, case .date = entry.request, let days = plan.keyMaximum.days {
            keyMaximumRefuted = true
            learned = nil
            warnings.append("The key refused a term of \(days) days, believed to be \(plan.keyMaximum); its maximum is lower. The next renew to the key's maximum learns it again.")
            stop("the key refused the term it was believed to allow")
        }
        settleIfNothingCanTeach()
        return .recorded
    }

    /// The operator's stop: what is in flight finishes; nothing more is sent.
    public mutating func stopByOperator() {
        stoppedByOperator = true
    }

    /// Everything not sent gets its outcome; call when `isDone`.
    public mutating func finish() {
        for serial in pending where outcomes[serial] == nil {
            outcomes[serial] = .notSent(stopReason.map { "stopped: \($0)" } ?? "stopped before it was sent")
        }
        queue = []
        head = 0
        for entry in plan.entries where outcomes[entry.serial] == nil {
            switch entry.decision {
            case .awaitsKeyMaximum:
                outcomes[entry.serial] = .skipped(RenewalRun.maximumNotKnown)
            case .skip(let reason), .needsConsent(let reason):
                outcomes[entry.serial] = .skipped(reason)
            default:
                outcomes[entry.serial] = .notSent(stopReason.map { "stopped: \($0)" } ?? "stopped before it was sent")
            }
        }
    }

    /// How long to wait after a 429: the server's Retry-After, kept within
    /// 0.1 s and `longestWait` (a missing or absurd value cannot stall or spin a run).
    public static func pacing(retryAfter: Double?) -> Double {
        guard let retryAfter, retryAfter.isFinite else { return 1 }
        return min(max(retryAfter, 0.1), longestWait)
    }

    private mutating func stop(_ reason: String) {
        if stopReason == nil { stopReason = reason }
    }

    private mutating func learn(_ taught: KeyMaximum, from serial: String) {
        if case .configured(let configured) = plan.keyMaximum, configured != taught.days {
            warnings.append("max_term_days is \(configured), but the reply for \(serial) shows \(taught); the learned value is used from now on.")
        }
        learned = taught
        awaitsMaximum = false
        let before = plan
        plan = plan.relearned(taught)
        // What was waiting for the term is decided now: sent, or skipped with the reason.
        // Replanning keeps the plan's order: an entry and its earlier self share an index.
        var withdrawn: Set<String> = []
        for (index, entry) in plan.entries.enumerated() where outcomes[entry.serial] == nil && !inFlight.contains(entry.serial) {
            if entry.willSend, !before.entries[index].willSend { queue.append(entry.serial) }
            if !entry.willSend {
                withdrawn.insert(entry.serial)
                if case .needsConsent(let risk) = entry.decision { outcomes[entry.serial] = .skipped(risk) }
            }
        }
        if !withdrawn.isEmpty {
            queue = pending.filter { !withdrawn.contains($0) }
            head = 0
        }
    }

    /// Waiting for the key's maximum with nothing left that could teach it:
    /// those licenses are skipped with the reason.
    private mutating func settleIfNothingCanTeach() {
        guard awaitsMaximum, plan.keyMaximum.days == nil, inFlight.isEmpty, !pending.contains(where: { entry($0)?.request == .keyMaximum }) else { return }
        for entry in plan.entries where entry.decision == .awaitsKeyMaximum && outcomes[entry.serial] == nil {
            outcomes[entry.serial] = .skipped(RenewalRun.maximumNotKnown)
        }
        awaitsMaximum = false
    }
}
