/// A key as the dashboard sees it, whatever the terminal sent.
public enum KeyPress: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    /// Control plus a letter, lowercased (`ctrl-r` is `.control("r")`).
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    case function(Int)
    /// A mouse event at a cell (column, row from the top left).
    case mouse(Mouse)

    public struct Mouse: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case click, wheelUp, wheelDown }
        public var kind: Kind
        public var column: Int
        public var row: Int

        public init(_ kind: Kind, column: Int, row: Int) {
            self.kind = kind
            self.column = column
            self.row = row
        }
    }

    /// The name used in settings for remapping (`key.refresh = f5`).
    public var description: String {
        switch self {
        case .character(" "): return "space"
        case .character(let character): return String(character)
        case .control(let character): return "ctrl-\(character)"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .insert: return "insert"
        case .function(let number): return "f\(number)"
        case .mouse(let mouse): return "mouse \(mouse.kind) at \(mouse.column),\(mouse.row)"
        }
    }

    /// Reads a key name as written in settings; nil when it names no key.
    public init?(name: String) {
        let lowered = name.lowercased()
        let named: [String: KeyPress] = [
            "space": .character(" "), "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp,
            "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end, "enter": .enter,
            "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
            "backspace": .backspace, "delete": .delete, "del": .delete, "insert": .insert,
        ]
        if let key = named[lowered] {
            self = key
        } else if lowered.hasPrefix("ctrl-"), lowered.count == 6, let letter = lowered.last, letter.isLetter {
            self = .control(letter)
        } else if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...24).contains(number) {
            self = .function(number)
        } else if name.count == 1, let character = name.first {
            self = .character(character)
        } else {
            return nil
        }
    }
}
