import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs programs with posix_spawn and waitpid. Foundation's Process is not
/// used: on Linux its exit monitoring can miss a child's exit when several are
/// started at once from different threads, and the test then waits forever.
public enum Spawn {
    /// A program that did not do what was asked of it, in words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var error: String
        /// The child's peak resident memory, sampled while it ran (0 where not measured).
        public var peakMemoryBytes: Int = 0
    }

    /// Waits on a thread of its own, never on one of Swift concurrency's few
    /// cooperative threads, which in-process sandboxes need to answer requests.
    public static func run(_ arguments: [String], environment: [String: String]? = nil, input: String? = nil, captureOutput: Bool = true) async throws -> Result {
        try await offCooperativePool { try runBlocking(arguments, environment: environment, input: input, captureOutput: captureOutput) }
    }

    /// Runs blocking work on a thread of its own and resumes with its result.
    /// Not Dispatch's global queue: on a 2-core machine it runs two items at a
    /// time, and blocked items there starve the queues SQLite needs.
    public static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    /// A started child whose standard output can be read as it runs.
    public struct Child: Sendable {
        public let pid: pid_t
        public let output: Int32

        /// Reads standard output up to and including the first newline.
        public func readLine() -> String {
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while read(output, &byte, 1) == 1 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\n") { break }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Sends a signal and reaps the child.
        public func stop(signal: Int32) {
            kill(pid, signal)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            close(output)
        }
    }

    /// Starts a program with its standard output on a pipe; the caller stops it.
    public static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> Child {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var outputPipe: [Int32] = [-1, -1]
        guard makePipe(&outputPipe) else { throw POSIXError(.EMFILE) }
        posix_spawn_file_actions_adddup2(&fileActions, outputPipe[1], 1)
        posix_spawn_file_actions_addclose(&fileActions, outputPipe[0])
        posix_spawn_file_actions_addclose(&fileActions, outputPipe[1])
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let pid = try spawn(arguments, environment: environment, fileActions: &fileActions)
        close(outputPipe[1])
        return Child(pid: pid, output: outputPipe[0])
    }

    public static func runBlocking(_ arguments: [String], environment: [String: String]? = nil, input: String? = nil, captureOutput: Bool = true) throws -> Result {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1], inputPipe: [Int32] = [-1, -1]
        guard makePipe(&outputPipe), makePipe(&errorPipe) else { throw POSIXError(.EMFILE) }
        if captureOutput {
            posix_spawn_file_actions_adddup2(&fileActions, outputPipe[1], 1)
            posix_spawn_file_actions_adddup2(&fileActions, errorPipe[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        }
        for descriptor in outputPipe + errorPipe { posix_spawn_file_actions_addclose(&fileActions, descriptor) }
        if input != nil {
            guard makePipe(&inputPipe) else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&fileActions, inputPipe[0], 0)
            posix_spawn_file_actions_addclose(&fileActions, inputPipe[0])
            posix_spawn_file_actions_addclose(&fileActions, inputPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        }
        let pid = try spawn(arguments, environment: environment, fileActions: &fileActions)
        close(outputPipe[1])
        close(errorPipe[1])
        if let input {
            close(inputPipe[0])
            let bytes = Array(input.utf8)
            _ = bytes.withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
            close(inputPipe[1])
        }
        // Both pipes are drained together, so a child filling one never blocks.
        var output: [UInt8] = [], error: [UInt8] = []
        var descriptors = [pollfd(fd: outputPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errorPipe[0], events: Int16(POLLIN), revents: 0)]
        var open = 2
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // The child's own high-water mark, sampled while it runs. Not wait4's
        // ru_maxrss: a posix_spawn child shares this process's memory until it
        // execs, and exec records that memory's high-water mark as the child's.
        var peak = 0
        while open > 0 {
            let ready = poll(&descriptors, 2, 10)
            peak = max(peak, peakResidentBytes(of: pid) ?? 0)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = read(descriptors[index].fd, &buffer, buffer.count)
                if count > 0 {
                    if index == 0 { output += buffer[0..<count] } else { error += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    close(descriptors[index].fd)
                    descriptors[index].fd = -1
                    open -= 1
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Result(
            status: (status >> 8) & 0xFF, output: String(decoding: output, as: UTF8.self), error: String(decoding: error, as: UTF8.self),
            peakMemoryBytes: peak)
    }

    /// A running process's peak resident memory so far (VmHWM in
    /// /proc/PID/status), or nil when it has gone or the file cannot be read.
    public static func peakResidentBytes(of pid: pid_t) -> Int? {
        let descriptor = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1_024
    }

    /// A pipe closed on exec: without that, a child started at the same moment
    /// from another thread (a tmux server, a sandbox) inherits this pipe's
    /// write end, keeps it open for its whole life, and the reader never sees
    /// end of file. dup2 onto 0, 1 and 2 clears the flag for the intended child.
    /// (pipe2 is not visible from Swift here, so pipe and fcntl run under the
    /// same lock as every spawn: no child can start between the two.)
    static func makePipe(_ descriptors: inout [Int32]) -> Bool {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        guard pipe(&descriptors) == 0 else { return false }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return true
    }

    static let spawnLock = NSLock()

    static func spawn(_ arguments: [String], environment: [String: String]?, fileActions: inout posix_spawn_file_actions_t) throws -> pid_t {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned: Int32
        // The child starts with no signal blocked and default dispositions. It
        // would otherwise inherit the mask of the calling thread, and threads of
        // Dispatch and NIO block most signals: a tmux server started that way
        // never receives the SIGTERM its own kill-server sends, and outlives the tests.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        spawnLock.lock()
        defer { spawnLock.unlock() }
        if let environment {
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in envp { free(pointer) } }
            spawned = posix_spawnp(&pid, arguments[0], &fileActions, &attributes, &argv, &envp)
        } else {
            spawned = posix_spawnp(&pid, arguments[0], &fileActions, &attributes, &argv, environ)
        }
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        return pid
    }
}
