import Foundation

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
    }

    /// Runs the binary to completion with only the given environment (plus a
    /// private HOME), so no setting leaks in from the machine.
    ///
    /// Waits on a Dispatch thread: blocking the test's cooperative threads
    /// would starve an in-process sandbox that the binary is talking to.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Run {
        try await Spawn.offCooperativePool { try runBlocking(arguments, environment: environment, input: input) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String], input: String?) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = environment
        if environment["HOME"] == nil { environment["HOME"] = TestSandbox.temporaryDirectory() }
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        // Drain both pipes concurrently so a full pipe never blocks the child.
        let errorDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var errorData = Data()
        Thread.detachNewThread {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            errorDone.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorDone.wait()
        process.waitUntilExit()
        return Run(
            exitCode: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
