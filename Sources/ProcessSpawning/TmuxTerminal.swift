import Foundation

/// A real terminal for a program under test: a detached tmux session on its
/// own server socket, typed into with send-keys and read with capture-pane.
/// The end-to-end tests and the benchmark both drive the dashboard through it.
public final class TmuxTerminal: Sendable {
    public let socket: String
    public let name: String

    public init(name: String = "main") {
        socket = "netify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.name = name
    }

    /// Starts `commandLine` (run by tmux's shell) at the given size, with only
    /// the given environment, and hides tmux's status line.
    public func start(width: Int, height: Int, environment: [String: String], commandLine: String) throws {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxTerminal.quote($0.value))" }.joined(separator: " ")
        // The command that starts the server must not capture output: the
        // server would inherit the pipe and keep it open for ever.
        try tmux(captureOutput: false, ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                                        "env -i \(assignments) \(commandLine)"])
        try tmux(["set-option", "-t", name, "status", "off"])
    }

    /// Starts a program directly, without a shell, so the pane's process is the
    /// program itself (its memory can then be read from /proc).
    public func start(width: Int, height: Int, environment: [String: String], arguments: [String]) throws {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try tmux(captureOutput: false, ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                                        "/usr/bin/env", "-i"] + assignments + arguments)
        try tmux(["set-option", "-t", name, "status", "off"])
    }

    /// Runs one tmux command against this terminal's server.
    @discardableResult
    public func tmux(captureOutput: Bool = true, _ arguments: [String]) throws -> String {
        // tmux's own status is not checked: a key sent to a program that has
        // just quit is no failure of the test, and the screen tells the rest.
        try Spawn.runBlocking(["tmux", "-L", socket] + arguments, captureOutput: captureOutput).output
    }

    /// Keys by tmux name: "Enter", "Escape", "Tab", "C-c", "Down", or a single character.
    public func press(_ keys: [String]) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Text typed literally.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    public func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The process id of the program in the pane.
    public func paneProcessID() throws -> Int32 {
        let text = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text) else { throw Spawn.Failure(description: "tmux reported no process id (\(text.prefix(40)))") }
        return pid
    }

    public func kill() {
        _ = try? Spawn.runBlocking(["tmux", "-L", socket, "kill-server"])
    }

    /// Single quotes for the shell.
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
