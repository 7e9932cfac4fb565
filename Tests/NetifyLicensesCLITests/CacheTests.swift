import Foundation
import LicenseModel
import SandboxTestSupport
import Testing

/// The list cache from the CLI: `--cached` without the network, `--changes`
/// against it, and a damaged or foreign file set aside, never shown.
@Suite("List cache")
struct CacheTests {
    @Test func aListIsCachedAndReadBackWithoutTheNetworkSayingHowOld() async throws {
        let fleet = try await CLITests.Fleet.start()
        let person = JournalTests.Operator(fleet: fleet)
        #expect(try await person.run(["list", "--changes"]).exitCode == 0)
        await fleet.stop()
        let cached = try await person.run(["list", "--cached", "--output", "json"])
        #expect(cached.exitCode == 0, "\(cached.standardError)")
        #expect(cached.standardError.hasPrefix("cached list of 7 licenses, fetched just now"))
        #expect(try fleet.sandbox.serialsOf(cached.standardOutput) == (1...7).map { "2026-0000-0000000\($0)" })
        let show = try await person.run(["show", "2026-0000-00000005", "--cached", "--output", "json"])
        #expect(show.exitCode == 0)
        #expect(try JSONParser.parse(show.standardOutput)["issued_to"] == "Acme Inc.")
        let missing = try await person.run(["show", "2026-0000-00000099", "--cached"])
        #expect(missing.exitCode == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: person.home + "/.cache/netify-licenses")
        try #require(files.count == 1)
        var status = stat()
        #expect(stat(person.home + "/.cache/netify-licenses/" + files[0], &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(!files[0].contains(fleet.sandbox.key.suffix(12)), "named by a fingerprint, never the key")
        // Another key on the same endpoint has no cache of its own.
        let other = try await person.run(["list", "--cached"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "c", count: 40)])
        #expect(other.exitCode == 1)
        #expect(other.standardError.contains("Nothing is cached yet"))
    }

    @Test func changesSinceTheCacheAreListedOnceForScripts() async throws {
        let fleet = try await CLITests.Fleet.start()
        defer { Task { await fleet.stop() } }
        let person = JournalTests.Operator(fleet: fleet)
        let first = try await person.run(["list", "--changes", "--output", "json"])
        #expect(first.standardError.contains("every license counts as new"))
        #expect(try JSONParser.parse(first.standardOutput)["new"]?.arrayValue?.count == 7)
        // Another client creates one, renews one, deletes one.
        let created = try await RawHTTP.send(.POST, fleet.sandbox.licensesURL + "?format=object", key: fleet.sandbox.key, body: #"{"issued_to": "Script Co", "entitlements": ["netify-proc-lua"]}"#)
        let serial = try #require(created.data?["serial"]?.stringValue)
        #expect(try await RawHTTP.send(.POST, fleet.sandbox.licensesURL + "/2026-0000-00000003/renew", key: fleet.sandbox.key, body: #"{"duration_days": 80}"#).status == 200)
        #expect(try await RawHTTP.send(.DELETE, fleet.sandbox.licensesURL + "/2026-0000-00000006", key: fleet.sandbox.key).status == 200)
        let changes = try await person.run(["list", "--changes", "--output", "json"])
        let json = try JSONParser.parse(changes.standardOutput)
        #expect(json["new"]?.arrayValue?.map { $0["serial"]?.stringValue ?? "" } == [serial])
        #expect(json["renewed"]?.arrayValue?.first?["expire_after"]?.stringValue == fleet.today.adding(days: 80).description)
        #expect(json["gone"]?.arrayValue?.first?["license"]?["issued_to"] == "Later Corp", "gone, with its last known fields")
        let table = try await person.run(["list", "--changes", "--output", "table"])
        #expect(table.standardOutput.hasPrefix("Nothing changed since "), "each change is listed once")
    }

    @Test func aDamagedCacheIsSetAsideNeverShown() async throws {
        let fleet = try await CLITests.Fleet.start()
        defer { Task { await fleet.stop() } }
        let person = JournalTests.Operator(fleet: fleet)
        #expect(try await person.run(["list", "--changes"]).exitCode == 0)
        let directory = person.home + "/.cache/netify-licenses"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: directory + "/" + file))
        let cached = try await person.run(["list", "--cached"])
        #expect(cached.exitCode == 1)
        #expect(cached.standardError.contains("could not be read"))
        #expect(cached.standardError.contains("Nothing is cached yet"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.contains(".damaged-") })
        // The next list caches afresh.
        #expect(try await person.run(["list", "--changes"]).exitCode == 0)
        #expect(try await person.run(["list", "--cached"]).exitCode == 0)
    }
}

extension TestSandbox {
    func serialsOf(_ json: String) throws -> [String] {
        try #require(JSONParser.parse(json).arrayValue).compactMap { $0["serial"]?.stringValue }
    }
}
