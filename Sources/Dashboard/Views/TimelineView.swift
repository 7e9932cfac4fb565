import LicenseModel
import TerminalUI

/// The expiry timeline overlay: expired, then one bar per week for the next
/// twelve, in the status colours, each with its count (so colour is never the
/// only sign).
enum TimelineView {
    static func render(_ grid: inout CellGrid, _ timeline: ExpiryTimeline, selected: Int) {
        let footer = "↑↓ choose · enter shows that week · any other key closes · later: \(timeline.later)"
        let width = max(10, min(grid.width - 2, max(72, DisplayWidth.of(footer) + 4)))
        // The bar starts at column 31 and ends a space before the border: the longest fills it, never cut.
        let barWidth = max(1, width - 33)
        var rows: [(label: String, count: Int, role: Role)] = [("expired", timeline.expired, .expired)]
        for week in timeline.weeks {
            rows.append(("\(week.start)  \(week.days.lowerBound)–\(week.days.upperBound) d", week.count, week.status.role))
        }
        let height = min(grid.height - 2, rows.count + 5)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        grid.box(column: left, row: top, width: width, height: height, title: "Expiry timeline", role: .dialog, titleRole: .dialogTitle)
        for (index, row) in rows.prefix(max(0, height - 4)).enumerated() {
            let line = top + 1 + index
            let chosen = index == selected
            let labelRole: Role = chosen ? .fieldFocused : .dialog
            grid.write(DisplayWidth.pad((chosen ? "▶ " : "  ") + row.label, to: 24), column: left + 1, row: line, role: labelRole, limit: width - 2)
            grid.write(DisplayWidth.pad(String(row.count), to: 5, alignRight: true), column: left + 25, row: line, role: labelRole, limit: max(0, width - 26))
            grid.write(timeline.bar(row.count, width: barWidth), column: left + 31, row: line, role: row.role, limit: max(0, width - 32))
        }
        grid.write(footer, column: left + 2, row: top + height - 2, role: .dialog, limit: width - 4)
    }
}
