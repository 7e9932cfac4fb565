import LicenseModel
import TerminalUI

/// Every key, in an overlay.
enum HelpView {
    static func render(_ grid: inout CellGrid, _ state: DashboardState) {
        var lines: [(String, String)] = []
        for command in Command.allCases where !(command.writes && state.source.readOnly) {
            let keys = state.keyMap.keys(for: command).map(\.description).joined(separator: " ")
            guard !keys.isEmpty else { continue }
            lines.append((keys, command.summary))
        }
        lines.append(("esc", "Leave the detail pane, clear the filter, close a form"))
        lines.append(("", ""))
        lines.append(("In forms", "tab/↓ next field · shift-tab/↑ previous · space toggles"))
        lines.append(("", "←/→ change the expiry choice · enter submits · esc cancels"))
        lines.append(("", ""))
        lines.append(("Status", "✖ expired  ▲ critical (≤ \(state.thresholds.criticalDays) d)  ● warning (≤ \(state.thresholds.warningDays) d)  ✓ ok"))
        let width = min(grid.width - 2, 78)
        let height = min(grid.height - 2, lines.count + 3)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        grid.box(column: left, row: top, width: width, height: height, title: "Keys — any key closes", role: .dialog, titleRole: .dialogTitle)
        for (offset, line) in lines.prefix(height - 3).enumerated() {
            let row = top + 1 + offset
            grid.write(DisplayWidth.pad(line.0, to: 18), column: left + 2, row: row, role: .dialogTitle, limit: width - 4)
            grid.write(line.1, column: left + 21, row: row, role: .dialog, limit: max(0, width - 23))
        }
        if lines.count > height - 3 {
            grid.write("… enlarge the terminal to see all keys", column: left + 2, row: top + height - 2, role: .dialog, limit: width - 4)
        }
    }
}
