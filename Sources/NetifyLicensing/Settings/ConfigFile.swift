import LicenseModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The settings file: `key = value` lines, `#` comments, values optionally in
/// double quotes. Deliberately small, so that an operator can write it by hand
/// and a mistake is reported with its line number.
public struct ConfigFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public var path: String
    public var entries: [Entry]
    /// No permission bits for group or others (like ssh's rule for private keys).
    public var isPrivate: Bool

    /// Nil when the file does not exist.
    public static func load(path: String) throws(LicensingError) -> ConfigFile? {
        guard let (text, mode) = try readFile(path: path) else { return nil }
        return try ConfigFile(path: path, text: text, isPrivate: mode & 0o077 == 0)
    }

    /// Settings whose values are secrets: never repeated in a message.
    public static let secretKeys: Set<String> = ["api_key"]

    /// Lines already read (a context's), as if they were a file of their own.
    init(path: String, entries: [Entry], isPrivate: Bool) {
        self.path = path
        self.entries = entries
        self.isPrivate = isPrivate
    }

    public init(path: String, text: String, isPrivate: Bool) throws(LicensingError) {
        self.path = path
        self.isPrivate = isPrivate
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        for (index, rawLine) in text.lineContents().enumerated() {
            let number = index + 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                // The line itself is not repeated: it may be a pasted key.
                throw .configuration(message: "\(path):\(number): expected `key = value`; fix or remove the line.")
            }
            let key = line[..<equals].trimmingWhitespace()
            guard !key.isEmpty else {
                throw .configuration(message: "\(path):\(number): a setting has no name; write it as `key = value`.")
            }
            guard key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "_.-".unicodeScalars.contains($0)) }) else {
                // A "name" with a URL's characters may be a URL with a password cut at its `=`: not repeated.
                let shown = key.contains(where: { ":@/".contains($0) }) ? "this line's name" : "\"\(key.safeForDisplay(limit: 40))\""
                throw .configuration(message: "\(path):\(number): \(shown) is not a setting name; names are letters, digits, `_`, `.` and `-`.")
            }
            guard let value = ConfigFile.value(line[line.index(after: equals)...]) else {
                throw .configuration(message: "\(path):\(number): the value of \(key) has a quote that is not closed, or text after its closing quote; close it, or remove the quote.")
            }
            if let earlier = firstLine[key] {
                throw .configuration(message: "\(path):\(number): \(key) is set again (first on line \(earlier)); keep one of the two.")
            }
            firstLine[key] = number
            entries.append(Entry(key: key, value: value, line: number))
        }
        self.entries = entries
    }

    /// A value without its trailing `# comment` and its quotes; a `#` inside
    /// quotes, or not after white space, is part of the value. Nil for an unclosed quote.
    static func value(_ text: Substring) -> String? {
        let text = text.trimmingWhitespace()
        if text.hasPrefix("\"") {
            let body = text.dropFirst()
            guard let close = body.firstIndex(of: "\"") else { return nil }
            let rest = body[body.index(after: close)...].trimmingWhitespace()
            guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
            return String(body[..<close])
        }
        var previous: Character = " "
        for index in text.indices {
            if text[index] == "#", previous == " " || previous == "\t" {
                return text[..<index].trimmingWhitespace()
            }
            previous = text[index]
        }
        return text
    }

    /// How a value may appear in a message: a secret's never does.
    public static func shown(_ entry: Entry) -> String {
        secretKeys.contains(entry.key) || entry.key.hasSuffix(".api_key") || entry.key.hasSuffix("journal_url")
            || (entry.key.hasPrefix("notify.") && entry.key.hasSuffix(".url"))
            ? "(the value, not shown)" : entry.value.safeForDisplay(limit: 80)
    }

    /// Reads a secret-bearing file, refusing one that others can read.
    public static func readPrivateFile(path: String, purpose: String) throws(LicensingError) -> String? {
        guard let (text, mode) = try readFile(path: path) else { return nil }
        guard mode & 0o077 == 0 else {
            throw .configuration(message: "The \(purpose) \(path) can be read by other users; run `chmod 600 \(path)`.")
        }
        return text
    }

    /// The file's text and permission bits, nil when it does not exist.
    static func readFile(path: String) throws(LicensingError) -> (String, mode_t)? {
        // Non-blocking, so a FIFO or a device named as the file is refused instead of hanging the command.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .configuration(message: "Cannot read \(path): \(String(cString: strerror(errno))); check its permissions.")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .configuration(message: "\(path) is not a regular file; point the setting at a file.")
        }
        guard status.st_size <= 1_048_576 else {
            throw .configuration(message: "\(path) is larger than 1 MiB; it is not a settings file.")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .configuration(message: "Cannot read \(path): \(String(cString: strerror(errno))).")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .configuration(message: "\(path) is not UTF-8 text; save it as plain text.")
        }
        return (text, status.st_mode & 0o777)
    }
}
