import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way this tool makes and opens a file of its own (the journal, the
/// cache, learned key terms, the log): in a directory that is this user's
/// alone, never through a link. As OpenSSH refuses a loose `~/.ssh`, a
/// directory that another user owns or may write is refused, because whoever
/// can write it can plant a link under a file's name or swap the file.
public enum PrivateFiles {
    /// `mkdir -p`, each directory it makes 0700 (one that exists is left as
    /// it is): the one way the tool makes a directory, its own files' and the
    /// sandbox's database's.
    public static func makeDirectories(_ directory: String, for what: String) throws(JournalError) {
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw JournalError("Cannot create \(current) for \(what): \(String(cString: strerror(errno))); check the directory is writable.")
            }
        }
    }

    /// `ensureDirectory` for the directory a file of the tool's is in.
    public static func ensureDirectory(containing path: String, for what: String) throws(JournalError) {
        try ensureDirectory((path as NSString).deletingLastPathComponent, for: what)
    }

    /// Creates the directory (0700) when missing, then checks it is ours and closed to others.
    public static func ensureDirectory(_ directory: String, for what: String) throws(JournalError) {
        var status = stat()
        if lstat(directory, &status) != 0 {
            try makeDirectories(directory, for: what)
            guard lstat(directory, &status) == 0 else {
                throw JournalError("Cannot read \(directory) for \(what): \(String(cString: strerror(errno))).")
            }
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw JournalError("\(directory) is not a directory (a link or a file is in its place); \(what) is not used. Remove it, or point the XDG directory elsewhere.")
        }
        guard status.st_uid == geteuid() else {
            throw JournalError("\(directory) belongs to another user (uid \(status.st_uid)); \(what) is not used. Remove it, or point the XDG directory at one of your own.")
        }
        guard status.st_mode & 0o022 == 0 else {
            throw JournalError("\(directory) can be written by other users; \(what) is not used. Run `chmod 700 \(directory)`.")
        }
        try checkAncestors(of: directory, for: what)
    }

    /// Every directory above `directory` must be this user's or root's, and
    /// writable by others only when sticky (as /tmp is: no one can move what
    /// is ours out of it); a link on the way must be ours or root's too.
    /// Otherwise whoever owns it can swap the private directory for their own
    /// (a `HOME=/tmp` whose `/tmp/.local` someone else made first).
    static func checkAncestors(of directory: String, for what: String) throws(JournalError) {
        guard directory.hasPrefix("/") else { return }
        var current = ""
        for component in directory.split(separator: "/").dropLast() {
            current += "/" + component
            var status = stat()
            guard lstat(current, &status) == 0 else { continue }
            let owner = status.st_uid
            guard owner == 0 || owner == geteuid() else {
                throw JournalError("\(current) belongs to another user (uid \(owner)) and holds \(directory); \(what) is not used. Point the XDG directory (or HOME) at a directory of your own.")
            }
            // Group-writable is the user's own when the group is their own (a private user group
            // under umask 002 leaves ~/.local 0775); writable by others it is not, unless sticky.
            let othersMayWrite = status.st_mode & 0o002 != 0 || (status.st_mode & 0o020 != 0 && status.st_gid != getegid())
            if status.st_mode & S_IFMT == S_IFDIR, othersMayWrite, status.st_mode & S_ISVTX == 0 {
                throw JournalError("\(current) can be written by other users and holds \(directory); \(what) is not used. Run `chmod go-w \(current)`, or point the XDG directory elsewhere.")
            }
        }
    }

    /// Opens (creating exclusively, 0600, when missing) a regular file of this
    /// user's without following a link; the permissions are set on the open
    /// file, never through a path. Returns the descriptor; the caller closes it.
    public static func open(_ path: String, flags: Int32 = O_RDWR, for what: String) throws(JournalError) -> Int32 {
        var descriptor = Glibc.open(path, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST {
            descriptor = Glibc.open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a link" : String(cString: strerror(errno))
            throw JournalError("Cannot open \(what) \(path): \(reason); remove it and try again.")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            close(descriptor)
            throw JournalError("\(what.prefix(1).uppercased() + what.dropFirst()) \(path) is not a regular file of yours; remove it and try again.")
        }
        if status.st_mode & 0o077 != 0 { fchmod(descriptor, 0o600) }
        return descriptor
    }

    /// SQLite opens a database's companions (`-wal`, `-shm`, `-journal`) by
    /// name: one that is a link is refused, as the database itself would be.
    public static func refuseLinkedCompanions(of path: String, for what: String) throws(JournalError) {
        for suffix in ["-wal", "-shm", "-journal"] {
            var status = stat()
            if lstat(path + suffix, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                throw JournalError("Cannot open \(what) \(path): \(path + suffix) is not a regular file (a link?); remove it and try again.")
            }
        }
    }

    /// Up to `limit` bytes of an open file from its start; nil when it cannot be read or holds more.
    public static func read(_ descriptor: Int32, limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset: off_t = 0
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            offset += off_t(count)
        }
        return nil
    }

    /// Replaces an open file's contents with `bytes`, every byte or false (errno says why).
    public static func replaceContents(_ descriptor: Int32, with bytes: [UInt8]) -> Bool {
        guard ftruncate(descriptor, 0) == 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return fsync(descriptor) == 0
    }
}
