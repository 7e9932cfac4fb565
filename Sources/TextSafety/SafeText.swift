// One rule for text from outside, asked by every output: the terminal's
// cells (TerminalUI), the CLI's table, prompts and errors, the JSON writer
// (as \uXXXX escapes) and CSV cells.

extension Unicode.Scalar {
    /// A character that acts on the terminal or on how the text around it
    /// reads, without being seen as itself: C0 and C1 controls and DEL, the
    /// line and paragraph separators, bidi embeddings, overrides, isolates
    /// and marks, and the zero-width and other invisible format characters
    /// (a serial with a zero-width space looks identical to a real one).
    /// The joiners U+200C and U+200D are left alone: they shape emoji and
    /// Persian or Indic names, and reorder nothing.
    public var isHiddenOrControlling: Bool {
        switch value {
        case 0x00..<0x20, 0x7F..<0xA0, 0xAD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x2064,
             0x2066...0x206F, 0xFEFF, 0xFFF9...0xFFFB, 0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Newlines and other control characters become spaces, so a server's text
    /// cannot break a one-line message or inject terminal escapes; the other
    /// hidden characters (bidi, zero-width) show as U+FFFD.
    public func replacingControlCharacters() -> String {
        guard unicodeScalars.contains(where: \.isHiddenOrControlling) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { scalar in
            guard scalar.isHiddenOrControlling else { return scalar }
            return scalar.properties.generalCategory == .control ? " " : "\u{FFFD}"
        }))
    }

    /// Text from outside made safe to show anywhere (a terminal, a log line, a
    /// one-line message): every hidden or controlling character is replaced by
    /// a visible stand-in (ESC shows as ␛, a newline as ␊, a bidi override or
    /// a zero-width space as U+FFFD), so no escape sequence, reordering or
    /// forged line gets through, and the text is cut at `limit` characters.
    /// `keepingLineBreaks` lets "\n" through, for a writer that escapes it
    /// itself (a Prometheus label value, a quoted CSV cell).
    public func safeForDisplay(limit: Int = 500, keepingLineBreaks: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in unicodeScalars {
            if count == limit {
                scalars.append("…")
                break
            }
            switch scalar.value {
            case 0x0A where keepingLineBreaks: scalars.append(scalar)
            case 0x00..<0x20: scalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: scalars.append("\u{2421}")
            default: scalars.append(scalar.isHiddenOrControlling ? "\u{FFFD}" : scalar)
            }
            count += 1
        }
        return String(scalars)
    }

    /// Whether the text holds nothing `safeForDisplay` would change (line breaks aside when `allowingLineBreaks`).
    public func isSafeForDisplay(allowingLineBreaks: Bool = false) -> Bool {
        !unicodeScalars.contains { $0.isHiddenOrControlling && !(allowingLineBreaks && $0 == "\n") }
    }
}
