extension String {
    /// Newlines and other control characters become spaces, so a server's text
    /// cannot break a one-line message or inject terminal escapes.
    public func replacingControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}

extension String {
    /// Text from a server made safe to show anywhere (a terminal, a log line, a
    /// one-line message): every control character is replaced by a visible
    /// stand-in (ESC shows as ␛, a newline as ␊), so no escape sequence or
    /// forged line gets through, and the text is cut at `limit` characters.
    /// `keepingLineBreaks` lets "\n" through, for a writer that escapes it
    /// itself (a Prometheus label value).
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
            case 0x80..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: scalars.append("\u{FFFD}")
            default: scalars.append(scalar)
            }
            count += 1
        }
        return String(scalars)
    }
}
