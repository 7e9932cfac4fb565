/// What a renew will do to a license's expiry, worked out before it is sent.
///
/// The rule every front end asks: a renew whose result is not later than the
/// current expiry is not a renewal. The dashboard will not send it without a
/// confirmation naming the change, the CLI refuses it without
/// `--allow-earlier`, and a bulk renew skips it.
public struct RenewalPreview: Sendable, Equatable {
    public var current: CalendarDate
    /// The expiry the renew will give; nil when it depends on the key's
    /// maximum term, which the API does not publish (set `max_term_days`).
    public var resulting: CalendarDate?

    public init(current: CalendarDate, resulting: CalendarDate?) {
        self.current = current
        self.resulting = resulting
    }

    /// `keyMaximumTermDays` is the operator's setting for the key's term, when known.
    public init(current: CalendarDate, request: ExpiryRequest, today: CalendarDate, keyMaximumTermDays: Int?) {
        self.current = current
        switch request {
        case .date(let date): resulting = date
        case .durationDays(let days): resulting = today.adding(days: days)
        case .keyMaximum: resulting = keyMaximumTermDays.map { today.adding(days: $0) }
        }
    }

    /// Days the expiry moves (negative when earlier); nil when not known before the reply.
    public var change: Int? { resulting.map { $0.days(since: current) } }

    /// Not later than today's expiry: the renew would shorten the license or leave it as it is.
    public var movesEarlier: Bool { (change ?? 1) <= 0 }

    /// "2026-12-22 → 2027-12-22, +365 days".
    public var summary: String {
        guard let resulting, let change else {
            return "\(current) → the key's maximum term (not known before the reply; set max_term_days to preview it)"
        }
        return "\(current) → \(resulting), \(RenewalPreview.signed(change)) days"
    }

    /// Why a renew is refused or skipped, in one sentence.
    public var refusal: String? {
        guard movesEarlier, let resulting else { return nil }
        if resulting == current { return "this would leave the expiry at \(current), not extend it" }
        return "this would move the expiry earlier, from \(current) to \(resulting) (\(RenewalPreview.signed(change ?? 0)) days)"
    }

    /// The message after a renew: the old and new expiry and the difference.
    /// The serial came from a server: it is made safe here, for every front end.
    public static func outcome(serial: String, before: CalendarDate, after: CalendarDate) -> String {
        "\(serial.safeForDisplay(limit: 40)) renewed: \(before) → \(after), \(signed(after.days(since: before))) days"
    }

    static func signed(_ days: Int) -> String { days >= 0 ? "+\(days)" : "\(days)" }

    /// Renewing many licenses to the key's maximum when its term is not known:
    /// the first renew (the license that expires first) is sent alone, and the
    /// date its reply gives is the date every other renew would give today.
    /// Those it would not move later are then skipped, so a bulk renew never
    /// shortens a license it could not preview. Nil when the term is known or
    /// the work is not a renew to the key's maximum.
    public static func mustLearnKeyMaximum(request: ExpiryRequest, keyMaximumTermDays: Int?) -> Bool {
        request == .keyMaximum && keyMaximumTermDays == nil
    }

    /// Why a license is skipped once the key's maximum is learned, or nil to renew it.
    public static func skipAfterLearning(current: CalendarDate, learned: CalendarDate) -> String? {
        RenewalPreview(current: current, resulting: learned).refusal.map { $0 + " (the key's maximum, learned from the first renew)" }
    }
}
