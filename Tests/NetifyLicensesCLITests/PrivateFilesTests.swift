import Foundation
import LicenseModel
import LocalStore
import SandboxTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A private file never follows a link, and never lives in a directory that
/// another user owns or may write (where a link could be planted).
@Suite("Private files")
struct PrivateFilesTests {
    /// Another user's 0777 `netify-licenses/` with a link planted under a file's
    /// name: the tool refuses the directory, and the link's target is untouched.
    @Test func aSharedDirectoryWithAPlantedLinkIsRefusedAndTheTargetUntouched() async throws {
        let root = TestSandbox.temporaryDirectory()
        let shared = root + "/state/netify-licenses"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(shared, 0o777)
        let target = root + "/operator-file"
        try "mine\n".write(toFile: target, atomically: true, encoding: .utf8)
        chmod(target, 0o644)
        symlink(target, shared + "/journal.sqlite")
        symlink(target, shared + "/key-terms.sqlite")
        // Owned by another user (the tests run as root in CI; elsewhere the uid check still refuses a 0777 directory).
        _ = chown(shared, 65534, 65534)

        #expect(throws: JournalError.self) { try ChangeJournal(path: shared + "/journal.sqlite") }
        #expect(throws: JournalError.self) { try KeyTermStore(path: shared + "/key-terms.sqlite") }

        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            let run = try await BuiltBinary.run(
                ["renew", "2026-0000-00000003", "--duration-days", "30"],
                environment: ["NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL, "XDG_STATE_HOME": root + "/state"])
            #expect(run.exitCode == 0, "the journal never stops work: \(run.standardError)")
            #expect(run.standardError.contains("belongs to another user") || run.standardError.contains("can be written by other users"), "\(run.standardError)")
            var status = stat()
            stat(target, &status)
            #expect(status.st_mode & 0o777 == 0o644, "never chmod through a link")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "mine\n")
        }
    }

    @Test func aLinkInOnesOwnDirectoryIsNotFollowed() throws {
        let directory = TestSandbox.temporaryDirectory() + "/own"
        try PrivateFiles.ensureDirectory(directory, for: "the test")
        let target = TestSandbox.temporaryDirectory() + "/elsewhere"
        try "other\n".write(toFile: target, atomically: true, encoding: .utf8)
        chmod(target, 0o644)
        symlink(target, directory + "/file")
        #expect(throws: JournalError.self) { try PrivateFiles.open(directory + "/file", for: "the test file") }
        var status = stat()
        stat(target, &status)
        #expect(status.st_mode & 0o777 == 0o644)
        // A new file is created exclusively, 0600.
        let descriptor = try PrivateFiles.open(directory + "/new", for: "the test file")
        fstat(descriptor, &status)
        close(descriptor)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func aDirectoryOthersMayWriteIsRefused() throws {
        let directory = TestSandbox.temporaryDirectory() + "/loose"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o777)
        #expect(throws: JournalError.self) { try PrivateFiles.ensureDirectory(directory, for: "the test") }
        chmod(directory, 0o700)
        try PrivateFiles.ensureDirectory(directory, for: "the test")
    }
}
