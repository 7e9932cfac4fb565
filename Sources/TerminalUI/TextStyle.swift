/// A colour as a theme names it.
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 256 indexed colours (0-15 are the terminal's ANSI palette).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// How a role looks: colours plus attributes that carry meaning without colour.
public struct TextStyle: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool
    public var italic: Bool

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault, bold: Bool = false,
        underline: Bool = false, reverse: Bool = false, dim: Bool = false, italic: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
        self.italic = italic
    }

    public static let plain = TextStyle()

    /// The style as a terminal of `depth` can show it. Without colours
    /// (`NO_COLOR`, a dumb terminal), a style that stood out by its background
    /// (the selection, a focused field) turns to reverse video, so it still
    /// stands out: bold alone is lost among rows that are already bold.
    public func shown(at depth: ColorDepth) -> TextStyle {
        guard depth == .none, background != .terminalDefault else { return self }
        var style = self
        style.reverse = true
        return style
    }
}

/// How many colours the terminal can show; themes are mapped down to it.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    case none = 0, eight = 8, sixteen = 16, indexed256 = 256, trueColor = 16_777_216

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// From the number of colours terminfo reports and the environment.
    public static func detect(colors: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if colors >= 256, ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? "") { return .trueColor }
        if colors >= 256 { return .indexed256 }
        if colors >= 16 { return .sixteen }
        if colors >= 8 { return .eight }
        return .none
    }
}

/// Maps theme colours down to what a terminal can show.
public enum ColorMapping {
    /// The xterm 256-colour palette's RGB values, for nearest-colour search.
    static let palette: [(UInt8, UInt8, UInt8)] = {
        var colors: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
        for red in levels { for green in levels { for blue in levels { colors.append((red, green, blue)) } } }
        for step in 0..<24 {
            let gray = UInt8(8 + step * 10)
            colors.append((gray, gray, gray))
        }
        return colors
    }()

    /// The palette index to use, or nil for the terminal default (or no colour at all).
    public static func index(of color: TerminalColor, depth: ColorDepth) -> Int? {
        guard depth != .none else { return nil }
        let limit = min(depth.rawValue, 256)
        switch color {
        case .terminalDefault:
            return nil
        case .indexed(let value):
            if Int(value) < limit { return Int(value) }
            return nearest(to: palette[Int(value)], within: limit)
        case .rgb(let red, let green, let blue):
            return nearest(to: (red, green, blue), within: limit)
        }
    }

    static func nearest(to color: (UInt8, UInt8, UInt8), within limit: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        // Below 256 colours only the ANSI entries exist; their exact shades vary by terminal.
        for index in 0..<min(limit, palette.count) {
            let candidate = palette[index]
            let red = Int(candidate.0) - Int(color.0), green = Int(candidate.1) - Int(color.1), blue = Int(candidate.2) - Int(color.2)
            let distance = 2 * red * red + 4 * green * green + 3 * blue * blue
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }
}
