extension StringProtocol {
    /// The text's lines without their ends, for files an operator writes by
    /// hand (settings, themes). LF, CRLF and a lone CR each end a line (in
    /// Swift "\r\n" is one Character, so splitting on "\n" would run a CRLF
    /// file into one line), and an editor's byte-order mark is nothing.
    public func lineContents() -> [Substring] {
        var lines: [Substring] = []
        let text = Substring(self)
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        if scalars.first == "\u{FEFF}" { start = scalars.index(after: start) }
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "\n" || scalar == "\r" else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(Substring(scalars[start..<index]))
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            start = index
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }
}
