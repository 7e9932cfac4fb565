import Foundation
import ProcessSpawning
import SandboxTestSupport

/// A real terminal: a shell in a detached tmux session on its own server
/// socket, driven with send-keys and read with capture-pane.
final class TmuxSession: @unchecked Sendable {
    let socket = "netify-test-\(UInt32.random(in: 0...UInt32.max))"
    let name = "dashboard"
    /// capture-pane drops trailing spaces, so the prompt is matched without its own.
    static let prompt = "READY>"

    /// Starts a clean shell (only the given environment) at the given size.
    static func start(width: Int, height: Int, environment: [String: String]) async throws -> TmuxSession {
        let session = TmuxSession()
        try await session.start(width: width, height: height, environment: environment)
        return session
    }

    private init() {}

    private func start(width: Int, height: Int, environment: [String: String]) async throws {
        var variables = environment
        variables["TERM"] = "tmux-256color"
        variables["LANG"] = "C.UTF-8"
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        variables["PS1"] = TmuxSession.prompt + " "
        if variables["HOME"] == nil { variables["HOME"] = TestSandbox.temporaryDirectory() }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: " ")
        try await tmux(captureOutput: false, ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "env -i \(assignments) bash --norc --noprofile"])
        try await tmux(["set-option", "-t", name, "status", "off"])
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs one tmux command. The command that starts the server must not
    /// capture output: the server would inherit the pipe and keep it open forever.
    @discardableResult
    func tmux(captureOutput: Bool = true, _ arguments: [String]) async throws -> String {
        try await Spawn.run(["tmux", "-L", socket] + arguments, captureOutput: captureOutput).output
    }

    /// Keys by tmux name: "Enter", "Escape", "Tab", "C-c", "Down", or a single character.
    func press(_ keys: String...) async throws {
        for key in keys { try await tmux(["send-keys", "-t", name, key]) }
    }

    /// Text typed literally.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", text])
    }

    func run(_ commandLine: String) async throws {
        try await type(commandLine)
        try await press("Enter")
    }

    func screen() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", name])
    }

    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
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
        _ = try? Spawn.runBlocking(["tmux", "-L", socket, "kill-server"])
    }
}
