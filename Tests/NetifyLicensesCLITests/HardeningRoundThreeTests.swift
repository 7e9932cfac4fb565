import Foundation
import GRDB
import LicenseModel
import ProcessSpawning
import SandboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What an attack trial of the release binary broke, each through the real
/// binary against a scripted server or real files: a settings file with CRLF
/// line ends, a list naming a serial twice, an error envelope in a 200, a
/// busy journal, slow scrapers, a 429 storm, a planted link, hostile text in
/// settings and arguments, duplicate envelope members.
@Suite("Hardening, round three")
struct HardeningRoundThreeTests {
    static let key = "sbx-00000000-" + String(repeating: "a", count: 40)
    static let secret = "SECRETSECRETSECRETSECRETSECRET0123456789"

    /// Counts the requests a scripted server saw, by "METHOD path".
    final class Requests: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String] = []
        func note(_ method: String, _ path: String) { lock.withLock { seen.append(method + " " + path) } }
        func count(_ matches: (String) -> Bool) -> Int { lock.withLock { seen.filter(matches).count } }
    }

    static func license(_ serial: String, days: Int, device: String? = nil, entitlements: [Entitlement] = [.lua], issuedTo: String = "Acme") -> License {
        License(serial: serial, issuedTo: issuedTo, targetUID: device, entitlements: entitlements, expireAt: LicenseInstant(date: CalendarDate.today().adding(days: days)))
    }

    static func envelope(_ data: String) -> [UInt8] {
        HostileServer.Behaviour.jsonBytes(#"{"status_code":0,"status_message":"Success.","data":\#(data)}"#)
    }

    static func list(_ licenses: [License]) -> [UInt8] {
        envelope("[" + licenses.map { $0.document.serialized() }.joined(separator: ",") + "]")
    }

    static func environment(_ server: HostileServer, home: String = TestSandbox.temporaryDirectory()) -> [String: String] {
        ["NETIFY_API_KEY": key, "NETIFY_ENDPOINT": server.baseURL, "HOME": home]
    }

    static func privateFile(_ text: String, in directory: String = TestSandbox.temporaryDirectory(), name: String = "config") throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    // MARK: 1. CRLF, CR and a BOM are line ends and nothing

    @Test func crlfCrAndByteOrderMarkSettingsFilesReadLineByLineAndNeverPrintTheKey() async throws {
        for end in ["\r\n", "\r", "\n"] {
            for mark in ["", "\u{FEFF}"] {
                let text = mark + "# a comment first" + end + "endpoint = http://127.0.0.1:9" + end + "api_key = \"\(Self.secret)\"" + end + "readonly = true" + end
                let path = try Self.privateFile(text)
                let run = try await BuiltBinary.run(["config", "show"], environment: ["NETIFY_CONFIG": path])
                let shown = run.standardOutput + run.standardError
                #expect(run.exitCode == 0, "\(end.debugDescription) \(mark.isEmpty): \(run.standardError)")
                #expect(!shown.contains(Self.secret), "the key printed with \(end.debugDescription) line ends")
                let readonly = run.standardOutput.split(separator: "\n").first { $0.hasPrefix("readonly") }.map(String.init) ?? ""
                #expect(readonly.contains("true") && readonly.contains(path), "readonly lost with \(end.debugDescription): \(readonly)")
                #expect(run.standardOutput.contains("http://127.0.0.1:9"))
            }
        }
        // A bad line in a CRLF file: its error quotes only its own line, made safe.
        let path = try Self.privateFile("endpoint = ftp://example.com/\u{1B}]0;OWNED\u{07}\r\napi_key = \"\(Self.secret)\"\r\n")
        let run = try await BuiltBinary.run(["config", "show"], environment: ["NETIFY_CONFIG": path])
        #expect(run.exitCode == 1)
        #expect(!run.standardError.contains(Self.secret), "\(run.standardError)")
        #expect(!run.standardError.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{07}" }, "\(run.standardError.debugDescription)")
    }

    // MARK: 2. A serial listed twice: said, shown once, never planned from

    @Test func aSerialListedTwiceIsSaidShownOnceAndNeverRenewedInBulk() async throws {
        let serial = "2026-0042-00000001"
        // Both copies inside the window: the plan itself must leave the serial out.
        let stale = Self.license(serial, days: 3), real = Self.license(serial, days: 20)
        let requests = Requests()
        let server = try HostileServer(.routed { method, path in
            requests.note(method, path)
            if method == "GET" {
                return path.contains("/licenses/") ? Self.envelope(real.document.serialized()) : Self.list([stale, real, Self.license("2026-0042-00000002", days: 5)])
            }
            let renewed = Self.license(path.contains(serial) ? serial : "2026-0042-00000002", days: 30)
            return Self.envelope(renewed.document.serialized())
        })
        defer { server.stop() }
        let environment = Self.environment(server)
        let renew = try await BuiltBinary.run(["renew", "--expiring-within", "30", "--duration-days", "30", "--yes"], environment: environment)
        #expect(renew.exitCode == 0, "\(renew.standardError)")
        #expect(requests.count { $0.hasPrefix("POST") && $0.contains(serial) } == 0, "a bulk renew acted on a serial the list named twice")
        #expect(requests.count { $0.hasPrefix("POST") && $0.contains("2026-0042-00000002") } == 1, "the consistent license is still renewed")
        #expect(renew.standardError.contains("more than once"), "\(renew.standardError)")

        let list = try await BuiltBinary.run(["list", "--output", "json"], environment: environment)
        #expect(list.exitCode == 0)
        let serials = try JSONParser.parse(list.standardOutput).arrayValue?.compactMap { $0["serial"]?.stringValue } ?? []
        #expect(serials.filter { $0 == serial }.count == 1, "shown once")
        #expect(list.standardError.contains("more than once"))
        let shown = try JSONParser.parse(list.standardOutput).arrayValue?.first { $0["serial"]?.stringValue == serial }
        #expect(shown?["expire_at"]?["date"]?.stringValue == real.expireAt.date.description, "the latest copy is shown")

        let metrics = try await BuiltBinary.run(["metrics"], environment: environment)
        let series = metrics.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(serial) }
        let names = Set(series.map { $0.split(separator: "{").first.map(String.init) ?? "" })
        #expect(series.count == names.count, "each per-license series once: \(series)")
    }

    @Test func aListNamingASerialTwiceKeepsTheLatestCopyInItsPlace() {
        let a = Self.license("2026-0001-00000001", days: 3), b = Self.license("2026-0001-00000002", days: 9), later = Self.license("2026-0001-00000001", days: 300)
        let list = LicenseList(licenses: [a, b, later, a])
        #expect(list.licenses.map(\.serial) == ["2026-0001-00000001", "2026-0001-00000002"])
        #expect(list.licenses[0].expireAt == later.expireAt)
        #expect(list.repeatedSerials == ["2026-0001-00000001"])
        // No spurious "gone": the same list twice changes nothing.
        #expect(ListChanges(from: list.licenses, to: LicenseList(licenses: [later, b, a]).licenses).isEmpty)
        let plan = RenewalPlan(list.licenses.map(RenewalCandidate.init), request: .durationDays(30), keyMaximum: .unknown, today: .today(), listedTwice: Set(list.repeatedSerials))
        #expect(plan.entries.map(\.willSend) == [false, true])
    }

    // MARK: 4. apply: a shorter replacement on the 409 path is a failure

    @Test func applyReportsAShorterReplacementAfterTheOldLicenseWasDeleted() async throws {
        let old = Self.license("2026-0043-00000001", days: 200, device: "box-1", entitlements: [.lua])
        let short = Self.license("2026-0043-00000002", days: 10, device: "box-1", entitlements: [.lua, .mqttSink])
        let requests = Requests()
        let server = try HostileServer(.routed { method, path in
            requests.note(method, path)
            switch method {
            case "GET" where path.contains("/licenses/"): return Self.envelope(old.document.serialized())
            case "GET": return Self.list(requests.count { $0.hasPrefix("DELETE") } == 0 ? [old] : [short])
            case "DELETE": return Self.envelope(old.document.serialized())
            default:
                if requests.count({ $0.hasPrefix("POST") }) == 1 {
                    return HostileServer.Behaviour.jsonBytes(#"{"status_code":409,"status_message":"box-1 already holds lua"}"#, status: "409 Conflict")
                }
                return Self.envelope(short.document.serialized())
            }
        })
        defer { server.stop() }
        let home = TestSandbox.temporaryDirectory()
        let file = try Self.privateFile(ApplyTests.header + "box-1,Acme,lua;mqtt,,,,\n", in: home, name: "devices.csv")
        let run = try await BuiltBinary.run(["apply", file, "--yes"], environment: Self.environment(server, home: home))
        #expect(run.exitCode == 9, "\(run.standardOutput)\n\(run.standardError)")
        let said = run.standardOutput + run.standardError
        #expect(said.contains("earlier than the planned"), "\(said)")
        #expect(said.contains("renew 2026-0043-00000002 --expire-at \(old.expireAt.date)"), "how to restore the term: \(said)")
        #expect(!said.contains("0 failed"))
    }

    // MARK: 5. An error envelope in a 200 is that error, on delete too

    @Test func aDeleteAnswered200WithAnErrorEnvelopeIsNotDeleted() async throws {
        let server = try HostileServer(.json(#"{"status_code":409,"status_message":"the license is locked"}"#))
        defer { server.stop() }
        let home = TestSandbox.temporaryDirectory()
        let run = try await BuiltBinary.run(["delete", "2026-0044-00000001", "--yes"], environment: Self.environment(server, home: home))
        #expect(run.exitCode == 5, "\(run.standardOutput) \(run.standardError)")
        #expect(!run.standardOutput.contains("deleted"))
        let history = try await BuiltBinary.run(["history", "--output", "json"], environment: Self.environment(server, home: home))
        let outcomes = try JSONParser.parse(history.standardOutput).arrayValue?.compactMap { $0["outcome"]?.stringValue } ?? []
        #expect(outcomes == ["failed"], "\(history.standardOutput)")
        // A 200 whose envelope gives its status twice is unreadable, not a delete.
        let twice = try HostileServer(.json(#"{"status_code":0,"status_code":409}"#))
        defer { twice.stop() }
        let unreadable = try await BuiltBinary.run(["delete", "2026-0044-00000001", "--yes"], environment: Self.environment(twice))
        #expect(unreadable.exitCode == 8, "\(unreadable.standardOutput) \(unreadable.standardError)")
        #expect(!unreadable.standardOutput.contains("deleted"))
    }

    // MARK: 6. A busy journal is waited for and reported, never set aside

    @Test func aBusyJournalIsReportedAndKept() async throws {
        let fleet = try await CLITests.Fleet.start()
        try await withCleanup({ await fleet.stop() }) {
            let home = TestSandbox.temporaryDirectory()
            #expect(try await fleet.run(["renew", "2026-0000-00000003", "--duration-days", "30"], environment: ["HOME": home]).exitCode == 0)
            let directory = home + "/.local/state/netify-licenses"
            let path = directory + "/journal.sqlite"
            // The lock is held on a thread of its own (not the cooperative pool), taken before the command starts.
            let holder = try DatabaseQueue(path: path)
            let taken = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                try? holder.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN EXCLUSIVE")
                    taken.signal()
                    // Longer than the busy timeout (5 s), unless the command ends first.
                    _ = release.wait(timeout: .now() + 30)
                    try db.execute(sql: "COMMIT")
                }
                released.signal()
            }
            taken.wait()
            let busy = try await fleet.run(["history"], environment: ["HOME": home])
            release.signal()
            released.wait()
            #expect(busy.exitCode != 0)
            #expect(busy.standardError.contains("busy"), "\(busy.standardError)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(!files.contains { $0.contains(".damaged-") }, "set aside: \(files)")
            let after = try await fleet.run(["history", "--output", "json"], environment: ["HOME": home])
            #expect(try JSONParser.parse(after.standardOutput).arrayValue?.count == 1, "\(after.standardError)")
        }
    }

    // MARK: 7. The exporter keeps the sandbox's guards

    @Test func slowClientsCannotTakeTheExportersDescriptors() async throws {
        let server = try HostileServer(.reply(Self.list([Self.license("2026-0045-00000001", days: 40)])))
        defer { server.stop() }
        let exporter = try await PrometheusMetricsTests.Exporter.start(endpoint: server.baseURL, key: "abcdefghijklmnopqrstuvwxyz", interval: 3_600)
        defer { exporter.child.stop(signal: SIGTERM) }
        // 300 connections from another loopback address, each a header byte and then silence.
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for _ in 0..<300 {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var source = sockaddr_in(), target = sockaddr_in()
            source.sin_family = sa_family_t(AF_INET)
            source.sin_addr.s_addr = inet_addr("127.0.0.2")
            target.sin_family = sa_family_t(AF_INET)
            target.sin_addr.s_addr = inet_addr("127.0.0.1")
            target.sin_port = UInt16(exporter.port).bigEndian
            _ = withUnsafePointer(to: &source) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            let connected = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            if connected == 0 { _ = "G".withCString { send(descriptor, $0, 1, Int32(MSG_NOSIGNAL)) } }
            sockets.append(descriptor)
        }
        // The connections past the per-address cap are closed by the exporter at once.
        var closed = 0
        for _ in 0..<40 where closed < 200 {
            try await Task.sleep(nanoseconds: 100_000_000)
            closed = 0
            for socket in sockets {
                var byte: UInt8 = 0
                if recv(socket, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK)) == 0 { closed += 1 }
            }
        }
        #expect(closed >= 200, "only \(closed) of 300 slow connections from one address were closed")
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(exporter.child.pid)/fd").count) ?? 0
        #expect(descriptors < 200, "the exporter holds \(descriptors) descriptors for 300 slow clients")
        let (reply, samples) = try await exporter.scrape()
        #expect(reply.status == 200)
        #expect(!samples.isEmpty)
    }

    // MARK: 8. One budget for an operation, whoever retries

    @Test func aRateLimitStormEndsWithinTheOperationsBudget() async throws {
        let serial = "2026-0046-00000001"
        let requests = Requests()
        let server = try HostileServer(.routed { method, path in
            requests.note(method, path)
            if method == "GET" { return Self.envelope(Self.license(serial, days: 5).document.serialized()) }
            let body = #"{"status_code":429,"status_message":"slow down"}"#
            return Array("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
        })
        defer { server.stop() }
        let home = TestSandbox.temporaryDirectory()
        let config = try Self.privateFile("timeout_seconds = 2\ntotal_timeout_seconds = 5\n", in: home)
        var environment = Self.environment(server, home: home)
        environment["NETIFY_CONFIG"] = config
        let run = try await BuiltBinary.run(["renew", serial, "--duration-days", "30"], environment: environment)
        #expect(run.exitCode == 6, "\(run.standardError)")
        // Retry-After 1 within a 5 s budget: at most 5 sends, however the client's and the engine's retries combine (44 before).
        let posts = requests.count { $0.hasPrefix("POST") }
        #expect(posts >= 2 && posts <= 5, "\(posts) POSTs for one renew")
    }

    // MARK: 9. The embedded sandbox's database never follows a planted link

    @Test func theEmbeddedSandboxRefusesAPlantedLink() async throws {
        let home = TestSandbox.temporaryDirectory()
        let directory = home + "/.local/share/netify-licenses"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let other = home + "/other.db"
        FileManager.default.createFile(atPath: other, contents: Data())
        symlink(other, directory + "/sandbox.sqlite")
        let run = try await BuiltBinary.run(["list", "--sandbox"], environment: ["HOME": home])
        #expect(run.exitCode == 1, "\(run.standardError)")
        #expect(run.standardError.contains("link"), "\(run.standardError)")
        #expect((try FileManager.default.attributesOfItem(atPath: other)[.size] as? Int) == 0, "the link's target gained the sandbox's tables")
    }

    // MARK: 10, 11. One safe-text rule for every output

    static let hiddenScalars: [Unicode.Scalar] = ["\u{202E}", "\u{2066}", "\u{2028}", "\u{200B}", "\u{200F}", "\u{061C}", "\u{1B}", "\u{07}", "\u{9B}"]

    static func holdsHidden(_ text: String) -> Bool {
        text.unicodeScalars.contains { hiddenScalars.contains($0) }
    }

    @Test func hiddenAndReorderingCharactersReachNoOutputRaw() async throws {
        let serial = "2026-0047-00000001"
        var hostile = Self.license(serial, days: 20, issuedTo: "Ac\u{202E}me\u{200B}\u{2066}\u{2028}x\u{061C}\u{200F}\u{1B}[2J")
        hostile.texts[.notes] = "note\u{202E}\u{200B}" + String(repeating: "n", count: 9_000)
        let body = Self.list([hostile])
        let single = Self.envelope(hostile.document.serialized())
        let server = try HostileServer(.routed { method, path in path.contains(serial) ? single : body })
        defer { server.stop() }
        let environment = Self.environment(server)
        for arguments in [["list"], ["list", "--output", "json"], ["list", "--output", "csv"], ["show", serial, "--output", "table"], ["show", serial, "--output", "json"]] {
            let run = try await BuiltBinary.run(arguments, environment: environment)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
            #expect(!Self.holdsHidden(run.standardOutput) && !Self.holdsHidden(run.standardError), "\(arguments): \(run.standardOutput.debugDescription)")
            if arguments == ["show", serial, "--output", "table"] {
                #expect(run.standardOutput.count < 6_000, "a value longer than the rules allow is cut")
            }
        }
        // The delete prompt, answered no on a terminal-less stdin: nothing raw in the question either.
        let delete = try await BuiltBinary.run(["delete", serial], environment: environment, input: "n\n")
        #expect(!Self.holdsHidden(delete.standardError), "\(delete.standardError.debugDescription)")
    }

    @Test func settingsEnvironmentAndArgumentValuesReachTheTerminalMadeSafe() async throws {
        let escape = "\u{1B}]0;OWNED\u{07}\u{1B}[2J"
        let home = TestSandbox.temporaryDirectory()
        let config = try Self.privateFile("endpoint = http://example.com/\(escape)\nkey.renew = \(escape)\n", in: home)
        let environment = ["HOME": home, "NETIFY_CONFIG": config]
        let cases: [[String]] = [
            ["config", "show"],
            ["list"],
            ["list", "--context", escape],
            ["list", "--sandbox", "--theme", escape],
            ["exporter", "--listen", escape],
            ["list", "--api-key-file", home + "/" + escape],
            ["apply", home + "/" + escape + ".csv", "--dry-run"],
        ]
        for arguments in cases {
            let run = try await BuiltBinary.run(arguments, environment: environment)
            #expect(!Self.holdsHidden(run.standardOutput) && !Self.holdsHidden(run.standardError), "\(arguments): \(run.standardError.debugDescription)")
        }
    }

    // MARK: 12. An absurd interval is refused, not a trap

    @Test func anAbsurdExporterIntervalIsRefused() async throws {
        let run = try await BuiltBinary.run(["exporter", "--interval", "9223372036854775807"], environment: ["NETIFY_API_KEY": Self.key])
        #expect(run.exitCode == 1, "\(run.exitCode): \(run.standardError)")
        #expect(run.standardError.contains("--interval must be from 1 to"))
    }

    // MARK: 13. A timeout after the server may have acted is an unknown outcome

    @Test func aRenewThatTimedOutAfterSendingIsJournaledAsUnknown() async throws {
        let serial = "2026-0048-00000001"
        let server = try HostileServer(.routed { method, path in
            // The renew is read and never answered: the server may have acted.
            if method == "POST" { return [] }
            return Self.envelope(Self.license(serial, days: 5).document.serialized())
        })
        defer { server.stop() }
        let home = TestSandbox.temporaryDirectory()
        var environment = Self.environment(server, home: home)
        environment["NETIFY_CONFIG"] = try Self.privateFile("timeout_seconds = 1\ntotal_timeout_seconds = 3\n", in: home)
        let run = try await BuiltBinary.run(["renew", serial, "--expire-at", CalendarDate.today().adding(days: 60).description], environment: environment)
        #expect(run.exitCode != 0)
        let history = try await BuiltBinary.run(["history", "--output", "json"], environment: environment)
        let outcomes = try JSONParser.parse(history.standardOutput).arrayValue?.compactMap { $0["outcome"]?.stringValue } ?? []
        #expect(outcomes.count == 1 && outcomes[0].contains("unknown"), "\(history.standardOutput) \(history.standardError)")
    }

    // MARK: 14. A reply announcing more than the bound is refused from its head

    @Test func aListAnnouncingMoreThanItsBoundIsRefusedAtOnce() async throws {
        let server = try HostileServer(.stall(head: Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n{".utf8)))
        defer { server.stop() }
        let home = TestSandbox.temporaryDirectory()
        var environment = Self.environment(server, home: home)
        // A generous deadline: refused from the head, the reply never waits for it.
        environment["NETIFY_CONFIG"] = try Self.privateFile("timeout_seconds = 300\ntotal_timeout_seconds = 600\n", in: home)
        let run = try await BuiltBinary.run(["list"], environment: environment)
        #expect(run.exitCode == 8, "\(run.standardError)")
        #expect(run.standardError.contains("larger than"), "refused from the header, not timed out: \(run.standardError)")
        #expect(server.requests == 1, "not retried")
    }

    // MARK: 15. Members given twice

    @Test func anEnvelopeGivingAMemberTwiceIsUnreadable() async throws {
        for body in [
            #"{"status_code":0,"status_code":401,"data":[]}"#,
            #"{"status_code":0,"data":[],"data":[]}"#,
            #"{"data":[],"status_message":"a","status_message":"b"}"#,
        ] {
            let server = try HostileServer(.json(body))
            defer { server.stop() }
            let run = try await BuiltBinary.run(["list"], environment: Self.environment(server))
            #expect(run.exitCode == 8, "\(body): \(run.standardError)")
            #expect(run.standardError.contains("twice"), "\(body): \(run.standardError)")
            for path in LicenseListDecoder.Path.allCases {
                #expect(throws: LicensingError.self, "\(body) on the \(path) path") { try LicenseListDecoder.decode(Array(body.utf8), path: path) }
            }
        }
    }

    @Test func theSandboxRefusesARequestGivingAMemberTwice() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let body = #"{"issued_to":"A","issued_to":"B","entitlements":["netify-proc-lua"],"duration_days":30}"#
            let reply = try await RawHTTP.send(.POST, sandbox.baseURL + "/api/v2/integrator/licenses", key: sandbox.key, body: body)
            #expect(reply.status == 400, "\(reply.body)")
            #expect(reply.body.contains("twice"))
            #expect(try await sandbox.client().readableLicenses().isEmpty)
        }
    }
}
