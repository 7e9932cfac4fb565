import Foundation
import LicenseSandbox
import ProcessSpawning
import SandboxTestSupport
import Testing

/// `theme = auto` in a real terminal. tmux answers OSC 11 itself, with its
/// window-style's background when one is set (tmux 3.3 says nothing without
/// one), so the test sets the background the dashboard is told of.
@Suite("Theme auto end to end", .serialized)
struct ThemeAutoEndToEndTests {
    let binary = TmuxSession.quote(BuiltBinary.path)

    /// The selected row's background as tmux holds it: the light theme's
    /// #afd7ff is colour 153, the default theme's #87d7ff colour 117.
    enum Selection: String { case light = "48;5;153", dark = "48;5;117" }

    /// Starts the dashboard with `arguments`, waits for its table and returns
    /// which theme's selection the first row has, having checked that the
    /// terminal's answer was not taken as keys (`/` would open the filter,
    /// `r` a renew form, `g` and `b` move): the table is as it was opened.
    func selection(_ terminal: TmuxSession, _ arguments: String = "") async throws -> Selection? {
        try await terminal.run("\(binary) \(arguments)")
        try await terminal.waitForScreen(showing: "7/7 shown", "EXPIRES▲")
        // Keys are read every frame: give a stray answer time to arrive and act.
        try await Task.sleep(nanoseconds: 500_000_000)
        let screen = try await terminal.screen()
        let coloured = try await terminal.tmux(["capture-pane", "-e", "-p", "-t", terminal.name])
        try await terminal.press("q")
        #expect(try await terminal.expectShellRestored())
        #expect(screen.contains("7/7 shown") && !screen.contains("Renew license") && !screen.contains("rgb"), "\(screen)")
        let rows = coloured.split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 2 else { return nil }
        return [Selection.light, .dark].first { rows[2].contains($0.rawValue) }
    }

    @Test func autoFollowsTheBackgroundTheTerminalReportsAndANamedThemeWins() async throws {
        let sandbox = try await TestSandbox.startWithFleet(policy: KeyPolicy(maximumTermDays: 90))
        try await withCleanup({ await sandbox.stop() }) {
            let terminal = try await TmuxSession.start(
                width: 120, height: 30, environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL])
            defer { terminal.kill() }
            try await terminal.waitFor(TmuxSession.prompt)
            try await terminal.tmux(["set-option", "-w", "-t", terminal.name, "window-style", "bg=#ffffff"])
            #expect(try await selection(terminal) == .light)
            // A named theme wins over the terminal's background, from the command line or the settings.
            #expect(try await selection(terminal, "--theme default") == .dark)
            let config = TestSandbox.temporaryDirectory() + "/config"
            try "theme = default\n".write(toFile: config, atomically: true, encoding: .utf8)
            #expect(try await selection(terminal, "--config \(config)") == .dark)

            try await terminal.tmux(["set-option", "-w", "-t", terminal.name, "window-style", "bg=#002b36"])
            #expect(try await selection(terminal) == .dark)
            #expect(try await selection(terminal, "--theme light") == .light)
        }
    }
}
