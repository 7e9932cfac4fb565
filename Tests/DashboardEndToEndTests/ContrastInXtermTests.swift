import Foundation
import ProcessSpawning
import SandboxTestSupport
import TerminalUI
import Testing

/// The dashboard's text against its background as xterm really draws it
/// (bold in colours 0-7 bright, as PuTTY and Windows Terminal do too): the
/// real binary on its embedded sandbox in xterm under Xvfb, keys through
/// tmux, and the pixels of the cells read back from a screenshot.
@Suite("Contrast in xterm", .serialized)
struct ContrastInXtermTests {
    let binary = TmuxSession.quote(BuiltBinary.path)

    struct Scene: Sendable, CustomTestStringConvertible {
        let theme: String
        let colours: XtermDisplay.Colours
        var testDescription: String { "\(theme) in a \(colours.name) xterm" }
    }

    /// Cells to read: a run of them on one row.
    struct Cells: Sendable {
        let name: String
        let row: Int
        let columns: Range<Int>
        /// Whether the cells have a background of their own (else the terminal's shows).
        let ownBackground: Bool
    }

    /// The cells where `text` is on the screen tmux shows.
    static func cells(of text: String, in screen: String, name: String, ownBackground: Bool) -> Cells? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let found = line.range(of: text) else { continue }
            let column = DisplayWidth.of(String(line[..<found.lowerBound]))
            return Cells(name: name, row: row, columns: column..<(column + DisplayWidth.of(text)), ownBackground: ownBackground)
        }
        return nil
    }

    /// The colours of each run of cells, once xterm has drawn them all.
    func read(_ cells: [Cells], on display: XtermDisplay) async throws -> (samples: [(Cells, Sample)], screenshot: String) {
        try await display.waitFor(cells.map(\.name).joined(separator: ", ")) { shot in
            guard let size = shot.cellSize(root: display.rootColour) else { return nil }
            let samples = cells.map { ($0, shot.colours(row: $0.row, columns: $0.columns, cell: size)) }
            let drawn = samples.allSatisfy { cells, sample in
                sample.hasText && (sample.background != display.colours.backgroundRGB) == cells.ownBackground
            }
            return drawn ? (samples, shot.path) : nil
        }
    }

    /// The selected row, a focused button, the SANDBOX badge and the sorted
    /// column's title were bold colour 0 (grey in xterm, 1.7-2.7:1) or grey on
    /// white: each must now reach WCAG AA, 4.5:1, in the pixels.
    @Test(
        .enabled(if: XtermDisplay.missingTools.isEmpty, Comment(rawValue: XtermDisplay.skipReason)),
        arguments: [Scene(theme: "default", colours: .dark), Scene(theme: "light", colours: .light)])
    func textReadsAgainstItsBackgroundInXtermsPixels(_ scene: Scene) async throws {
        let display = try await XtermDisplay.start(scene.colours)
        defer { display.stop() }
        let terminal = try await TmuxSession.start(width: 80, height: 24, environment: ["HOME": TestSandbox.temporaryDirectory()])
        defer { terminal.kill() }
        try await terminal.waitFor(TmuxSession.prompt)
        try display.attach(terminal)
        try await terminal.run("\(binary) --theme \(scene.theme)")
        let screen = try await terminal.waitForScreen(showing: "SANDBOX", "240/240", "EXPIRES▲", seconds: 60)

        let main = [
            try #require(Self.cells(of: " SANDBOX ", in: screen, name: "the SANDBOX badge", ownBackground: true)),
            // The first row of the table is selected at launch; its first 40 cells are the selection whatever its status.
            Cells(name: "the selected row", row: 2, columns: 0..<40, ownBackground: true),
            try #require(Self.cells(of: "EXPIRES▲", in: screen, name: "the sorted column's title", ownBackground: false)),
        ]
        let shown = try await read(main, on: display)
        for (cells, sample) in shown.samples {
            #expect(sample.ratio >= 4.5, "\(scene.testDescription): \(cells.name) is \(sample) (\(shown.screenshot))")
        }

        try await terminal.press("c")
        let form = try await terminal.waitFor("[ Create ]")
        let button = try #require(Self.cells(of: "[ Create ]", in: form, name: "the [ Create ] button", ownBackground: true))
        let dialog = try await read([button], on: display)
        for (cells, sample) in dialog.samples {
            #expect(sample.ratio >= 4.5, "\(scene.testDescription): \(cells.name) is \(sample) (\(dialog.screenshot))")
        }
        try await terminal.press("Escape")
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())
    }

    /// `theme = auto` (the default) in xterm itself, which answers OSC 11:
    /// on a white background the header is the light theme's, not the default's.
    @Test(.enabled(if: XtermDisplay.missingTools.isEmpty, Comment(rawValue: XtermDisplay.skipReason)))
    func autoTakesTheLightThemeInAWhiteXterm() async throws {
        let display = try await XtermDisplay.start(.light)
        defer { display.stop() }
        func header(_ arguments: [String]) async throws -> RGB {
            try display.open([BuiltBinary.path] + arguments, environment: ["HOME": TestSandbox.temporaryDirectory()])
            defer { display.closeTerminal() }
            return try await display.waitFor("the header of netify-licenses \(arguments.joined(separator: " "))") { shot in
                guard let size = shot.cellSize(root: display.rootColour) else { return nil }
                let sample = shot.colours(row: 0, columns: 40..<64, cell: size)
                return sample.background != display.colours.backgroundRGB ? sample.background : nil
            }
        }
        let automatic = try await header([])
        let light = try await header(["--theme", "light"])
        let dark = try await header(["--theme", "default"])
        #expect(light != dark)
        #expect(automatic == light, "auto drew the header in \(automatic); the light theme's is \(light), the default's \(dark)")
    }
}
