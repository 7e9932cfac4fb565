import Foundation
import TerminalUI
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `theme = auto`: what the terminal says of its background, and how it is judged.
@Suite("Terminal background")
struct TerminalBackgroundTests {
    @Test func replyColoursInEveryFormTerminalsUse() {
        #expect(TerminalReplies.parseColour("rgb:ffff/ffff/ffff") == .white)
        #expect(TerminalReplies.parseColour("rgb:0000/0000/0000") == .black)
        #expect(TerminalReplies.parseColour("rgb:00/80/ff") == RGB(0, 128, 255))
        #expect(TerminalReplies.parseColour("rgb:f/0/0") == RGB(255, 0, 0))
        #expect(TerminalReplies.parseColour("RGB:FDFD/F6F6/E3E3") == RGB(0xFD, 0xF6, 0xE3))
        #expect(TerminalReplies.parseColour("rgba:ffff/0000/0000/ffff") == RGB(255, 0, 0))
        #expect(TerminalReplies.parseColour("#fff") == .white)
        #expect(TerminalReplies.parseColour("#1c1c1c") == RGB(0x1C, 0x1C, 0x1C))
        for garbled in ["rgb:zz/00/00", "rgb:1/2", "rgb:12345/0/0", "rgb:+f/0/0", "white", "#12345", ""] {
            #expect(TerminalReplies.parseColour(garbled) == nil, "\(garbled)")
        }
    }

    @Test func theRepliesAreReadUpToTheDeviceAttributes() {
        let stringTerminated = TerminalReplies(scanning: Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?64;1;2;6c".utf8))
        #expect(stringTerminated == TerminalReplies(background: .white, isComplete: true))
        let bellTerminated = TerminalReplies(scanning: Array("\u{1B}]11;rgb:0000/2b2b/3636\u{07}\u{1B}[?1;2c".utf8))
        #expect(bellTerminated == TerminalReplies(background: RGB(0, 0x2B, 0x36), isComplete: true))
        // tmux 3.3 without a window-style, GNU screen, the Linux console: attributes only.
        #expect(TerminalReplies(scanning: Array("\u{1B}[?1;2c".utf8)) == TerminalReplies(background: nil, isComplete: true))
        // Half an answer is not yet one.
        #expect(TerminalReplies(scanning: Array("\u{1B}]11;rgb:ffff/ff".utf8)) == TerminalReplies())
        #expect(TerminalReplies(scanning: Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?64".utf8)) == TerminalReplies(background: .white))
        // The foreground's answer (OSC 10) and keys typed meanwhile are not the background.
        let mixed = TerminalReplies(scanning: Array("j\u{1B}]10;rgb:ffff/ffff/ffff\u{07}k\u{1B}]11;rgb:0/0/0\u{07}\u{1B}[?62c".utf8))
        #expect(mixed == TerminalReplies(background: .black, isComplete: true))
    }

    @Test func lightIsWhereBlackTextReadsBetter() {
        #expect(BackgroundBrightness(of: .white) == .light)
        #expect(BackgroundBrightness(of: RGB(0xFD, 0xF6, 0xE3)) == .light)  // Solarized light
        #expect(BackgroundBrightness(of: RGB(0xE5, 0xE5, 0xE5)) == .light)
        #expect(BackgroundBrightness(of: RGB(0x80, 0x80, 0x80)) == .light)
        #expect(BackgroundBrightness(of: .black) == .dark)
        #expect(BackgroundBrightness(of: RGB(0x00, 0x2B, 0x36)) == .dark)  // Solarized dark
        #expect(BackgroundBrightness(of: RGB(0x30, 0x0A, 0x24)) == .dark)  // Ubuntu's aubergine
        #expect(BackgroundBrightness(of: RGB(0x5F, 0x5F, 0x5F)) == .dark)
    }

    @Test func colorFGBGNamesALightBackgroundBy7Or15() {
        #expect(BackgroundBrightness(colorFGBG: "0;15") == .light)
        #expect(BackgroundBrightness(colorFGBG: "0;7") == .light)
        #expect(BackgroundBrightness(colorFGBG: "0;default;15") == .light)
        #expect(BackgroundBrightness(colorFGBG: "15;0") == .dark)
        #expect(BackgroundBrightness(colorFGBG: "12;8") == .dark)
        for unknown in [nil, "", "15", "default;default", "0;", "0;white"] as [String?] {
            #expect(BackgroundBrightness(colorFGBG: unknown) == nil, "\(unknown ?? "unset")")
        }
    }

    @Test func theTerminalsAnswerComesBeforeCOLORFGBG() {
        #expect(BackgroundBrightness.judge(reply: .white, environment: ["COLORFGBG": "15;0"])?.brightness == .light)
        #expect(BackgroundBrightness.judge(reply: .black, environment: ["COLORFGBG": "0;15"])?.brightness == .dark)
        #expect(BackgroundBrightness.judge(reply: nil, environment: ["COLORFGBG": "0;15"])?.brightness == .light)
        #expect(BackgroundBrightness.judge(reply: nil, environment: ["COLORFGBG": "15;0"])?.brightness == .dark)
        #expect(BackgroundBrightness.judge(reply: nil, environment: [:]) == nil)
    }

    @Test func aLateReplyIsNeverReadAsKeys() {
        let osc: [KeyPress] = [.escape, .character("]")] + "11;rgb:ffff/ffff/ffff".map { .character($0) } + [.escape, .character("\\")]
        let attributes: [KeyPress] = [.escape, .character("["), .character("?")] + "64;1;2c".map { .character($0) }
        var filter = TerminalReplyFilter()
        #expect(filter.filter([.character("j")] + osc + attributes + [.character("k")]) == [.character("j"), .character("k")])
        // Ended by BEL (ctrl-g), and split across two reads.
        let belled: [KeyPress] = [.escape, .character("]")] + "11;rgb:0/0/0".map { .character($0) } + [.control("g")]
        #expect(filter.filter(Array(belled[..<6])) == [])
        #expect(filter.filter(Array(belled[6...]) + [.character("r")]) == [.character("r")])
        // A person's escape and keys are theirs.
        #expect(filter.filter([.escape, .character("]"), .character("q")]) == [.escape, .character("]"), .character("q")])
        #expect(filter.filter([.escape, .character("["), .character("c")]) == [.escape, .character("["), .character("c")])
        #expect(filter.filter([.escape, .character("r")]) == [.escape, .character("r")])
    }

    /// A reply cut by the read at any key, its very first included, never
    /// reaches the dashboard as keys; a person's lone escape is held only until
    /// nothing follows it.
    @Test func aReplyCutAnywhereIsNeverReadAsKeys() {
        let osc: [KeyPress] = [.escape, .character("]")] + "11;rgb:ffff/ffff/ffff".map { .character($0) } + [.escape, .character("\\")]
        let attributes: [KeyPress] = [.escape, .character("["), .character("?")] + "64;1;2c".map { .character($0) }
        // xterm's own answer runs to 40 keys.
        let long: [KeyPress] = [.escape, .character("["), .character("?")] + "65;1;2;6;9;15;16;17;18;21;22;28;29;1;2;6c".map { .character($0) }
        for reply in [osc, attributes, long, osc + attributes] {
            for cut in 1..<reply.count {
                var filter = TerminalReplyFilter()
                let first = filter.filter([.character("j")] + Array(reply[..<cut]))
                let second = filter.filter(Array(reply[cut...]) + [.character("k")])
                #expect(first + second + filter.releaseHeld() == [.character("j"), .character("k")], "cut after \(cut) keys")
            }
        }
        var filter = TerminalReplyFilter()
        #expect(filter.filter([.character("j"), .escape]) == [.character("j")])
        #expect(filter.isHolding)
        let firstHold = filter.holdGeneration
        #expect(filter.filter([.character("[")]) == [] && filter.holdGeneration == firstHold + 1, "each hold is its own, for its own release")
        #expect(filter.releaseHeld() == [.escape, .character("[")], "nothing followed: the keys were the person's")
        #expect(filter.filter([.escape, .character("q")]) == [.escape, .character("q")])
        #expect(!filter.isHolding)
    }
}

/// The query on a real pseudo-terminal: the test plays the terminal on its master side.
@Suite("Terminal background query", .serialized)
struct TerminalBackgroundQueryTests {
    /// A pseudo-terminal pair; the query gets the slave, as it would /dev/tty.
    final class PseudoTerminal: @unchecked Sendable {
        let master: Int32
        let slave: Int32

        init() throws {
            // posix_openpt, unlockpt and ptsname, which Swift's Glibc does not
            // bring in: TIOCSPTLCK and TIOCGPTN are _IOW/_IOR('T', 0x31/0x30, int).
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
                throw POSIXError(.ENODEV)
            }
            slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            guard slave >= 0 else { throw POSIXError(.ENODEV) }
        }

        deinit {
            close(slave)
            close(master)
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
        }

        /// What arrives on `descriptor` within `milliseconds` of quiet.
        func drain(_ descriptor: Int32, milliseconds: Int32 = 100) -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                var ready = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
                guard poll(&ready, 1, milliseconds) > 0, ready[0].revents & Int16(POLLIN) != 0 else { return bytes }
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { return bytes }
                bytes += buffer[0..<count]
            }
        }

        /// Plays the terminal: once the whole query has come, sends `pieces` in turn.
        func answer(_ pieces: [String]) {
            var seen: [UInt8] = []
            let deadline = Date().addingTimeInterval(30)
            while !seen.ends(with: TerminalReplies.query), Date() < deadline { seen += drain(master, milliseconds: 50) }
            for piece in pieces {
                write(piece)
                usleep(20_000)
            }
        }

        var localFlags: tcflag_t {
            var settings = termios()
            tcgetattr(slave, &settings)
            return settings.c_lflag
        }
    }

    /// Blocking work on a thread of its own, never on the cooperative pool.
    func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in Thread.detachNewThread { continuation.resume(returning: work()) } }
    }

    func ask(_ terminal: PseudoTerminal, answering pieces: [String]?, timeout: Int = 30_000) async -> TerminalBackgroundQuery.Answer {
        await onOwnThread {
            // The terminal's side is started from the asking thread, so neither
            // waits for the cooperative pool, which the other tests keep busy.
            let answered = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                if let pieces { terminal.answer(pieces) }
                answered.signal()
            }
            let answer = TerminalBackgroundQuery.ask(descriptor: terminal.slave, timeoutMilliseconds: timeout)
            answered.wait()
            return answer
        }
    }

    @Test func theAnswerIsReadWholeAndNeverEchoed() async throws {
        let terminal = try PseudoTerminal()
        let before = terminal.localFlags
        #expect(before & tcflag_t(ECHO) != 0)
        let answer = await ask(terminal, answering: ["\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?64;1;2c"])
        #expect(answer == .colour(.white))
        // The screen got the question and nothing else: the answer was not echoed.
        #expect(terminal.drain(terminal.master) == [])
        // Nothing is left for curses to read as keys, and the terminal's modes are back.
        #expect(terminal.drain(terminal.slave) == [])
        #expect(terminal.localFlags == before)
    }

    @Test func anAnswerInPiecesEndedByBEL() async throws {
        let terminal = try PseudoTerminal()
        let answer = await ask(terminal, answering: ["\u{1B}]11;rgb:0000/", "2b2b/3636\u{07}", "\u{1B}[?1;2c"])
        #expect(answer == .colour(RGB(0, 0x2B, 0x36)))
        #expect(terminal.drain(terminal.slave) == [])
    }

    /// tmux 3.3 and GNU screen answer only the device attributes: no colour,
    /// and no wait for the timeout (30 s here: waiting it out would read as silent).
    @Test func attributesAloneEndTheWait() async throws {
        let terminal = try PseudoTerminal()
        let answer = await ask(terminal, answering: ["\u{1B}[?1;2c"])
        #expect(answer == .noColour)
        #expect(terminal.drain(terminal.slave) == [])
    }

    /// A terminal that answers nothing whole: the wait ends, and what came is flushed, not left as keys.
    @Test func aSilentTerminalCostsTheTimeoutAndLeavesNoKeys() async throws {
        let terminal = try PseudoTerminal()
        terminal.write("\u{1B}]11;rgb:ff")
        let answer = await ask(terminal, answering: nil, timeout: 150)
        #expect(answer == .silent)
        #expect(terminal.drain(terminal.slave) == [])
    }
}

extension Array where Element: Equatable {
    fileprivate func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
