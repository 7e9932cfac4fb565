import Foundation
import LicenseModel
import ProcessSpawning
import SandboxTestSupport
import Testing

/// The change journal: every create, renew and delete from the CLI leaves
/// one entry with the license before and after, and an entry whose process
/// died between the request and its outcome is resolved by the next list.
@Suite("Change journal")
struct JournalTests {
    /// A fleet and one HOME shared by every run, so the runs share a journal.
    struct Operator {
        let fleet: CLITests.Fleet
        let home = TestSandbox.temporaryDirectory()
        var journalPath: String { home + "/.local/state/netify-licenses/journal.sqlite" }

        func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> BuiltBinary.Run {
            try await fleet.run(arguments, environment: ["HOME": home].merging(environment) { $1 })
        }

        func history(_ arguments: [String] = []) async throws -> [JSONValue] {
            let run = try await run(["history", "--output", "json"] + arguments)
            try #require(run.exitCode == 0, "\(run.standardError)")
            return try #require(JSONParser.parse(run.standardOutput).arrayValue)
        }
    }

    @Test func createRenewAndDeleteEachLeaveOneEntryWithBeforeAndAfter() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let person = Operator(fleet: fleet)
            let created = try await person.run(["create", "--issued-to", "Journal Co", "--entitlement", "lua", "--duration-days", "30", "--output", "serial"])
            let serial = created.standardOutput.trimmingWhitespace()
            #expect(created.exitCode == 0)
            #expect(try await person.run(["renew", serial, "--duration-days", "60"]).exitCode == 0)
            #expect(try await person.run(["delete", serial, "--yes"]).exitCode == 0)
            // A license the server says is not renewable is refused before anything is sent, with the way out.
            let refused = try await person.run(["renew", "2026-0000-00000004", "--duration-days", "60"])
            #expect(refused.exitCode == 5)
            #expect(refused.standardError.contains("Re-issue it instead"), "\(refused.standardError)")

            let entries = try await person.history()
            #expect(entries.map { $0["action"]?.stringValue ?? "" } == ["delete", "renew", "create"], "nothing sent, nothing journaled for the refusal")
            #expect(entries.map { $0["outcome"]?.stringValue ?? "" } == ["succeeded", "succeeded", "succeeded"])
            let (delete, renew, create) = (entries[0], entries[1], entries[2])
            #expect(create["serial"]?.stringValue == serial)
            #expect(create["before"] == .null)
            #expect(create["after"]?["issued_to"] == "Journal Co")
            #expect(create["request"]?["duration_days"] == 30)
            #expect(renew["before"]?["expire_at"]?["date"]?.stringValue == fleet.today.adding(days: 30).description)
            #expect(renew["after"]?["expire_at"]?["date"]?.stringValue == fleet.today.adding(days: 60).description)
            #expect(delete["before"]?["serial"]?.stringValue == serial, "the full document of what was deleted")
            #expect(delete["after"] == .null)
            for entry in entries {
                #expect(entry["user"]?.stringValue?.isEmpty == false)
                #expect(entry["endpoint"]?.stringValue == fleet.sandbox.baseURL)
                #expect(entry["key_fingerprint"]?.stringValue?.count == 16)
                #expect(!(entry["key_fingerprint"]?.stringValue.map { fleet.sandbox.key.contains($0) } ?? true), "a fingerprint, never the key")
            }

            // Filters, and the file's privacy.
            #expect(try await person.history(["--serial", serial]).count == 3)
            #expect(try await person.history(["--action", "create"]).count == 1)
            #expect(try await person.history(["--since", fleet.today.adding(days: 1).description]).isEmpty)
            var status = stat()
            #expect(stat(person.journalPath, &status) == 0 && status.st_mode & 0o777 == 0o600)
            #expect(stat(person.home + "/.local/state/netify-licenses", &status) == 0 && status.st_mode & 0o777 == 0o700)
            let table = try await person.run(["history", "--output", "table", "--serial", serial])
            #expect(table.standardOutput.contains("\(fleet.today.adding(days: 30)) → \(fleet.today.adding(days: 60))"))
        }
    }

    @Test func aKillBetweenIntentAndOutcomeLeavesOutcomeUnknownUntilTheNextList() async throws {
        // Every reply takes 3 s, so the renew is surely in flight when the process is killed.
        let sandbox = try await TestSandbox.startWithFleet(latencyMilliseconds: 3_000)
        try await withCleanup({ await sandbox.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let environment = [
                "HOME": home, "NETIFY_API_KEY": sandbox.key, "NETIFY_ENDPOINT": sandbox.baseURL,
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ]
            func history() async throws -> [JSONValue] {
                let run = try await BuiltBinary.run(["history", "--output", "json"], environment: environment)
                guard let entries = try? JSONParser.parse(run.standardOutput).arrayValue else {
                    Issue.record("history failed (\(run.exitCode)): \(run.standardError)")
                    return []
                }
                return entries
            }
            let child = try Spawn.start([BuiltBinary.path, "renew", "2026-0000-00000003", "--duration-days", "200"], environment: environment)
            // The renew first reads the license (3 s), then writes its intent and sends the renew.
            let deadline = ContinuousClock.now + .seconds(30)
            while try await history().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            _ = try await Spawn.offCooperativePool { child.stop(signal: SIGKILL) }
            let killed = try await history()
            try #require(killed.count == 1)
            #expect(killed[0]["outcome"]?.stringValue == "unknown")
            #expect(killed[0]["before"]?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 2).description)

            // Whatever the server did with it, the next list finds out and says so. The server
            // finishes the renew it received within its 3 s latency: wait for that, at most 6 s.
            let key = try await sandbox.running.service.authenticate(sandbox.key)
            let settled = ContinuousClock.now + .seconds(6)
            while ContinuousClock.now < settled,
                  try await sandbox.running.service.database.license(serial: "2026-0000-00000003", keyID: key.id)?.expireDay != CalendarDate.today().adding(days: 200) {
                try await Task.sleep(for: .milliseconds(100))
            }
            // A list chosen as it arrives leaves 0003 out: its absence is no answer, the outcome stays unknown.
            let chosen = try await BuiltBinary.run(["list", "--expiring-within", "1", "--output", "json"], environment: environment)
            #expect(chosen.exitCode == 0, "\(chosen.standardError)")
            #expect(try JSONParser.parse(chosen.standardOutput).arrayValue?.contains { $0["serial"] == "2026-0000-00000003" } == false)
            #expect(try await history()[0]["outcome"]?.stringValue == "unknown", "decided from a list that left the license out")
            let list = try await BuiltBinary.run(["list", "--output", "json"], environment: environment)
            #expect(list.exitCode == 0, "\(list.standardError)")
            let resolved = try await history()
            let expiry = try #require(JSONParser.parse(list.standardOutput).arrayValue?.first { $0["serial"] == "2026-0000-00000003" }?["expire_at"]?["date"]?.stringValue)
            let moved = expiry == CalendarDate.today().adding(days: 200).description
            #expect(resolved[0]["outcome"]?.stringValue == (moved ? "carried-out" : "not-carried-out"), "\(resolved[0])")
            #expect(resolved[0]["detail"]?.stringValue?.contains("next list") == true)
        }
    }

    @Test func aDamagedJournalIsSetAsideAndTheWorkGoesOn() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let person = Operator(fleet: fleet)
            try FileManager.default.createDirectory(atPath: person.home + "/.local/state/netify-licenses", withIntermediateDirectories: true)
            try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: person.journalPath))
            let renew = try await person.run(["renew", "2026-0000-00000003", "--duration-days", "60"])
            #expect(renew.exitCode == 0)
            #expect(renew.standardError.contains("could not be read"))
            #expect(renew.standardError.contains("moved to"))
            let aside = try FileManager.default.contentsOfDirectory(atPath: person.home + "/.local/state/netify-licenses").filter { $0.contains(".damaged-") }
            #expect(aside.count == 1, "kept, not deleted")
            #expect(try await person.history().count == 1)
        }
    }
}
