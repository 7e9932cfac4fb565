extension String {
    /// Newlines and other control characters become spaces, so a server's text
    /// cannot break a one-line message or inject terminal escapes.
    public func replacingControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
