import Foundation
import GRDB
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
        // An earlier version's file of key terms that is a link is never read (nor followed to be removed).
        let home = TestSandbox.temporaryDirectory()
        let journal = try ChangeJournal(path: home + "/journal.sqlite")
        let store = KeyTermStore(journal: journal, importing: shared + "/key-terms.sqlite")
        #expect(store.warnings.first?.contains("is not a regular file of yours (a link?); it was not read") == true, "\(store.warnings)")

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

/// The key terms are a table of the journal's database: an earlier version's
/// file of its own is imported once, never over a term learned since, and removed.
@Suite("Key terms in the journal")
struct KeyTermsInTheJournalTests {
    @Test func anEarlierFileOfKeyTermsIsImportedOnceAndRemoved() throws {
        let directory = TestSandbox.temporaryDirectory()
        let legacy = directory + "/key-terms.sqlite"
        let learnedDay = CalendarDate("2026-11-01")!
        try DatabaseQueue(path: legacy).write { db in
            try db.execute(sql: """
                CREATE TABLE key_term (endpoint TEXT NOT NULL, key_fingerprint TEXT NOT NULL, days INTEGER NOT NULL, learned_day INTEGER NOT NULL,
                                       PRIMARY KEY (endpoint, key_fingerprint));
                PRAGMA user_version = 1;
                """)
            try db.execute(sql: "INSERT INTO key_term VALUES ('https://a.example', '0123456789abcdef', 90, ?), ('https://b.example', 'fedcba9876543210', 5000, ?)",
                           arguments: [learnedDay.daysSinceEpoch, learnedDay.daysSinceEpoch])
        }
        let journal = try ChangeJournal(path: directory + "/journal.sqlite")
        let a = JournalContext(user: "ops", endpoint: "https://a.example", keyFingerprint: "0123456789abcdef")
        let b = JournalContext(user: "ops", endpoint: "https://b.example", keyFingerprint: "fedcba9876543210")
        let store = KeyTermStore(journal: journal, importing: legacy)
        #expect(store.warnings.isEmpty, "\(store.warnings)")
        #expect(store.learned(a) == .learned(days: 90, on: learnedDay))
        #expect(store.learned(b) == nil, "a term no key can have is not imported")
        #expect(!FileManager.default.fileExists(atPath: legacy), "imported once, then removed")
        // Kept in the journal's own file, learned and forgotten there.
        try store.remember(.learned(days: 30, on: learnedDay), for: a)
        #expect(KeyTermStore(journal: try ChangeJournal(path: directory + "/journal.sqlite")).learned(a) == .learned(days: 30, on: learnedDay))
        try store.forget(a)
        #expect(store.learned(a) == nil)
    }
}
