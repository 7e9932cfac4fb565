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
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { throw .configuration(message: "Cannot read \(path): \(String(cString: strerror(errno))).") }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw .configuration(message: "Cannot read \(path): \(String(cString: strerror(errno))).") }
                if count == 0 { break }
                bytes += chunk[0..<count]
                if bytes.count > 1_048_576 { throw .configuration(message: "\(path) is larger than 1 MiB; it is not a settings file.") }
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        let written = replacing(key, with: value, in: text)
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = (directory.isEmpty ? "" : directory) + "/.netify-licenses-config-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .configuration(message: "Cannot write beside \(path): \(String(cString: strerror(errno))); check the directory is writable.")
        }
        // Every byte written, or the old file stays: a full disk must not leave half a settings file.
        let complete = writeAll(descriptor, Array(written.utf8))
        let synced = complete && fchmod(descriptor, mode) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .configuration(message: "Cannot write \(path): \(reason).")
        }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// The text with `key`'s line replaced (its trailing comment kept), or the line added at the end.
    static func replacing(_ key: String, with value: String, in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
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
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("\(key) = \(value)")
        return lines.joined(separator: "\n") + "\n"
    }
}
