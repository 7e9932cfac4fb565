import TerminalUI

/// Every question asked before a change that deletes or could move an expiry
/// earlier (delete, delete marked, re-issue, bulk renew, a shortening renew)
/// is one style: its default answer is No, and only `y` says yes, so neither
/// a second enter nor a repeated key ever confirms.
enum Confirmation {
    static func isYes(_ key: KeyPress) -> Bool { key == .character("y") || key == .character("Y") }
}
