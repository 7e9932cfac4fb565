import Foundation
import LicenseModel
import SandboxTestSupport
import Testing

/// Run as a systemd unit (no `User=`, so no HOME): the directories systemd
/// made for the unit are the tool's own, and without any place for its state
/// a write is refused, never journaled under /tmp.
@Suite("Directories under systemd")
struct SystemdDirectoriesTests {
    static let created = ["create", "--issued-to", "Unit Test GmbH", "--entitlement", "lua"]

    /// `STATE_DIRECTORY`, `CACHE_DIRECTORY` and `CONFIGURATION_DIRECTORY` are
    /// used as they are (the first of a list), with no `netify-licenses` appended.
    @Test func theUnitsDirectoriesHoldTheJournalKeyTermsCacheAndSettings() async throws {
        let root = TestSandbox.temporaryDirectory()
        let (state, cache, configuration) = (root + "/lib/netify-licenses", root + "/cache/netify-licenses", root + "/etc/netify-licenses")
        try FileManager.default.createDirectory(atPath: configuration, withIntermediateDirectories: true)
        try "warning_days = 45\n".write(toFile: configuration + "/config", atomically: true, encoding: .utf8)
        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            let environment = [
                "HOME": BuiltBinary.unset, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL,
                "STATE_DIRECTORY": state + ":" + root + "/other", "CACHE_DIRECTORY": cache, "CONFIGURATION_DIRECTORY": configuration,
            ]
            let path = try await BuiltBinary.run(["config", "path"], environment: environment)
            #expect(path.exitCode == 0, "\(path.standardError)")
            #expect(path.standardOutput == configuration + "/config\n")

            // A create sent with the key's default term: journaled, and it teaches the key's term.
            let create = try await BuiltBinary.run(SystemdDirectoriesTests.created, environment: environment)
            #expect(create.exitCode == 0, "\(create.standardError)")
            #expect(create.standardError.isEmpty, "\(create.standardError)")
            let list = try await BuiltBinary.run(["list", "--changes"], environment: environment)
            #expect(list.exitCode == 0, "\(list.standardError)")

            let files = Set((try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [])
            #expect(files.contains("journal.sqlite"), "the journal, with the key terms it learned: \(files)")
            #expect(!FileManager.default.fileExists(atPath: state + "/netify-licenses"))
            #expect(!FileManager.default.fileExists(atPath: root + "/other"), "only the first of the list")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).contains { $0.hasSuffix(".sqlite") })

            let history = try await BuiltBinary.run(["history", "--output", "json"], environment: environment)
            #expect(history.exitCode == 0, "\(history.standardError)")
            let entries = try #require(JSONParser.parse(history.standardOutput).arrayValue)
            #expect(entries.map { $0["action"]?.stringValue } == ["create"])
            let show = try await BuiltBinary.run(["config", "show"], environment: environment)
            #expect(show.standardOutput.contains(state + "/journal.sqlite"), "\(show.standardOutput)")
            #expect(show.standardOutput.contains("45"), "warning_days from the unit's settings file: \(show.standardOutput)")
        }
    }

    /// No HOME and no directory variable: there is no settings file to read
    /// and no place for the journal. Reads go on (with the file named by
    /// NETIFY_CONFIG); every write is refused before it is sent, in words that
    /// name what to set.
    @Test func withoutHomeOrADirectoryAWriteIsRefusedAndNothingIsSent() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            let bare = ["HOME": BuiltBinary.unset, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL]
            let unread = try await BuiltBinary.run(["list"], environment: bare)
            #expect(unread.exitCode == 1)
            #expect(unread.standardError == """
                error: There is no place for the settings file: HOME is not set, nor CONFIGURATION_DIRECTORY or XDG_CONFIG_HOME, \
                and it is never read from /tmp; in a systemd unit add ConfigurationDirectory=netify-licenses (systemd then sets \
                CONFIGURATION_DIRECTORY), or set NETIFY_CONFIG (the file), XDG_CONFIG_HOME or HOME.

                """)

            let environment = bare.merging(["NETIFY_CONFIG": TestSandbox.temporaryDirectory() + "/config"]) { $1 }
            let list = try await BuiltBinary.run(["list"], environment: environment)
            #expect(list.exitCode == 0, "reads need no state: \(list.standardError)")
            #expect(list.standardError.isEmpty, "\(list.standardError)")
            #expect((try JSONParser.parse(list.standardOutput).arrayValue)?.count == 7)

            let refusal = """
                error: There is no place for the change journal and learned key terms: HOME is not set, nor STATE_DIRECTORY or \
                XDG_STATE_HOME, and it is never kept under /tmp; in a systemd unit add StateDirectory=netify-licenses (systemd \
                then sets STATE_DIRECTORY), or set XDG_STATE_HOME or HOME. Nothing was sent.

                """
            let create = try await BuiltBinary.run(SystemdDirectoriesTests.created, environment: environment)
            #expect(create.exitCode == 1)
            #expect(create.standardError == refusal)
            let renew = try await BuiltBinary.run(["renew", "2026-0000-00000003", "--duration-days", "30"], environment: environment)
            #expect(renew.exitCode == 1)
            #expect(renew.standardError == refusal)
            let after = try await BuiltBinary.run(["list"], environment: environment)
            #expect((try JSONParser.parse(after.standardOutput).arrayValue)?.count == 7, "nothing created")
            #expect(after.standardOutput == list.standardOutput, "nothing renewed")

            let history = try await BuiltBinary.run(["history"], environment: environment)
            #expect(history.exitCode == 1)
            #expect(history.standardError.contains("There is no place for the change journal: HOME is not set, nor STATE_DIRECTORY or XDG_STATE_HOME"), "\(history.standardError)")
        }
    }
}
