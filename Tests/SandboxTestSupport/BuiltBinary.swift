import Foundation
import ProcessSpawning

/// The `netify-licenses` executable that `swift build` put beside the test bundle.
public enum BuiltBinary {
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["NETIFY_LICENSES_BINARY"] { return explicit }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("netify-licenses").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/netify-licenses"
    }

    /// What one run of the binary printed and how it ended.
    public struct Run: Sendable {
        public var exitCode: Int32
        public var standardOutput: String
        public var standardError: String
        /// The child's own peak resident memory, sampled while it ran.
        public var peakMemoryBytes: Int
    }

    /// Runs the binary to completion with only the given environment (plus a
    /// private HOME), so no setting leaks in from the machine.
    ///
    /// Waits on a Dispatch thread: blocking the test's cooperative threads
    /// would starve an in-process sandbox that the binary is talking to.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Run {
        try await Spawn.offCooperativePool { try runBlocking(arguments, environment: environment, input: input) }
    }

    /// A value that leaves the variable out of the child's environment:
    /// `["HOME": BuiltBinary.unset]` runs without HOME, as a systemd unit without `User=` does.
    public static let unset = "\u{0}unset"

    static func runBlocking(_ arguments: [String], environment: [String: String], input: String?) throws -> Run {
        var environment = environment
        if environment["HOME"] == nil { environment["HOME"] = TestSandbox.temporaryDirectory() }
        environment = environment.filter { $0.value != unset }
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let result = try Spawn.runBlocking([path] + arguments, environment: environment, input: input ?? "")
        return Run(exitCode: result.status, standardOutput: result.output, standardError: result.error, peakMemoryBytes: result.peakMemoryBytes)
    }
}
