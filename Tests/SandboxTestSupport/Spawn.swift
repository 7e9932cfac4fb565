import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a short command with posix_spawn and waitpid, independent of
/// Foundation's run-loop based process monitoring, which can stall when
/// called from Swift concurrency's threads.
public enum Spawn {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Waits on a thread of its own, never on one of Swift concurrency's few
    /// cooperative threads, which in-process sandboxes need to answer requests.
    public static func run(_ arguments: [String], captureOutput: Bool = true) async throws -> Result {
        try await offCooperativePool { try runBlocking(arguments, captureOutput: captureOutput) }
    }

    /// Runs blocking work on a thread of its own and resumes with its result.
    /// Not Dispatch's global queue: on a 2-core machine it runs two items at a
    /// time, and blocked items there starve the queues SQLite and process
    /// monitoring need.
    public static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    public static func runBlocking(_ arguments: [String], captureOutput: Bool = true) throws -> Result {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var pipeDescriptors: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&pipeDescriptors) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&fileActions, pipeDescriptors[1], 1)
            posix_spawn_file_actions_addclose(&fileActions, pipeDescriptors[0])
            posix_spawn_file_actions_addclose(&fileActions, pipeDescriptors[1])
        } else {
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &fileActions, nil, &argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        var output = Data()
        if captureOutput {
            close(pipeDescriptors[1])
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(pipeDescriptors[0], &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipeDescriptors[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Result(status: (status >> 8) & 0xFF, output: String(decoding: output, as: UTF8.self))
    }
}
