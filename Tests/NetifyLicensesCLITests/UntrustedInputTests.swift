import Foundation
import GRDB
import LicenseModel
import SandboxTestSupport
import Testing

/// Whatever comes from outside (a header, an argument, a filter term, a local
/// file's row, a reply's size or speed) is bounded: a clear error, never a trap.
@Suite("Untrusted input is bounded")
struct UntrustedInputTests {
    static let trapped: Set<Int32> = [132, 133, 134, 139]

    @Test func anAbsurdRetryAfterIsAnErrorNotATrap() async throws {
        let body = #"{"status_code":429,"status_message":"slow down"}"#
        let server = try HostileServer(.reply(Array(
            "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 99999999999999999999\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)))
        defer { server.stop() }
        let environment = ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40), "NETIFY_ENDPOINT": server.baseURL]
        for arguments in [["list"], ["show", "2026-0000-00000001"], ["renew", "2026-0000-00000001", "--duration-days", "30"], ["metrics"]] {
            let run = try await BuiltBinary.run(arguments, environment: environment)
            #expect(!Self.trapped.contains(run.exitCode), "\(arguments): \(run.standardError)")
            #expect(run.exitCode == 6 || arguments == ["metrics"], "\(arguments): \(run.exitCode) \(run.standardError)")
        }
        let check = try await BuiltBinary.run(["check"], environment: environment)
        #expect(check.exitCode == 3)
        #expect(check.standardOutput.hasPrefix("LICENSES UNKNOWN"))
    }

    @Test func extremeNumbersInArgumentsAndFilterTermsAreRefusedOrBounded() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let cases: [([String], String)] = [
                (["list", "--filter", "days>-9223372036854775808"], "is not a days term"),
                (["list", "--filter", "days<9223372036854775807"], "is not a days term"),
                (["list", "--expiring-within", "9223372036854775807"], "--expiring-within must be from 0"),
                (["renew", "--expiring-within", "9223372036854775807", "--dry-run"], "--expiring-within must be from 0"),
                (["list", "--filter", "status:bogus"], "is not a status"),
                (["check", "--warning", "9223372036854775807"], "--warning must be from"),
                (["check", "--timeout", "nan"], "--timeout must be from 1 to 3600"),
            ]
            for (arguments, message) in cases {
                let run = try await fleet.run(arguments)
                #expect(run.exitCode == 1, "\(arguments): \(run.exitCode) \(run.standardError)")
                #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            }
            // In range, the widest window is simply every license.
            let widest = try await fleet.run(["list", "--filter", "days>-999999", "--output", "json"])
            #expect(widest.exitCode == 0)
            #expect(try JSONParser.parse(widest.standardOutput).arrayValue?.count == 7)
        }
    }

    /// A journal row of the wrong type is skipped with one warning, in every format and in `list`.
    @Test func aDamagedJournalRowIsSkippedWithOneWarning() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            let environment = ["HOME": home]
            #expect(try await fleet.run(["renew", "2026-0000-00000003", "--duration-days", "30"], environment: environment).exitCode == 0)
            let journal = try DatabaseQueue(path: home + "/.local/state/netify-licenses/journal.sqlite")
            let context = try await journal.read { db -> [String] in
                let row = try Row.fetchOne(db, sql: "SELECT endpoint, key_fingerprint FROM entry")!
                return [row["endpoint"], row["key_fingerprint"]]
            }
            try await journal.write { db in
                try db.execute(sql: """
                    INSERT INTO entry (time, user, endpoint, key_fingerprint, action, serial, request, outcome, process_id)
                    VALUES ('garbage', 'x', ?, ?, 'renew', '2026-0000-00000005', '{}', 'pending', 99999999999)
                    """, arguments: [context[0], context[1]])
                try db.execute(sql: """
                    INSERT INTO entry (time, user, endpoint, key_fingerprint, action, serial, request, outcome, process_id)
                    VALUES (CAST(strftime('%s','now') AS INTEGER), X'00FF', ?, ?, 'renew', '2026-0000-00000005', '{}', 'pending', X'0102')
                    """, arguments: [context[0], context[1]])
            }
            for format in ["table", "json", "csv"] {
                let history = try await fleet.run(["history", "--output", format], environment: environment)
                #expect(history.exitCode == 0, "\(format): \(history.standardError)")
                #expect(history.standardError.contains("2 entries of the change journal"), "\(format): \(history.standardError) \(history.standardOutput)")
                #expect(history.standardOutput.contains("2026-0000-00000003"))
            }
            let list = try await fleet.run(["list"], environment: environment)
            #expect(list.exitCode == 0, "\(list.standardError)")
        }
    }

    /// A reply bounded by what its request can need: one license is at most 1 MiB.
    @Test func anOversizedOrEndlessReplyToOneLicenseIsAClearError() async throws {
        let huge = "{\"data\":{\"serial\":\"" + String(repeating: "x", count: 2 << 20) + "\"}}"
        let server = try HostileServer(.json(huge))
        defer { server.stop() }
        let environment = ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40), "NETIFY_ENDPOINT": server.baseURL]
        let show = try await BuiltBinary.run(["show", "2026-0000-00000001"], environment: environment)
        #expect(show.exitCode == 8)
        #expect(show.standardError.contains("larger than 1 MiB"), "\(show.standardError)")
        let endless = try HostileServer(.stall(head: Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":".utf8)))
        defer { endless.stop() }
        let config = TestSandbox.temporaryDirectory() + "/config"
        try "timeout_seconds = 2\ntotal_timeout_seconds = 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let trickled = try await BuiltBinary.run(["show", "2026-0000-00000001", "--config", config], environment: ["NETIFY_API_KEY": environment["NETIFY_API_KEY"]!, "NETIFY_ENDPOINT": endless.baseURL])
        #expect(!Self.trapped.contains(trickled.exitCode))
        #expect(trickled.exitCode == 7)
        #expect(trickled.standardError.contains("did not finish within 2 s"), "\(trickled.standardError)")
        #expect(trickled.peakMemoryBytes < 300 << 20)
    }

    /// The argument parser's time grows with the square of the arguments: a command line longer than any command needs is refused at once.
    @Test func tooManyArgumentsAreRefusedBeforeParsing() async throws {
        let run = try await BuiltBinary.run(["list"] + Array(repeating: ["--entitlement", "lua"], count: 8_000).flatMap { $0 })
        #expect(run.exitCode == 1)
        // Only the check before the parser says this (the parser would take a minute to get there).
        #expect(run.standardError.contains("16001 arguments are more than any command takes"))
    }

    @Test func aReplyAboutAnotherLicenseIsAnError() async throws {
        let other = #"{"data":{"serial":"2026-0000-00000999","issued_to":"X","expire_at":{"unix":1893456000,"date":"2030-01-01"},"entitlements":["netify-proc-lua"]}}"#
        let server = try HostileServer(.json(other))
        defer { server.stop() }
        let run = try await BuiltBinary.run(["show", "2026-0000-00000001"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40), "NETIFY_ENDPOINT": server.baseURL])
        #expect(run.exitCode == 8)
        #expect(run.standardError.contains("it is about license 2026-0000-00000999, not 2026-0000-00000001"), "\(run.standardError)")
    }

    @Test func checkAnswersWithinItsTimeoutAgainstAHungServer() async throws {
        let server = try HostileServer(.stall(head: Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n".utf8)))
        defer { server.stop() }
        let started = ContinuousClock.now
        let run = try await BuiltBinary.run(["check", "--timeout", "2"], environment: ["NETIFY_API_KEY": "sbx-00000000-" + String(repeating: "a", count: 40), "NETIFY_ENDPOINT": server.baseURL])
        #expect(run.exitCode == 3)
        #expect(run.standardOutput.hasPrefix("LICENSES UNKNOWN"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("did not finish within 2 s"), "\(run.standardOutput)")
        // The server still held its one request, unanswered: the check's own deadline ended it.
        #expect(server.requests == 1)
        // Only a guard against a hang, 7 times the 2 s deadline.
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func theSandboxRefusesControlCharactersInText() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key,
                                               body: #"{"issued_to":"Acme\u001b]52;c;eA==\u0007","entitlements":["netify-proc-lua"],"duration_days":30}"#)
            #expect(reply.status == 422)
            #expect(reply.fieldNames == ["issued_to"])
            let many = "[" + Array(repeating: "\"nope\"", count: 60_000).joined(separator: ",") + "]"
            let started = ContinuousClock.now
            let refused = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to":"A","entitlements":\#(many)}"#)
            #expect(refused.status == 422)
            // Refused at the first: one message (in status_message and status_fields) about one entitlement, not one per entry.
            #expect(refused.fieldNames == ["entitlements"], "\(refused.body.prefix(300))")
            #expect(refused.body.utf8.count < 2_048 && refused.body.components(separatedBy: "nope").count <= 3, "\(refused.body.prefix(300))")
            // Only a guard against a hang, with a wide margin: the property is the reply above.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
