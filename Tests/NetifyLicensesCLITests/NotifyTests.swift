import Foundation
import LicenseModel
import ProcessSpawning
import SandboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `notify` and `renew --due`'s reports, through the real binary: a real HTTP
/// receiver on loopback (one that takes, answers 500 or hangs), a sendmail
/// stand-in that records its standard input, and a sandbox whose licenses are
/// named to attack each format.
@Suite("Notifications")
struct NotifyTests {
    /// Names that would ping, format or forge: Slack's `<!channel>` and `&`, Matrix's `@room`, a bidi override.
    static let hostileName = "<!channel> & <@U123> @room \u{202E}evil"

    struct World {
        let fleet: CLITests.Fleet
        let home = TestSandbox.temporaryDirectory()
        let receivers: [String: HostileServer]

        var environment: [String: String] { ["HOME": home, "NETIFY_CONFIG": home + "/config"] }

        static func start(answers: [String: @Sendable (HostileServer.RecordedRequest) -> [UInt8]] = [:], level: String = "changes") async throws -> World {
            let fleet = try await CLITests.Fleet.start()
            // One license whose name attacks every format, critical in 3 days.
            _ = try await fleet.sandbox.client().createLicense(CreateLicenseRequest(
                issuedTo: NotifyTests.hostileName.replacingOccurrences(of: "\u{202E}", with: ""), entitlements: [.lua], expiry: .durationDays(3)))
            var receivers: [String: HostileServer] = [:]
            for format in ["json", "slack", "teams", "matrix"] {
                let answer = answers[format] ?? { _ in HostileServer.Behaviour.jsonBytes(#"{"ok":true}"#) }
                receivers[format] = try HostileServer(.recording(answer))
            }
            let world = World(fleet: fleet, receivers: receivers)
            try world.configure(level: level)
            return world
        }

        func configure(level: String, timeout: String? = nil) throws {
            // Run through /bin/sh: a script just written can be "text file busy" to exec while
            // another test's child still holds its descriptor.
            var lines = ["sendmail_command = /bin/sh \(home)/sendmail", "critical_days = 7", "warning_days = 30"]
            for (format, receiver) in receivers.sorted(by: { $0.key < $1.key }) {
                lines += ["notify.\(format)-dest.url = \(receiver.baseURL)/hook/SECRET-\(format)", "notify.\(format)-dest.format = \(format)", "notify.\(format)-dest.level = \(level)"]
            }
            try "matrix-token-SECRET\n".write(toFile: home + "/matrix-token", atomically: true, encoding: .utf8)
            chmod(home + "/matrix-token", 0o600)
            lines += ["notify.matrix-dest.token_file = \(home)/matrix-token"]
            lines += ["notify.mail-dest.format = mail", "notify.mail-dest.to = ops@example.com, oncall@example.com", "notify.mail-dest.level = \(level)"]
            try (lines.joined(separator: "\n") + "\n").write(toFile: home + "/config", atomically: true, encoding: .utf8)
            chmod(home + "/config", 0o600)
            try "#!/bin/sh\ncat > \"\(home)/mail-$$.txt\"\n".write(toFile: home + "/sendmail", atomically: true, encoding: .utf8)
            chmod(home + "/sendmail", 0o755)
        }

        func run(_ arguments: [String]) async throws -> BuiltBinary.Run {
            try await fleet.run(arguments, environment: environment)
        }

        var mails: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: home)) ?? []).filter { $0.hasPrefix("mail-") }.sorted()
                .compactMap { try? String(contentsOfFile: home + "/" + $0, encoding: .utf8) }
        }

        func stop() async {
            for receiver in receivers.values { receiver.stop() }
            await fleet.stop()
        }
    }

    @Test func eachFormatHasItsShapeMadeSafeAndASecondNotifySendsNothing() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            let first = try await world.run(["notify"])
            #expect(first.exitCode == 0, "\(first.standardError)")
            // json: the documented object.
            let json = try #require(world.receivers["json"]?.recorded.first)
            #expect(json.method == "POST" && json.path == "/hook/SECRET-json")
            let object = try JSONParser.parse(json.body)
            #expect(object["kind"]?.stringValue == "digest")
            let critical = try #require(object["critical"]?.arrayValue)
            let attacking = try #require(critical.first { $0["issued_to"]?.stringValue?.contains("channel") == true })
            #expect(attacking["days_left"] != nil && attacking["renewable"]?.boolValue == true && attacking["expire_at"]?.stringValue != nil)
            #expect(object["expired"]?.arrayValue != nil && object["warning"]?.arrayValue != nil && object["renewed"]?.arrayValue != nil)
            // slack: text, escaped: <!channel> is never a mention.
            let slack = try JSONParser.parse(try #require(world.receivers["slack"]?.recorded.first).body)
            let slackText = try #require(slack["blocks"]?.arrayValue?.first?["text"]?["text"]?.stringValue)
            #expect(slack["text"]?.stringValue != nil)
            #expect(slackText.contains("&lt;!channel&gt;") && slackText.contains("&amp;") && !slackText.contains("<!channel>"), "\(slackText)")
            // teams: an Adaptive Card.
            let teams = try JSONParser.parse(try #require(world.receivers["teams"]?.recorded.first).body)
            #expect(teams["attachments"]?.arrayValue?.first?["contentType"]?.stringValue == "application/vnd.microsoft.card.adaptive")
            #expect(teams["attachments"]?.arrayValue?.first?["content"]?["type"]?.stringValue == "AdaptiveCard")
            // matrix: PUT to a transaction, the token as Bearer, mentioning no one.
            let matrix = try #require(world.receivers["matrix"]?.recorded.first)
            #expect(matrix.method == "PUT" && matrix.path.hasPrefix("/hook/SECRET-matrix/send/m.room.message/"))
            #expect(matrix.headers["authorization"] == "Bearer matrix-token-SECRET")
            let event = try JSONParser.parse(matrix.body)
            #expect(event["m.mentions"]?.objectValue?.isEmpty == true)
            #expect(event["body"]?.stringValue?.contains("@room") == false)
            // mail: To, Subject, a plain body; no header injection, no escape anywhere.
            let mail = try #require(world.mails.first)
            #expect(mail.hasPrefix("To: ops@example.com, oncall@example.com\nSubject: netify-licenses: "))
            #expect(mail.contains("\n\n") && mail.contains("Critical ("))
            for request in world.receivers.values.flatMap(\.recorded) {
                #expect(!request.bodyText.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" }, "\(request.path)")
            }
            // Never the URL or the token on the terminal.
            #expect(!(first.standardOutput + first.standardError).contains("SECRET"), "\(first.standardError)")
            // Nothing new: nothing sent, exit 0.
            let second = try await world.run(["notify"])
            #expect(second.exitCode == 0)
            #expect(second.standardError.contains("Nothing new"), "\(second.standardError)")
            #expect(world.receivers["json"]?.recorded.count == 1)
            // --always sends anyway; --dry-run prints and sends nothing.
            #expect(try await world.run(["notify", "--always", "--to", "json-dest"]).exitCode == 0)
            #expect(world.receivers["json"]?.recorded.count == 2 && world.receivers["slack"]?.recorded.count == 1)
            let dry = try await world.run(["notify", "--dry-run", "--always", "--to", "slack-dest"])
            #expect(dry.standardOutput.contains("== slack-dest (slack)") && world.receivers["slack"]?.recorded.count == 1)
            // A renew is news again.
            #expect(try await world.run(["renew", "2026-0000-00000006", "--duration-days", "200"]).exitCode == 0)
            #expect(try await world.run(["notify", "--to", "json-dest"]).exitCode == 0)
            #expect(world.receivers["json"]?.recorded.count == 3)
        }
    }

    @Test func aReceiverFailingTwiceThenTakingGetsTheMessageOnce() async throws {
        let attempts = HardeningRoundThreeTests.Requests()
        let world = try await World.start(answers: ["json": { request in
            attempts.note(request.method, request.path)
            return attempts.count { _ in true } <= 2 ? HostileServer.Behaviour.jsonBytes("", status: "500 Internal Server Error") : HostileServer.Behaviour.jsonBytes("{}")
        }])
        try await withCleanup({ await world.stop() }) {
            let run = try await world.run(["notify", "--to", "json-dest"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            #expect(world.receivers["json"]?.recorded.count == 3, "two failures, then taken once")
        }
    }

    @Test func aHungReceiverIsBoundedExit13AndTheOthersStillDelivered() async throws {
        let world = try await World.start(answers: ["slack": { _ in [] }, "teams": { _ in HostileServer.Behaviour.jsonBytes("", status: "404 Not Found") }])
        try await withCleanup({ await world.stop() }) {
            let started = ContinuousClock.now
            let run = try await world.run(["notify"])
            #expect(run.exitCode == 13, "\(run.standardError)")
            #expect(run.standardError.contains("slack-dest did not take the message") && run.standardError.contains("teams-dest did not take the message"))
            #expect(!run.standardError.contains("SECRET"))
            #expect(world.receivers["json"]?.recorded.count == 1 && world.receivers["matrix"]?.recorded.count == 1 && world.mails.count == 1)
            #expect(world.receivers["teams"]?.recorded.count == 1, "a 404 is not retried")
            // The hung receiver got its one request and never answered: the run ended by its own bound.
            #expect(world.receivers["slack"]?.recorded.count == 1)
            // Only a guard against a hang: 6 times the per-destination bound of 10 s.
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }

    @Test func renewDueReportsItsRunOncePerDestinationByLevel() async throws {
        for level in ["failures", "changes", "all"] {
            let world = try await World.start(level: level)
            try await withCleanup({ await world.stop() }) {
                let run = try await world.run(["renew", "--due"])
                #expect(run.exitCode == 0, "\(run.standardError)")
                let messages = world.receivers["json"]?.recorded ?? []
                switch level {
                case "failures":
                    #expect(messages.isEmpty, "nothing failed: \(messages.map(\.bodyText))")
                default:
                    #expect(messages.count == 1, "one message per run, never one per license")
                    let report = try JSONParser.parse(try #require(messages.first).body)
                    #expect(report["kind"]?.stringValue == "run")
                    #expect((report["renewed"]?.arrayValue?.count ?? 0) > 0)
                }
                // Nothing due at all: `all` still reports.
                let again = try await world.run(["renew", "--due"])
                #expect(again.exitCode == 0)
                let after = world.receivers["json"]?.recorded.count ?? 0
                #expect(after == (level == "all" ? 2 : level == "changes" ? 1 : 0), "\(level): \(after)")
            }
        }
    }

    @Test func aTestMessageAndBadDestinationsAreSaidClearly() async throws {
        let world = try await World.start()
        try await withCleanup({ await world.stop() }) {
            let test = try await world.run(["notify", "--test", "matrix-dest"])
            #expect(test.exitCode == 0, "\(test.standardError)")
            #expect(world.receivers["matrix"]?.recorded.first.map { String(decoding: $0.body, as: UTF8.self).contains("test message") } == true)
            let unknown = try await world.run(["notify", "--to", "nowhere"])
            #expect(unknown.exitCode == 1 && unknown.standardError.contains("There is no destination nowhere"))
            // A mail recipient that would inject a header is refused with its line.
            try (try String(contentsOfFile: world.home + "/config", encoding: .utf8) + "notify.bad.format = mail\nnotify.bad.to = a@example.com\\nBcc: b@example.com\n")
                .write(toFile: world.home + "/config", atomically: true, encoding: .utf8)
            chmod(world.home + "/config", 0o600)
            let bad = try await world.run(["notify", "--dry-run"])
            #expect(bad.exitCode == 1, "\(bad.standardError)")
            #expect(bad.standardError.contains("notify.bad.to"), "\(bad.standardError)")
        }
    }

    @Test func newsIsKeptForEachDestinationUntilItTakesIt() async throws {
        let attempts = HardeningRoundThreeTests.Requests()
        // The json receiver fails every attempt of the first notify (4 × 500), then takes.
        let world = try await World.start(answers: ["json": { request in
            attempts.note(request.method, request.path)
            return attempts.count { _ in true } <= 4 ? HostileServer.Behaviour.jsonBytes("", status: "500 Internal Server Error") : HostileServer.Behaviour.jsonBytes("{}")
        }])
        try await withCleanup({ await world.stop() }) {
            let first = try await world.run(["notify"])
            #expect(first.exitCode == 13, "\(first.standardError)")
            #expect(world.receivers["slack"]?.recorded.count == 1)
            // A dry run now says what a real one would: only json has news.
            let dry = try await world.run(["notify", "--dry-run"])
            #expect(dry.standardOutput.contains("== json-dest") && !dry.standardOutput.contains("== slack-dest"), "\(dry.standardOutput)")
            let second = try await world.run(["notify"])
            #expect(second.exitCode == 0, "\(second.standardError)")
            #expect(world.receivers["json"]?.recorded.count == 5, "the news kept for the destination that did not take it")
            #expect(world.receivers["slack"]?.recorded.count == 1, "and not said again to one that did")
            let third = try await world.run(["notify", "--dry-run"])
            #expect(third.standardError.contains("nothing would be sent"), "\(third.standardError)")
        }
    }
}
