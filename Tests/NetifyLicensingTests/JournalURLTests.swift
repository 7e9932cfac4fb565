import LicenseModel
import NetifyLicensing
import Testing

/// `journal_url`: a libpq-style URI, read strictly; its password is never
/// part of what is shown or of any message about it.
@Suite("The team journal's URL")
struct JournalURLTests {
    @Test func readsTheLibpqShapes() throws {
        let full = try JournalURL(parsing: "postgresql://alice:s%40cret@db.example.com:6543/netify?sslmode=verify-full")
        #expect(full == JournalURL(user: "alice", password: "s@cret", host: "db.example.com", port: 6543, database: "netify", sslMode: .verifyFull))
        #expect(full.shown == "postgresql://alice@db.example.com:6543/netify?sslmode=verify-full")
        // A password holding `?`, `@` and `/` (percent-encoding is optional for them here).
        let odd = try JournalURL(parsing: "postgresql://carol:x@y/z?tail@db:5433/netify?sslmode=require")
        #expect(odd.password == "x@y/z?tail" && odd.host == "db" && odd.port == 5433 && odd.sslMode == .require)
        #expect(!odd.shown.contains("tail"))
        #expect(throws: LicensingError.self) { try JournalURL(parsing: "postgresql://carol:x@y/z?tail@db/netify?bogus=1") }
        do {
            _ = try JournalURL(parsing: "postgresql://carol:x?tail@db/netify?bogus=1")
        } catch {
            #expect(!error.description.contains("tail"), "\(error)")
        }
        // A URL with a password written as a setting's name is not repeated.
        do {
            _ = try Settings.fromFile(text: "postgresql://u:Hunter2-secret@h/d?sslmode=require\n", path: "config", isPrivate: true)
            Issue.record("a URL alone on a line was accepted")
        } catch {
            #expect(!error.description.contains("Hunter2"), "\(error)")
        }
        let plain = try JournalURL(parsing: "postgres://bob@[::1]/team")
        #expect(plain.host == "::1" && plain.port == 5432 && plain.password == nil && plain.sslMode == .prefer)
        #expect(plain.shown == "postgresql://bob@[::1]:5432/team?sslmode=prefer")
        for mode in JournalURL.SSLMode.allCases {
            #expect(try JournalURL(parsing: "postgresql://u@h/d?sslmode=\(mode.rawValue)").sslMode == mode)
        }
    }

    @Test func aBadURLIsRefusedWithoutRepeatingItsPassword() {
        let secret = "Pa55-word-never-shown"
        for text in [
            "mysql://u:\(secret)@h/d", "postgresql://u:\(secret)@h", "postgresql://u:\(secret)@h:99999/d", "postgresql://u:\(secret)@/d",
            "postgresql://u:\(secret)@h/d?sslmode=sometimes", "postgresql://u:\(secret)@h/d?password=x", "postgresql://:\(secret)@h/d",
            "postgresql://u:\(secret)%zz@h/d", "postgresql://u:\(secret)@h\u{1B}[2J/d",
        ] {
            do {
                _ = try JournalURL(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(!error.description.contains(secret), "\(error)")
                #expect(error.description.contains("postgresql://USER[:PASSWORD]@HOST"), "says how to write it: \(error)")
                #expect(error.description.isSafeForDisplay())
            }
        }
    }

    @Test func aPasswordInTheSettingsFileNeedsItPrivate() throws {
        #expect(throws: LicensingError.self) {
            try Settings.fromFile(text: "journal_url = postgresql://u:secret@h/d\n", path: "config", isPrivate: false)
        }
        let settings = try Settings.fromFile(text: "journal_url = postgresql://u@h/d\njournal_required = true\noperator = alice\n", path: "config", isPrivate: false)
        #expect(settings.journalURL?.user == "u" && settings.journalRequired && settings.operatorName == "alice")
        // A context has its own team journal.
        var contexts = try Settings.fromFile(text: "context.west.journal_url = postgresql://w@west/d\ncontext.west.endpoint = http://127.0.0.1:9\n", path: "config", isPrivate: true)
        try contexts.select(context: "west", source: "test")
        #expect(contexts.journalURL?.host == "west")
    }
}
