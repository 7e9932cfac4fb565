import Dashboard
import Foundation
import TerminalUI
import Testing

/// Every bundled theme's text against its background, as xterm draws what the
/// dashboard sends: WCAG's contrast ratio from the colours' xterm RGB values,
/// so no terminal's own palette can make it pass or fail.
@Suite("Theme contrast")
struct ThemeContrastTests {
    /// xterm as the themes are meant for: the dark themes in a dark one
    /// (`-fg gray90 -bg black`), the light theme in xterm's own black on white,
    /// monochrome in both.
    static let darkTerminal = XtermRendering.Terminal(foreground: RGB(229, 229, 229), background: .black)
    static let lightTerminal = XtermRendering.Terminal(foreground: .black, background: .white)
    static let terminals: [String: [XtermRendering.Terminal]] = [
        "default": [darkTerminal], "high-contrast": [darkTerminal], "light": [lightTerminal], "monochrome": [darkTerminal, lightTerminal],
    ]

    /// Text needs 4.5:1 (WCAG AA). The border is lines, not text: WCAG asks 3:1 of such marks.
    static func minimum(for role: Role) -> Double { role == .border ? 3 : 4.5 }

    static func bundled(_ name: String) throws -> Theme {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/\(name).theme").path
        return try Theme(name: name, text: String(contentsOfFile: path, encoding: .utf8), source: path)
    }

    @Test(arguments: ["default", "light", "high-contrast", "monochrome"], [ColorDepth.indexed256, .trueColor])
    func everyRoleReadsInXterm(name: String, depth: ColorDepth) throws {
        let theme = try Self.bundled(name)
        for terminal in try #require(Self.terminals[name]) {
            for role in Role.allCases {
                let drawn = XtermRendering.colours(of: theme[role], depth: depth, in: terminal)
                let ratio = drawn.text.contrast(with: drawn.background)
                #expect(
                    ratio >= Self.minimum(for: role),
                    "\(name) on \(terminal.background): \(role.key) is \(drawn.text) on \(drawn.background), \(String(format: "%.2f", ratio)):1")
            }
        }
    }

    /// The selection, a focused button and the badge were bold colour 0, which
    /// xterm draws as grey: now black itself (16), whatever the theme file says.
    @Test func boldBlackIsSentAsTheFixedBlack() {
        let boldBlack = TextStyle(foreground: .indexed(0), background: .rgb(0x87, 0xD7, 0xFF), bold: true)
        #expect(ColorMapping.sent(boldBlack, depth: .indexed256) == .init(foreground: 16, background: 117, bold: true))
        #expect(ColorMapping.sent(boldBlack, depth: .trueColor).foreground == 16)
        // With 16 colours there is no fixed black: the text loses bold, not its colour.
        #expect(ColorMapping.sent(boldBlack, depth: .sixteen).bold == false)
        #expect(ColorMapping.sent(boldBlack, depth: .sixteen).foreground == 0)
        // RGB colours never land on 0-15 with 256 colours.
        #expect(ColorMapping.index(of: .rgb(0, 0, 0), depth: .indexed256) == 16)
        #expect(ColorMapping.index(of: .rgb(0xFF, 0xFF, 0xFF), depth: .indexed256) == 231)
        #expect(ColorMapping.index(of: .rgb(0, 0, 0), depth: .sixteen) == 0)
        // Not bold, a named colour stays the terminal's own.
        #expect(ColorMapping.sent(TextStyle(foreground: .indexed(0)), depth: .indexed256).foreground == 0)
        #expect(ColorMapping.sent(TextStyle(foreground: .indexed(9), bold: true), depth: .indexed256).foreground == 9)
    }

    @Test func theBuiltInThemeIsTheDefaultThemeFile() throws {
        let file = try Self.bundled("default")
        for role in Role.allCases {
            #expect(Theme.builtIn[role] == file[role], "\(role.key)")
        }
    }
}

/// How xterm, with its default resources, draws a style the dashboard sends.
enum XtermRendering {
    struct Terminal: Sendable, CustomStringConvertible {
        var foreground: RGB
        var background: RGB
        var description: String { "\(foreground) on \(background)" }
    }

    static func colours(of themed: TextStyle, depth: ColorDepth, in terminal: Terminal) -> (text: RGB, background: RGB) {
        let style = themed.shown(at: depth)
        let sent = ColorMapping.sent(style, depth: depth)
        var foreground = sent.foreground
        // boldColors: bold in colours 0-7 is drawn in 8-15.
        if sent.bold, let index = foreground, index < 8 { foreground = index + 8 }
        var text = foreground.map { ColorMapping.xtermPalette[$0] } ?? terminal.foreground
        var background = sent.background.map { ColorMapping.xtermPalette[$0] } ?? terminal.background
        if style.reverse { swap(&text, &background) }
        // Faint text is drawn at half intensity (faintIsRelative is off).
        if style.dim { text = RGB(text.red / 2, text.green / 2, text.blue / 2) }
        return (text, background)
    }
}
