import LicenseModel
import NetifyLicensing
import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard streams.
enum Terminal {
    /// One message for a person. Made safe whatever it quotes (a setting, an
    /// argument, a server's words): no escape, bidi or hidden character
    /// reaches the terminal, and it is bounded.
    static func standardError(_ line: String) {
        write(STDERR_FILENO, line.safeForDisplay(limit: 16_384, keepingLineBreaks: true) + "\n")
    }

    /// The first write to stdout that failed (its errno), whatever wrote it:
    /// `CommandFailure.reporting` ends every command with it, so no command's
    /// output is cut silently. (A command writes from one task at a time.)
    nonisolated(unsafe) static var standardOutputFailure: Int32 = 0

    /// Writes all of `text`, retrying short writes; returns 0, or the errno
    /// that stopped it (EPIPE: the reader went away).
    @discardableResult
    static func write(_ descriptor: Int32, _ text: String) -> Int32 {
        var text = text
        // Native text is written from its own UTF-8 storage: a list of a million is not copied again.
        return text.withUTF8 { write(descriptor, UnsafeRawBufferPointer($0)) }
    }

    @discardableResult
    static func write(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { write(descriptor, $0) }
    }

    @discardableResult
    static func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        guard let base = buffer.baseAddress else { return 0 }
        var offset = 0
        while offset < buffer.count {
            #if canImport(Glibc)
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            #else
            let written = Darwin.write(descriptor, base + offset, buffer.count - offset)
            #endif
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                // A descriptor left non-blocking by another program: wait until it takes more, as a blocking write would.
                if code == EAGAIN || code == EWOULDBLOCK {
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 1_000)
                    continue
                }
                if descriptor == STDOUT_FILENO, standardOutputFailure == 0 { standardOutputFailure = code }
                return code
            }
            offset += written
        }
        return 0
    }

    static func exitProcess(_ code: Int32) -> Never {
        fflush(nil)
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    static func flushStandardOutput() {
        fflush(nil)
    }

    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// The width a table must fit: the terminal's on a terminal, else
    /// `COLUMNS` when set (as `ls` does), else no limit.
    static func columns(environment: [String: String] = ProcessEnvironment.current) -> Int? {
        var size = winsize()
        if isTerminal(1), ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }
}

/// Standard output could not take what was written: the reader went away
/// (EPIPE), or the disk is full or failing.
struct OutputFailure: Error {
    let code: Int32
    var readerLeft: Bool { code == EPIPE }
    var reason: String { String(cString: strerror(code)) }
}

/// Text for a descriptor, written a piece (about a megabyte) at a time as it
/// is made: a list of a million licenses never sits in memory whole as text,
/// nor again as bytes to write. The first failed write stops it (`failed`:
/// the rest is not made), and `finish` says why, so a reader never gets a
/// file with a piece missing from its middle.
struct PiecewiseOutput {
    static let pieceBytes = 1 << 20
    let descriptor: Int32
    private var pending: [UInt8] = []
    private var failure: Int32 = 0

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
        pending.reserveCapacity(PiecewiseOutput.pieceBytes + 4_096)
    }

    var failed: Bool { failure != 0 }

    mutating func append(_ text: String) {
        guard !failed else { return }
        pending += text.utf8
        if pending.count >= PiecewiseOutput.pieceBytes { flush() }
    }

    /// A JSON writer's bytes so far, handed on once they make a piece (and at the end).
    mutating func drain(_ json: inout JSONOutput, finished: Bool = false) {
        guard finished || json.bytes.count >= PiecewiseOutput.pieceBytes else { return }
        flush()
        if !failed { failure = Terminal.write(descriptor, json.bytes) }
        json.removeWrittenBytes()
    }

    mutating func flush() {
        if !failed, !pending.isEmpty { failure = Terminal.write(descriptor, pending) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; throws when any write failed.
    mutating func finish() throws(OutputFailure) {
        flush()
        if failed { throw OutputFailure(code: failure) }
    }
}

/// Aligns rows into columns for terminal output, by display width (labels may be CJK).
enum TextTable {
    /// Every cell is made safe (a value from a file, a flag or a server never
    /// acts on the terminal) and cut at 1,000 characters.
    static func render(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map { $0.safeForDisplay(limit: 1_000) } }
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        var output = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - DisplayWidth.of(cell) + 2) }
            }
            output += line + "\n"
        }
        return output
    }
}
