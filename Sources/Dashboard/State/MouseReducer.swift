import LicenseModel
import TerminalUI

/// Clicks and the wheel, as k9s and lazygit read them: a row is selected by a
/// click, a column header sorts (again: reverses), the wheel scrolls, and a
/// dialog's `[ button ]` is pressed by a click. Hit-testing draws the screen
/// the operator sees (the view is a pure function of state) and reads the
/// cell under the pointer, so it can never disagree with what is shown.
public enum MouseReducer {
    public static let wheelStep = 3

    static func handle(_ state: inout DashboardState, _ mouse: KeyPress.Mouse) -> [Effect] {
        if state.overlay != nil {
            guard mouse.kind == .click, let key = buttonKey(DashboardView.render(state), at: mouse) else { return [] }
            return Reducer.reduce(&state, .key(key))
        }
        let layout = state.layout
        guard !layout.isTooSmall, mouse.column < layout.tableWidth, state.focus != .filter, state.focus != .command else { return [] }
        switch mouse.kind {
        case .wheelUp:
            state.moveCursor(to: max(0, state.cursor - wheelStep))
        case .wheelDown:
            state.moveCursor(to: min(max(0, state.visible.count - 1), state.cursor + wheelStep))
        case .click:
            let headerRow = 1
            if mouse.row == headerRow {
                var x = 0
                for (column, width) in state.tableColumns {
                    if (x..<(x + width)).contains(mouse.column), let field = column.sortField {
                        state.setSort(LicenseSort(field, ascending: state.sort.field == field ? !state.sort.ascending : true))
                        break
                    }
                    x += width + 1
                }
            } else if mouse.row > headerRow, mouse.row <= headerRow + layout.tableRows {
                let index = state.scroll + mouse.row - headerRow - 1
                if index < state.visible.count {
                    state.focus = .table
                    state.moveCursor(to: index)
                }
            }
        }
        return []
    }

    /// The key a click on a `[ label ]` stands for: Yes… is `y`, No is `n`, any
    /// other button (Renew, Create, Delete…) is `enter`; nil off a button.
    static func buttonKey(_ grid: CellGrid, at mouse: KeyPress.Mouse) -> KeyPress? {
        guard mouse.row >= 0, mouse.row < grid.height, mouse.column >= 0, mouse.column < grid.width else { return nil }
        // Only a button's own cells press it: bracketed text from a server, or a checkbox, never does.
        let role = Role(rawValue: grid[mouse.column, mouse.row].role)
        guard role == .button || role == .buttonFocused else { return nil }
        let row = Array(grid.lines[mouse.row])
        guard mouse.column < row.count else { return nil }
        guard let open = row[...mouse.column].lastIndex(of: "["), let close = row[mouse.column...].firstIndex(of: "]"),
              !row[open...mouse.column].contains("]") else { return nil }
        let label = String(row[(open + 1)..<close]).trimmingWhitespace()
        if label.hasPrefix("Yes") { return .character("y") }
        if label == "No" { return .character("n") }
        return label.isEmpty ? nil : .enter
    }
}
