import LicenseModel
import TerminalUI

/// A named set of styles, one per role, read from a small text file:
///
///     # comment
///     header   = bold white on #1c3f5f
///     expired  = bold #ff5f5f
///     selection = reverse
///
/// Colours are names (`red`, `bright-blue`…), `#rrggbb`, 0-255, or `default`
/// for the terminal's own. Roles a file leaves out keep the built-in default.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [TextStyle]

    public subscript(role: Role) -> TextStyle {
        get { styles[Int(role.rawValue)] }
        set { styles[Int(role.rawValue)] = newValue }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static let namedColors: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "gray": 8, "grey": 8, "bright-black": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    public init(name: String, text: String, base: Theme? = nil, source: String = "theme") throws(ParseError) {
        self.name = name
        self.styles = (base ?? Theme.builtIn).styles
        for (index, rawLine) in text.lineContents().enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ why: String) -> ParseError {
                ParseError(description: "\(source):\(index + 1): \(why); fix the line or remove it.")
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected `role = style`") }
            let key = line[..<equals].trimmingWhitespace()
            guard let role = Role(key: key) else {
                throw fail("unknown role \"\(key)\" (roles: \(Role.allCases.map(\.key).joined(separator: ", ")))")
            }
            self[role] = try Theme.parseStyle(line[line.index(after: equals)...].trimmingWhitespace(), fail: fail)
        }
    }

    static func parseStyle(_ text: String, fail: (String) -> ParseError) throws(ParseError) -> TextStyle {
        var style = TextStyle()
        var colors: [TerminalColor] = []
        var sawOn = false
        var background: TerminalColor?
        for word in text.split(separator: " ").map({ $0.lowercased() }) {
            switch word {
            case "bold": style.bold = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "dim": style.dim = true
            case "italic": style.italic = true
            case "plain", "none": break
            case "on":
                guard !sawOn else { throw fail("\"on\" appears twice") }
                sawOn = true
            default:
                guard let color = parseColor(word) else { throw fail("\"\(word)\" is not a colour or attribute") }
                if sawOn {
                    guard background == nil else { throw fail("two background colours") }
                    background = color
                } else {
                    colors.append(color)
                }
            }
        }
        guard colors.count <= 1 else { throw fail("two foreground colours; write `FOREGROUND on BACKGROUND`") }
        if sawOn, background == nil { throw fail("\"on\" needs a background colour after it") }
        style.foreground = colors.first ?? .terminalDefault
        style.background = background ?? .terminalDefault
        return style
    }

    static func parseColor(_ word: String) -> TerminalColor? {
        if word == "default" { return .terminalDefault }
        if let index = namedColors[word] { return .indexed(index) }
        if let number = Int(word), (0...255).contains(number) { return .indexed(UInt8(number)) }
        if word.hasPrefix("#"), word.count == 7, let value = UInt32(word.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        return nil
    }

    /// Used for roles a theme leaves out and when no theme file can be found;
    /// the same as themes/default.theme.
    public static let builtIn: Theme = {
        var theme = Theme(name: "built-in", styles: Array(repeating: TextStyle(), count: Role.allCases.count))
        let rgb = TerminalColor.rgb
        // Black and white as RGB, not the terminal's 0 and 15: see themes/default.theme.
        let black = rgb(0x00, 0x00, 0x00), white = rgb(0xFF, 0xFF, 0xFF)
        theme[.header] = TextStyle(foreground: white, background: rgb(0x1C, 0x3F, 0x5F), bold: true)
        theme[.sandboxBadge] = TextStyle(foreground: black, background: rgb(0xFF, 0xAF, 0x00), bold: true)
        theme[.stale] = TextStyle(foreground: black, background: rgb(0xFF, 0x87, 0x5F), bold: true)
        theme[.columnHeader] = TextStyle(foreground: rgb(0x87, 0xAF, 0xD7), bold: true, underline: true)
        theme[.columnSorted] = TextStyle(foreground: rgb(0xFF, 0xFF, 0xFF), bold: true, underline: true)
        theme[.selection] = TextStyle(foreground: black, background: rgb(0x87, 0xD7, 0xFF), bold: true)
        theme[.selectionUnfocused] = TextStyle(foreground: white, background: rgb(0x44, 0x44, 0x44))
        theme[.marked] = TextStyle(foreground: rgb(0xD7, 0x87, 0xFF), bold: true)
        theme[.expired] = TextStyle(foreground: rgb(0xFF, 0x5F, 0x5F), bold: true)
        theme[.critical] = TextStyle(foreground: rgb(0xFF, 0x87, 0x00), bold: true)
        theme[.warning] = TextStyle(foreground: rgb(0xFF, 0xD7, 0x5F))
        theme[.ok] = TextStyle(foreground: rgb(0x87, 0xD7, 0x87))
        theme[.detailLabel] = TextStyle(foreground: rgb(0x87, 0xAF, 0xD7), bold: true)
        theme[.border] = TextStyle(foreground: rgb(0x5F, 0x87, 0xAF))
        theme[.status] = TextStyle(foreground: rgb(0xD0, 0xD0, 0xD0), background: rgb(0x26, 0x26, 0x26))
        theme[.statusError] = TextStyle(foreground: white, background: rgb(0xAF, 0x00, 0x00), bold: true)
        theme[.footer] = TextStyle(foreground: rgb(0xA8, 0xA8, 0xA8), background: rgb(0x1C, 0x1C, 0x1C))
        theme[.footerKey] = TextStyle(foreground: rgb(0xFF, 0xD7, 0x5F), background: rgb(0x1C, 0x1C, 0x1C), bold: true)
        theme[.dialog] = TextStyle(foreground: rgb(0xE4, 0xE4, 0xE4), background: rgb(0x26, 0x32, 0x3F))
        theme[.dialogTitle] = TextStyle(foreground: white, background: rgb(0x26, 0x32, 0x3F), bold: true)
        theme[.field] = TextStyle(foreground: rgb(0xE4, 0xE4, 0xE4), background: rgb(0x3A, 0x3A, 0x3A))
        theme[.fieldFocused] = TextStyle(foreground: black, background: rgb(0xFF, 0xD7, 0x87), underline: true)
        theme[.fieldError] = TextStyle(foreground: rgb(0xFF, 0x87, 0x87), background: rgb(0x26, 0x32, 0x3F), bold: true)
        theme[.button] = TextStyle(foreground: white, background: rgb(0x44, 0x44, 0x44), bold: true)
        theme[.buttonFocused] = TextStyle(foreground: black, background: rgb(0x87, 0xD7, 0xFF), bold: true)
        theme[.filter] = TextStyle(foreground: rgb(0xFF, 0xD7, 0x5F), bold: true)
        theme[.contextRed] = TextStyle(foreground: white, background: rgb(0xAF, 0x00, 0x00), bold: true)
        theme[.contextGreen] = TextStyle(foreground: black, background: rgb(0x5F, 0xD7, 0x5F), bold: true)
        theme[.contextYellow] = TextStyle(foreground: black, background: rgb(0xFF, 0xD7, 0x00), bold: true)
        theme[.contextBlue] = TextStyle(foreground: white, background: rgb(0x00, 0x5F, 0xD7), bold: true)
        theme[.contextMagenta] = TextStyle(foreground: white, background: rgb(0xAF, 0x00, 0xAF), bold: true)
        theme[.contextCyan] = TextStyle(foreground: black, background: rgb(0x00, 0xD7, 0xD7), bold: true)
        theme[.contextWhite] = TextStyle(foreground: black, background: rgb(0xE4, 0xE4, 0xE4), bold: true)
        return theme
    }()

    init(name: String, styles: [TextStyle]) {
        self.name = name
        self.styles = styles
    }
}
