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

    /// Writes all of `text`, retrying short writes.
    static func write(_ descriptor: Int32, _ text: String) {
        var text = text
        // Native text is written from its own UTF-8 storage: a list of a million is not copied again.
        text.withUTF8 { write(descriptor, UnsafeRawBufferPointer($0)) }
    }

    static func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(descriptor, $0) }
    }

    static func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            #if canImport(Glibc)
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            #else
            let written = Darwin.write(descriptor, base + offset, buffer.count - offset)
            #endif
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
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

/// Text for a descriptor, written a piece (about a megabyte) at a time as it
/// is made: a list of a million licenses never sits in memory whole as text,
/// nor again as bytes to write.
struct PiecewiseOutput {
    static let pieceBytes = 1 << 20
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
        pending.reserveCapacity(PiecewiseOutput.pieceBytes + 4_096)
    }

    mutating func append(_ text: String) {
        pending += text.utf8
        if pending.count >= PiecewiseOutput.pieceBytes { flush() }
    }

    /// A JSON writer's bytes so far, handed on once they make a piece (and at the end).
    mutating func drain(_ json: inout JSONOutput, finished: Bool = false) {
        guard finished || json.bytes.count >= PiecewiseOutput.pieceBytes else { return }
        flush()
        Terminal.write(descriptor, json.bytes)
        json.removeWrittenBytes()
    }

    mutating func flush() {
        Terminal.write(descriptor, pending)
        pending.removeAll(keepingCapacity: true)
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
