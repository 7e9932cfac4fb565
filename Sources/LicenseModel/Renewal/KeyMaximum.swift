/// What the tool knows of an API key's longest term. The API does not publish
/// it, and a renew "to the key's maximum" moves an expiry to today plus that
/// term: earlier than now for a license with more time left. So the term is
/// either known (learned from a reply, or configured) or unknown, and an
/// unknown term is never guessed.
public enum KeyMaximum: Sendable, Equatable, CustomStringConvertible {
    /// Nothing learned and no `max_term_days`.
    case unknown
    /// The operator's `max_term_days`, not yet confirmed by a reply.
    case configured(days: Int)
    /// Learned from a create or renew sent with the key's default term:
    /// the result minus the day it was sent.
    case learned(days: Int, on: CalendarDate)

    /// The terms a reply can show for any key (`LicenseRules.keyTermDaysMeasured`:
    /// 7 days to 12 months, 366 days when the months span a 29 February).
    public static let possibleDays = LicenseRules.keyTermDaysMeasured

    /// A license expiring on or before today plus this many days cannot be
    /// shortened by a renew to any key's maximum: the shortest key term is 7 days.
    public static var shortestTerm: Int { possibleDays.lowerBound }

    public var days: Int? {
        switch self {
        case .unknown: return nil
        case .configured(let days), .learned(let days, _): return days
        }
    }

    /// "the key's maximum, 30 days, learned 2026-12-01".
    public var description: String {
        switch self {
        case .unknown: return "the key's maximum (not known yet: learned from the first renew or create sent with it, or set max_term_days)"
        case .configured(let days): return "the key's maximum, \(days) days (max_term_days)"
        case .learned(let days, let day): return "the key's maximum, \(days) days, learned \(day)"
        }
    }

    /// What a reply to a create or renew sent with the key's default term
    /// teaches; nil when the result cannot be a key's term (a clock far off,
    /// or a reply that is not what was asked).
    public static func learn(sentOn day: CalendarDate, result: CalendarDate) -> KeyMaximum? {
        let days = result.days(since: day)
        guard possibleDays.contains(days) else { return nil }
        return .learned(days: days, on: day)
    }

    /// The learned value wins over the configured one: it is what the server
    /// did. When they disagree, the warning names both.
    public static func resolve(configured: Int?, learned: KeyMaximum?) -> (KeyMaximum, warning: String?) {
        if let learned, let days = learned.days {
            if let configured, configured != days {
                return (learned, "max_term_days is \(configured), but \(learned.description); the learned value is used. Correct or remove max_term_days.")
            }
            return (learned, nil)
        }
        if let configured { return (.configured(days: configured), nil) }
        return (.unknown, nil)
    }
}
