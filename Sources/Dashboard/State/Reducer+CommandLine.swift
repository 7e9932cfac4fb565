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
            // Leaving the line leaves nothing behind: no old error comes back.
            state.focus = .table
            state.completion = nil
            state.message = nil
        case .backspace where state.commandLine.text.isEmpty:
            state.focus = .table
            state.completion = nil
        case .tab, .backTab:
            completeCommand(&state, backwards: key == .backTab)
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
                    state.warn("No license \(command) in this list; f5 refreshes it.")
                    return []
                }
                state.setFilterKeepingSelection(on: command)
                return []
            }
            if let terms = views[command] {
                state.setFilter(terms)
                state.inform(command == "all" ? "Showing all licenses." : "View: \(command). :all shows every license.")
                return []
            }
            switch command {
            case "timeline": state.openTimeline()
            case "log", "logs", "messages": state.overlay = .messageLog
            case "help": state.overlay = .help
            case "q", "quit": return handle(&state, .quit)
            default:
                let shown = String(command.prefix(30)).replacingControlCharacters()
                state.warn("Unknown command :\(shown); try :due, :expired, :critical, :warning, :ok, :all, :timeline, :log or :SERIAL (tab completes).")
            }
        default:
            if editLine(&state.commandLine, key, limit: 40) { state.completion = nil }
        }
        return []
    }

    /// The one line editor of `:` and `/`: what `TextInput` does (ctrl-u,
    /// ctrl-w, ctrl-a/e, arrows, delete), within the line's length. True when
    /// the text changed.
    static func editLine(_ line: inout TextInput, _ key: KeyPress, limit: Int) -> Bool {
        var edited = line
        guard edited.handle(key), edited.text.count <= limit else { return false }
        let changed = edited.text != line.text
        line = edited
        return changed
    }

    /// The words `:` understands, for `tab`.
    static var commandNames: [String] { views.keys.sorted() + ["timeline", "log", "help", "quit", "ctx"] }

    /// `:ctx NAME` and `:ctx all`; `:ctx` alone names the contexts there are.
    static func switchContext(_ state: inout DashboardState, to name: String) -> [Effect] {
        let names = state.contextNames
        guard !names.isEmpty else {
            state.warn("The settings file defines no contexts (context.NAME.endpoint = …); see the README's Contexts section.")
            return []
        }
        let current = state.source.context ?? "-"
        guard !name.isEmpty else {
            state.inform("Context \(current). Contexts: \(names.joined(separator: ", ")), all (:ctx NAME switches).")
            return []
        }
        guard name == "all" || names.contains(name) else {
            state.warn("No context \(String(name.prefix(40)).replacingControlCharacters()); the contexts are \(names.joined(separator: ", ")) and all.")
            return []
        }
        guard name != current else {
            state.inform("Already in context \(name).")
            return []
        }
        // A bulk run or a request in flight belongs to the context it started in.
        if state.bulk != nil || state.isBusyWriting {
            state.warn("Wait for the request in flight (or esc a bulk run) before switching context.")
            return []
        }
        return [.switchContext(name)]
    }

    /// `tab` after `:`: a command name, a context or a serial of the list,
    /// completed as far as the candidates agree; the next `tab` (shift-tab
    /// back) shows each candidate in turn, as a shell's menu does. The line's
    /// hint names them.
    static func completeCommand(_ state: inout DashboardState, backwards: Bool = false) {
        if var completion = state.completion, completion.candidates.count > 1, completion.matches(state.commandText) {
            let count = completion.candidates.count
            completion.shown = ((completion.shown ?? (backwards ? 0 : -1)) + (backwards ? -1 : 1) + count) % count
            state.commandLine = TextInput(completion.candidates[completion.shown!])
            state.completion = completion
            return
        }
        // Only leading space goes: "ctx " (with its space) completes a context's name.
        let typed = String(state.commandText.drop { $0 == " " }).lowercased()
        var candidates = commandNames.filter { $0.hasPrefix(typed) }
        if typed.hasPrefix("ctx ") {
            let partial = typed.dropFirst(4)
            candidates = (state.contextNames + ["all"]).filter { $0.lowercased().hasPrefix(partial) }.map { "ctx " + $0 }
        }
        if let first = typed.first, first.isNumber {
            candidates = state.catalog.licenses.lazy.map(\.serial).filter { $0.hasPrefix(typed) }.prefix(CommandCompletion.limit).map { $0 }
        }
        candidates = candidates.map { String($0.prefix(40)).replacingControlCharacters() }
        state.completion = CommandCompletion(typed: typed, candidates: candidates)
        guard let first = candidates.first else { return }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        state.commandLine = TextInput(common)
    }

    static func handleFilterKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            state.focus = .table
            state.setFilter("")
        case .enter, .tab, .down, .up:
            state.focus = .table
        default:
            if editLine(&state.filterLine, key, limit: 200) { state.setFilter(state.filterLine.text) }
        }
        return []
    }
}

/// What `tab` found on the `:` line.
public struct CommandCompletion: Sendable, Equatable {
    /// Serials offered at most: past that the line says "50+".
    static let limit = 50

    /// What was typed when `tab` was first pressed.
    public var typed: String
    public var candidates: [String]
    /// The candidate on the line after further tabs; nil while the line holds what they share.
    public var shown: Int?

    /// Still the line `tab` left (not typed over since).
    func matches(_ text: String) -> Bool {
        if let shown { return candidates[shown] == text }
        return candidates.allSatisfy { $0.hasPrefix(text.lowercased()) } || text.lowercased().hasPrefix(typed)
    }

    /// The line's hint: how many match, and each in turn, the one shown in brackets.
    public var hint: String {
        guard !candidates.isEmpty else { return "nothing matches :\(typed.safeForDisplay(limit: 30))" }
        guard candidates.count > 1 else { return "1 match" }
        let count = candidates.count == CommandCompletion.limit ? "\(CommandCompletion.limit)+" : String(candidates.count)
        let listed = candidates.prefix(8).enumerated().map { $0.offset == shown ? "[\($0.element)]" : $0.element }
        return "\(count) match: " + listed.joined(separator: " ") + (candidates.count > 8 ? " …" : "") + " · tab next"
    }
}
