import Foundation
import LocalStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A private directory is refused when a directory above it belongs to
/// someone else, or may be written by others without the sticky bit.
@Suite("Private directories and what holds them")
struct PrivateDirectoryTests {
    static func temporary() throws -> String {
        let directory = "/tmp/private-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        return directory
    }

    @Test func aDirectoryUnderATmpLikeStickyDirectoryIsAccepted() throws {
        let base = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        chmod(base, 0o1777)
        try PrivateFiles.ensureDirectory(base + "/.local/state/netify-licenses", for: "the change journal")
    }

    @Test func aWritableDirectoryAboveWithoutTheStickyBitIsRefused() throws {
        let base = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        chmod(base, 0o777)
        #expect { try PrivateFiles.ensureDirectory(base + "/.local/state/netify-licenses", for: "the change journal") } throws: { error in
            "\(error)".contains("\(base) can be written by other users") && "\(error)".contains("chmod go-w")
        }
    }

    /// A private user group under umask 002 leaves `~/.local` 0775: the group is the user's own.
    @Test func aDirectoryAboveWritableByTheUsersOwnGroupIsAccepted() throws {
        let base = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        chown(base, geteuid(), getegid())
        chmod(base, 0o775)
        try PrivateFiles.ensureDirectory(base + "/.local/state/netify-licenses", for: "the change journal")
    }

    @Test(.enabled(if: geteuid() == 0, "giving a directory to another group needs root"))
    func aDirectoryAboveWritableByAnotherGroupIsRefused() throws {
        let base = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        chown(base, geteuid(), 65_534)
        chmod(base, 0o775)
        #expect { try PrivateFiles.ensureDirectory(base + "/.local/state/netify-licenses", for: "the change journal") } throws: { error in
            "\(error)".contains("\(base) can be written by other users")
        }
    }

    @Test(.enabled(if: geteuid() == 0, "giving a directory to another user needs root"))
    func aDirectoryAboveThatAnotherUserOwnsIsRefused() throws {
        let base = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        // Someone else made `.local` first, as in a HOME=/tmp.
        try FileManager.default.createDirectory(atPath: base + "/.local", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        chown(base + "/.local", 65_534, 65_534)
        #expect { try PrivateFiles.ensureDirectory(base + "/.local/state/netify-licenses", for: "the change journal") } throws: { error in
            "\(error)".contains("\(base)/.local belongs to another user (uid 65534)")
        }
    }
}
