#if canImport(Glibc)
import Glibc
#endif

/// A colour's red, green and blue, 0-255 each.
public struct RGB: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public var description: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// WCAG 2's relative luminance, 0 (black) to 1 (white).
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2's contrast ratio, 1 to 21; text needs 4.5 (AA).
    public func contrast(with other: RGB) -> Double {
        let (one, two) = (relativeLuminance, other.relativeLuminance)
        return (max(one, two) + 0.05) / (min(one, two) + 0.05)
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
}

/// Whether the terminal's background is light or dark, so `theme = auto` can
/// pick the light or the default theme. What the terminal says is read
/// elsewhere (`TerminalBackgroundQuery`); here it is only judged.
public enum BackgroundBrightness: String, Sendable, Equatable {
    case light, dark

    /// Light when black text stands out more on it than white text does.
    public init(of background: RGB) {
        self = background.contrast(with: .black) > background.contrast(with: .white) ? .light : .dark
    }

    /// From `COLORFGBG` (`fg;bg`, rxvt's `fg;xpm;bg`), set by rxvt, Konsole and
    /// others: a background of 7 or 15 (white) is light, any other colour
    /// number dark; nil when it names none (`default`, unset, garbled).
    public init?(colorFGBG: String?) {
        guard let value = colorFGBG, let last = value.split(separator: ";", omittingEmptySubsequences: false).last,
            value.contains(";"), let number = Int(last), (0...255).contains(number)
        else { return nil }
        self = number == 7 || number == 15 ? .light : .dark
    }

    /// The terminal's own answer first (OSC 11), then `COLORFGBG`; nil when
    /// neither says, so the caller keeps its default. The reason is for the log.
    public static func judge(reply: RGB?, environment: [String: String]) -> (brightness: BackgroundBrightness, reason: String)? {
        if let reply {
            return (BackgroundBrightness(of: reply), "the terminal's background is \(reply)")
        }
        if let brightness = BackgroundBrightness(colorFGBG: environment["COLORFGBG"]) {
            return (brightness, "COLORFGBG=\(environment["COLORFGBG"] ?? "")")
        }
        return nil
    }
}

/// What a terminal sends back to the background query: an OSC 11 reply
/// (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by `ESC \` or BEL), then the reply to
/// the device attributes query (`ESC [ ? … c`) sent after it. Nearly every
/// terminal answers the second, and in order, so once it is in, nothing else
/// is coming: a terminal that does not know OSC 11 costs no wait.
public struct TerminalReplies: Sendable, Equatable {
    /// The background colour, when the terminal gave one.
    public var background: RGB?
    /// The device attributes reply has arrived: the terminal has said all it will.
    public var isComplete = false

    public init(background: RGB? = nil, isComplete: Bool = false) {
        self.background = background
        self.isComplete = isComplete
    }

    /// The query: OSC 11 with `?`, then primary device attributes.
    public static let query: [UInt8] = Array("\u{1B}]11;?\u{1B}\\\u{1B}[c".utf8)

    /// Reads what has arrived so far, by the one reply grammar
    /// (`TerminalReplyScanner`); bytes around the replies (keys typed
    /// meanwhile) are ignored.
    public init(scanning bytes: [UInt8]) {
        var scanner = TerminalReplyScanner<UInt8>()
        var events: [TerminalReplyScanner<UInt8>.Event] = []
        for byte in bytes { scanner.feed(byte, TerminalReplyScanner.token(byte), into: &events) }
        for event in events {
            switch event {
            case .osc(let body):
                let text = String(decoding: body, as: UTF8.self)
                if text.hasPrefix("11;"), let colour = TerminalReplies.parseColour(String(text.dropFirst(3))) { background = colour }
            case .deviceAttributes:
                isComplete = true
            case .person:
                break
            }
        }
    }

    /// An X11 colour as terminals report it: `rgb:R/G/B` with 1 to 4 hex
    /// digits a channel (`rgba:` with a fourth, ignored), or `#RGB`…`#RRRRGGGGBBBB`.
    public static func parseColour(_ text: String) -> RGB? {
        func channel(_ hex: Substring) -> UInt8? {
            guard (1...4).contains(hex.count), hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16) else { return nil }
            let maximum = Double((1 << (4 * hex.count)) - 1)
            return UInt8((Double(value) * 255 / maximum).rounded())
        }
        let lowered = text.lowercased()
        var channels: [Substring]
        if lowered.hasPrefix("rgb:") {
            channels = lowered.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false)
            guard channels.count == 3 else { return nil }
        } else if lowered.hasPrefix("rgba:") {
            channels = lowered.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
            guard channels.count == 4 else { return nil }
            channels.removeLast()
        } else if lowered.hasPrefix("#") {
            let digits = lowered.dropFirst()
            guard [3, 6, 9, 12].contains(digits.count) else { return nil }
            let width = digits.count / 3
            channels = (0..<3).map { digits.dropFirst($0 * width).prefix(width) }
        } else {
            return nil
        }
        guard let red = channel(channels[0]), let green = channel(channels[1]), let blue = channel(channels[2]) else { return nil }
        return RGB(red, green, blue)
    }
}
