import Dashboard
import Foundation
import NetifyLicensing

/// Finds themes: the user's own under `$XDG_CONFIG_HOME/netify-licenses/themes/`
/// first, then the bundled ones in the repository's `themes/`. The dashboard
/// itself reads no files: it is handed the theme's text from here.
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
        // Built from a checkout: `swift build` leaves the binary inside the
        // package, and this source file knows where the package is.
        directories.append(ThemeLibrary.checkoutThemes)
        self.directories = directories
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
