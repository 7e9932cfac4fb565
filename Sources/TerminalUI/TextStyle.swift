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
    /// The xterm 256-colour palette's RGB values, for nearest-colour search and
    /// contrast checks. Entries 0-15 are xterm's defaults; terminals let users
    /// change them. The cube (16-231) and the grey ramp (232-255) are the same
    /// in every terminal that has them.
    public static let xtermPalette: [RGB] = {
        var colors: [RGB] = [
            RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
            RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0), RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
        ]
        let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
        for red in levels { for green in levels { for blue in levels { colors.append(RGB(red, green, blue)) } } }
        for step in 0..<24 {
            let gray = UInt8(8 + step * 10)
            colors.append(RGB(gray, gray, gray))
        }
        return colors
    }()

    /// The first palette entry whose value does not depend on the terminal.
    static let firstFixedEntry = 16

    /// The palette index to use, or nil for the terminal default (or no colour at all).
    /// With 256 colours an RGB colour goes to the cube or the grey ramp, never
    /// to 0-15, whose values are the terminal's (and whose bold is often drawn
    /// bright): `#000000` is 16, `#ffffff` 231.
    public static func index(of color: TerminalColor, depth: ColorDepth) -> Int? {
        guard depth != .none else { return nil }
        let limit = min(depth.rawValue, 256)
        switch color {
        case .terminalDefault:
            return nil
        case .indexed(let value):
            if Int(value) < limit { return Int(value) }
            return nearest(to: xtermPalette[Int(value)], within: limit)
        case .rgb(let red, let green, let blue):
            return nearest(to: RGB(red, green, blue), within: limit, from: limit >= 256 ? firstFixedEntry : 0)
        }
    }

    /// What the terminal is sent for a style: palette indices (nil for its own
    /// colour) and whether the text is bold.
    public struct Sent: Sendable, Hashable {
        public var foreground: Int?
        public var background: Int?
        public var bold: Bool

        public init(foreground: Int?, background: Int?, bold: Bool) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
        }
    }

    /// xterm, PuTTY and Windows Terminal draw bold text in colours 0-7 in the
    /// bright colour (8-15): bold black is grey. With 256 colours such a
    /// foreground is sent as the fixed entry nearest xterm's value (black as
    /// 16), so it stays the colour the theme chose and stays bold. With 8 or
    /// 16 colours there is no such entry, and black text is sent without bold:
    /// grey on a pale background cannot be read.
    public static func sent(_ style: TextStyle, depth: ColorDepth) -> Sent {
        var foreground = index(of: style.foreground, depth: depth)
        let background = index(of: style.background, depth: depth)
        var bold = style.bold
        if bold, let colour = foreground, colour < 8 {
            if depth >= .indexed256 {
                foreground = nearest(to: xtermPalette[colour], within: 256, from: firstFixedEntry)
            } else if colour == 0 {
                bold = false
            }
        }
        return Sent(foreground: foreground, background: background, bold: bold)
    }

    static func nearest(to color: RGB, within limit: Int, from first: Int = 0) -> Int {
        var best = first
        var bestDistance = Int.max
        // Below 256 colours only the ANSI entries exist; their exact shades vary by terminal.
        for index in first..<min(limit, xtermPalette.count) {
            let candidate = xtermPalette[index]
            let red = Int(candidate.red) - Int(color.red), green = Int(candidate.green) - Int(color.green), blue = Int(candidate.blue) - Int(color.blue)
            let distance = 2 * red * red + 4 * green * green + 3 * blue * blue
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }
}
