import LicenseModel
import TerminalUI

/// The change journal's overlay.
extension Reducer {
    /// The history view: type to filter, ↑↓ choose, enter shows before and after,
    /// tab on a deleted license's entry opens the create form with its fields, esc closes.
    static func handleHistoryKey(_ state: inout DashboardState, _ browser: HistoryBrowser?, _ key: KeyPress) -> [Effect] {
        guard var browser else {
            if key == .escape || key == .character("q") { state.overlay = nil }
            return []
        }
        let count = browser.visible.count
        switch key {
        case .escape:
            if browser.showsDetail {
                browser.showsDetail = false
            } else if !browser.filter.isEmpty {
                browser.filter = ""
                browser.selected = 0
            } else {
                state.overlay = nil
                return []
            }
        case .up: browser.selected = max(0, browser.selected - 1)
        case .down: browser.selected = min(max(0, count - 1), browser.selected + 1)
        case .pageUp: browser.selected = max(0, browser.selected - 10)
        case .pageDown: browser.selected = min(max(0, count - 1), browser.selected + 10)
        case .enter: browser.showsDetail.toggle()
        case .tab:
            guard let entry = browser.selectedEntry, let form = HistoryBrowser.recreateForm(from: entry) else {
                state.warn("Only a deleted license's entry can be issued again.")
                return []
            }
            if let refusal = writeRefusal(state, verb: "create") {
                state.warn(refusal)
                return []
            }
            state.overlay = .create(form)
            return []
        case .backspace:
            browser.filter = String(browser.filter.dropLast())
            browser.selected = 0
        case .character(let character):
            if browser.filter.count < 100 {
                browser.filter.append(character)
                browser.selected = 0
            }
        default:
            break
        }
        state.overlay = .history(browser)
        return []
    }
}
