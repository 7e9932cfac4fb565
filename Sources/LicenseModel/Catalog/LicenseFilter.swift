/// Which licenses to show. Every condition given must hold.
public struct LicenseFilter: Sendable, Equatable {
    /// Case-insensitive; matches serial, issued to, the free texts, target
    /// or an entitlement. Its words must each match, in any order (as fzf, k9s
    /// and gh search do); a "quoted phrase" must match as written.
    public var text: String
    /// The license must carry every one of these.
    public var entitlements: Set<Entitlement>
    public var expiringWithinDays: Int?
    /// Empty means any status.
    public var statuses: Set<ExpiryStatus>
    /// Text the license must not contain (`!word`).
    public var excludedText: [String]
    /// Calendar days left, within these bounds (`days<30`).
    public var daysLeft: ClosedRange<Int>?
    /// What a license must not be: `!status:expired`, `!ent:lua`, `!days<30`.
    public var excludedStatuses: Set<ExpiryStatus> = []
    public var excludedEntitlements: Set<Entitlement> = []
    public var excludedDays: [ClosedRange<Int>] = []
    /// `status:due` and `!status:due`: by `ExpiryThresholds.isDue`, the rule `renew --due` follows.
    public var requiresDue = false
    public var excludesDue = false

    /// Whether any condition other than the free text is set.
    public var hasConditions: Bool {
        expiringWithinDays != nil || !statuses.isEmpty || !entitlements.isEmpty || daysLeft != nil
            || !excludedStatuses.isEmpty || !excludedEntitlements.isEmpty || !excludedDays.isEmpty || requiresDue || excludesDue
    }

    public init(
        text: String = "", entitlements: Set<Entitlement> = [], expiringWithinDays: Int? = nil, statuses: Set<ExpiryStatus> = [],
        excludedText: [String] = [], daysLeft: ClosedRange<Int>? = nil
    ) {
        self.text = text
        self.entitlements = entitlements
        self.expiringWithinDays = expiringWithinDays
        self.statuses = statuses
        self.excludedText = excludedText
        self.daysLeft = daysLeft
    }

    /// Reads a filter as an operator types it: free text, combined with
    /// `status:critical` (or `expired`, `warning`, `ok`, `due` for what `renew
    /// --due` would renew), `ent:mqtt` (a keyword or its short name), `days<30`,
    /// `days>=7`, `days=0`, and `!` before any of them or a word for "not".
    /// A term that is not understood is searched for as text.
    public init(query: String) {
        self.init()
        var words: [Substring] = []
        for (word, quoted) in LicenseFilter.tokens(query) {
            // A quoted phrase is text, never a term.
            if quoted {
                words.append("\"" + word + "\"")
                continue
            }
            let lower = word.lowercased()
            let negated = lower.hasPrefix("!") && lower.count > 1
            switch LicenseFilter.term(negated ? lower.dropFirst() : lower[...]) {
            case .statuses(let named)?:
                if negated { excludedStatuses.formUnion(named) } else { statuses.formUnion(named) }
            case .due?:
                if negated { excludesDue = true } else { requiresDue = true }
            case .entitlement(let entitlement)?:
                if negated { excludedEntitlements.insert(entitlement) } else { entitlements.insert(entitlement) }
            case .days(let range)?:
                if negated { excludedDays.append(range) } else { daysLeft = daysLeft.map { $0.clamped(to: range) } ?? range }
            case nil:
                if negated { excludedText.append(String(word.dropFirst())) } else { words.append(word) }
            }
        }
        text = words.joined(separator: " ")
    }

    /// A term of the language, read once for its plain and its negated (`!`) use.
    enum Term {
        case statuses(Set<ExpiryStatus>)
        case due
        case entitlement(Entitlement)
        case days(ClosedRange<Int>)
    }

    /// `status:NAME` (`due` by the due rule), `ent:NAME`, `days<N`; nil for anything else (searched as text).
    static func term(_ lower: Substring) -> Term? {
        if lower.hasPrefix("status:") || lower.hasPrefix("is:") {
            let name = lower.drop { $0 != ":" }.dropFirst()
            if name == "due" { return .due }
            return ExpiryStatus(rawValue: String(name)).map { .statuses([$0]) }
        }
        if lower.hasPrefix("ent:") || lower.hasPrefix("entitlement:") {
            return LicenseRules.entitlement(named: String(lower.drop { $0 != ":" }.dropFirst())).map(Term.entitlement)
        }
        if lower.hasPrefix("days") { return daysRange(lower.dropFirst(4)).map(Term.days) }
        return nil
    }

    /// What is wrong with a filter given on a command line, where a mistyped
    /// term silently searched as text would print an empty list: nil when every
    /// `status:`, `ent:` and `days` term is understood.
    public static func problem(in query: String) -> String? {
        for word in query.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            // A negated term is checked as the term itself.
            let lower = String(word.lowercased().drop { $0 == "!" })
            let shown = String(word.prefix(60)).safeForDisplay(limit: 60)
            if lower.hasPrefix("status:") || lower.hasPrefix("is:") {
                let name = String(lower.drop { $0 != ":" }.dropFirst())
                if name != "due", ExpiryStatus(rawValue: name) == nil {
                    return "\(shown) is not a status; use status: with expired, critical, warning, ok or due"
                }
            } else if lower.hasPrefix("ent:") || lower.hasPrefix("entitlement:") {
                if LicenseRules.entitlement(named: String(lower.drop { $0 != ":" }.dropFirst())) == nil {
                    return "\(shown) names no entitlement; use a keyword or its short name (\(Entitlement.known.map(\.shortName).joined(separator: ", ")))"
                }
            } else if lower.hasPrefix("days"), let next = lower.dropFirst(4).first, "<>=".contains(next), daysRange(lower.dropFirst(4)) == nil {
                return "\(shown) is not a days term; write days<30, days>=7 or days=0, with a number from \(dayTermRange.lowerBound) to \(dayTermRange.upperBound)"
            }
        }
        return nil
    }

    /// The numbers a `days` term accepts: past them it matches every license or none,
    /// and `n - 1` or `n + 1` on them cannot overflow.
    static let dayTermRange = -999_999...999_999

    /// `<30`, `<=30`, `>7`, `>=7`, `=0` as a range of days.
    static func daysRange(_ term: Substring) -> ClosedRange<Int>? {
        for (op, make) in [("<=", { (n: Int) in Int.min...n }), (">=", { n in n...Int.max }), ("<", { n in Int.min...(n - 1) }),
                           (">", { n in (n + 1)...Int.max }), ("=", { n in n...n })] as [(String, (Int) -> ClosedRange<Int>)] {
            if term.hasPrefix(op), let number = Int(term.dropFirst(op.count)), LicenseFilter.dayTermRange.contains(number) { return make(number) }
        }
        return nil
    }

    /// The `ctx:NAME` and `!ctx:NAME` terms of a query (names folded to lower
    /// case), and the rest for `init(query:)`: the context a license came from
    /// is the front end's to know, in a view across contexts.
    public static func contextTerms(in query: String) -> (rest: String, included: Set<String>, excluded: Set<String>) {
        var included: Set<String> = [], excluded: Set<String> = []
        var rest: [Substring] = []
        for word in query.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let lower = word.lowercased()
            if lower.hasPrefix("ctx:"), lower.count > 4 { included.insert(String(lower.dropFirst(4))) }
            else if lower.hasPrefix("!ctx:"), lower.count > 5 { excluded.insert(String(lower.dropFirst(5))) }
            else { rest.append(word) }
        }
        return (rest.joined(separator: " "), included, excluded)
    }

    /// Whether a license from `context` passes the context terms.
    public static func context(_ context: String?, passes terms: (included: Set<String>, excluded: Set<String>)) -> Bool {
        let name = context?.lowercased() ?? ""
        if !terms.included.isEmpty, !terms.included.contains(name) { return false }
        return !terms.excluded.contains(name)
    }

    /// The query's words, split at white space outside double quotes; a quoted
    /// phrase is one token (its quotes taken off, `quoted` true). An unclosed
    /// quote runs to the end.
    static func tokens(_ query: String) -> [(text: Substring, quoted: Bool)] {
        var tokens: [(text: Substring, quoted: Bool)] = []
        var index = query.startIndex
        while index < query.endIndex {
            let character = query[index]
            if character == " " || character == "\t" {
                index = query.index(after: index)
                continue
            }
            if character == "\"" {
                let start = query.index(after: index)
                let end = query[start...].firstIndex(of: "\"") ?? query.endIndex
                if start < end { tokens.append((query[start..<end], true)) }
                index = end < query.endIndex ? query.index(after: end) : end
                continue
            }
            let end = query[index...].firstIndex(where: { $0 == " " || $0 == "\t" }) ?? query.endIndex
            tokens.append((query[index..<end], false))
            index = end
        }
        return tokens
    }

    /// What the free text asks for: each word (or quoted phrase) must be in the license's text.
    public var textNeedles: [String] {
        LicenseFilter.tokens(text).map { String($0.text) }.filter { !$0.trimmingWhitespace().isEmpty }
    }

    /// Whether typing more can only narrow what matches: plain text, no terms.
    public static func isPlainText(_ query: String) -> Bool {
        !query.contains(where: { ":!<>=\"".contains($0) })
    }

    public var isEmpty: Bool {
        text.trimmingWhitespace().isEmpty && excludedText.isEmpty && !hasConditions
    }
}

