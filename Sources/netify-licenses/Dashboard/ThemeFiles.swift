import Dashboard
import Foundation
import NetifyLicensing
import TerminalUI

/// Finds themes: the user's own under `$XDG_CONFIG_HOME/netify-licenses/themes/`
/// first, then the bundled ones: installed beside the binary, in the data
/// directories (`XDG_DATA_HOME`, `XDG_DATA_DIRS`, and `/usr/share` where the
/// .deb puts them), or in the repository's `themes/`. The dashboard itself
/// reads no files: it is handed the theme's text from here.
struct ThemeLibrary: Sendable {
    var directories: [String]
    /// Where the operator's own themes go, for messages.
    let userDirectory: String

    init(environment: [String: String], executablePath: String = CommandLine.arguments.first ?? "") {
        let own = ToolDirectories(environment: environment).config.map { $0 + "/themes" }
        userDirectory = own ?? "$XDG_CONFIG_HOME/netify-licenses/themes"
        var directories = own.map { [$0] } ?? []
        if let explicit = environment["NETIFY_THEMES_DIR"] { directories.append(explicit) }
        // Installed beside the binary (bin/../share/netify-licenses/themes).
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(binary.deletingLastPathComponent().appendingPathComponent("share/netify-licenses/themes").path)
        // Installed by a package (the .deb's are in /usr/share), wherever the binary was run from.
        directories += ThemeLibrary.dataDirectories(environment: environment)
        // Built from a checkout: `swift build` leaves the binary inside the
        // package, and this source file knows where the package is.
        directories.append(ThemeLibrary.checkoutThemes)
        self.directories = directories
    }

    /// `netify-licenses/themes` in the user's data directory (`XDG_DATA_HOME`,
    /// `~/.local/share`), then in each of `XDG_DATA_DIRS` (when it is unset or
    /// names no absolute directory, the specification's `/usr/local/share` and
    /// `/usr/share`), then in `/usr/share` when the variable left it out.
    static func dataDirectories(environment: [String: String]) -> [String] {
        let listed = (environment["XDG_DATA_DIRS"] ?? "").split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        var directories = ToolDirectories(environment: environment).data.map { [$0 + "/themes"] } ?? []
        for base in (listed.isEmpty ? ["/usr/local/share", "/usr/share"] : listed) + ["/usr/share"] {
            var base = base
            while base.count > 1, base.hasSuffix("/") { base.removeLast() }
            let directory = (base == "/" ? "" : base) + "/netify-licenses/themes"
            if !directories.contains(directory) { directories.append(directory) }
        }
        return directories
    }

    static let checkoutThemes = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    /// Every theme name available, bundled and the user's.
    var names: [String] {
        var found = Set<String>()
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries where entry.hasSuffix(".theme") { found.insert(String(entry.dropLast(6))) }
        }
        return found.sorted()
    }

    enum LoadError: Error, Sendable, CustomStringConvertible {
        case notFound(name: String, available: [String], userDirectory: String)
        case invalid(Theme.ParseError)

        public var description: String {
            switch self {
            case .notFound(let name, let available, let userDirectory):
                let list = available.isEmpty ? "none are installed" : "available: \(available.joined(separator: ", "))"
                return "No theme named \"\(name)\" (\(list)); choose one with --theme or add \(name).theme to \(userDirectory)/."
            case .invalid(let error):
                return error.description
            }
        }
    }

    /// The theme setting's default: the light theme when the terminal's
    /// background is light, else the default theme.
    static let automatic = "auto"

    /// The theme named, or for `auto` the one the terminal's background
    /// calls for: its answer to OSC 11 (asked before curses starts), else
    /// `COLORFGBG`, else the default. The note says which and why, for the log.
    func choose(_ name: String, environment: [String: String]) throws(LoadError) -> (theme: Theme, note: String?) {
        guard name == ThemeLibrary.automatic else { return (try load(name), nil) }
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        let answer = noColour ? .notAsked : TerminalBackgroundQuery.ask(environment: environment)
        guard let judged = BackgroundBrightness.judge(reply: answer.colour, environment: environment) else {
            return (try load("default"), "theme auto: default (\(answer))")
        }
        if judged.brightness == .light {
            do {
                return (try load("light"), "theme auto: light (\(judged.reason))")
            } catch .notFound {
                return (try load("default"), "theme auto: default, light.theme is not installed (\(judged.reason))")
            }
        }
        return (try load("default"), "theme auto: default (\(judged.reason))")
    }

    func load(_ name: String) throws(LoadError) -> Theme {
        let safeName = name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        for directory in directories {
            let path = directory + "/" + safeName + ".theme"
            guard !safeName.isEmpty, let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            do {
                return try Theme(name: safeName, text: text, source: path)
            } catch {
                throw .invalid(error)
            }
        }
        if name == "default" { return Theme.builtIn }
        throw .notFound(name: name, available: names, userDirectory: userDirectory)
    }
}
