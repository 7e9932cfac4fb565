import TerminalUI

/// A one-line text field's contents and cursor.
public struct TextInput: Sendable, Equatable {
    public private(set) var text: String
    /// In characters from the start.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    /// A bound on memory only, far past every rule's limit: what is typed is
    /// kept and checked by `LicenseRules`, never cut at a field's limit.
    static let capacity = 65_536

    /// Applies an editing key; returns false when the key is not an edit.
    public mutating func handle(_ key: KeyPress) -> Bool {
        switch key {
        case .character(let character):
            guard text.count < TextInput.capacity, !character.isNewline else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(character, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text = ""
            cursor = 0
        case .control("w"):
            let before = text.prefix(cursor)
            let trimmed = before.reversed().drop(while: { $0 == " " }).drop(while: { $0 != " " })
            let kept = String(trimmed.reversed())
            text = kept + text.dropFirst(cursor)
            cursor = kept.count
        default:
            return false
        }
        return true
    }

    public var trimmed: String { text.trimmingWhitespace() }
}

import LicenseModel
