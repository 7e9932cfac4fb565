#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal for its background colour (OSC 11) before curses takes
/// it, for `theme = auto`. The terminal's answer comes back as input: it is
/// read here, with echo off, up to the device attributes reply sent after the
/// question, so none of it is left to be read as keys.
///
/// Inside tmux the answer is tmux's own: tmux 3.4 and later pass on the outer
/// terminal's background; 3.3 answers only when `window-style` sets one, and
/// otherwise only the device attributes, so the question costs no wait.
public enum TerminalBackgroundQuery {
    public enum Answer: Sendable, Equatable, CustomStringConvertible {
        /// The terminal's background colour.
        case colour(RGB)
        /// The terminal answered, but not with a colour.
        case noColour
        /// Nothing came back in time.
        case silent
        /// Not asked: no terminal, or one that would show the question as text (the Linux console).
        case notAsked

        public var colour: RGB? {
            if case .colour(let colour) = self { return colour }
            return nil
        }

        public var description: String {
            switch self {
            case .colour(let colour): return "the terminal's background is \(colour)"
            case .noColour: return "the terminal does not say its background"
            case .silent: return "the terminal did not answer"
            case .notAsked: return "the terminal was not asked"
            }
        }
    }

    /// The longest wait for a terminal that answers neither question. Any
    /// terminal that answers device attributes (nearly all) ends it sooner.
    public static let defaultTimeoutMilliseconds = 200

    /// Asks the controlling terminal, when standard input and output are one.
    public static func ask(environment: [String: String], timeoutMilliseconds: Int = defaultTimeoutMilliseconds) -> Answer {
        let type = environment["TERM"] ?? ""
        // The Linux console reads `ESC ] 1` as the start of a palette change and prints the rest.
        guard !type.isEmpty, type != "dumb", !type.hasPrefix("linux") else { return .notAsked }
        guard isatty(0) == 1, isatty(1) == 1 else { return .notAsked }
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return .notAsked }
        defer { close(descriptor) }
        return ask(descriptor: descriptor, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Asks the terminal open on `descriptor` (a pseudo-terminal in tests).
    public static func ask(descriptor: Int32, timeoutMilliseconds: Int) -> Answer {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return .notAsked }
        var quiet = saved
        // No echo (the answer never shows), no line editing (it arrives at
        // once), no signals (a ctrl-c meanwhile is a byte, read and dropped).
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO | ECHONL | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &quiet.c_cc) { characters in
            characters[Int(VMIN)] = 0
            characters[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &quiet) == 0 else { return .notAsked }
        defer { _ = tcsetattr(descriptor, TCSANOW, &saved) }

        let query = TerminalReplies.query
        let written = query.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == query.count else { return .notAsked }

        var received: [UInt8] = []
        var replies = TerminalReplies()
        var buffer = [UInt8](repeating: 0, count: 512)
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        while !replies.isComplete, received.count < 4096 {
            let remaining = deadline - monotonicMilliseconds()
            guard remaining > 0 else { break }
            var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 1, Int32(remaining))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { break }
            received += buffer[0..<count]
            replies = TerminalReplies(scanning: received)
        }
        if !replies.isComplete {
            // Whatever part of an answer came is dropped with the input queue;
            // a later one is dropped by the key reader (`TerminalReplyFilter`).
            tcflush(descriptor, TCIFLUSH)
        }
        if let colour = replies.background { return .colour(colour) }
        return replies.isComplete ? .noColour : .silent
    }

    static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }
}

/// Drops a terminal's reply that arrives as keys: an OSC reply or a device
/// attributes reply (`TerminalReplyScanner`'s grammar) that came after the
/// background query stopped waiting. Without it `ESC ] 1 1 ; r g b …` would
/// reach the dashboard as escape, `]`, `1`… and `r` renews. Only those exact
/// shapes are dropped, so a person's escape and keys pass.
public struct TerminalReplyFilter: Sendable {
    private var scanner = TerminalReplyScanner<KeyPress>()
    /// Counts holds, so a release meant for one never lets go of a later one.
    public private(set) var holdGeneration = 0

    public init() {}

    /// Whether keys are held back, waiting to see if a reply follows: the
    /// last read ended in what could be a reply's first keys.
    public var isHolding: Bool { scanner.isHoldingAStart }

    /// The held keys, as a person's: nothing followed them in time.
    public mutating func releaseHeld() -> [KeyPress] {
        scanner.releaseHeld()
    }

    /// The keys that are a person's, in order. A reply split across reads is
    /// recognised by its start and dropped to its end (at most 128 keys); a
    /// read that ends in what could be a reply's start holds those keys back.
    public mutating func filter(_ keys: [KeyPress]) -> [KeyPress] {
        var events: [TerminalReplyScanner<KeyPress>.Event] = []
        for key in keys { scanner.feed(key, TerminalReplyScanner.token(key), into: &events) }
        if isHolding { holdGeneration += 1 }
        return events.compactMap { event in
            if case .person(let key) = event { return key }
            return nil
        }
    }
}
