import LicenseModel
import NetifyLicensing
import TerminalUI

/// Renders licenses for stdout: an aligned table for people, JSON or CSV for programs.
struct LicenseOutput {
    var thresholds: ExpiryThresholds
    var now: Int64
    /// ANSI colours on the status column; off in pipes and under NO_COLOR.
    var colour: Bool
    /// JSON indented for a person on a terminal, compact for a program in a pipe.
    var prettyJSON = Terminal.isTerminal(1)

    static func wantsColour() -> Bool {
        Terminal.isTerminal(1) && (ProcessEnvironment.current["NO_COLOR"] ?? "").isEmpty
    }

    func json(_ licenses: [License]) -> String {
        var output = JSONOutput(pretty: prettyJSON, reservingCapacity: licenses.count * 512)
        output.beginArray()
        for license in licenses { license.writeDocument(to: &output) }
        output.endArray()
        output.appendText("\n")
        return output.text
    }

    func json(_ license: License) -> String {
        license.documentText(pretty: prettyJSON) + "\n"
    }

    static let csvHeader = ["serial", "issued_to", "entitlements", "target_uid", "expire_at", "days_left", "status", "renewable", "description", "notes"]

    func csv(_ licenses: [License]) -> String {
        var output = LicenseOutput.csvHeader.joined(separator: ",") + "\r\n"
        for license in licenses {
            let fields = [
                license.serial, license.issuedTo, license.entitlements.map(\.rawValue).joined(separator: " "),
                license.targetUID ?? "", license.expireAt.date.description, String(license.daysLeft(now: now)),
                thresholds.status(of: license.expireAt, now: now).rawValue,
                license.renewable.map { $0 ? "true" : "false" } ?? "", license.description ?? "", license.notes ?? "",
            ]
            output += fields.map(LicenseOutput.csvField).joined(separator: ",") + "\r\n"
        }
        return output
    }

    /// RFC 4180 quoting, decided by Unicode scalars (in Swift `"\r\n"` is one
    /// Character, equal neither to `"\r"` nor to `"\n"`), and a leading
    /// formula character (`= + - @`, tab, CR) neutralised with a quote so a
    /// spreadsheet never executes a license's text (OWASP's CSV injection rule).
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first),
           !(first == "-" && Double(value) != nil) {
            value = "'" + value
        }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    func table(_ licenses: [License]) -> String {
        let header = ["SERIAL", "ISSUED TO", "ENTITLEMENTS", "TARGET", "EXPIRES", "DAYS", "STATUS", "RENEWABLE"]
        var rows: [[String]] = [header]
        var statuses: [ExpiryStatus?] = [nil]
        for license in licenses {
            let status = thresholds.status(of: license.expireAt, now: now)
            statuses.append(status)
            rows.append([
                license.serial.safeForDisplay(limit: 40), DisplayWidth.truncate(license.issuedTo.safeForDisplay(limit: 200), to: 40),
                license.entitlements.map(\.shortName).joined(separator: ",").safeForDisplay(limit: 200), (license.targetUID ?? "").safeForDisplay(limit: 128),
                license.expireAt.date.description, String(license.daysLeft(now: now)), "\(status.symbol) \(status.rawValue)",
                LicenseField.renewable.displayText(of: license),
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        var output = ""
        for (rowIndex, row) in rows.enumerated() {
            var line = ""
            for (index, cell) in row.enumerated() {
                var text = index == row.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[index], alignRight: index == 5)
                if colour, index == 6, let status = statuses[rowIndex] { text = LicenseOutput.ansi(status) + text + "\u{1B}[0m" }
                line += text + (index == row.count - 1 ? "" : "  ")
            }
            output += line + "\n"
        }
        return output
    }

    /// One license as `Label: value` lines: the same lines as the dashboard's detail pane.
    func details(_ license: License) -> String {
        let detail = LicenseDetail(license, now: now, thresholds: thresholds)
        let width = detail.labelWidth + 1
        return detail.lines.map { line in
            DisplayWidth.pad(line.label.isEmpty ? "" : line.label + ":", to: width) + " " + line.value.replacingControlCharacters()
        }.joined(separator: "\n") + "\n"
    }

    static func ansi(_ status: ExpiryStatus) -> String {
        switch status {
        case .expired: return "\u{1B}[1;31m"
        case .critical: return "\u{1B}[31m"
        case .warning: return "\u{1B}[33m"
        case .ok: return "\u{1B}[32m"
        }
    }
}
