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

    public init(path: String, text: String, isPrivate: Bool) throws(LicensingError) {
        self.path = path
        self.isPrivate = isPrivate
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .configuration(message: "\(path):\(index + 1): expected `key = value`, found \"\(line.prefix(60))\"; fix or remove the line.")
            }
            let key = line[..<equals].trimmingWhitespace()
            var value = line[line.index(after: equals)...].trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else {
                throw .configuration(message: "\(path):\(index + 1): a setting has no name; write it as `key = value`.")
            }
            entries.append(Entry(key: key, value: value, line: index + 1))
        }
        self.entries = entries
    }

    /// Reads a secret-bearing file, refusing one that others can read.
    static func readPrivateFile(path: String, purpose: String) throws(LicensingError) -> String? {
        guard let (text, mode) = try readFile(path: path) else { return nil }
        guard mode & 0o077 == 0 else {
            throw .configuration(message: "The \(purpose) \(path) can be read by other users; run `chmod 600 \(path)`.")
        }
        return text
    }

    /// The file's text and permission bits, nil when it does not exist.
    static func readFile(path: String) throws(LicensingError) -> (String, mode_t)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
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
