/// How many terminal columns text occupies: wide East Asian characters and
/// emoji take two, combining marks and controls none. Both the CLI table and
/// the dashboard align with it, so `issued_to` in any script lines up.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            width = max(width, of(scalar))
        }
        // Emoji sequences (ZWJ, variation selector 16) render as one wide glyph.
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) {
            width = 2
        }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    public static func of(_ text: some StringProtocol) -> Int {
        // Plain ASCII (most serials, customers and dates) is one column a
        // printable byte: counted from the bytes, without breaking graphemes,
        // which a table of a million rows would otherwise spend seconds on.
        var width = 0
        var ascii = true
        for byte in text.utf8 {
            guard byte < 0x80 else { ascii = false; break }
            if byte >= 0x20, byte != 0x7F { width += 1 }
        }
        if ascii { return width }
        // Latin letters with their accents and the common punctuation (Łódź,
        // "—"): each scalar its own character, one column unless a control.
        // Anything else (marks, wide, emoji) is measured by character.
        width = 0
        var simple = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard value < 0x300 || (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value) else {
                simple = false
                break
            }
            if value >= 0x20, !(0x7F..<0xA0).contains(value) { width += 1 }
        }
        if simple { return width }
        width = 0
        for character in text {
            if character.isASCII { width += character.asciiValue! >= 0x20 && character.asciiValue! != 0x7F ? 1 : 0 } else { width += of(character) }
        }
        return width
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The text cut to at most `width` columns, ending in "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var result = ""
        var used = 0
        for character in text {
            let characterWidth = of(character)
            if used + characterWidth > width - 1 { break }
            result.append(character)
            used += characterWidth
        }
        return result + "…"
    }

    /// The text truncated or padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? padding + cut : cut + padding
    }
}
