import CNcurses

#if canImport(Glibc)
import Glibc
#endif

/// The terminal under ncurses. Every method runs on the main thread:
/// ncurses is not thread-safe.
@MainActor
public final class TerminalScreen {
    public private(set) var width = 0
    public private(set) var height = 0
    public private(set) var depth: ColorDepth = .none
    private var screen: OpaquePointer?
    private var attributesByRole: [(attributes: attr_t, pair: Int32)] = []
    private let environment: [String: String]
    /// A terminal's late answer to the background query is not a key.
    private var replyFilter = TerminalReplyFilter()

    /// Set while curses owns the terminal, for the exit-time safety net.
    nonisolated(unsafe) private static var isActive = false

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case unusableTerminalType(String)

        public var description: String {
            switch self {
            case .notATerminal:
                return "The dashboard needs a terminal, but standard input or output is not one; use the list, show, create, renew and delete commands in scripts."
            case .unusableTerminalType(let name):
                return "The terminal type \"\(name)\" is unknown to this system; set TERM to a known one such as xterm-256color."
            }
        }
    }

    public func start() throws(StartError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        nl_setlocale_from_environment()
        if environment["ESCDELAY"] == nil {
            // Esc must feel instant; ncurses waits a full second by default.
            set_escdelay(25)
        }
        guard let screen = nl_newterm() else { throw .unusableTerminalType(environment["TERM"] ?? "") }
        self.screen = screen
        TerminalScreen.isActive = true
        atexit { TerminalScreen.restoreAtExit() }
        cbreak()
        noecho()
        nonl()
        intrflush(nl_stdscr(), false)
        keypad(nl_stdscr(), true)
        nodelay(nl_stdscr(), true)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        depth = ColorDepth.detect(colors: has_colors() ? Int(nl_colors()) : 0, environment: environment)
        width = Int(nl_cols())
        height = Int(nl_lines())
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard TerminalScreen.isActive else { return }
        TerminalScreen.isActive = false
        curs_set(1)
        // Without an alternate screen (TERM=linux) the dashboard would stay on
        // the shell's screen after quitting: clear it first, as htop does.
        if nl_has_alternate_screen() == 0 {
            erase()
            refresh()
        }
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// Runs at process exit: whatever path led there, the shell gets its terminal back.
    nonisolated private static func restoreAtExit() {
        if isActive {
            isActive = false
            endwin()
        }
    }

    /// Maps each role (by index) to curses attributes and a colour pair.
    public func setStyles(_ styles: [TextStyle]) {
        var pairs: [[Int32]: Int32] = [:]
        attributesByRole = styles.map { themed in
            let style = themed.shown(at: depth)
            let sent = ColorMapping.sent(style, depth: depth)
            var attributes = nl_attr_normal()
            if sent.bold { attributes |= nl_attr_bold() }
            if style.underline { attributes |= nl_attr_underline() }
            if style.reverse { attributes |= nl_attr_reverse() }
            if style.dim { attributes |= nl_attr_dim() }
            if style.italic { attributes |= nl_attr_italic() }
            guard depth != .none else { return (attributes, 0) }
            let foreground = Int32(sent.foreground ?? -1)
            let background = Int32(sent.background ?? -1)
            if foreground == -1, background == -1 { return (attributes, 0) }
            if let pair = pairs[[foreground, background]] { return (attributes, pair) }
            let pair = Int32(pairs.count + 1)
            guard pair < nl_color_pairs() else { return (attributes, 0) }
            init_pair(Int16(pair), Int16(foreground), Int16(background))
            pairs[[foreground, background]] = pair
            return (attributes, pair)
        }
    }

    /// Draws the whole grid; ncurses sends only what changed since the last frame.
    public func draw(_ grid: CellGrid) {
        guard TerminalScreen.isActive else { return }
        let rows = min(grid.height, height), columns = min(grid.width, width)
        for row in 0..<rows {
            var column = 0
            while column < columns {
                let role = grid[column, row].role
                let start = column
                var run = ""
                while column < columns, grid[column, row].role == role {
                    if let character = grid[column, row].character { run.append(character) }
                    column += 1
                }
                let style: (attributes: attr_t, pair: Int32) = Int(role) < attributesByRole.count ? attributesByRole[Int(role)] : (nl_attr_normal(), 0)
                _ = nl_set_attributes(style.attributes, style.pair)
                _ = mvaddstr(Int32(row), Int32(start), run)
            }
        }
        _ = nl_set_attributes(nl_attr_normal(), 0)
        refresh()
    }

    /// Every key waiting, without blocking.
    public func readKeys() -> [KeyPress] {
        var keys: [KeyPress] = []
        var character: wint_t = 0
        while true {
            let result = nl_get_wch(&character)
            if result == nl_err() { break }
            if result == nl_key_code_yes(), Int32(character) == nl_key_mouse() {
                var column: Int32 = 0, row: Int32 = 0
                switch nl_read_mouse(&column, &row) {
                case 1: keys.append(.mouse(.init(.click, column: Int(column), row: Int(row))))
                case 4: keys.append(.mouse(.init(.wheelUp, column: Int(column), row: Int(row))))
                case 5: keys.append(.mouse(.init(.wheelDown, column: Int(column), row: Int(row))))
                default: break
                }
            } else if result == nl_key_code_yes() {
                if let key = TerminalScreen.keyFromCode(Int32(character)) { keys.append(key) }
            } else if let key = TerminalScreen.keyFromCharacter(UInt32(character)) {
                keys.append(key)
            }
            if keys.count > 512 { break }
        }
        return replyFilter.filter(keys)
    }

    /// Whether the last read ended in what could begin a terminal's reply, held back.
    public var holdsKeys: Bool { replyFilter.isHolding }

    /// Changes with every hold: a release timer lets go only of the hold it was set for.
    public var holdGeneration: Int { replyFilter.holdGeneration }

    /// Keys held back at the end of a read, once nothing followed them: a person's.
    public func releaseHeldKeys() -> [KeyPress] {
        replyFilter.releaseHeld()
    }

    /// Clicks and the wheel reach `readKeys` as `.mouse`; off (`mouse = false`)
    /// the terminal keeps its own selection and wheel.
    public func enableMouse(_ on: Bool) {
        nl_enable_mouse(on ? 1 : 0)
    }

    /// Reads the window size from the kernel and tells ncurses.
    public func handleResize() {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        }
        width = Int(nl_cols())
        height = Int(nl_lines())
        // The old frame is meaningless at a new size: repaint everything.
        clearok(nl_stdscr(), true)
    }

    static func keyFromCode(_ code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BTAB: return .backTab
        case KEY_F0 + 1...KEY_F0 + 24: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    static func keyFromCharacter(_ value: UInt32) -> KeyPress? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
