import LicenseModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the front ends need to know before talking to the API.
///
/// Resolved once, in this order of precedence: command-line flags, then the
/// environment (`NETIFY_API_KEY`, `NETIFY_ENDPOINT`), then the config file.
public struct Settings: Sendable, Equatable {
    public var endpoint: Endpoint = .production
    public var apiKey: APIKey?
    /// Where the key came from, for `config show` and error messages.
    public var apiKeySource: String?
    /// Whether the endpoint was chosen by the operator rather than defaulted.
    public var endpointSource: String?
    public var thresholds: ExpiryThresholds = .standard
    public var thresholdsSource: String?
    /// The key's maximum term in days, when the operator knows it: the API
    /// does not publish it, and with it a renew's result is known before it is sent.
    public var maximumTermDays: Int?
    /// `renew --due` renews what expires within this many days (default: warning_days).
    /// Kept in the thresholds' due rule, which every front end's "due" reads.
    public var renewWithinDays: Int? {
        get { thresholds.due.withinDays }
        set { thresholds.due.withinDays = newValue }
    }
    /// `renew --due` also renews expired licenses the server still renews
    /// (`renew_expired`): a timer that missed a few days must not abandon them.
    public var renewsExpired: Bool {
        get { thresholds.due.includesExpired }
        set { thresholds.due.includesExpired = newValue }
    }
    /// The term `renew --due` asks for: the key's maximum unless a number of days is set.
    public var renewTerm: ExpiryRequest = .keyMaximum
    /// How long the change journal keeps entries, in days; younger ones are never removed.
    public var journalRetentionDays = 365
    /// `sandbox = true`: every command works on the embedded sandbox.
    public var usesSandbox = false
    /// Seconds one request may take, connection, headers and body together.
    public var requestTimeout: Double = 30
    public var requestTimeoutSource: String?
    /// Seconds a request may take with all its retries and the waits between them.
    public var totalTimeout: Double = 120
    /// Lines of the settings file that belong to a front end (the dashboard's
    /// theme, keys and refresh period); that front end checks them.
    public var frontEndLines: [ConfigFile.Entry] = []
    public var configFilePath: String
    /// The settings the file gave, by name: `config show` names their source.
    public var keysFromFile: Set<String> = []
    /// The context in use (`--context`, `NETIFY_CONTEXT`, `current_context`), nil for the plain settings.
    public var contextName: String?
    /// What chose the context, for `config show` and `config contexts`.
    public var contextSource: String?
    /// Writes through this context are refused in the client, before any request.
    public var readOnly = false
    /// The colour the dashboard's header gives the context's name.
    public var contextColor: String?
    /// The contexts the settings file defines, in the order they first appear.
    public var contextNames: [String] { contexts.map(\.name) }
    /// Each context's colour as its lines give it (only the colours there are),
    /// without choosing the context: no key file is read to know it.
    public var contextColors: [String: String] {
        var colors: [String: String] = [:]
        for context in contexts {
            if let color = context.entries.last(where: { $0.key == SettingName.color.rawValue })?.value.lowercased(), Settings.colorNames.contains(color) {
                colors[context.name] = color
            }
        }
        return colors
    }

    /// The team journal (`journal_url`, `NETIFY_JOURNAL_URL`, per context
    /// `context.NAME.journal_url`); nil: the local journal alone, as without a team.
    public var journalURL: JournalURL?
    public var journalURLSource: String?
    /// `journal_password_file`: the team journal's password, when its URL has none.
    public var journalPasswordFile: String?
    /// `journal_required = true`: a write the team journal cannot record is refused.
    public var journalRequired = false
    /// The name every entry is recorded under (`operator`, `NETIFY_OPERATOR`; LOGIN@HOSTNAME by default).
    public var operatorName: String = Settings.defaultOperator()
    public var operatorSource: String?

    /// LOGIN@HOSTNAME.
    public static func defaultOperator(environment: [String: String] = ProcessEnvironment.current) -> String {
        var login = "uid\(geteuid())"
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { login = String(cString: name) }
        for variable in ["LOGNAME", "USER"] {
            if let value = environment[variable], !value.isEmpty { login = value }
        }
        let name: String = login + "@" + ThisHost.name
        return name.safeForDisplay(limit: 120)
    }


    /// One `notify.NAME` destination as the settings file gives it (checked here; sent by `Notifications`).
    public struct NotifyDestination: Sendable, Equatable {
        public var name: String
        /// A secret (a Slack webhook URL is a credential): never shown.
        public var url: String?
        public var format = "json"
        public var level = "changes"
        public var to: [String] = []
        public var tokenFile: String?
        /// Where it is first set, for messages.
        public var line: Int
    }

    /// The `notify.NAME.*` destinations, in the order they first appear.
    public var notifyDestinations: [NotifyDestination] = []
    /// The mail transfer agent `mail` destinations use (the tool holds no mail credentials).
    public var sendmailCommand: [String] = ["/usr/sbin/sendmail", "-t", "-i"]

    static let notifyKeys: Set<String> = Set(SettingTable.destinationSettings)

    /// `notify.NAME.KEY = value`.
    mutating func collectNotifyLine(_ entry: ConfigFile.Entry, path: String) throws(LicensingError) {
        let parts = entry.key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Settings.isContextName(String(parts[1])) else {
            throw .configuration(message: "\(path):\(entry.line): \(entry.key.safeForDisplay(limit: 60)) is not a destination setting; write notify.NAME.SETTING (NAME: letters, digits, _ and -).")
        }
        let name = String(parts[1]), key = String(parts[2])
        let shown = "\(path):\(entry.line): notify.\(name).\(key)"
        var destination = notifyDestinations.first { $0.name == name } ?? NotifyDestination(name: name, line: entry.line)
        switch key {
        case "url":
            // A webhook URL is a secret: the message never repeats it.
            guard entry.value.hasPrefix("https://") || (entry.value.hasPrefix("http://") && Endpoint.isLoopbackURL(entry.value)) else {
                throw .configuration(message: "\(shown) must be an https:// URL (http:// only to a loopback address); the value is not shown.")
            }
            guard entry.value.utf8.count <= 2_048, entry.value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw .configuration(message: "\(shown) is not a URL (spaces, control or non-ASCII characters, or over 2,048 bytes); the value is not shown.")
            }
            destination.url = entry.value
            guard filePrivate else {
                throw .configuration(message: "\(path) holds a notification URL (a secret) but other users can read it; run `chmod 600 \(path)`.")
            }
        case "format":
            let formats = ["json", "slack", "teams", "matrix", "mail"]
            guard formats.contains(entry.value.lowercased()) else {
                throw .configuration(message: "\(shown) = \(entry.value.safeForDisplay(limit: 30)) is not valid; expected \(formats.joined(separator: ", ")).")
            }
            destination.format = entry.value.lowercased()
        case "level":
            let levels = ["failures", "changes", "all"]
            guard levels.contains(entry.value.lowercased()) else {
                throw .configuration(message: "\(shown) = \(entry.value.safeForDisplay(limit: 30)) is not valid; expected \(levels.joined(separator: ", ")).")
            }
            destination.level = entry.value.lowercased()
        case "to":
            let addresses = entry.value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            guard !addresses.isEmpty, addresses.count <= 50, addresses.allSatisfy(Settings.isMailAddress) else {
                throw .configuration(message: "\(shown): write the recipients as name@example.com, separated by commas (letters, digits, . _ % + - only).")
            }
            destination.to = addresses
        case "token_file":
            destination.tokenFile = Settings.expandingHome(entry.value)
        default:
            let near = SettingTable.suggestion(for: key, among: SettingTable.destinationSettings)
            throw .configuration(message: "\(path):\(entry.line): \(key.safeForDisplay(limit: 40)) is not a destination setting\(near.isEmpty ? "; a" : near + " A") destination sets \(Settings.notifyKeys.sorted().joined(separator: ", ")).")
        }
        if let index = notifyDestinations.firstIndex(where: { $0.name == name }) {
            notifyDestinations[index] = destination
        } else {
            notifyDestinations.append(destination)
        }
    }

    /// Each destination has what its format needs.
    func checkNotifyDestinations(_ path: String) throws(LicensingError) {
        for destination in notifyDestinations {
            let at = "\(path):\(destination.line): notify.\(destination.name)"
            switch destination.format {
            case "mail":
                guard !destination.to.isEmpty else { throw .configuration(message: "\(at) is a mail destination without recipients; add notify.\(destination.name).to = ops@example.com.") }
            case "matrix":
                guard destination.url != nil, destination.tokenFile != nil else {
                    throw .configuration(message: "\(at) is a Matrix destination: it needs url (the room's client-API URL, …/_matrix/client/v3/rooms/ROOM) and token_file (a private file with the access token).")
                }
            default:
                guard destination.url != nil else { throw .configuration(message: "\(at) has no url; add notify.\(destination.name).url = https://….") }
            }
        }
    }

    /// A file setting's path: `~/` at its start is the home directory (as a shell would say it).
    static func expandingHome(_ path: String) -> String {
        path.hasPrefix("~/") ? (ProcessEnvironment.current["HOME"] ?? "") + path.dropFirst() : path
    }

    static func isMailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254 else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._%+-@".unicodeScalars.contains($0)) }
    }

    /// `current_context` in the settings file.
    public var currentContext: String?
    /// Each context's own lines, applied over the plain settings when it is chosen.
    var contexts: [(name: String, entries: [ConfigFile.Entry])] = []

    public static func == (lhs: Settings, rhs: Settings) -> Bool {
        lhs.endpoint == rhs.endpoint && lhs.apiKey == rhs.apiKey && lhs.apiKeySource == rhs.apiKeySource && lhs.endpointSource == rhs.endpointSource
            && lhs.thresholds == rhs.thresholds && lhs.maximumTermDays == rhs.maximumTermDays && lhs.renewWithinDays == rhs.renewWithinDays
            && lhs.renewsExpired == rhs.renewsExpired && lhs.renewTerm == rhs.renewTerm && lhs.journalRetentionDays == rhs.journalRetentionDays
            && lhs.usesSandbox == rhs.usesSandbox && lhs.requestTimeout == rhs.requestTimeout && lhs.totalTimeout == rhs.totalTimeout
            && lhs.configFilePath == rhs.configFilePath && lhs.contextName == rhs.contextName && lhs.readOnly == rhs.readOnly
            && lhs.contextColor == rhs.contextColor && lhs.currentContext == rhs.currentContext && lhs.contextNames == rhs.contextNames
            && lhs.journalURL == rhs.journalURL && lhs.journalRequired == rhs.journalRequired && lhs.operatorName == rhs.operatorName
    }

    /// The settings a context may set for itself: what belongs to a key and its endpoint (`SettingTable`).
    public static let contextKeys: Set<String> = Set(SettingTable.perContextNames)
    /// Every numeric setting and the values it accepts, from `SettingTable`.
    public static let ranges: [String: ClosedRange<Int>] = Dictionary(
        uniqueKeysWithValues: SettingTable.all.compactMap { setting in setting.range.map { (setting.name, $0) } })

    /// The colours a context's name may be shown in.
    public static let colorNames: Set<String> = ["red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public init(configFilePath: String = "") {
        self.configFilePath = configFilePath
    }

    /// Values given on the command line; nil means "not given".
    public struct Overrides: Sendable, Equatable {
        public var endpoint: String?
        public var apiKeyFile: String?
        public var configFile: String?
        /// `--context NAME`.
        public var context: String?

        public init(endpoint: String? = nil, apiKeyFile: String? = nil, configFile: String? = nil, context: String? = nil) {
            self.endpoint = endpoint
            self.apiKeyFile = apiKeyFile
            self.configFile = configFile
            self.context = context
        }
    }

    /// `frontEndOwns` names the settings-file keys a front end reads itself;
    /// they are handed over in `frontEndLines` instead of being refused as unknown.
    /// The settings a file's text gives, before the environment and flags:
    /// the one parser of the settings file (also its fuzz target's way in).
    public static func fromFile(
        text: String, path: String, isPrivate: Bool, frontEndOwns: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(LicensingError) -> Settings {
        var settings = Settings(configFilePath: path)
        try settings.apply(try ConfigFile(path: path, text: text, isPrivate: isPrivate), frontEndOwns: frontEndOwns)
        return settings
    }

    /// The context asked for: `--context`, else a non-empty NETIFY_CONTEXT.
    public static func namedContext(_ flag: String?, environment: [String: String]) -> String? {
        flag ?? environment["NETIFY_CONTEXT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func resolve(
        _ overrides: Overrides = Overrides(),
        environment: [String: String] = ProcessEnvironment.current,
        frontEndOwns: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(LicensingError) -> Settings {
        var settings = try fileOnly(overrides, environment: environment, frontEndOwns: frontEndOwns)
        // A context named here or in NETIFY_CONTEXT means its endpoint and key,
        // over NETIFY_ENDPOINT and NETIFY_API_KEY; the file's current_context does not.
        let named = overrides.context.map { ($0, "--context") } ?? namedContext(nil, environment: environment).map { ($0, "NETIFY_CONTEXT") }
        if let (name, source) = named {
            try settings.select(context: name, source: source)
        } else if let current = settings.currentContext {
            try settings.select(context: current, source: "current_context in \(settings.configFilePath)")
        }
        return try settings.overriding(overrides, environment: environment, environmentKey: named == nil)
    }

    /// Every context the settings file defines, each resolved as `--context NAME`
    /// would, or why it cannot be (an unreadable key file stops that context, not the others).
    public static func resolveAllContexts(
        _ overrides: Overrides = Overrides(), environment: [String: String] = ProcessEnvironment.current,
        frontEndOwns: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(LicensingError) -> [(name: String, settings: Result<Settings, LicensingError>)] {
        let base = try fileOnly(overrides, environment: environment, frontEndOwns: frontEndOwns)
        guard !base.contexts.isEmpty else {
            throw .configuration(message: "\(base.configFilePath) defines no contexts; add some (context.NAME.endpoint = …, context.NAME.api_key_file = …) as the README's Contexts section shows.")
        }
        var all: [(name: String, settings: Result<Settings, LicensingError>)] = []
        for name in base.contextNames {
            do throws(LicensingError) {
                var settings = base
                try settings.select(context: name, source: "--all-contexts")
                all.append((name, .success(try settings.overriding(Overrides(), environment: environment, environmentKey: false))))
            } catch {
                all.append((name, .failure(error)))
            }
        }
        return all
    }

    /// The plain settings of the file alone (no environment, no flags, no
    /// context chosen), with its contexts kept for `select`: what `config
    /// contexts` lists and `config use-context` checks against.
    public static func fileOnly(
        _ overrides: Overrides, environment: [String: String] = ProcessEnvironment.current, frontEndOwns: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(LicensingError) -> Settings {
        let path: String
        if let named = overrides.configFile ?? environment["NETIFY_CONFIG"] { path = named } else { path = try defaultConfigFilePath(environment: environment) }
        var settings = Settings(configFilePath: path)
        if let file = try ConfigFile.load(path: path) {
            try settings.apply(file, frontEndOwns: frontEndOwns)
        }
        return settings
    }

    /// Applies the context's own lines over the plain settings.
    public mutating func select(context name: String, source: String) throws(LicensingError) {
        guard let context = contexts.first(where: { $0.name == name }) else {
            let shown = name.safeForDisplay(limit: 40)
            if name == "all" {
                throw .configuration(message: "\"all\" is not a context (from \(source)): every context at once is --all-contexts (list, check, metrics, exporter), or :ctx all in the dashboard.")
            }
            if contexts.isEmpty {
                throw .configuration(message: "There is no context \"\(shown)\" (from \(source)): \(configFilePath) defines no contexts; add context.\(shown).endpoint = … and context.\(shown).api_key_file = …, or leave the context out.")
            }
            throw .configuration(message: "There is no context \"\(shown)\" (from \(source)) in \(configFilePath); its contexts are \(contextNames.joined(separator: ", ")) (config contexts lists them).")
        }
        // A context with an endpoint of its own never takes the plain settings' key
        // there: that key belongs to the plain endpoint.
        let keys: Set<SettingName> = [.apiKey, .apiKeyFile], places: Set<SettingName> = [.endpoint, .sandbox]
        func names(_ entry: ConfigFile.Entry, _ wanted: Set<SettingName>) -> Bool { SettingName(rawValue: entry.key).map(wanted.contains) ?? false }
        if context.entries.contains(where: { names($0, places) }), !context.entries.contains(where: { names($0, keys) }) {
            apiKey = nil
            apiKeySource = nil
        }
        let file = ConfigFile(path: configFilePath, entries: context.entries, isPrivate: filePrivate)
        for entry in context.entries {
            try apply(entry, in: file, shownAs: "context.\(name).\(entry.key)", frontEndOwns: { _ in false })
        }
        contextName = name
        contextSource = source
        try checkThresholds(configFilePath)
    }

    /// The environment's endpoint and key (unless a named context chose them), then the flags.
    func overriding(_ overrides: Overrides, environment: [String: String], environmentKey: Bool) throws(LicensingError) -> Settings {
        var settings = self
        if environmentKey, let endpoint = environment["NETIFY_ENDPOINT"], !endpoint.isEmpty {
            settings.endpoint = try Endpoint(parsing: endpoint)
            settings.endpointSource = "NETIFY_ENDPOINT"
        }
        if environmentKey, let key = environment["NETIFY_API_KEY"], !key.isEmpty {
            guard let apiKey = APIKey(key) else {
                throw .configuration(message: "NETIFY_API_KEY holds whitespace or control characters; set it to the key alone.")
            }
            settings.apiKey = apiKey
            settings.apiKeySource = "NETIFY_API_KEY"
        }
        if let endpoint = overrides.endpoint {
            settings.endpoint = try Endpoint(parsing: endpoint)
            settings.endpointSource = "--endpoint"
        }
        if let keyFile = overrides.apiKeyFile {
            settings.apiKey = try Settings.readKeyFile(keyFile)
            settings.apiKeySource = keyFile
        }
        if let url = environment["NETIFY_JOURNAL_URL"], !url.isEmpty {
            settings.journalURL = try JournalURL(parsing: url)
            settings.journalURLSource = "NETIFY_JOURNAL_URL"
        }
        if let name = environment["NETIFY_OPERATOR"], !name.isEmpty {
            settings.operatorName = try Settings.operatorName(name, source: "NETIFY_OPERATOR")
            settings.operatorSource = "NETIFY_OPERATOR"
        }
        // The password: in the URL, else journal_password_file, else PGPASSWORD (as libpq reads it).
        if var url = settings.journalURL, url.password == nil {
            if let file = settings.journalPasswordFile {
                guard let text = try ConfigFile.readPrivateFile(path: file, purpose: "journal password file") else {
                    throw .configuration(message: "The journal password file \(file) does not exist; check journal_password_file.")
                }
                url.password = text.lineContents().first.map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
            } else if let password = environment["PGPASSWORD"], !password.isEmpty {
                url.password = password
            }
            settings.journalURL = url
        }
        return settings
    }

    /// An operator's name as recorded: printable, at most 120 characters.
    static func operatorName(_ text: String, source: String) throws(LicensingError) -> String {
        let name = text.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 120, name.isSafeForDisplay() else {
            throw .configuration(message: "\(source): the operator's name must be 1 to 120 printable characters, e.g. alice or alice@ops-1.")
        }
        return name
    }

    /// Whether the settings file's mode keeps it private (an API key may be written in it).
    var filePrivate = true

    mutating func apply(_ file: ConfigFile, frontEndOwns: (String) -> Bool) throws(LicensingError) {
        filePrivate = file.isPrivate
        for entry in file.entries {
            if entry.key == SettingName.currentContext.rawValue {
                guard Settings.isContextName(entry.value) else {
                    throw .configuration(message: "\(file.path):\(entry.line): current_context = \(ConfigFile.shown(entry)) is not a context name; names are letters, digits, _ and -.")
                }
                currentContext = entry.value
                keysFromFile.insert(entry.key)
                continue
            }
            if entry.key.hasPrefix("context.") {
                try collectContextLine(entry, path: file.path)
                continue
            }
            if entry.key.hasPrefix("notify.") {
                try collectNotifyLine(entry, path: file.path)
                keysFromFile.insert(entry.key)
                continue
            }
            try apply(entry, in: file, shownAs: entry.key, frontEndOwns: frontEndOwns)
        }
        try checkThresholds(file.path)
        try checkNotifyDestinations(file.path)
    }

    static func isContextName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40 && name != "all"
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-") }
    }

    /// `context.NAME.KEY = value`: kept under NAME, checked when the context is chosen.
    mutating func collectContextLine(_ entry: ConfigFile.Entry, path: String) throws(LicensingError) {
        let parts = entry.key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Settings.isContextName(String(parts[1])) else {
            throw .configuration(message: "\(path):\(entry.line): \(entry.key.safeForDisplay(limit: 60)) is not a context setting; write context.NAME.SETTING (NAME: letters, digits, _ and -, not \"all\").")
        }
        let name = String(parts[1]), key = String(parts[2])
        guard Settings.contextKeys.contains(key) else {
            let near = SettingTable.suggestion(for: key, among: SettingTable.perContextNames)
            throw .configuration(message: "\(path):\(entry.line): \(key.safeForDisplay(limit: 40)) cannot be set per context\(near.isEmpty ? "; a" : near + " A") context sets \(Settings.contextKeys.sorted().joined(separator: ", ")).")
        }
        let line = ConfigFile.Entry(key: key, value: entry.value, line: entry.line)
        if let index = contexts.firstIndex(where: { $0.name == name }) {
            contexts[index].entries.append(line)
        } else {
            contexts.append((name: name, entries: [line]))
        }
    }

    func checkThresholds(_ path: String) throws(LicensingError) {
        guard thresholds.isOrdered else {
            throw .configuration(message: "\(path): critical_days (\(thresholds.criticalDays)) is more than warning_days (\(thresholds.warningDays)); make critical the smaller.")
        }
    }

    /// One line of the settings file (or of a context, `shownAs` its full name).
    mutating func apply(_ entry: ConfigFile.Entry, in file: ConfigFile, shownAs name: String, frontEndOwns: (String) -> Bool) throws(LicensingError) {
        func fail(_ entry: ConfigFile.Entry, _ expected: String) -> LicensingError {
            .configuration(message: "\(file.path):\(entry.line): \(name) = \(ConfigFile.shown(entry)) is not valid; expected \(expected).")
        }
        /// A number from the settings' one table of ranges (`Settings.ranges`).
        /// Days are whole numbers; seconds may have a fraction.
        func number(_ entry: ConfigFile.Entry) throws(LicensingError) -> Int {
            let range = Settings.ranges[entry.key] ?? 0...0
            guard let value = Int(entry.value), range.contains(value) else {
                throw fail(entry, "a whole number of days from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func seconds(_ entry: ConfigFile.Entry) throws(LicensingError) -> Double {
            let range = Settings.ranges[entry.key] ?? 0...0
            guard let value = Double(entry.value), value.isFinite, Double(range.lowerBound)...Double(range.upperBound) ~= value else {
                throw fail(entry, "seconds from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func flag(_ entry: ConfigFile.Entry) throws(LicensingError) -> Bool {
            guard let flag = ["true": true, "yes": true, "false": false, "no": false][entry.value.lowercased()] else { throw fail(entry, "true or false") }
            return flag
        }
        keysFromFile.insert(name)
        switch SettingName(rawValue: entry.key) {
        case .apiKey?:
            guard file.isPrivate else {
                throw .configuration(message: "\(file.path) holds an API key but other users can read it; run `chmod 600 \(file.path)`.")
            }
            guard let key = APIKey(entry.value) else { throw fail(entry, "the key alone, without spaces") }
            apiKey = key
            apiKeySource = file.path
        case .endpoint?:
            endpoint = try Endpoint(parsing: entry.value)
            endpointSource = file.path
        case .criticalDays?:
            thresholds.criticalDays = try number(entry)
            thresholdsSource = file.path
        case .sandbox?:
            usesSandbox = try flag(entry)
        case .renewWithinDays?:
            renewWithinDays = try number(entry)
        case .renewExpired?:
            renewsExpired = try flag(entry)
        case .renewTerm?:
            if entry.value.lowercased() == "max" || entry.value.lowercased() == "maximum" {
                renewTerm = .keyMaximum
            } else if let days = Int(entry.value), LicenseRules.check(durationDays: days) == nil {
                renewTerm = .durationDays(days)
            } else {
                throw fail(entry, "max, or a whole number of days from 1 to \(LicenseRules.maximumDurationDays)")
            }
        case .journalRetentionDays?:
            journalRetentionDays = try number(entry)
        case .maxTermDays?:
            maximumTermDays = try number(entry)
        case .warningDays?:
            thresholds.warningDays = try number(entry)
            thresholdsSource = file.path
        case .totalTimeoutSeconds?:
            totalTimeout = try seconds(entry)
        case .timeoutSeconds?:
            requestTimeout = try seconds(entry)
            requestTimeoutSource = file.path
        case .apiKeyFile?:
            let path = Settings.expandingHome(entry.value)
            apiKey = try Settings.readKeyFile(path, setting: "\(file.path):\(entry.line): \(name)")
            apiKeySource = path
        case .readonly?:
            readOnly = try flag(entry)
        case .journalURL?:
            let url = try JournalURL(parsing: entry.value)
            if url.password != nil, !file.isPrivate {
                throw .configuration(message: "\(file.path) holds a database password in journal_url but other users can read it; run `chmod 600 \(file.path)`, or use journal_password_file.")
            }
            journalURL = url
            journalURLSource = file.path
        case .journalPasswordFile?:
            journalPasswordFile = Settings.expandingHome(entry.value)
        case .journalRequired?:
            journalRequired = try flag(entry)
        case .sendmailCommand?:
            let words = entry.value.split(separator: " ").map(String.init)
            guard words.first?.hasPrefix("/") == true, words.count <= 20 else {
                throw fail(entry, "an absolute path to the program and its arguments, e.g. /usr/sbin/sendmail -t -i")
            }
            sendmailCommand = words
        case .operatorName?:
            operatorName = try Settings.operatorName(entry.value, source: "\(file.path):\(entry.line): operator")
            operatorSource = file.path
        case .color?:
            guard Settings.colorNames.contains(entry.value.lowercased()) else {
                throw fail(entry, Settings.colorNames.sorted().joined(separator: ", "))
            }
            contextColor = entry.value.lowercased()
        case .currentContext?:
            // Chosen before the lines are applied (`apply(_:frontEndOwns:)`); a context cannot choose another.
            throw .configuration(message: "\(file.path):\(entry.line): \(name) cannot be set here; set current_context on a line of its own.")
        case .refreshSeconds?, .theme?, .columns?, .mouse?, nil:
            // The dashboard's settings (and its `key.ACTION` lines) go to it; anything else is unknown.
            if frontEndOwns(entry.key) {
                frontEndLines.append(entry)
            } else {
                throw .configuration(message: "\(file.path):\(entry.line): \(Settings.unknownName(entry.key))")
            }
        }
    }

    /// An unknown name, said without repeating it unless it reads as a
    /// setting's: an API key pasted on a line of its own (`KEY=`) parses as a
    /// name, and is never echoed.
    static func unknownName(_ name: String) -> String {
        if let near = nearest(to: name) { return "unknown setting \"\(name.safeForDisplay(limit: 60))\"; did you mean \(near)?" }
        // Words in lower case, as every setting is: a key's mix of cases, digits and dashes is not.
        let readsAsSetting = name.count <= 32 && name.unicodeScalars.filter { ("0"..."9").contains($0) }.count <= 2
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        if readsAsSetting { return "unknown setting \"\(name)\"; see the README for the settings there are." }
        return "the name on this line is not a setting (it is not repeated here: it may be a pasted key); write NAME = VALUE with a setting from the README."
    }

    /// The setting a mistyped name most likely meant: a plain setting's name,
    /// or a family's (`contxt.east.endpoint` → `context.east.endpoint`).
    static func nearest(to name: String) -> String? {
        if let near = SettingTable.nearest(to: name, among: SettingTable.names) { return near }
        guard let dot = name.firstIndex(of: "."), let family = SettingTable.nearest(to: String(name[..<dot]), among: SettingTable.families) else { return nil }
        return family + name[dot...]
    }

    static func readKeyFile(_ path: String, setting: String = "--api-key-file") throws(LicensingError) -> APIKey {
        guard let contents = try ConfigFile.readPrivateFile(path: path, purpose: "API key file") else {
            throw .configuration(message: "The API key file \(path) does not exist; check the path given to \(setting).")
        }
        guard let key = APIKey(contents) else {
            throw .configuration(message: "The API key file \(path) does not hold a single key; put the key alone on one line.")
        }
        return key
    }

    /// `config` in the tool's config directory; without one (no HOME, no
    /// `CONFIGURATION_DIRECTORY` or `XDG_CONFIG_HOME`) the refusal that says what to set.
    public static func defaultConfigFilePath(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.config, for: "the settings file") + "/config"
    }
}

/// The process environment as a dictionary, without Foundation.
public enum ProcessEnvironment {
    public static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
