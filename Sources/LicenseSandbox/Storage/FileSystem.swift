#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileSystem {
    /// `mkdir -p`, private to the owner (the database may hold key hashes).
    static func createDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw SandboxError.usage("Cannot create the directory \(current): \(String(cString: strerror(errno))).")
            }
        }
    }
}
