import LicenseModel
import TerminalUI

/// What refreshes changed: the row signs, and the list of licenses gone.
enum ChangesView {
    static func sign(_ kind: ListChanges.Kind) -> String {
        switch kind {
        case .new: return "+"
        case .renewed: return "↻"
        case .changed: return "~"
        case .gone: return "-"
        }
    }

    /// `:log`: the status line's last messages, newest first, each whole (wrapped), with the time it was shown.
    static func renderMessageLog(_ grid: inout CellGrid, _ state: DashboardState) {
        let width = FormView.dialogWidth(grid)
        var lines: [FormView.Line] = []
        if state.messageLog.isEmpty { lines.append(FormView.Line(segments: [(text: "No messages yet.", role: .dialog)])) }
        for message in state.messageLog.reversed() {
            let time = UTCTime.clock(message.shownAt) + "  "
            let indent = String(repeating: " ", count: DisplayWidth.of(time))
            let role: Role = message.isError ? .fieldError : .dialog
            for (index, text) in wrap(message.text.replacingControlCharacters(), width: max(1, width - 4 - DisplayWidth.of(time))).enumerated() {
                lines.append(FormView.Line(segments: [(text: index == 0 ? time : indent, role: .dialog), (text: text, role: role)]))
            }
        }
        lines.append(FormView.Line(segments: []))
        lines.append(FormView.Line(segments: [(text: "any key closes", role: .dialog)]))
        FormView.draw(&grid, title: "Messages, newest first", lines: lines, width: width)
    }

    /// The licenses gone since the markers were last cleared (on launch, compared with the cache), with their last known fields.
    static func renderGone(_ grid: inout CellGrid, _ licenses: [License], clearKey: String) {
        let width = max(10, min(grid.width - 2, 96))
        let height = min(grid.height - 2, licenses.count + 5)
        let left = (grid.width - width) / 2, top = max(0, (grid.height - height) / 2)
        grid.box(column: left, row: top, width: width, height: height, title: "Gone, as last seen", role: .dialog, titleRole: .dialogTitle)
        let shown = max(0, height - 4)
        for (index, license) in licenses.prefix(shown).enumerated() {
            let line = "\(license.serial)  \(DisplayWidth.pad(DisplayWidth.truncate(license.issuedTo, to: 30), to: 30))  expires \(license.expireAt.date)  "
                + license.entitlements.map(\.shortName).joined(separator: ",")
            grid.write(line, column: left + 2, row: top + 1 + index, role: .dialog, limit: width - 4)
        }
        let more = licenses.count > shown ? " · \(licenses.count - shown) more" : ""
        grid.write("any key closes · \(clearKey) clears the change markers\(more)", column: left + 2, row: top + height - 2, role: .dialog, limit: width - 4)
    }
}
