import LicenseModel
import TerminalUI

/// Every key, in an overlay.
enum HelpView {
    static func render(_ grid: inout CellGrid, _ state: DashboardState) {
        var lines: [(String, String)] = []
        // The seven sort-by-column keys are one line: the columns in order.
        let sortColumns: [Command] = [.sortColumn1, .sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7]
        for command in Command.allCases where !(command.writes && state.source.readOnly) {
            if sortColumns.dropFirst().contains(command) { continue }
            if command == .sortColumn1 {
                let keys = sortColumns.map { state.keyMap.label(for: $0) }.joined(separator: " ")
                lines.append((keys, "Sort by serial, issued to, entitlements, target, expiry, days left, renewable (again: reverse)"))
                continue
            }
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
        // Wide enough for every line at 100 columns and more; below that, descriptions wrap.
        let width = max(10, min(grid.width - 2, 100))
        let keyWidth = min(18, max(4, width / 4))
        let textWidth = max(1, width - keyWidth - 5)
        var rows: [(String, String)] = []
        for line in lines {
            if line.1.isEmpty {
                rows.append((line.0, ""))
                continue
            }
            for (index, text) in wrap(line.1, width: textWidth).enumerated() { rows.append((index == 0 ? line.0 : "", text)) }
        }
        let height = min(grid.height - 2, rows.count + 3)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        grid.box(column: left, row: top, width: width, height: height, title: "Keys — any key closes", role: .dialog, titleRole: .dialogTitle)
        let shown = rows.count > height - 3 ? max(0, height - 4) : rows.count
        for (offset, line) in rows.prefix(shown).enumerated() {
            let row = top + 1 + offset
            grid.write(DisplayWidth.truncate(line.0, to: keyWidth), column: left + 2, row: row, role: .dialogTitle, limit: keyWidth)
            grid.write(line.1, column: left + 3 + keyWidth, row: row, role: .dialog, limit: textWidth)
        }
        if shown < rows.count {
            grid.write("… enlarge the terminal to see all keys", column: left + 2, row: top + height - 2, role: .dialog, limit: width - 4)
        }
    }
}
