/// The settings' names, in the order `config show` lists them. A switch over
/// these is exhaustive: a new setting does not compile until the table
/// (`setting`), the parser and `config show` answer for it.
public enum SettingName: String, CaseIterable, Sendable {
    case currentContext = "current_context"
    case readonly
    case endpoint
    case apiKey = "api_key"
    case apiKeyFile = "api_key_file"
    case criticalDays = "critical_days"
    case warningDays = "warning_days"
    case refreshSeconds = "refresh_seconds"
    case timeoutSeconds = "timeout_seconds"
    case totalTimeoutSeconds = "total_timeout_seconds"
    case maxTermDays = "max_term_days"
    case renewWithinDays = "renew_within_days"
    case renewTerm = "renew_term"
    case renewExpired = "renew_expired"
    case journalRetentionDays = "journal_retention_days"
    case journalURL = "journal_url"
    case journalPasswordFile = "journal_password_file"
    case journalRequired = "journal_required"
    case operatorName = "operator"
    case sandbox
    case theme
    case columns
    case mouse
    case color
    case sendmailCommand = "sendmail_command"

    /// What the table says of it.
    public var setting: SettingTable.Setting {
        typealias Setting = SettingTable.Setting
        switch self {
        case .currentContext: return Setting(self)
        case .readonly, .endpoint, .apiKey, .renewTerm, .renewExpired, .journalURL, .sandbox: return Setting(self, perContext: true)
        case .apiKeyFile: return Setting(self, perContext: true, shownWith: .apiKey)
        case .criticalDays, .warningDays: return Setting(self, range: 0...3650)
        case .renewWithinDays: return Setting(self, perContext: true, range: 0...3650)
        case .refreshSeconds: return Setting(self, .dashboard, range: 1...86_400)
        case .timeoutSeconds: return Setting(self, perContext: true, range: 1...600)
        case .totalTimeoutSeconds: return Setting(self, perContext: true, range: 1...3600)
        case .maxTermDays: return Setting(self, perContext: true, range: LicenseRules.keyTermDaysMeasured)
        case .journalRetentionDays: return Setting(self, range: 1...36_500)
        case .journalPasswordFile: return Setting(self, shownWith: .journalURL)
        case .journalRequired, .operatorName, .sendmailCommand: return Setting(self)
        case .theme, .columns, .mouse: return Setting(self, .dashboard)
        case .color: return Setting(self, perContext: true, shownWith: .currentContext)
        }
    }
}

/// Every setting of the settings file: its name, who reads it, whether a
/// context may set it, and a number's bounds. The one table the parser (its
/// names, bounds and "did you mean"), the dashboard (the lines it owns),
/// `config show` (a row each, in this order) and the README's test read.
public enum SettingTable {
    /// Who checks the setting's value.
    public enum Reader: Sendable, Equatable {
        /// The client core (`Settings`).
        case core
        /// The dashboard (`DashboardSettings`), handed the line by the core.
        case dashboard
    }

    public struct Setting: Sendable, Equatable {
        public let key: SettingName
        public let reader: Reader
        /// `context.NAME.<name>` may set it.
        public let perContext: Bool
        /// The values a number may take (seconds may have a fraction within them).
        public let range: ClosedRange<Int>?
        /// `config show` shows it in another setting's row (a key file as the key's source).
        public let shownWith: SettingName?

        public var name: String { key.rawValue }

        init(_ key: SettingName, _ reader: Reader = .core, perContext: Bool = false, range: ClosedRange<Int>? = nil, shownWith: SettingName? = nil) {
            self.key = key
            self.reader = reader
            self.perContext = perContext
            self.range = range
            self.shownWith = shownWith
        }
    }

    /// In the order `config show` lists them.
    public static let all: [Setting] = SettingName.allCases.map(\.setting)

    /// The settings whose names begin a family: `context.NAME.SETTING`,
    /// `notify.NAME.SETTING`, `key.ACTION`.
    public static let families = ["context", "notify", "key"]

    /// What a `notify.NAME` destination sets.
    public static let destinationSettings = ["url", "format", "level", "to", "token_file"]

    public static func named(_ name: String) -> Setting? {
        SettingName(rawValue: name)?.setting
    }

    public static var names: [String] { all.map(\.name) }

    /// What a context may set.
    public static var perContextNames: [String] { all.filter(\.perContext).map(\.name) }

    // MARK: Did you mean

    /// The known name nearest to a mistyped one, for "did you mean": at most
    /// two edits away (a letter left out, added, changed, or two swapped), and
    /// at most half the known name's letters less one (one for short names);
    /// ties go to the first in `among`.
    public static func nearest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.lowercased().unicodeScalars.prefix(64))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let known = Array(candidate.unicodeScalars)
            let limit = min(2, max(1, (known.count - 1) / 2))
            guard abs(known.count - typed.count) <= limit else { continue }
            let distance = editDistance(typed, known)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// "; did you mean renew?" for a mistyped name, or "" when nothing is near.
    public static func suggestion(for name: String, among candidates: [String]) -> String {
        nearest(to: name, among: candidates).map { "; did you mean \($0)?" } ?? ""
    }

    /// Optimal string alignment: insertions, deletions, substitutions and
    /// swaps of neighbours each count one.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
