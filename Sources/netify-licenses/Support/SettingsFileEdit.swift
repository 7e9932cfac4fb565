import LicenseModel
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Changes one setting in the settings file and nothing else: every other
/// line, comment and blank kept as written, the file's mode kept, the new
/// text written beside it and renamed over it. A link is refused, never
/// followed: the file may hold a key.
enum SettingsFileEdit {
    static func set(_ key: String, to value: String, in path: String) throws(LicensingError) {
        var status = stat()
        var text = ""
        var mode: mode_t = 0o600
        let exists: Bool
        if lstat(path, &status) == 0 {
            exists = true
        } else if errno == ENOENT {
            exists = false
        } else {
            throw .configuration(message: "Cannot read \(path): \(String(cString: strerror(errno))); check its directory's permissions.")
        }
        if exists {
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw .configuration(message: "\(path) is not a regular file (a link or a device); change \(key) in the file it points to by hand.")
            }
            mode = status.st_mode & 0o777
            let bytes = try BoundedFile.contents(of: path, limit: 1_048_576 + 1, purpose: "the settings file", followingLinks: false)
            text = String(decoding: bytes, as: UTF8.self)
        }
        // Written beside it and renamed over it, its mode kept (a file that holds a key stays 0600).
        try AtomicFile.write(replacing(key, with: value, in: text), to: path, mode: mode, replacing: true)
    }

    /// The text with `key`'s line replaced (its trailing comment kept), or the line added at the end.
    static func replacing(_ key: String, with value: String, in text: String) -> String {
        var lines = text.lineContents().map(String.init)
        if lines.last == "" { lines.removeLast() }
        // The file keeps its own line ends and byte-order mark.
        let end = text.unicodeScalars.contains("\r") ? "\r\n" : "\n"
        let mark = text.unicodeScalars.first == "\u{FEFF}" ? "\u{FEFF}" : ""
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingWhitespace()
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].trimmingWhitespace() == key else { continue }
            // The line keeps its layout: what stands before the value (the name
            // and its alignment) and a comment after it.
            let characters = Array(line)
            let sign = characters.firstIndex(of: "=") ?? 0
            var valueStart = sign + 1
            while valueStart < characters.count, characters[valueStart] == " " || characters[valueStart] == "\t" { valueStart += 1 }
            let commentStart = (valueStart..<max(valueStart, characters.count)).first { $0 > 0 && characters[$0] == "#" && (characters[$0 - 1] == " " || characters[$0 - 1] == "\t") }
            var valueEnd = commentStart ?? characters.count
            while valueEnd > valueStart, characters[valueEnd - 1] == " " || characters[valueEnd - 1] == "\t" { valueEnd -= 1 }
            let gap = commentStart.map { String(characters[valueEnd..<$0]) } ?? ""
            let comment = commentStart.map { String(characters[$0...]) } ?? ""
            lines[index] = String(characters[..<valueStart]) + value + gap + comment
            return mark + lines.joined(separator: end) + end
        }
        lines.append("\(key) = \(value)")
        return mark + lines.joined(separator: end) + end
    }
}
