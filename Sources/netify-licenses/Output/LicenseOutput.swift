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

    /// `contexts` (one per license, `--all-contexts`) adds a "context" member first in each.
    /// Written to `descriptor` a piece at a time as it is made.
    func writeJSON(_ licenses: [License], contexts: [String]? = nil, to descriptor: Int32) throws(OutputFailure) {
        var pieces = PiecewiseOutput(descriptor)
        var output = JSONOutput(pretty: prettyJSON, reservingCapacity: min(licenses.count * 512, PiecewiseOutput.pieceBytes) + 4_096)
        output.beginArray()
        for index in licenses.indices {
            if let contexts {
                let context = index < contexts.count ? contexts[index] : ""
                JSONValue.object([(key: "context", value: .string(context))] + (licenses[index].document.objectValue ?? [])).write(to: &output)
            } else {
                licenses[index].writeDocument(to: &output)
            }
            pieces.drain(&output)
            if pieces.failed { break }
        }
        output.endArray()
        output.appendText("\n")
        pieces.drain(&output, finished: true)
        try pieces.finish()
    }

    func json(_ license: License) -> String {
        license.documentText(pretty: prettyJSON) + "\n"
    }

    /// A CSV column: a field by its JSON name, or a value worked out from the license.
    enum CSVColumn {
        case field(LicenseField)
        case daysLeft
        case status

        var name: String {
            switch self {
            case .field(let field): return field.jsonName
            case .daysLeft: return "days_left"
            case .status: return "status"
            }
        }
    }

    /// The CSV's columns in order; each cell's value is found by its column, never by position.
    static let csvColumns: [CSVColumn] = [.field(.serial), .field(.issuedTo), .field(.entitlements), .field(.targetUID), .field(.expireAt),
                                          .daysLeft, .status, .field(.renewable)] + FreeText.allCases.map { .field(.text($0)) }

    static let csvHeader = csvColumns.map(\.name)

    func csvValue(_ column: CSVColumn, of license: License) -> String {
        switch column {
        case .field(let field): return field.plainText(of: license)
        case .daysLeft: return String(license.daysLeft(now: now))
        case .status: return thresholds.status(of: license.expireAt, now: now).rawValue
        }
    }

    /// Written to `descriptor` a piece at a time as it is made.
    func writeCSV(_ licenses: [License], contexts: [String]? = nil, to descriptor: Int32) throws(OutputFailure) {
        var pieces = PiecewiseOutput(descriptor)
        pieces.append(((contexts == nil ? [] : ["context"]) + LicenseOutput.csvHeader).joined(separator: ",") + "\r\n")
        for (index, license) in licenses.enumerated() {
            let fields = (contexts.map { [index < $0.count ? $0[index] : ""] } ?? []) + LicenseOutput.csvColumns.map { csvValue($0, of: license) }
            pieces.append(fields.map(LicenseOutput.csvField).joined(separator: ",") + "\r\n")
            if pieces.failed { break }
        }
        try pieces.finish()
    }

    /// RFC 4180 quoting, decided by Unicode scalars (in Swift `"\r\n"` is one
    /// Character, equal neither to `"\r"` nor to `"\n"`), and a leading
    /// formula character (`= + - @`, tab, CR) neutralised with a quote so a
    /// spreadsheet never executes a license's text (OWASP's CSV injection rule).
    ///
    /// Control characters show as their visible stand-ins (as in the table):
    /// a cell shown on a terminal cannot set the clipboard, the title or clear
    /// the screen. Line breaks stay, quoted.
    static func csvField(_ text: String) -> String {
        var value = text.safeForDisplay(limit: Int.max, keepingLineBreaks: true)
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

    /// The width the table must fit; nil for no limit.
    var width: Int? = Terminal.columns()

    /// The table's columns, the least useful last: they are dropped from the
    /// end until the rest fit, as the dashboard drops its columns.
    enum Column: Int, CaseIterable {
        case serial, issuedTo, status, expires, days, entitlements, renewable, target, context

        /// The field's label in capitals, where the column shows one field.
        var title: String {
            switch self {
            case .serial: return LicenseField.serial.label.uppercased()
            case .issuedTo: return LicenseField.issuedTo.label.uppercased()
            case .entitlements: return LicenseField.entitlements.label.uppercased()
            case .expires: return LicenseField.expireAt.label.uppercased()
            case .renewable: return LicenseField.renewable.label.uppercased()
            case .status: return "STATUS"
            case .days: return "DAYS"
            case .target: return "TARGET"
            case .context: return "CONTEXT"
            }
        }

        /// The order they are shown in.
        static let shown: [Column] = [.serial, .issuedTo, .entitlements, .target, .expires, .days, .status, .renewable]
    }

    /// Written to `descriptor` a piece at a time once the columns' widths are known.
    func writeTable(_ licenses: [License], contexts: [String]? = nil, to descriptor: Int32) throws(OutputFailure) {
        var cells: [[String]] = []
        var statuses: [ExpiryStatus] = []
        for (index, license) in licenses.enumerated() {
            let status = thresholds.status(of: license.expireAt, now: now)
            statuses.append(status)
            var row = [String](repeating: "", count: Column.allCases.count)
            row[Column.serial.rawValue] = license.serial.safeForDisplay(limit: 40)
            row[Column.issuedTo.rawValue] = license.issuedTo.safeForDisplay(limit: 200)
            row[Column.entitlements.rawValue] = license.entitlements.map(\.shortName).joined(separator: ",").safeForDisplay(limit: 200)
            row[Column.target.rawValue] = (license.targetUID ?? "").safeForDisplay(limit: 128)
            row[Column.expires.rawValue] = license.expireAt.date.description
            row[Column.days.rawValue] = String(license.daysLeft(now: now))
            row[Column.status.rawValue] = "\(status.symbol) \(status.rawValue)"
            row[Column.renewable.rawValue] = LicenseField.renewable.displayText(of: license)
            row[Column.context.rawValue] = contexts.flatMap { index < $0.count ? $0[index] : nil }?.safeForDisplay(limit: 40) ?? ""
            cells.append(row)
        }
        var widths = Column.allCases.map { column in
            cells.reduce(DisplayWidth.of(column.title)) { max($0, DisplayWidth.of($1[column.rawValue])) }
        }
        // Issued to is at most 40 wide; past the terminal's width, columns go
        // (target, renewable, entitlements, days, expires), then issued to narrows.
        widths[Column.issuedTo.rawValue] = min(widths[Column.issuedTo.rawValue], 40)
        var columns = (contexts == nil ? [] : [Column.context]) + Column.shown
        func total() -> Int { columns.reduce(0) { $0 + widths[$1.rawValue] } + 2 * (columns.count - 1) }
        if let width {
            for dropped in [Column.target, .renewable, .entitlements, .days, .expires] where total() > width {
                columns.removeAll { $0 == dropped }
            }
            let excess = total() - width
            if excess > 0 { widths[Column.issuedTo.rawValue] = max(9, widths[Column.issuedTo.rawValue] - excess) }
        }
        var output = PiecewiseOutput(descriptor)
        func line(_ values: [String], status: ExpiryStatus?) {
            var text = ""
            for (index, column) in columns.enumerated() {
                let last = index == columns.count - 1
                let value = DisplayWidth.truncate(values[column.rawValue], to: widths[column.rawValue])
                var cell = last ? value : DisplayWidth.pad(value, to: widths[column.rawValue], alignRight: column == .days)
                if colour, column == .status, let status { cell = LicenseOutput.ansi(status) + cell + "\u{1B}[0m" }
                text += cell + (last ? "" : "  ")
            }
            output.append(text + "\n")
        }
        line(Column.allCases.map(\.title), status: nil)
        for (row, status) in zip(cells, statuses) where !output.failed { line(row, status: status) }
        try output.finish()
    }

    /// Counts per status, then per week: the work ahead.
    func table(_ timeline: ExpiryTimeline) -> String {
        var rows: [[String]] = [["STATUS", "COUNT"]]
        for status in ExpiryStatus.allCases { rows.append(["\(status.symbol) \(status.rawValue)", String(timeline.statusCounts[status] ?? 0)]) }
        var output = TextTable.render(rows) + "\n"
        var weeks: [[String]] = [["WEEK FROM", "DAYS LEFT", "COUNT", ""]]
        weeks.append(["expired", "", String(timeline.expired), timeline.bar(timeline.expired, width: 30)])
        for week in timeline.weeks {
            weeks.append([week.start.description, "\(week.days.lowerBound)–\(week.days.upperBound)", String(week.count), timeline.bar(week.count, width: 30)])
        }
        weeks.append(["later", "\((timeline.weeks.last?.days.upperBound ?? 0) + 1)+", String(timeline.later), ""])
        output += TextTable.render(weeks)
        return output
    }

    func json(_ timeline: ExpiryTimeline) -> String {
        var output = JSONOutput(pretty: prettyJSON)
        output.beginObject()
        output.name("statuses")
        output.beginObject()
        for status in ExpiryStatus.allCases { output.name(status.rawValue); output.integer(Int64(timeline.statusCounts[status] ?? 0)) }
        output.endObject()
        output.name("expired"); output.integer(Int64(timeline.expired))
        output.name("weeks")
        output.beginArray()
        for week in timeline.weeks {
            output.beginObject()
            output.name("from"); output.date(week.start)
            output.name("days_left_from"); output.integer(Int64(week.days.lowerBound))
            output.name("days_left_to"); output.integer(Int64(week.days.upperBound))
            output.name("count"); output.integer(Int64(week.count))
            output.endObject()
        }
        output.endArray()
        output.name("later"); output.integer(Int64(timeline.later))
        output.endObject()
        output.appendText("\n")
        return output.text
    }

    /// One license as `Label: value` lines: the same lines as the dashboard's detail pane.
    func details(_ license: License) -> String {
        let detail = LicenseDetail(license, now: now, thresholds: thresholds)
        let width = detail.labelWidth + 1
        return detail.lines.map { line in
            DisplayWidth.pad(line.label.isEmpty ? "" : line.label + ":", to: width) + " " + line.value.safeForDisplay(limit: LicenseOutput.longestShownValue)
        }.joined(separator: "\n") + "\n"
    }

    /// A value longer than any the rules allow (notes: 4,000) is cut when shown.
    static let longestShownValue = 4_096

    static func ansi(_ status: ExpiryStatus) -> String {
        switch status {
        case .expired: return "\u{1B}[1;31m"
        case .critical: return "\u{1B}[31m"
        case .warning: return "\u{1B}[33m"
        case .ok: return "\u{1B}[32m"
        }
    }
}
