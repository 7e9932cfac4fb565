import LicenseModel
import TerminalUI

/// Every key and command, in an overlay that scrolls (j/k, arrows, PgUp/PgDn,
/// g/G) and closes with esc, `?` or q: actions first, then navigation, then
/// the command line, forms and the mouse; two columns where the width allows.
public enum HelpView {
    /// The commands in the order help lists them: what acts on licenses first.
    static let order: [Command] = [
        .renew, .create, .reissue, .delete, .mark, .markAllShown, .clearMarks, .copySerial, .copyDocument,
        .filter, .commandLine, .nextDue, .previousDue, .refresh, .history, .timeline, .goneList, .clearChanges, .chooseColumns,
        .sortNext, .sortReverse, .sortColumn1,
        .up, .down, .pageUp, .pageDown, .top, .bottom, .focusDetail, .widenDetail, .narrowDetail, .help, .quit,
    ]

    /// The rows of help (key, words), before wrapping: the one list the overlay and its tests read.
    public static func entries(_ state: DashboardState) -> [(String, String)] {
        var lines: [(String, String)] = [("Actions", "")]
        // The sort-by-column keys are one line: the columns in order.
        let sortColumns = Command.sortColumns
        let listed = order + Command.allCases.filter { !order.contains($0) && !sortColumns.contains($0) }
        for command in listed where !(command.writes && state.source.readOnly) {
            if command == .up { lines += [("", ""), ("Moving", "")] }
            if command == .sortColumn1 {
                let keys = sortColumns.map { state.keyMap.label(for: $0) }.joined(separator: " ")
                lines.append((keys, "Sort by \(DashboardColumns.sortKeys.map(\.words).joined(separator: ", ")) (again: reverse)"))
                continue
            }
            let keys = state.keyMap.keys(for: command).map(\.description).joined(separator: " ")
            guard !keys.isEmpty else { continue }
            lines.append((keys, command.summary))
        }
        lines.append(("esc", "Leave the detail pane, clear the filter, close a form or this help"))
        lines.append(("", ""))
        lines.append(("Commands", "after \(state.keyMap.label(for: .commandLine)); tab completes (again: the next match), ctrl-u clears, ctrl-w deletes a word, ←/→ move; the / line edits alike"))
        lines.append((":due :expired", "Views: due for renewal, expired, :critical, :warning, :ok, :all"))
        lines.append((":SERIAL", "Jump to a license by serial, even when the filter hides it"))
        lines.append((":ctx NAME", "Switch to another context of the settings file; :ctx all shows every context at once"))
        lines.append((":log", "The last messages of the status line, whole, newest first"))
        lines.append((":history :help", "The change journal; this help"))
        lines.append(("", ""))
        lines.append(("In forms", "tab/↓ next field · shift-tab/↑ previous · space toggles"))
        lines.append(("", "←/→ change the expiry choice · enter submits · esc cancels"))
        lines.append(("ctrl-p", "Fill the form from the license selected when it opened"))
        lines.append(("ctrl-n", "Create and keep the form open for the next one"))
        lines.append(("", ""))
        lines.append(("Mouse", "Click a row to select it, a column's title to sort by it (again: reverse), a [ button ] to press it; the wheel scrolls"))
        lines.append(("", ""))
        lines.append(("Status", "✖ expired  ▲ critical (≤ \(state.thresholds.criticalDays) d)  ● warning (≤ \(state.thresholds.warningDays) d)  ✓ ok"))
        return lines
    }

    /// The rows as drawn at `width`: descriptions wrapped, in one column or two.
    public static func rows(_ state: DashboardState, width: Int) -> (rows: [[(String, String)]], keyWidth: Int, textWidth: Int, columns: Int) {
        let columns = width >= 170 ? 2 : 1
        let columnWidth = (width - 4) / columns - (columns == 2 ? 2 : 0)
        let keyWidth = min(18, max(4, columnWidth / 4))
        let textWidth = max(1, columnWidth - keyWidth - 1)
        var wrapped: [(String, String)] = []
        for line in entries(state) {
            if line.1.isEmpty {
                wrapped.append((line.0, ""))
                continue
            }
            for (index, text) in wrap(line.1, width: textWidth).enumerated() { wrapped.append((index == 0 ? line.0 : "", text)) }
        }
        guard columns == 2 else { return (wrapped.map { [$0] }, keyWidth, textWidth, 1) }
        // Two columns: the list split where a section begins nearest its middle.
        var split = (wrapped.count + 1) / 2
        if let section = wrapped.indices.filter({ $0 > 0 && wrapped[$0 - 1].0.isEmpty && wrapped[$0 - 1].1.isEmpty }).min(by: { abs($0 - split) < abs($1 - split) }) {
            split = section
        }
        let left = Array(wrapped[..<split]), right = Array(wrapped[split...])
        return ((0..<max(left.count, right.count)).map { index in
            [index < left.count ? left[index] : ("", ""), index < right.count ? right[index] : ("", "")]
        }, keyWidth, textWidth, 2)
    }

    /// Rows of help that fit at this size (the box's border and title line taken off).
    static func visibleRows(height: Int) -> Int { max(1, height - 4) }

    static func render(_ grid: inout CellGrid, _ state: DashboardState) {
        let width = max(10, min(grid.width - 2, grid.width >= 170 ? 200 : 100))
        let (rows, keyWidth, textWidth, columns) = rows(state, width: width)
        let height = min(grid.height - 2, rows.count + 3)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        let visible = visibleRows(height: height + 1)
        let first = max(0, min(state.helpScroll, rows.count - visible))
        let more = rows.count > visible
        let title = more ? "Keys — j/k PgUp/PgDn g/G scroll · esc ? q close · \(first + 1)–\(min(rows.count, first + visible)) of \(rows.count)" : "Keys — esc ? q close"
        grid.box(column: left, row: top, width: width, height: height, title: title, role: .dialog, titleRole: .dialogTitle)
        let columnWidth = (width - 4) / columns
        for (offset, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            for (index, line) in row.enumerated() {
                let x = left + 2 + index * columnWidth
                let heading = line.1.isEmpty && !line.0.isEmpty
                grid.write(DisplayWidth.truncate(line.0, to: heading ? keyWidth + textWidth : keyWidth), column: x, row: top + 1 + offset, role: .dialogTitle,
                           limit: heading ? keyWidth + textWidth : keyWidth)
                if !heading { grid.write(line.1, column: x + 1 + keyWidth, row: top + 1 + offset, role: .dialog, limit: textWidth) }
            }
        }
        if first > 0 { grid.write("↑", column: left + width - 2, row: top + 1, role: .dialogTitle) }
        if first + visible < rows.count { grid.write("↓", column: left + width - 2, row: top + height - 2, role: .dialogTitle) }
    }
}
