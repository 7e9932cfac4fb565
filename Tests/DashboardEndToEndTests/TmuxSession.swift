import Foundation
import ProcessSpawning
import SandboxTestSupport

/// A shell in a real terminal (`TmuxTerminal`), for tests: waits for what
/// the screen should show, without blocking the cooperative pool.
final class TmuxSession: @unchecked Sendable {
    let terminal = TmuxTerminal(name: "dashboard")
    var name: String { terminal.name }
    /// capture-pane drops trailing spaces, so the prompt is matched without its own.
    static let prompt = "READY>"

    /// Starts a clean shell (only the given environment) at the given size.
    static func start(width: Int, height: Int, environment: [String: String]) async throws -> TmuxSession {
        let session = TmuxSession()
        var variables = environment
        variables["TERM"] = "tmux-256color"
        variables["LANG"] = "C.UTF-8"
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        variables["PS1"] = TmuxSession.prompt + " "
        if variables["HOME"] == nil { variables["HOME"] = TestSandbox.temporaryDirectory() }
        let terminal = session.terminal
        let finalVariables = variables
        try await Spawn.offCooperativePool {
            try terminal.start(width: width, height: height, environment: finalVariables, commandLine: "bash --norc --noprofile")
        }
        return session
    }

    private init() {}

    static func quote(_ text: String) -> String { TmuxTerminal.quote(text) }

    @discardableResult
    func tmux(_ arguments: [String]) async throws -> String {
        let terminal = terminal
        return try await Spawn.offCooperativePool { try terminal.tmux(arguments) }
    }

    /// Keys by tmux name: "Enter", "Escape", "Tab", "C-c", "Down", or a single character.
    func press(_ keys: String...) async throws {
        let terminal = terminal
        for key in keys { try await Spawn.offCooperativePool { try terminal.press([key]) } }
    }

    /// Text typed literally.
    func type(_ text: String) async throws {
        let terminal = terminal
        try await Spawn.offCooperativePool { try terminal.type(text) }
    }

    func run(_ commandLine: String) async throws {
        try await type(commandLine)
        try await press("Enter")
    }

    func screen() async throws -> String {
        let terminal = terminal
        return try await Spawn.offCooperativePool { try terminal.screen() }
    }

    func resize(width: Int, height: Int) async throws {
        let terminal = terminal
        try await Spawn.offCooperativePool { try terminal.resize(width: width, height: height) }
    }

    /// Waits until the screen shows `text` (and `also`, if given); fails with the screen after `seconds`.
    @discardableResult
    func waitFor(_ text: String, also: String? = nil, seconds: Double = 20) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await screen()
            if last.contains(text), also.map(last.contains) ?? true { return last }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw TimedOut(expected: text, screen: last)
    }

    /// Waits for one screen showing every text at once: a frame can reach tmux
    /// in several writes, so waiting for one text and then expecting another
    /// drawn below it can see a half-drawn frame.
    @discardableResult
    func waitForScreen(showing texts: String..., seconds: Double = 20) async throws -> String {
        try await waitUntil(texts.joined(separator: " · "), seconds: seconds) { screen in texts.allSatisfy(screen.contains) }
    }

    /// Waits until `condition` holds for the screen: a frame may be captured half drawn.
    @discardableResult
    func waitUntil(_ description: String, seconds: Double = 20, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await screen()
            if condition(last) { return last }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw TimedOut(expected: description, screen: last)
    }

    struct TimedOut: Error, CustomStringConvertible {
        let expected: String
        let screen: String
        var description: String { "timed out waiting for \"\(expected)\"; the screen was:\n\(screen)" }
    }

    /// Proves the shell's terminal works again: the prompt is back and typed input echoes and runs.
    func expectShellRestored() async throws -> Bool {
        try await waitFor(TmuxSession.prompt)
        try await run("echo restored-$((40+2))")
        let screen = try await waitFor("restored-42")
        return screen.contains("echo restored-$((40+2))")
    }

    func kill() {
        terminal.kill()
    }
}
