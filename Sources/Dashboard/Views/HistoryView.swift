import LicenseModel
import TerminalUI

/// The change journal overlay: one line per entry, newest first, and the
/// chosen entry's license before and after. Everything from a server is made
/// safe before it is drawn.
enum HistoryView {
    static func render(_ grid: inout CellGrid, _ browser: HistoryBrowser?) {
        let width = max(20, grid.width - 4)
        let height = max(6, grid.height - 2)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        guard let browser else {
            grid.box(column: left, row: top, width: width, height: 5, title: "Change journal", role: .dialog, titleRole: .dialogTitle)
            grid.write("Reading the journal…", column: left + 2, row: top + 2, role: .dialog, limit: width - 4)
            return
        }
        let visible = browser.visible
        let title = "Change journal · \(visible.count) of \(browser.entries.count)" + (browser.filter.isEmpty ? "" : " · filter: \(browser.filter)")
        grid.box(column: left, row: top, width: width, height: height, title: title, role: .dialog, titleRole: .dialogTitle)
        let inner = width - 4
        let body = height - 4
        var lines: [(text: String, role: Role)] = []
        if visible.isEmpty {
            lines.append((browser.entries.isEmpty ? "No creates, renews or deletes were made from this machine yet." : "No entry matches the filter.", .dialog))
        }
        // The list takes what the detail leaves; the chosen entry stays in view.
        let listRows = browser.showsDetail ? max(3, body / 3) : body
        let first = max(0, min(browser.selected - listRows / 2, visible.count - listRows))
        // Columns that line up whatever an entry holds: the action as long as "re-issue", the
        // change cut to its column, the operator last and as wide as the longest shown.
        let shownEntries = Array(visible.dropFirst(first).prefix(listRows))
        let operatorWidth = min(24, shownEntries.map { DisplayWidth.of(($0.operatorName ?? $0.user).safeForDisplay(limit: 32)) }.max() ?? 0)
        let actionWidth = JournalEntry.Action.allCases.map { DisplayWidth.of($0.rawValue) }.max() ?? 8
        let fixed = 2 + 16 + 2 + actionWidth + 2 + 18 + 2 + 24 + 2 + 2 + operatorWidth
        let changeWidth = max(10, inner - fixed)
        for (offset, entry) in shownEntries.enumerated() {
            let chosen = first + offset == browser.selected
            let outcome = entry.outcome.label + (entry.status.map { " (\($0))" } ?? "")
            let text = (chosen ? "▶ " : "  ") + "\(CalendarDate(unixSeconds: entry.time)) \(UTCTime.clock(entry.time, seconds: false))  "
                + DisplayWidth.pad(entry.action.rawValue, to: actionWidth) + "  "
                + DisplayWidth.pad(DisplayWidth.truncate((entry.serial ?? "—").safeForDisplay(limit: 40), to: 18), to: 18) + "  "
                + DisplayWidth.pad(DisplayWidth.truncate(outcome, to: 24), to: 24) + "  "
                + DisplayWidth.pad(DisplayWidth.truncate(entry.changeSummary.safeForDisplay(limit: 60), to: changeWidth), to: changeWidth) + "  "
                + DisplayWidth.truncate((entry.operatorName ?? entry.user).safeForDisplay(limit: 32), to: operatorWidth)
            lines.append((text, chosen ? .fieldFocused : .dialog))
        }
        if browser.showsDetail, let entry = browser.selectedEntry {
            lines.append(("", .dialog))
            if let detail = entry.detail { lines.append(("  " + detail.safeForDisplay(limit: 300), entry.outcome == .failed ? .fieldError : .dialog)) }
            lines.append(("  \(entry.endpoint.safeForDisplay(limit: 80)) · key \(entry.keyFingerprint)", .dialog))
            for (label, document) in [("before", entry.before), ("after", entry.after)] {
                guard let document, let json = try? JSONParser.parse(document) else { continue }
                lines.append(("  \(label):", .dialogTitle))
                for line in json.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append(("    " + String(line).safeForDisplay(limit: 400), .dialog))
                }
            }
        }
        for (index, line) in lines.prefix(body).enumerated() {
            grid.write(line.text, column: left + 2, row: top + 1 + index, role: line.role, limit: inner)
        }
        let help = "type to filter · ↑↓ choose · enter before/after · tab issues a deleted license again · esc closes"
        grid.write(help, column: left + 2, row: top + height - 2, role: .dialog, limit: inner)
    }
}
