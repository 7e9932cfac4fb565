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
    public var renewWithinDays: Int?
    /// `renew --due` also renews expired licenses the server still renews
    /// (`renew_expired`): a timer that missed a few days must not abandon them.
    public var renewsExpired = true
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

    public init(configFilePath: String = Settings.defaultConfigFilePath()) {
        self.configFilePath = configFilePath
    }

    /// Values given on the command line; nil means "not given".
    public struct Overrides: Sendable, Equatable {
        public var endpoint: String?
        public var apiKeyFile: String?
        public var configFile: String?

        public init(endpoint: String? = nil, apiKeyFile: String? = nil, configFile: String? = nil) {
            self.endpoint = endpoint
            self.apiKeyFile = apiKeyFile
            self.configFile = configFile
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

    public static func resolve(
        _ overrides: Overrides = Overrides(),
        environment: [String: String] = ProcessEnvironment.current,
        frontEndOwns: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(LicensingError) -> Settings {
        let path = overrides.configFile ?? environment["NETIFY_CONFIG"] ?? defaultConfigFilePath(environment: environment)
        var settings = Settings(configFilePath: path)
        if let file = try ConfigFile.load(path: path) {
            try settings.apply(file, frontEndOwns: frontEndOwns)
        }
        if let endpoint = environment["NETIFY_ENDPOINT"], !endpoint.isEmpty {
            settings.endpoint = try Endpoint(parsing: endpoint)
            settings.endpointSource = "NETIFY_ENDPOINT"
        }
        if let key = environment["NETIFY_API_KEY"], !key.isEmpty {
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
            settings.apiKey = try readKeyFile(keyFile)
            settings.apiKeySource = keyFile
        }
        return settings
    }

    mutating func apply(_ file: ConfigFile, frontEndOwns: (String) -> Bool) throws(LicensingError) {
        func fail(_ entry: ConfigFile.Entry, _ expected: String) -> LicensingError {
            .configuration(message: "\(file.path):\(entry.line): \(entry.key) = \(ConfigFile.shown(entry)) is not valid; expected \(expected).")
        }
        for entry in file.entries {
            keysFromFile.insert(entry.key)
            switch entry.key {
            case "api_key":
                guard file.isPrivate else {
                    throw .configuration(message: "\(file.path) holds an API key but other users can read it; run `chmod 600 \(file.path)`.")
                }
                guard let key = APIKey(entry.value) else { throw fail(entry, "the key alone, without spaces") }
                apiKey = key
                apiKeySource = file.path
            case "endpoint":
                endpoint = try Endpoint(parsing: entry.value)
                endpointSource = file.path
            case "critical_days":
                guard let days = Int(entry.value), (0...3650).contains(days) else { throw fail(entry, "a whole number of days") }
                thresholds.criticalDays = days
                thresholdsSource = file.path
            case "sandbox":
                guard let flag = ["true": true, "yes": true, "false": false, "no": false][entry.value.lowercased()] else {
                    throw fail(entry, "true or false")
                }
                usesSandbox = flag
            case "renew_within_days":
                guard let days = Int(entry.value), (0...3650).contains(days) else { throw fail(entry, "a whole number of days") }
                renewWithinDays = days
            case "renew_expired":
                guard let flag = ["true": true, "yes": true, "false": false, "no": false][entry.value.lowercased()] else {
                    throw fail(entry, "true or false")
                }
                renewsExpired = flag
            case "renew_term":
                if entry.value.lowercased() == "max" || entry.value.lowercased() == "maximum" {
                    renewTerm = .keyMaximum
                } else if let days = Int(entry.value), LicenseRules.check(durationDays: days) == nil {
                    renewTerm = .durationDays(days)
                } else {
                    throw fail(entry, "max, or a whole number of days from 1 to \(LicenseRules.maximumDurationDays)")
                }
            case "journal_retention_days":
                guard let days = Int(entry.value), (1...36_500).contains(days) else { throw fail(entry, "a whole number of days from 1 to 36500") }
                journalRetentionDays = days
            case "max_term_days":
                guard let days = Int(entry.value), LicenseRules.check(durationDays: days) == nil else {
                    throw fail(entry, "a whole number of days from 1 to \(LicenseRules.maximumDurationDays)")
                }
                maximumTermDays = days
            case "warning_days":
                guard let days = Int(entry.value), (0...3650).contains(days) else { throw fail(entry, "a whole number of days") }
                thresholds.warningDays = days
                thresholdsSource = file.path
            case "total_timeout_seconds":
                guard let seconds = Double(entry.value), seconds >= 1, seconds <= 3600 else { throw fail(entry, "seconds from 1 to 3600") }
                totalTimeout = seconds
            case "timeout_seconds":
                guard let seconds = Double(entry.value), seconds >= 1, seconds <= 600 else { throw fail(entry, "seconds from 1 to 600") }
                requestTimeout = seconds
                requestTimeoutSource = file.path
            default:
                if frontEndOwns(entry.key) {
                    frontEndLines.append(entry)
                } else {
                    throw .configuration(message: "\(file.path):\(entry.line): unknown setting \"\(entry.key)\"; see the README for the settings there are.")
                }
            }
        }
        guard thresholds.isOrdered else {
            throw .configuration(message: "\(file.path): critical_days (\(thresholds.criticalDays)) is more than warning_days (\(thresholds.warningDays)); make critical the smaller.")
        }
    }

    static func readKeyFile(_ path: String) throws(LicensingError) -> APIKey {
        guard let contents = try ConfigFile.readPrivateFile(path: path, purpose: "API key file") else {
            throw .configuration(message: "The API key file \(path) does not exist; check the path given to --api-key-file.")
        }
        guard let key = APIKey(contents) else {
            throw .configuration(message: "The API key file \(path) does not hold a single key; put the key alone on one line.")
        }
        return key
    }

    public static func defaultConfigFilePath(environment: [String: String] = ProcessEnvironment.current) -> String {
        XDGDirectories(environment: environment).config + "/netify-licenses/config"
    }
}

/// The XDG base directories, with the specification's fallbacks.
public struct XDGDirectories: Sendable {
    public let config: String
    public let data: String
    public let state: String
    public let cache: String

    public init(environment: [String: String] = ProcessEnvironment.current) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        func base(_ variable: String, _ fallback: String) -> String {
            // The specification says relative paths are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        config = base("XDG_CONFIG_HOME", ".config")
        data = base("XDG_DATA_HOME", ".local/share")
        state = base("XDG_STATE_HOME", ".local/state")
        cache = base("XDG_CACHE_HOME", ".cache")
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
