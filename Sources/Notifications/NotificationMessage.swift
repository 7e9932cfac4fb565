import LicenseModel

/// A report written for one destination's format: its body, and for mail its
/// headers. Text from a server is made safe for the format first: no terminal
/// escape anywhere, Slack's `& < >` escaped (so `<!channel>` is text, never a
/// mention), Matrix's `@room` broken and `m.mentions` empty, no CR or LF in a
/// mail header; long lists cut with a count ("and 412 more").
public struct NotificationMessage: Sendable, Equatable {
    public var format: NotificationFormat
    /// The HTTP body (JSON), or the whole mail (headers, a blank line, the body).
    public var body: [UInt8]
    /// The text a person reads (for --dry-run and the mail body).
    public var text: String

    /// How many licenses of one list a message names before "and N more".
    public static func shownPerList(_ format: NotificationFormat) -> Int {
        switch format {
        case .json: return 500
        case .slack, .teams: return 15
        case .matrix: return 25
        case .mail: return 100
        }
    }

    public init(_ report: NotificationReport, format: NotificationFormat, mailTo: [String] = []) {
        self.format = format
        let limit = NotificationMessage.shownPerList(format)
        switch format {
        case .json:
            text = NotificationMessage.plainText(report, limit: limit, escape: NotificationMessage.plain)
            body = NotificationMessage.json(report, limit: limit)
        case .slack:
            text = NotificationMessage.plainText(report, limit: limit, escape: NotificationMessage.slack)
            let section: JSONValue = ["type": "section", "text": ["type": "mrkdwn", "text": .string(String(text.prefix(2_900)))]]
            body = (["text": .string(NotificationMessage.slack(report.title)), "blocks": [section]] as JSONValue).serializedBytes()
        case .teams:
            text = NotificationMessage.plainText(report, limit: limit, escape: NotificationMessage.teams)
            let card: JSONValue = [
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
                "body": [["type": "TextBlock", "text": .string(String(text.prefix(20_000))), "wrap": true]],
            ]
            let attachment: JSONValue = ["contentType": "application/vnd.microsoft.card.adaptive", "content": card]
            body = (["type": "message", "attachments": [attachment]] as JSONValue).serializedBytes()
        case .matrix:
            text = NotificationMessage.plainText(report, limit: limit, escape: NotificationMessage.matrix)
            // Mentions no one, whatever the text says.
            body = (["msgtype": "m.notice", "body": .string(String(text.prefix(30_000))), "m.mentions": [:]] as JSONValue).serializedBytes()
        case .mail:
            text = NotificationMessage.plainText(report, limit: limit, escape: NotificationMessage.plain)
            let headers = [
                "To: " + mailTo.map(NotificationMessage.header).joined(separator: ", "),
                "Subject: " + NotificationMessage.header(report.title),
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "Auto-Submitted: auto-generated",
            ]
            body = Array((headers.joined(separator: "\n") + "\n\n" + text + "\n").utf8)
        }
    }

    /// Every format's text: the title, then each list with its count, cut at `limit`.
    static func plainText(_ report: NotificationReport, limit: Int, escape: (String) -> String) -> String {
        var lines = [escape(report.title)]
        func section<T>(_ name: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(name) (\(items.count)):")
            for item in items.prefix(limit) { lines.append("  " + line(item)) }
            if items.count > limit { lines.append("  … and \(items.count - limit) more") }
        }
        func item(_ item: NotificationReport.Item) -> String {
            let when = item.daysLeft < 0 ? "expired \(item.expireAt) (\(-item.daysLeft) day\(item.daysLeft == -1 ? "" : "s") ago)"
                : item.daysLeft == 0 ? "expires \(item.expireAt) (today)" : "expires \(item.expireAt) (in \(item.daysLeft) day\(item.daysLeft == 1 ? "" : "s"))"
            return "\(escape(item.serial.safeForDisplay(limit: 40))) \(escape(item.issuedTo.safeForDisplay(limit: 80))): \(when)"
                + (item.renewable ? "" : ", not renewable")
        }
        switch report.kind {
        case .test:
            lines.append("This destination is set up: netify-licenses can reach it.")
        case .digest:
            section("Expired", report.expired, item)
            section("Critical", report.critical, item)
            section("Warning", report.warning, item)
        case .run:
            section("Renewed", report.renewed) {
                "\(escape($0.serial.safeForDisplay(limit: 40))) \(escape($0.issuedTo.safeForDisplay(limit: 80))): \($0.from) → \($0.to)"
            }
            section("Failed", report.failed) {
                "\(escape($0.serial.safeForDisplay(limit: 40))) \(escape($0.issuedTo.safeForDisplay(limit: 80))): \(escape($0.reason.safeForDisplay(limit: 200)))"
            }
            section("Skipped", report.skipped) {
                "\(escape($0.serial.safeForDisplay(limit: 40))) \(escape($0.issuedTo.safeForDisplay(limit: 80))): \(escape($0.reason.safeForDisplay(limit: 200)))"
            }
            if report.renewed.isEmpty, report.failed.isEmpty, report.skipped.isEmpty { lines.append("Nothing was due.") }
        }
        return lines.joined(separator: "\n")
    }

    /// The documented JSON object (README, "Notifications").
    static func json(_ report: NotificationReport, limit: Int) -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = [
            ("kind", .string(report.kind.rawValue)), ("context", report.context.map(JSONValue.string) ?? .null),
            ("time", .string(UTCTime.iso8601(report.time))), ("title", .string(report.title)),
        ]
        // Each list: its first `limit` entries, then how many it has.
        func list<Entry>(_ name: String, _ entries: [Entry], _ entry: (Entry) -> JSONValue) {
            members.append((name, .array(entries.prefix(limit).map(entry))))
            members.append((name + "_count", .integer(Int64(entries.count))))
        }
        func item(_ item: NotificationReport.Item) -> JSONValue {
            ["serial": .string(item.serial.safeForDisplay(limit: 40)), "issued_to": .string(item.issuedTo.safeForDisplay(limit: 200)),
             "expire_at": .string(item.expireAt.description), "days_left": .integer(Int64(item.daysLeft)), "renewable": .bool(item.renewable)]
        }
        func outcome(_ outcome: NotificationReport.Outcome) -> JSONValue {
            ["serial": .string(outcome.serial.safeForDisplay(limit: 40)), "issued_to": .string(outcome.issuedTo.safeForDisplay(limit: 200)),
             "reason": .string(outcome.reason.safeForDisplay(limit: 500))]
        }
        list("expired", report.expired, item)
        list("critical", report.critical, item)
        list("warning", report.warning, item)
        list("renewed", report.renewed) {
            ["serial": .string($0.serial.safeForDisplay(limit: 40)), "issued_to": .string($0.issuedTo.safeForDisplay(limit: 200)),
             "from": .string($0.from.description), "to": .string($0.to.description)]
        }
        list("failed", report.failed, outcome)
        list("skipped", report.skipped, outcome)
        return JSONValue.object(members).serializedBytes()
    }

    static func plain(_ text: String) -> String { text }

    /// Slack's control characters, escaped as its docs say: `<!channel>` is text, never a mention.
    static func slack(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Teams renders a subset of Markdown in a TextBlock, not HTML (entities would show as written);
    /// a mention needs an `<at>` entity in `msteams.entities`, which is never sent, so text cannot ping.
    static func teams(_ text: String) -> String {
        text
    }

    /// `@room` pings the whole room in most Matrix clients: broken up (and `m.mentions` is empty).
    static func matrix(_ text: String) -> String {
        text.replacingOccurrences(of: "@room", with: "@ room")
    }

    /// A header value: one line, printable, bounded.
    static func header(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 })).safeForDisplay(limit: 200)
    }
}

extension String {
    /// Without Foundation: every occurrence of `target` replaced.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
