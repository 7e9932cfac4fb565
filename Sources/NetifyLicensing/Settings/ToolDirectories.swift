import LicenseModel

/// The tool's own directories, each already its own (`…/netify-licenses`):
/// the one place their paths are built.
///
/// Each is the first that is set of: the directory systemd made for the unit
/// (`CONFIGURATION_DIRECTORY`, `STATE_DIRECTORY`, `CACHE_DIRECTORY`; the first
/// of a colon-separated list, used as it is: it already names the tool's
/// directory), the XDG base directory with `netify-licenses` appended, or the
/// XDG fallback under `HOME`. With none of them there is no place, and the
/// files that would go there are refused with what to set, never put under
/// /tmp (a systemd unit without `User=` has no HOME).
public struct ToolDirectories: Sendable, Equatable {
    /// The settings file and the operator's themes.
    public let config: String?
    /// The change journal, learned key terms, run locks, the notify state, the log.
    public let state: String?
    /// The list cache.
    public let cache: String?
    /// The embedded sandbox.
    public let data: String?

    public static let name = "netify-licenses"

    public enum Kind: Sendable, CaseIterable {
        case config, state, cache, data

        /// systemd's variable for the unit's directory, and the unit setting that makes it.
        var systemd: (variable: String, setting: String)? {
            switch self {
            case .config: return ("CONFIGURATION_DIRECTORY", "ConfigurationDirectory")
            case .state: return ("STATE_DIRECTORY", "StateDirectory")
            case .cache: return ("CACHE_DIRECTORY", "CacheDirectory")
            case .data: return nil
            }
        }

        /// The XDG base directory's variable and its fallback under HOME.
        var xdg: (variable: String, fallback: String) {
            switch self {
            case .config: return ("XDG_CONFIG_HOME", ".config")
            case .state: return ("XDG_STATE_HOME", ".local/state")
            case .cache: return ("XDG_CACHE_HOME", ".cache")
            case .data: return ("XDG_DATA_HOME", ".local/share")
            }
        }
    }

    public init(environment: [String: String] = ProcessEnvironment.current) {
        config = ToolDirectories.directory(.config, environment: environment)
        state = ToolDirectories.directory(.state, environment: environment)
        cache = ToolDirectories.directory(.cache, environment: environment)
        data = ToolDirectories.directory(.data, environment: environment)
    }

    static func directory(_ kind: Kind, environment: [String: String]) -> String? {
        // Relative paths are invalid and ignored (the XDG specification; systemd gives absolute ones).
        func absolute(_ value: String?) -> String? {
            guard let value, value.hasPrefix("/") else { return nil }
            return value
        }
        if let systemd = kind.systemd, let first = absolute(environment[systemd.variable]?.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init)) {
            return first
        }
        if let base = absolute(environment[kind.xdg.variable]) { return base + "/" + name }
        if let home = absolute(environment["HOME"]) { return home + "/" + kind.xdg.fallback + "/" + name }
        return nil
    }

    public func path(_ kind: Kind) -> String? {
        switch kind {
        case .config: return config
        case .state: return state
        case .cache: return cache
        case .data: return data
        }
    }

    /// The directory, or the refusal that says what to set; `what` names what would be kept there ("the change journal").
    public func require(_ kind: Kind, for what: String) throws(LicensingError) -> String {
        guard let directory = path(kind) else { throw ToolDirectories.unplaced(kind, for: what) }
        return directory
    }

    /// "There is no place for the change journal: HOME is not set, nor …".
    public static func unplaced(_ kind: Kind, for what: String) -> LicensingError {
        .configuration(message: unplacedMessage(kind, for: what))
    }

    public static func unplacedMessage(_ kind: Kind, for what: String) -> String {
        let variables = (kind.systemd.map { [$0.variable] } ?? []) + [kind.xdg.variable]
        var ways: [String] = []
        if let systemd = kind.systemd { ways.append("in a systemd unit add \(systemd.setting)=\(name) (systemd then sets \(systemd.variable))") }
        ways.append("or set \(kind == .config ? "NETIFY_CONFIG (the file), " : "")\(kind.xdg.variable) or HOME")
        let tmp = kind == .config ? "it is never read from /tmp" : "it is never kept under /tmp"
        return "There is no place for \(what): HOME is not set, nor \(variables.joined(separator: " or ")), and \(tmp); \(ways.joined(separator: ", "))."

    }
}
