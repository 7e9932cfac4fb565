import LicenseModel
import TerminalUI

extension CellGrid {
    @discardableResult
    mutating func write(_ text: some StringProtocol, column: Int, row: Int, role: Role, limit: Int? = nil) -> Int {
        write(text, column: column, row: row, role: role.rawValue, limit: limit)
    }

    mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, role: Role) {
        fill(row: row, from: column, to: end, role: role.rawValue)
    }

    mutating func fill(column: Int, row: Int, width: Int, height: Int, role: Role) {
        fill(column: column, row: row, width: width, height: height, role: role.rawValue)
    }

    mutating func paint(row: Int, from column: Int, to end: Int, role: Role) {
        paint(row: row, from: column, to: end, role: role.rawValue)
    }

    /// A box with a title in its top border, filled with `role`.
    mutating func box(column: Int, row: Int, width: Int, height: Int, title: String, role: Role, titleRole: Role) {
        guard width >= 4, height >= 2 else { return }
        fill(column: column, row: row, width: width, height: height, role: role)
        write("╭" + String(repeating: "─", count: width - 2) + "╮", column: column, row: row, role: role)
        for line in (row + 1)..<(row + height - 1) {
            write("│", column: column, row: line, role: role)
            write("│", column: column + width - 1, row: line, role: role)
        }
        write("╰" + String(repeating: "─", count: width - 2) + "╯", column: column, row: row + height - 1, role: role)
        write(" " + DisplayWidth.truncate(title, to: width - 6) + " ", column: column + 2, row: row, role: titleRole)
    }
}

extension ExpiryStatus {
    var role: Role {
        switch self {
        case .expired: return .expired
        case .critical: return .critical
        case .warning: return .warning
        case .ok: return .ok
        }
    }
}

/// Splits text into lines no wider than `width` columns, at spaces where possible.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        var lineWidth = 0
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            while DisplayWidth.of(word) > width {
                if !line.isEmpty { lines.append(line); line = ""; lineWidth = 0 }
                var head = ""
                var headWidth = 0
                for character in word {
                    let characterWidth = DisplayWidth.of(character)
                    if headWidth + characterWidth > width { break }
                    head.append(character)
                    headWidth += characterWidth
                }
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            let wordWidth = DisplayWidth.of(word)
            if lineWidth == 0 {
                line = word
                lineWidth = wordWidth
            } else if lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
            } else {
                lines.append(line)
                line = word
                lineWidth = wordWidth
            }
        }
        lines.append(line)
    }
    return lines
}
