import Foundation
import ProcessSpawning
import SandboxTestSupport
import TerminalUI

/// A real xterm on a virtual X server (Xvfb), and its pixels read back with
/// ImageMagick's `import`: what a person sees, bold-is-bright and all.
/// Everything it starts is stopped by `stop()`.
final class XtermDisplay: @unchecked Sendable {
    /// The programs it needs; the packages are in .ci/run.
    static let tools = ["Xvfb", "xterm", "import"]

    /// Tools not on PATH (empty when the test can run).
    static let missingTools: [String] = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return tools.filter { tool in !path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") } }
    }()

    static var skipReason: String {
        "\(missingTools.joined(separator: ", ")) not installed: reading xterm's pixels needs Xvfb, xterm and ImageMagick's import "
            + "(apt-get install xvfb xterm imagemagick fonts-dejavu-core; .ci/run installs them)"
    }

    /// The terminal's own colours: black and gray90, or xterm's black on white.
    struct Colours: Sendable {
        let name: String
        let foreground: String
        let background: String
        let backgroundRGB: RGB
        static let dark = Colours(name: "dark", foreground: "gray90", background: "black", backgroundRGB: .black)
        static let light = Colours(name: "light", foreground: "black", background: "white", backgroundRGB: .white)
    }

    let display: String
    let colours: Colours
    let directory = TestSandbox.temporaryDirectory()
    /// The root window's colour, unlike the terminal's, so the xterm window's edges can be found.
    let rootColour: RGB
    private let server: Spawn.Child
    private var terminals: [Spawn.Child] = []
    private var shots = 0

    private init(server: Spawn.Child, display: String, colours: Colours) {
        self.server = server
        self.display = display
        self.colours = colours
        rootColour = colours.backgroundRGB == .black ? .white : .black
    }

    static func start(_ colours: Colours) async throws -> XtermDisplay {
        // -displayfd: the server takes a free display and writes its number, so
        // tests and people running other X servers on this machine never collide.
        let server = try Spawn.start([
            "Xvfb", "-displayfd", "1", "-screen", "0", "1024x640x24", "-nolisten", "tcp", colours.backgroundRGB == .black ? "-wr" : "-br",
        ])
        let line = try await Spawn.offCooperativePool { server.readLine() }
        guard let number = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            server.stop(signal: SIGTERM)
            throw Spawn.Failure(description: "Xvfb did not start (it said \"\(line)\")")
        }
        return XtermDisplay(server: server, display: ":\(number)", colours: colours)
    }

    /// xterm at 80x24 in the top left corner, as the screenshot tool runs it
    /// (default resources: bold in colours 0-7 is drawn bright), without
    /// antialiasing so every pixel is the text's colour or its background's.
    func open(_ arguments: [String], environment: [String: String] = [:]) throws {
        var variables = environment
        variables["DISPLAY"] = display
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        variables["LANG"] = "C.UTF-8"
        if let tmuxDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] { variables["TMUX_TMPDIR"] = tmuxDirectory }
        terminals.append(try Spawn.start([
            "xterm", "-tn", "xterm-256color", "-geometry", "80x24+0+0", "-fa", "DejaVu Sans Mono:antialias=false", "-fs", "10",
            "-fg", colours.foreground, "-bg", colours.background, "-bw", "0", "-b", "0", "+sb", "-e",
        ] + arguments, environment: variables))
    }

    /// xterm showing a tmux session, so keys can be sent to it.
    func attach(_ session: TmuxSession) throws {
        try open(["tmux", "-L", session.terminal.socket, "attach", "-t", session.name])
    }

    /// Closes the last xterm opened (its program gets SIGHUP).
    func closeTerminal() {
        terminals.popLast()?.stop(signal: SIGTERM)
    }

    func stop() {
        while !terminals.isEmpty { closeTerminal() }
        server.stop(signal: SIGTERM)
    }

    /// The whole screen, now.
    func screenshot() async throws -> Screenshot {
        shots += 1
        let path = directory + "/shot-\(shots).ppm"
        let result = try await Spawn.run(["import", "-display", display, "-window", "root", "-depth", "8", "ppm:" + path])
        guard result.status == 0, let data = FileManager.default.contents(atPath: path), let shot = Screenshot(ppm: [UInt8](data), path: path) else {
            throw Spawn.Failure(description: "import could not take a screenshot: \(result.error)")
        }
        return shot
    }

    /// Takes screenshots until `read` finds what it needs in one (the frame
    /// reached tmux before xterm drew it), for at most `seconds`.
    func waitFor<T>(_ what: String, seconds: Double = 30, _ read: (Screenshot) -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        var last: Screenshot?
        while Date() < deadline {
            let shot = try await screenshot()
            if let found = read(shot) { return found }
            last = shot
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw Spawn.Failure(description: "xterm never showed \(what) in \(Int(seconds)) s; the last screenshot is \(last?.path ?? "none")")
    }
}

/// A screenshot's pixels (ImageMagick's binary PPM).
struct Screenshot: Sendable {
    let width: Int
    let height: Int
    let path: String
    private let pixels: [UInt8]

    init?(ppm bytes: [UInt8], path: String) {
        // P6, width, height, maximum, then one white space and the RGB bytes.
        var fields: [Int] = []
        var index = 2
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else { return nil }
        while fields.count < 3, index < bytes.count {
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 10 { index += 1 }
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                var value = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                fields.append(value)
                continue
            }
            index += 1
        }
        index += 1
        guard fields.count == 3, fields[2] == 255, bytes.count - index >= fields[0] * fields[1] * 3 else { return nil }
        width = fields[0]
        height = fields[1]
        self.path = path
        pixels = Array(bytes[index..<(index + width * height * 3)])
    }

    func pixel(x: Int, y: Int) -> RGB {
        let offset = (y * width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// The xterm window's size in pixels: it sits at the top left, and the
    /// root window around it is one plain colour unlike the terminal's.
    func windowSize(root: RGB) -> (width: Int, height: Int) {
        var right = 0, bottom = 0
        for y in 0..<height {
            for x in stride(from: width - 1, through: 0, by: -1) where pixel(x: x, y: y) != root {
                right = max(right, x + 1)
                bottom = y + 1
                break
            }
        }
        return (right, bottom)
    }

    /// A cell's size for an 80x24 terminal, when the window is there whole.
    func cellSize(root: RGB) -> (width: Int, height: Int)? {
        let window = windowSize(root: root)
        guard window.width >= 80 * 5, window.width % 80 == 0, window.height % 24 == 0 else { return nil }
        return (window.width / 80, window.height / 24)
    }

    /// The two colours of a run of cells: the most common is the background,
    /// the next the text (without antialiasing there are no others).
    func colours(row: Int, columns: Range<Int>, cell: (width: Int, height: Int)) -> Sample {
        var counts: [RGB: Int] = [:]
        for y in (row * cell.height)..<((row + 1) * cell.height) {
            for x in (columns.lowerBound * cell.width)..<(columns.upperBound * cell.width) { counts[pixel(x: x, y: y), default: 0] += 1 }
        }
        let ranked = counts.sorted { $0.value > $1.value }
        let total = counts.values.reduce(0, +)
        let text = ranked.count > 1 ? ranked[1] : nil
        return Sample(background: ranked[0].key, text: text?.key, textShare: Double(text?.value ?? 0) / Double(total), colours: ranked.count)
    }
}

/// The colours found in some cells.
struct Sample: Sendable, CustomStringConvertible {
    let background: RGB
    let text: RGB?
    /// The text colour's share of the pixels.
    let textShare: Double
    /// How many colours there were.
    let colours: Int

    var ratio: Double { text.map { $0.contrast(with: background) } ?? 1 }

    /// Text is drawn there: a glyph covers a few percent of its cell at least.
    var hasText: Bool { text != nil && textShare > 0.02 }

    var description: String {
        "\(text.map(\.description) ?? "nothing") on \(background), \(String(format: "%.2f", ratio)):1 (\(colours) colours)"
    }
}
