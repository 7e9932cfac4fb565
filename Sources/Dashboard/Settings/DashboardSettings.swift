import LicenseModel

/// The dashboard's own settings: its theme, key bindings and refresh period.
///
/// Read from the same settings file as the connection settings; the client
/// core hands over the lines it does not own (`theme`, `refresh_seconds`,
/// `key.*`) and this type checks them.
public struct DashboardSettings: Sendable, Equatable {
    /// `auto`: light or default by the terminal's background.
    public var theme = "auto"
    public var themeSource: String?
    /// The settings file's line that chose the theme, for a theme that is not there.
    public var themeLine: Int?
    public var refreshSeconds: Double = 60
    public var refreshSource: String?
    /// Remapped keys, `action name -> key name`.
    public var keyBindings: [String: String] = [:]
    /// Clicks and the wheel (`mouse = false` leaves them to the terminal: its own selection and scrolling).
    public var mouse = true
    /// The table's columns and their order (`columns = serial, issued_to, …`).
    public var columns: [DashboardColumns.Column] = DashboardColumns.standard

    public init() {}

    /// One `key = value` line of the settings file.
    public struct Line: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int

        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// A line that cannot be used, with the words to show for it.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// `refresh_seconds`, from `SettingTable`.
    public static let refreshRange: ClosedRange<Double> = {
        let range = SettingName.refreshSeconds.setting.range!
        return Double(range.lowerBound)...Double(range.upperBound)
    }()

    /// "from 1 to 86400".
    public static var refreshWords: String { "from \(Int(refreshRange.lowerBound)) to \(Int(refreshRange.upperBound))" }

    /// Whether a settings-file key is one of the dashboard's (`SettingTable`, and `key.ACTION`).
    public static func owns(_ key: String) -> Bool {
        SettingTable.named(key)?.reader == .dashboard || (key.hasPrefix("key.") && key.count > 4)
    }

    /// Applies the dashboard's lines of the settings file at `path`; any
    /// other line is an unknown setting.
    public mutating func apply(_ lines: [Line], path: String) throws(Problem) {
        var keyLines: [KeyMap.Binding] = []
        for line in lines {
            switch line.key {
            case "theme":
                theme = line.value
                themeSource = path
                themeLine = line.line
            case "mouse":
                guard let flag = ["true": true, "yes": true, "on": true, "false": false, "no": false, "off": false][line.value.lowercased()] else {
                    throw Problem(description: "\(path):\(line.line): mouse = \(line.value) is not valid; expected true or false.")
                }
                mouse = flag
            case "columns":
                switch DashboardColumns.parse(line.value) {
                case .success(let chosen): columns = chosen
                case .failure(let problem): throw Problem(description: "\(path):\(line.line): columns: \(problem.description).")
                }
            case "refresh_seconds":
                guard let seconds = Double(line.value), DashboardSettings.refreshRange.contains(seconds) else {
                    throw Problem(description: "\(path):\(line.line): refresh_seconds = \(line.value) is not valid; expected seconds \(DashboardSettings.refreshWords).")
                }
                refreshSeconds = seconds
                refreshSource = path
            default:
                guard DashboardSettings.owns(line.key) else {
                    throw Problem(description: "\(path):\(line.line): unknown setting \"\(line.key)\"; see the README for the settings there are.")
                }
                keyBindings[String(line.key.dropFirst(4))] = line.value
                keyLines.append(KeyMap.Binding(action: String(line.key.dropFirst(4)), key: line.value, line: line.line))
            }
        }
        // Every action keeps a key, and no key does two things: checked here, so every command says so.
        do {
            _ = try KeyMap(bindings: keyLines)
        } catch {
            throw Problem(description: "\(path):\(error.line.map(String.init) ?? "?"): \(error.description)")
        }
    }

    /// Values from the command line win over the file.
    public mutating func override(theme: String?, refreshSeconds: Double?) throws(Problem) {
        if let theme {
            self.theme = theme
            themeSource = "--theme"
            themeLine = nil
        }
        if let refreshSeconds {
            guard DashboardSettings.refreshRange.contains(refreshSeconds) else {
                throw Problem(description: "--refresh \(refreshSeconds) is out of range; give a number of seconds \(DashboardSettings.refreshWords).")
            }
            self.refreshSeconds = refreshSeconds
            refreshSource = "--refresh"
        }
    }
}
