/// The one grammar of what a terminal sends back, unasked-for as far as a key
/// reader knows, among a person's keys: an OSC reply (`ESC ] digit … BEL` or
/// `… ESC \`) and a device attributes reply (`ESC [ ? digits ; … c`). The
/// background query reads it from bytes (`TerminalReplies`) and the key reader
/// from keys (`TerminalReplyFilter`), so the two never disagree on what a
/// reply is. Fed one element at a time; what could still begin a reply is
/// held (`pending`) until what follows says, and given back as the person's
/// when it is not one.
public struct TerminalReplyScanner<Element> {
    /// What an element is to the grammar.
    public enum Token: Equatable {
        case escape, bell
        case ascii(UInt8)
        case other
    }

    public enum Event {
        /// Not part of a reply: a person's key (or byte).
        case person(Element)
        /// An OSC reply's text after `ESC ]` (a byte outside ASCII as 0xFF).
        case osc(body: [UInt8])
        case deviceAttributes
    }

    enum State {
        case ground, escape, oscIntroducer, csi, deviceAttributes
        case osc(afterEscape: Bool)
    }

    /// The longest reply read as one: past it, an OSC is taken as ended and
    /// what looked like device attributes is given back.
    public static var longest: Int { 128 }

    private var state = State.ground
    private var pending: [Element] = []
    private var body: [UInt8] = []
    private var swallowed = 0

    public init() {}

    /// Whether the last elements could begin a reply (`ESC`, `ESC ]`, `ESC [`, `ESC [ ? 6 4 ;`), not yet known.
    public var isHoldingAStart: Bool {
        switch state {
        case .escape, .oscIntroducer, .csi, .deviceAttributes: return true
        case .ground, .osc: return false
        }
    }

    public mutating func feed(_ element: Element, _ token: Token, into events: inout [Event]) {
        switch state {
        case .ground:
            if token == .escape {
                state = .escape
                pending = [element]
            } else {
                events.append(.person(element))
            }
        case .escape:
            switch token {
            case .ascii(UInt8(ascii: "]")): hold(element, .oscIntroducer)
            case .ascii(UInt8(ascii: "[")): hold(element, .csi)
            default: giveBack(element, token, into: &events)
            }
        case .oscIntroducer:
            // `ESC ] digit`: no one types Alt-] and a digit while a dashboard starts.
            guard case .ascii(let byte) = token, TerminalReplyScanner.isDigit(byte) else { return giveBack(element, token, into: &events) }
            pending = []
            body = [byte]
            swallowed = 3
            state = .osc(afterEscape: false)
        case .osc(let afterEscape):
            swallowed += 1
            if token == .bell || (afterEscape && token == .ascii(UInt8(ascii: "\\"))) {
                events.append(.osc(body: body))
                return reset()
            }
            if swallowed > TerminalReplyScanner.longest { return reset() }
            if afterEscape { body.append(0x1B) }
            if token == .escape {
                state = .osc(afterEscape: true)
                return
            }
            if case .ascii(let byte) = token { body.append(byte) } else { body.append(0xFF) }
            state = .osc(afterEscape: false)
        case .csi:
            guard token == .ascii(UInt8(ascii: "?")) else { return giveBack(element, token, into: &events) }
            hold(element, .deviceAttributes)
        case .deviceAttributes:
            guard case .ascii(let byte) = token, pending.count < TerminalReplyScanner.longest else { return giveBack(element, token, into: &events) }
            if TerminalReplyScanner.isDigit(byte) || byte == UInt8(ascii: ";") { return hold(element, .deviceAttributes) }
            // At least one digit or semicolon after `ESC [ ?`.
            guard byte == UInt8(ascii: "c"), pending.count > 3 else { return giveBack(element, token, into: &events) }
            events.append(.deviceAttributes)
            reset()
        }
    }

    /// The held start, as the person's: nothing followed it in time.
    public mutating func releaseHeld() -> [Element] {
        guard isHoldingAStart else { return [] }
        defer { reset() }
        return pending
    }

    private mutating func hold(_ element: Element, _ next: State) {
        pending.append(element)
        state = next
    }

    /// What was held is not a reply: it was the person's, and the element
    /// that said so is read again from the start (it may begin a reply).
    private mutating func giveBack(_ element: Element, _ token: Token, into events: inout [Event]) {
        for held in pending { events.append(.person(held)) }
        reset()
        feed(element, token, into: &events)
    }

    private mutating func reset() {
        state = .ground
        pending = []
        body = []
        swallowed = 0
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension TerminalReplyScanner: Sendable where Element: Sendable {}
extension TerminalReplyScanner.State: Sendable {}

extension TerminalReplyScanner<UInt8> {
    /// A byte as the grammar reads it.
    public static func token(_ byte: UInt8) -> Token {
        switch byte {
        case 0x1B: return .escape
        case 0x07: return .bell
        case 0..<0x80: return .ascii(byte)
        default: return .other
        }
    }
}

extension TerminalReplyScanner<KeyPress> {
    /// A key as the grammar reads it: BEL arrives as ctrl-g.
    public static func token(_ key: KeyPress) -> Token {
        switch key {
        case .escape: return .escape
        case .control("g"): return .bell
        case .character(let character):
            guard let byte = character.asciiValue, character.unicodeScalars.count == 1 else { return .other }
            return .ascii(byte)
        default: return .other
        }
    }
}
