import LicenseModel
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old contents or the new, never a part.
enum AtomicFile {
    static func write(_ text: String, to path: String, mode: mode_t, replacing: Bool) throws(LicensingError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard replacing else {
                throw .configuration(message: "\(path) already exists; pass --force to replace it.")
            }
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw .configuration(message: "\(path) is not a regular file; choose a file path.")
            }
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = (directory.isEmpty ? "" : directory) + "/.netify-license-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .configuration(message: "Cannot write in \(directory.isEmpty ? "/" : directory): \(String(cString: strerror(errno))); check the directory exists and is writable.")
        }
        // Every byte written, or the old file stays: a full disk must not leave half a file.
        // umask may have narrowed the mode: it is set again.
        let failed = !writeAll(descriptor, Array(text.utf8)) || fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0
        close(descriptor)
        if failed || rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .configuration(message: "Cannot write \(path): \(reason); check the directory is writable.")
        }
    }
}

/// Writes every byte, or says it could not (a full disk, a quota): outside the
/// enum, whose own `write` would shadow the system call.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return false }
        offset += count
    }
    return true
}

/// Reads a file (or standard input) up to a limit, so a huge or endless input is refused, not held in memory.
enum BoundedFile {
    /// `followingLinks: false` refuses a path that is a link (a file that may hold a key).
    static func contents(of path: String?, limit: Int, purpose: String, followingLinks: Bool = true) throws(LicensingError) -> [UInt8] {
        let descriptor = path.map { open($0, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW)) } ?? 0
        guard descriptor >= 0 else {
            throw .configuration(message: "Cannot read \(purpose) \(path ?? "-"): \(String(cString: strerror(errno))); check the path.")
        }
        defer { if path != nil { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .configuration(message: "Cannot read \(purpose) \(path ?? "-"): \(String(cString: strerror(errno))).")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                throw .configuration(message: "\(purpose.prefix(1).uppercased() + purpose.dropFirst()) is larger than \(limit - 1) bytes; split it into several files.")
            }
        }
    }
}
