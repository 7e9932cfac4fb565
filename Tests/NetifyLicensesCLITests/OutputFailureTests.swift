import Foundation
import ProcessSpawning
import SandboxTestSupport
import Testing

/// Standard output that cannot take the list: a full disk is an error with
/// its own exit code (never a file silently missing a piece), a reader that
/// went away (`| head`) ends the run quietly.
@Suite("Output that cannot be written")
struct OutputFailureTests {
    /// The binary under `sh`, its stdout redirected as `redirect` says, its exit code on stderr
    /// (run off the cooperative pool: the sandbox the binary talks to runs in this process).
    static func run(_ fleet: CLITests.Fleet, _ arguments: String, _ redirect: String) throws -> (status: String, error: String) {
        let home = TestSandbox.temporaryDirectory()
        let script = "{ \"$BINARY\" \(arguments); echo \"status $?\" >&2; } \(redirect)"
        let environment = fleet.environment.merging(["HOME": home, "BINARY": BuiltBinary.path, "PATH": "/usr/bin:/bin"]) { $1 }
        let run = try Spawn.runBlocking(["/bin/sh", "-c", script], environment: environment, input: "")
        let lines = run.error.split(separator: "\n").map(String.init)
        return (lines.last(where: { $0.hasPrefix("status ") }) ?? "no status", lines.filter { !$0.hasPrefix("status ") }.joined(separator: "\n"))
    }

    @Test(arguments: ["json", "csv", "table"])
    func aFullDiskIsAnErrorWithItsOwnCode(format: String) async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let (status, error) = try await Spawn.offCooperativePool { try Self.run(fleet, "list --output \(format)", "> /dev/full") }
            #expect(status == "status 14", "\(error)")
            #expect(error.contains("the output could not be written (No space left on device)"), "\(error)")
        }
    }

    @Test func aReaderThatWentAwayEndsTheRunQuietly() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            // `true` exits at once: by the time the list is written, nobody reads it.
            let (status, error) = try await Spawn.offCooperativePool { try Self.run(fleet, "list --output csv", "| true") }
            #expect(status == "status 0", "\(error)")
            #expect(error.isEmpty, "\(error)")
        }
    }

    /// Every command's output, not only a list's: one shown license, the settings, the history.
    @Test(arguments: ["show 2026-0000-00000001 --output json", "show 2026-0000-00000001 --output table", "config show", "history --output json"])
    func anyCommandsOutputThatCannotBeWrittenIsAnError(arguments: String) async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let (status, error) = try await Spawn.offCooperativePool { try Self.run(fleet, arguments, "> /dev/full") }
            #expect(status == "status 14", "\(error)")
            #expect(error.contains("the output could not be written (No space left on device)"), "\(error)")
        }
    }
}
