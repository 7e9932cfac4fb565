import LicenseModel
import TerminalUI

/// The `:` command line and the `/` filter line.
extension Reducer {
    /// The views a `:` command names, as filter terms.
    static let views: [String: String] = [
        "due": "status:due", "expired": "status:expired", "critical": "status:critical", "warning": "status:warning",
        "ok": "status:ok", "all": "",
    ]

    static func handleCommandKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            state.focus = .table
        case .backspace:
            if state.commandText.isEmpty { state.focus = .table } else { state.commandText.removeLast() }
        case .character(let character):
            if state.commandText.count < 40 { state.commandText.append(character) }
        case .tab:
            completeCommand(&state)
        case .enter:
            state.focus = .table
            let typed = state.commandText.trimmingWhitespace()
            let command = typed.lowercased()
            if command == "ctx" || command.hasPrefix("ctx ") {
                return switchContext(&state, to: String(typed.dropFirst(3)).trimmingWhitespace())
            }
            // `:SERIAL` jumps to that license, clearing a filter that hides it.
            if LicenseRules.check(serial: command) == nil {
                guard state.catalog.licenses.contains(where: { $0.serial == command }) else {
                    state.message = .init(text: "No license \(command) in this list; f5 refreshes it.", isError: true)
                    return []
                }
                state.setFilterKeepingSelection(on: command)
                return []
            }
            if let terms = views[command] {
                state.setFilter(terms)
                state.message = .init(text: command == "all" ? "Showing all licenses." : "View: \(command). :all shows every license.", isError: false)
                return []
            }
            switch command {
            case "timeline": state.openTimeline()
            case "help": state.overlay = .help
            case "q", "quit": return handle(&state, .quit)
            default:
                let shown = String(command.prefix(30)).replacingControlCharacters()
                state.message = .init(text: "Unknown command :\(shown); try :due, :expired, :critical, :warning, :ok, :all, :timeline or :SERIAL (tab completes).", isError: true)
            }
        default:
            break
        }
        return []
    }

    /// The words `:` understands, for `tab`.
    static var commandNames: [String] { views.keys.sorted() + ["timeline", "help", "quit", "ctx"] }

    /// `:ctx NAME` and `:ctx all`; `:ctx` alone names the contexts there are.
    static func switchContext(_ state: inout DashboardState, to name: String) -> [Effect] {
        let names = state.contextNames
        guard !names.isEmpty else {
            state.message = .init(text: "The settings file defines no contexts (context.NAME.endpoint = …); see the README's Contexts section.", isError: true)
            return []
        }
        let current = state.source.context ?? "-"
        guard !name.isEmpty else {
            state.message = .init(text: "Context \(current). Contexts: \(names.joined(separator: ", ")), all (:ctx NAME switches).", isError: false)
            return []
        }
        guard name == "all" || names.contains(name) else {
            state.message = .init(text: "No context \(String(name.prefix(40)).replacingControlCharacters()); the contexts are \(names.joined(separator: ", ")) and all.", isError: true)
            return []
        }
        guard name != current else {
            state.message = .init(text: "Already in context \(name).", isError: false)
            return []
        }
        // A bulk run or a request in flight belongs to the context it started in.
        if state.bulk != nil || state.isBusyWriting {
            state.message = .init(text: "Wait for the request in flight (or esc a bulk run) before switching context.", isError: true)
            return []
        }
        return [.switchContext(name)]
    }

    /// `tab` after `:`: a command name or a serial of the list, completed as
    /// far as the candidates agree; several are named on the status line.
    static func completeCommand(_ state: inout DashboardState) {
        // Only leading space goes: "ctx " (with its space) completes a context's name.
        let typed = String(state.commandText.drop { $0 == " " }).lowercased()
        var candidates = commandNames.filter { $0.hasPrefix(typed) }
        if typed.hasPrefix("ctx ") {
            let partial = typed.dropFirst(4)
            candidates = (state.contextNames + ["all"]).filter { $0.lowercased().hasPrefix(partial) }.map { "ctx " + $0 }
        }
        if let first = typed.first, first.isNumber {
            candidates = state.catalog.licenses.lazy.map(\.serial).filter { $0.hasPrefix(typed) }.prefix(50).map { $0 }
        }
        guard let first = candidates.first else {
            state.message = .init(text: "Nothing to complete for :\(String(typed.prefix(30)).replacingControlCharacters()).", isError: true)
            return
        }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        state.commandText = String(common.prefix(40)).replacingControlCharacters()
        if candidates.count > 1 {
            let listed = candidates.prefix(6).map { $0.safeForDisplay(limit: 40) }.joined(separator: " ")
            state.message = .init(text: "\(candidates.count == 50 ? "50+" : String(candidates.count)) match: \(listed)\(candidates.count > 6 ? " …" : "")", isError: false)
        }
    }

    static func handleFilterKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            state.focus = .table
            state.setFilter("")
        case .enter, .tab, .down, .up:
            state.focus = .table
        case .backspace:
            state.setFilter(String(state.filterText.dropLast()))
        case .control("u"):
            state.setFilter("")
        case .character(let character):
            if state.filterText.count < 200 { state.setFilter(state.filterText + String(character)) }
        default:
            break
        }
        return []
    }
}
