import LicenseModel
import TerminalUI

/// Something the operator can ask the table for, independent of the key that asks.
public enum Command: String, CaseIterable, Sendable {
    case quit, help, filter, refresh
    case up, down, pageUp = "page_up", pageDown = "page_down", top, bottom
    case nextDue = "next_due", previousDue = "previous_due"
    case mark, markAllShown = "mark_all", clearMarks = "clear_marks"
    case timeline
    case clearChanges = "clear_changes", goneList = "gone", history
    case commandLine = "command"
    case focusDetail = "detail"
    case widenDetail = "detail_wider", narrowDetail = "detail_narrower"
    case create, renew, delete, reissue
    case copySerial = "copy_serial", copyDocument = "copy_document"
    case chooseColumns = "columns"
    case sortNext = "sort_next", sortReverse = "sort_reverse"
    case sortColumn1 = "sort_1", sortColumn2 = "sort_2", sortColumn3 = "sort_3", sortColumn4 = "sort_4"
    case sortColumn5 = "sort_5", sortColumn6 = "sort_6", sortColumn7 = "sort_7"

    /// What the help overlay says it does.
    public var summary: String {
        switch self {
        case .quit: return "Quit (from a form, esc leaves the form first)"
        case .help: return "Show or hide this help"
        case .filter: return "Filter as you type; esc clears"
        case .refresh: return "Refresh now"
        case .up: return "Move up"
        case .down: return "Move down"
        case .pageUp: return "Page up"
        case .pageDown: return "Page down"
        case .top: return "First license"
        case .bottom: return "Last license"
        case .nextDue: return "Next license due for renewal, as renew --due sees it"
        case .previousDue: return "Previous license due for renewal"
        case .mark: return "Mark or unmark the selected license, and move down"
        case .markAllShown: return "Mark every license shown"
        case .clearMarks: return "Clear all marks"
        case .timeline: return "Expiry timeline: how many expire each week"
        case .clearChanges: return "Clear the change markers (+ new, ↻ renewed elsewhere, ~ changed)"
        case .goneList: return "Licenses gone since launch, as last seen"
        case .history: return "The change journal: every create, renew and delete, before and after"
        case .commandLine: return "A view (:due :expired :critical :warning :ok :all), :log or :SERIAL"
        case .focusDetail: return "Focus the detail pane (again to return)"
        case .widenDetail: return "Give the detail pane more room (hidden, narrow, standard, wide)"
        case .narrowDetail: return "Give the detail pane less room (hidden: shown when focused)"
        case .create: return "Create a license"
        case .renew: return "Renew the selected license, or every marked one"
        case .delete: return "Delete the selected license (asks first)"
        case .reissue: return "Re-issue the selected license (another device or entitlements; asks first)"
        case .copySerial: return "Copy the selected serial to the clipboard (OSC 52: over ssh, in tmux)"
        case .copyDocument: return "Copy the license file the agent loads (netifyd JSON)"
        case .chooseColumns: return "Choose and order the table's columns"
        case .sortNext: return "Sort by the next column"
        case .sortReverse: return "Reverse the sort"
        case .sortColumn1, .sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7:
            return "Sort by \(DashboardColumns.sortKeys[Command.sortColumns.firstIndex(of: self)!].words) (again: reverse)"
        }
    }

    /// The sort-by-column commands, one per entry of `DashboardColumns.sortKeys`, in its order.
    public static let sortColumns: [Command] = [.sortColumn1, .sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7]

    /// True for commands that change licenses: hidden in read-only mode.
    public var writes: Bool { self == .create || self == .renew || self == .delete || self == .reissue }
}

/// Which keys trigger which commands; remappable from settings (`key.renew = R`).
public struct KeyMap: Sendable, Equatable {
    public private(set) var bindings: [KeyPress: Command]

    public static let standard: [(KeyPress, Command)] = [
        (.character("q"), .quit), (.character("?"), .help), (.character("/"), .filter),
        (.control("r"), .refresh), (.function(5), .refresh),
        (.up, .up), (.character("k"), .up), (.down, .down), (.character("j"), .down),
        (.pageUp, .pageUp), (.control("b"), .pageUp), (.pageDown, .pageDown), (.control("f"), .pageDown),
        (.home, .top), (.character("g"), .top), (.end, .bottom), (.character("G"), .bottom),
        (.character("n"), .nextDue), (.character("N"), .previousDue),
        (.character(" "), .mark), (.character("a"), .markAllShown), (.character("u"), .clearMarks),
        (.character("t"), .timeline), (.character(":"), .commandLine),
        (.character("x"), .clearChanges), (.character("X"), .goneList), (.character("h"), .history),
        (.enter, .focusDetail), (.tab, .focusDetail), (.character("+"), .widenDetail), (.character("_"), .narrowDetail),
        (.character("c"), .create), (.character("r"), .renew), (.character("d"), .delete), (.character("i"), .reissue),
        (.character("y"), .copySerial), (.character("Y"), .copyDocument), (.character("C"), .chooseColumns),
        (.character("s"), .sortNext), (.character("S"), .sortReverse),
    ] + Command.sortColumns.enumerated().map { (.character(Character(String($0.offset + 1))), $0.element) }

    public init() {
        bindings = Dictionary(KeyMap.standard, uniquingKeysWith: { first, _ in first })
    }

    public struct RemapError: Error, Sendable, CustomStringConvertible {
        public let description: String
        /// The settings file's line it is about, when known.
        public var line: Int?
    }

    /// One `key.ACTION = KEY` line of the settings file.
    public struct Binding: Sendable, Equatable {
        public var action: String
        public var key: String
        public var line: Int?

        public init(action: String, key: String, line: Int? = nil) {
            self.action = action
            self.key = key
            self.line = line
        }
    }

    /// Applies `command name -> key name` overrides; the new key replaces the
    /// command's default keys, so a remapped key never does two things.
    public init(overrides: [String: String]) throws(RemapError) {
        try self.init(bindings: overrides.map { Binding(action: $0.key, key: $0.value) })
    }

    /// Applies the settings file's `key.ACTION = KEY` lines. Refused, naming
    /// the line: an action that is not one, a key that is not one, one key
    /// given to two actions, and a key that leaves another action with none.
    public init(bindings lines: [Binding]) throws(RemapError) {
        self.init()
        var taken: [KeyPress: Binding] = [:]
        for binding in lines.sorted(by: { $0.action < $1.action }) {
            let name = binding.action, keyName = binding.key
            guard let command = Command(rawValue: name) else {
                let near = SettingTable.suggestion(for: name, among: Command.allCases.map(\.rawValue))
                throw RemapError(description: "key.\(name): no such action\(near.isEmpty ? "; actions" : near + " Actions") are \(Command.allCases.map(\.rawValue).joined(separator: ", ")).", line: binding.line)
            }
            guard let key = KeyPress(name: keyName) else {
                throw RemapError(description: "key.\(name) = \(keyName): not a key name; use a character, ctrl-x, f1-f24, enter, esc, tab, up, down, pgup, pgdn, home, end or space.", line: binding.line)
            }
            // y is every question's yes: a write bound to it would confirm itself when pressed twice.
            if command.writes, Confirmation.isYes(key) {
                throw RemapError(description: "key.\(name) = \(keyName): \(key) answers yes to every question, so \(name) cannot have it (pressed twice it would confirm itself); choose another key.", line: binding.line)
            }
            if let other = taken[key] {
                let (first, second) = (other.line ?? 0) <= (binding.line ?? 0) ? (other, binding) : (binding, other)
                throw RemapError(
                    description: "key.\(second.action) = \(second.key): \(key) is already key.\(first.action)'s key\(first.line.map { " (line \($0))" } ?? ""); give each action its own key.",
                    line: second.line)
            }
            taken[key] = binding
            bindings = bindings.filter { $0.value != command }
            bindings[key] = command
        }
        // A key taken from an action that was not remapped, and was its only one, leaves it with none.
        let remapped = Set(lines.compactMap { Command(rawValue: $0.action) })
        for (key, binding) in taken.sorted(by: { ($0.value.line ?? 0) < ($1.value.line ?? 0) }) {
            for (defaultKey, other) in KeyMap.standard where defaultKey == key && !remapped.contains(other) && keys(for: other).isEmpty {
                throw RemapError(
                    description: "key.\(binding.action) = \(binding.key): \(key) is \(other.rawValue)'s only key, and \(other.rawValue) would be left with none; give \(other.rawValue) another key too (key.\(other.rawValue) = …) or choose another for \(binding.action).",
                    line: binding.line)
            }
        }
    }

    public func command(for key: KeyPress) -> Command? { bindings[key] }

    /// The keys bound to a command, for help and the footer.
    public func keys(for command: Command) -> [KeyPress] {
        bindings.filter { $0.value == command }.map(\.key).sorted { $0.description.count == $1.description.count ? $0.description < $1.description : $0.description.count < $1.description.count }
    }

    public func label(for command: Command) -> String {
        keys(for: command).first?.description ?? "-"
    }
}
