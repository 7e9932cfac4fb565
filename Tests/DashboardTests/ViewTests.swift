import Dashboard
import Foundation
import LicenseModel
import TerminalUI
import Testing

@Suite("Views")
struct ViewTests {
    @Test(arguments: [(40, 12), (80, 24), (100, 30), (120, 40), (200, 60), (300, 100)])
    func everySizeShowsHeaderTableStatusAndFooter(width: Int, height: Int) {
        let state = Fixtures.state(width: width, height: height)
        let lines = Fixtures.lines(state)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of($0) == width }, "no line wraps or overflows")
        #expect(lines[0].contains("netify-licenses"))
        #expect(lines[0].contains("SANDBOX"))
        #expect(lines[1].contains("SERIAL"))
        #expect(lines[2].hasPrefix("✖ 2026-0000-00000001"))
        #expect(lines[height - 1].contains("help"))
    }

    @Test func headerCountsShownTotalAndEachUrgency() {
        var state = Fixtures.state(width: 160)
        #expect(Fixtures.lines(state)[0].contains("✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown"))
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "acme")
        #expect(Fixtures.lines(state)[0].contains("1/7 shown"))
        #expect(Fixtures.lines(state)[state.size.height - 2].contains("/acme"))
    }

    @Test func columnsDropInOrderAsTheTerminalNarrows() {
        let wide = Fixtures.lines(Fixtures.state(width: 200, height: 30))[1]
        for title in ["SERIAL", "ISSUED TO", "ENTITLEMENTS", "TARGET", "EXPIRES", "DAYS", "RENEW"] { #expect(wide.contains(title)) }
        #expect(Fixtures.lines(Fixtures.state(width: 80, height: 30))[1].contains("TARGET"))
        let medium = Fixtures.lines(Fixtures.state(width: 70, height: 30))[1]
        #expect(!medium.contains("TARGET") && medium.contains("EXPIRES"))
        let narrow = Fixtures.lines(Fixtures.state(width: 40, height: 12))[1]
        #expect(narrow.contains("SERIAL") && narrow.contains("ISSUED TO"))
        #expect(!narrow.contains("ENTITLEMENTS") && !narrow.contains("EXPIRES"))
    }

    @Test func statusIsReadableWithoutColour() {
        let lines = Fixtures.lines(Fixtures.state(width: 120))
        #expect(lines[2].hasPrefix("✖"))
        #expect(lines[3].hasPrefix("✖"))
        #expect(lines[4].hasPrefix("▲"))
        #expect(lines[6].hasPrefix("●"))
        #expect(lines[7].hasPrefix("✓"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let lines = Fixtures.lines(Fixtures.state(width: 100))
        let expiryColumns = lines[2...6].map { line -> Int in
            guard let range = line.firstRange(of: /20\d\d-\d\d-\d\d/) else { return -1 }
            return DisplayWidth.of(line[..<range.lowerBound])
        }
        #expect(Set(expiryColumns).count == 1, "\(expiryColumns)")
        #expect(lines.contains { $0.contains("東京ネットワーク") })
        #expect(lines.contains { $0.contains("Café Müller 🐦") })
    }

    @Test func sortedColumnShowsItsDirection() {
        var state = Fixtures.state()
        #expect(Fixtures.lines(state)[1].contains("EXPIRES▲"))
        Fixtures.press(&state, .character("5"))
        #expect(Fixtures.lines(state)[1].contains("EXPIRES▼"))
    }

    @Test func detailPaneShowsEveryFieldRelativeDatesAndTheAgentsDocument() {
        var state = Fixtures.state(width: 200, height: 50)
        Fixtures.press(&state, .down, .down, .down, .down)
        let screen = Fixtures.screen(state)
        for text in ["Acme Inc.", "● WARNING", "2026-12-17 (in 20 days)", "2026-10-28 (30 days ago)", "Pilot", "netify-proc-aggregator: The Netify aggregator", "application-signatures: Netify commercial", "/etc/netifyd/license.json", "\"not_valid_after\": \"2026-12-17\""] {
            #expect(screen.contains(text), "\(text)")
        }
    }

    @Test func detailSitsBesideWhenWideAndBelowWhenNarrow() {
        let wide = Fixtures.lines(Fixtures.state(width: 160, height: 30))
        #expect(wide[2].contains("│"))
        let narrow = Fixtures.lines(Fixtures.state(width: 90, height: 30))
        #expect(narrow.contains { $0.hasPrefix("──────") })
        var small = Fixtures.state(width: 60, height: 14)
        #expect(!Fixtures.screen(small).contains("Issued to"))
        Fixtures.press(&small, .tab)
        #expect(Fixtures.screen(small).contains("Issued to"))
    }

    @Test func tooSmallSaysSoAndRecovers() {
        var state = Fixtures.state(width: 39, height: 11)
        #expect(Fixtures.screen(state).contains("Terminal too small"))
        _ = Reducer.reduce(&state, .resized(width: 40, height: 12))
        #expect(!Fixtures.screen(state).contains("Terminal too small"))
        #expect(Fixtures.lines(state)[2].contains("2026-0000-00000001"))
    }

    @Test func aFormSurvivesResizingAndKeepsTheFocusedFieldInView() {
        var state = Fixtures.state(width: 120, height: 40)
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, "Resized Co")
        for _ in 0..<6 { Fixtures.press(&state, .tab) }
        Fixtures.type(&state, "a note")
        _ = Reducer.reduce(&state, .resized(width: 40, height: 12))
        let small = Fixtures.screen(state)
        #expect(small.contains("a note"))
        _ = Reducer.reduce(&state, .resized(width: 20, height: 8))
        #expect(Fixtures.screen(state).contains("Terminal too small"))
        _ = Reducer.reduce(&state, .resized(width: 300, height: 100))
        let large = Fixtures.screen(state)
        #expect(large.contains("Resized Co") && large.contains("a note"))
    }

    @Test func staleDataIsMarkedWithTheReason() {
        var state = Fixtures.state(width: 120)
        _ = Reducer.reduce(&state, .refreshDue)
        // The spinner, in its own slot at the right edge.
        #expect("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏".contains(Fixtures.lines(state)[0].dropLast().suffix(1)), "\(Fixtures.lines(state)[0])")
        _ = Reducer.reduce(&state, .fetchFailed(.timeout(seconds: 30), at: Fixtures.now + 60))
        let lines = Fixtures.lines(state)
        #expect(lines[0].contains("STALE"))
        #expect(lines[0].contains("updated 12:00:00 UTC"))
        #expect(lines[state.size.height - 2].contains("did not answer within 30 s"))
        #expect(lines[2].contains("2026-0000-00000001"))
    }

    /// At 80 columns the fleet's state comes first: the status counts stay, extras give way.
    @Test func atEightyColumnsTheStatusCountsComeBeforeTheExtras() {
        var state = Fixtures.state(width: 80, height: 24)
        Fixtures.press(&state, .character("a"), .character(":"))
        Fixtures.type(&state, "all")
        Fixtures.press(&state, .enter)
        let header = Fixtures.lines(state)[0]
        #expect(header.contains("✖2 ▲2 ●1"), "\(header)")
    }

    /// Text cut by its space ends in `…`, so a cut word is never taken for the whole one.
    @Test func cutTextEndsInAnEllipsis() {
        var grid = CellGrid(width: 20, height: 1)
        _ = grid.write("Is the server running? Check it.", column: 0, row: 0, role: 0, limit: 12)
        #expect(grid.lines[0].hasPrefix("Is the serv…"))
        var wide = CellGrid(width: 10, height: 1)
        _ = wide.write("東京東京東京", column: 0, row: 0, role: 0, limit: 5)
        #expect(wide.lines[0].hasPrefix("東京 …") || wide.lines[0].hasPrefix("東京…"), "\(wide.lines[0])")
    }

    /// On a wide terminal a dialog uses the width: a renew preview's dates are whole.
    @Test func dialogsUseAWideTerminal() {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("a"), .character("r"))
        let dialog = Fixtures.lines(state).filter { $0.contains("│ ") && ($0.contains("2026-0000-000000") && $0.contains("→") || $0.contains("Key") || $0.contains("max_term_days")) }
        #expect(!dialog.isEmpty)
        #expect(dialog.allSatisfy { !$0.contains("…") }, "nothing in the bulk renew form is cut at 160 columns: \(dialog)")
        #expect(dialog.contains { $0.contains("max_term_days") }, "the key's line is wrapped, not cut")
    }

    @Test func helpListsEveryKey() {
        var state = Fixtures.state(width: 120, height: 60)
        Fixtures.press(&state, .character("?"))
        let screen = Fixtures.screen(state)
        // The seven sort-by-column keys share one line naming the columns in order.
        let sortColumns: Set<Command> = [.sortColumn1, .sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7]
        for command in Command.allCases where !sortColumns.contains(command) {
            #expect(screen.contains(command.summary), "\(command)")
        }
        #expect(screen.contains("1 2 3 4 5 6 7") && screen.contains("Sort by serial, issued to, entitlements, target, expiry, days left"))
        // One table: a sort key per sortable column, each key's summary and field from it.
        #expect(Command.sortColumns.count == DashboardColumns.sortKeys.count)
        #expect(Command.sortColumn2.summary == "Sort by issued to (again: reverse)")
        #expect(Command.sortColumn5.summary == "Sort by expiry (again: reverse)")
        #expect(KeyMap().command(for: .character("7")) == .sortColumn7)
        Fixtures.press(&state, .escape)
        Fixtures.press(&state, .character("6"))
        #expect(state.sort == LicenseSort(.daysLeft, ascending: true))
        Fixtures.press(&state, .character("?"))
        // Only esc, ? and q close it: a stray key does not.
        Fixtures.press(&state, .character("x"))
        #expect(state.overlay == .help)
        Fixtures.press(&state, .character("q"))
        #expect(state.overlay == nil)
    }

    @Test func emptyAndLoadingStatesSayWhatToDo() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: false, readOnly: false), now: Fixtures.now, size: (80, 24))
        _ = Reducer.reduce(&state, .refreshDue)
        #expect(Fixtures.screen(state).contains("Loading licenses…"))
        _ = Reducer.reduce(&state, .fetched([], at: Fixtures.now))
        #expect(Fixtures.screen(state).contains("No licenses yet. Press c to create one."))
    }

    @Test func controlCharactersInDataNeverReachTheTerminal() {
        let hostile = Fixtures.license("2026-0000-00000009", "Evil\u{1B}[2J\u{07}Corp\nLine", days: 10)
        let screen = Fixtures.screen(Fixtures.state(width: 160, licenses: [hostile]))
        #expect(!screen.contains("\u{1B}"))
        #expect(!screen.contains("\u{07}"))
    }
}

@Suite("Themes")
struct ThemeTests {
    @Test(arguments: ["default", "light", "high-contrast", "monochrome"])
    func bundledThemesParseAndDefineEveryRole(name: String) throws {
        // The dashboard is handed a theme's text; reading the file is the executable's part.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/\(name).theme").path
        let theme = try Theme(name: name, text: String(contentsOfFile: path, encoding: .utf8), source: path)
        #expect(theme.name == name)
        #expect(theme.styles.count == Role.allCases.count)
    }

    @Test func themeFilesNameTheirMistakes() {
        #expect(throws: Theme.ParseError.self) { try Theme(name: "x", text: "header = bold chartreuse", source: "x.theme") }
        #expect(performing: { try Theme(name: "x", text: "\nsparkle = red", source: "x.theme") }, throws: { "\($0)".contains("x.theme:2") })
        #expect(throws: Theme.ParseError.self) { try Theme(name: "x", text: "header = red on", source: "x.theme") }
        let parsed = try? Theme(name: "x", text: "header = bold #ff0000 on 17\nok = default", source: "x.theme")
        #expect(parsed?[.header] == TextStyle(foreground: .rgb(255, 0, 0), background: .indexed(17), bold: true))
    }

    @Test func coloursMapDownToWhatTheTerminalHas() {
        let orange = TerminalColor.rgb(0xFF, 0x87, 0x00)
        #expect(ColorMapping.index(of: orange, depth: .indexed256) == 208)
        #expect(ColorMapping.index(of: orange, depth: .sixteen).map { $0 < 16 } == true)
        #expect(ColorMapping.index(of: orange, depth: .eight).map { $0 < 8 } == true)
        #expect(ColorMapping.index(of: orange, depth: .none) == nil)
        #expect(ColorMapping.index(of: .terminalDefault, depth: .indexed256) == nil)
        #expect(ColorMapping.index(of: .indexed(196), depth: .eight) == 1)
        #expect(ColorDepth.detect(colors: 256, environment: ["NO_COLOR": "1"]) == ColorDepth.none)
        #expect(ColorDepth.detect(colors: 8, environment: [:]) == .eight)
        #expect(ColorDepth.detect(colors: 256, environment: ["COLORTERM": "truecolor"]) == .trueColor)
    }
}

import Foundation


@Suite("View roles")
struct ViewRoleTests {
    @Test func theSelectedRowIsSelectionAndEveryOtherRowIsColouredByItsStatus() throws {
        var state = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&state, .down, .down)
        let selected = try #require(Fixtures.row(containing: "2026-0000-00000003", in: state))
        let selectedRoles = Fixtures.roles(state, row: selected)
        // The whole table part of the row is the selection, whatever its status.
        #expect(selectedRoles.hasPrefix(String(repeating: "S", count: 40)), "\(selectedRoles)")
        let expired = try #require(Fixtures.row(containing: "2026-0000-00000001", in: state))
        #expect(Fixtures.roles(state, row: expired).first == "X")
        let warning = try #require(Fixtures.row(containing: "2026-0000-00000005", in: state))
        #expect(Fixtures.roles(state, row: warning).first == "W")
        let ok = try #require(Fixtures.row(containing: "2026-0000-00000007", in: state))
        #expect(Fixtures.roles(state, row: ok).first == "O")
    }

    @Test func theSortedColumnHeaderHasItsOwnRole() {
        let state = Fixtures.state(width: 100, height: 30)
        let header = Fixtures.lines(state)[1]
        let roles = Fixtures.roles(state, row: 1)
        let expires = header.range(of: "EXPIRES▲")!
        let column = DisplayWidth.of(String(header[..<expires.lowerBound]))
        let letters = Array(roles)
        #expect(letters[column] == "H")
        #expect(letters[0] == "h")
    }

    @Test func theDetailPanesStatusLinesTakeTheStatusRole() throws {
        var state = Fixtures.state(width: 200, height: 50)
        Fixtures.press(&state, .down, .down, .down, .down)
        let statusRow = try #require(Fixtures.row(containing: "● WARNING", in: state))
        let line = Fixtures.lines(state)[statusRow]
        let start = DisplayWidth.of(String(line[..<line.range(of: "● WARNING")!.lowerBound]))
        #expect(Array(Fixtures.roles(state, row: statusRow))[start] == "W")
        let issuedRow = try #require(Fixtures.row(containing: "Issued to     Acme", in: state))
        let issuedLine = Fixtures.lines(state)[issuedRow]
        let valueStart = DisplayWidth.of(String(issuedLine[..<issuedLine.range(of: "Issued to     Acme")!.lowerBound]))
        let letters = Array(Fixtures.roles(state, row: issuedRow))
        #expect(letters[valueStart] == "l")
        #expect(letters[valueStart + 14] == "d")
    }
}

@Suite("Colourless terminals")
struct ColourlessTests {
    @Test func withoutColoursTheSelectionTurnsToReverseVideo() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes/default.theme").path
        let theme = try Theme(name: "default", text: String(contentsOfFile: path, encoding: .utf8), source: path)
        #expect(!theme[.selection].reverse)
        #expect(theme[.selection].shown(at: .none).reverse)
        #expect(!theme[.selection].shown(at: .indexed256).reverse)
        // A style with no background of its own is left as it is: the expired
        // rows' colour has none, and keeps its bold without reverse video.
        #expect(theme[.expired].background == .terminalDefault)
        #expect(theme[.expired].shown(at: .none) == theme[.expired])
        #expect(!theme[.expired].shown(at: .none).reverse && theme[.expired].shown(at: .none).bold)
        let plain = TextStyle(foreground: .rgb(0xFF, 0x5F, 0x5F), bold: true)
        #expect(plain.shown(at: .none) == plain)
        // Every role: reverse video without colours exactly when it stood out by its background; nothing else changes.
        for role in Role.allCases {
            let style = theme[role], shown = style.shown(at: .none)
            #expect(shown.reverse == (style.reverse || style.background != .terminalDefault), "\(role)")
            var unreversed = shown
            unreversed.reverse = style.reverse
            #expect(unreversed == style, "\(role)")
            #expect(style.shown(at: .eight) == style && style.shown(at: .trueColor) == style, "\(role): only a colourless terminal changes it")
        }
    }
}

/// The team journal in the dashboard: what waits, and who changed a license last.
@Suite("The team journal on screen")
struct TeamJournalViewTests {
    @Test func theHeaderSaysWhatWaitsAndTheDetailPaneWhoChangedItLast() {
        var state = Fixtures.state(width: 200, height: 60)
        let serial = state.selectedLicense!.serial
        _ = Reducer.reduce(&state, .teamJournal(
            pending: 3, lastChanges: [serial: LastChange(operatorName: "bob", action: .renew, time: state.now - 7_300)]))
        let screen = Fixtures.screen(state)
        #expect(Fixtures.lines(state)[0].contains("journal: 3 pending"), "\(Fixtures.lines(state)[0])")
        #expect(screen.contains("renewed by bob, 2 h ago"), "\(screen)")
        // Nothing waiting: the header says nothing of it.
        _ = Reducer.reduce(&state, .teamJournal(pending: 0, lastChanges: [:]))
        #expect(!Fixtures.lines(state)[0].contains("journal:"))
        #expect(!Fixtures.screen(state).contains("renewed by bob"))
    }
}

/// At 80x24 and 100x30 the detail pane sits below the table: the selected row
/// is always one that is drawn, however the cursor got there.
@Suite("The cursor is always on screen")
struct CursorOnScreenTests {
    static func fleet(_ count: Int) -> [License] {
        let today = CalendarDate(unixSeconds: 1_796_256_000)
        return (0..<count).map { index in
            License(
                serial: String(format: "2026-0100-%08d", index), issuedTo: "Customer \(index)", entitlements: [.lua],
                expireAt: LicenseInstant(date: today.adding(days: index - 5)))
        }
    }

    @Test(arguments: [(80, 24), (100, 30), (90, 40)])
    func everyMoveLandsOnADrawnRow(width: Int, height: Int) {
        var state = Fixtures.state(width: width, height: height, licenses: Self.fleet(60))
        func selectedIsDrawn(_ what: String) {
            let serial = state.selectedLicense?.serial ?? "-"
            let lines = Fixtures.lines(state)
            // The table's rows: below its column titles, above the pane's line.
            let table = lines.dropFirst(2).prefix { !$0.hasPrefix("───") }
            #expect(table.contains { $0.contains(serial) }, "\(width)x\(height) \(what): \(serial) is not drawn")
        }
        selectedIsDrawn("at launch")
        Fixtures.press(&state, .character("g"))
        for step in 1...30 {
            Fixtures.press(&state, .character("j"))
            selectedIsDrawn("after j×\(step)")
        }
        Fixtures.press(&state, .pageDown)
        selectedIsDrawn("after PgDn")
        Fixtures.press(&state, .character("G"))
        selectedIsDrawn("after G")
        Fixtures.press(&state, .character("g"), .character("n"))
        selectedIsDrawn("after n")
    }
}

/// A dialog's question is in view whole, its buttons included, at 80x24: a yes is never asked blind.
@Suite("A question is always in view")
struct QuestionInViewTests {
    @Test(arguments: [(80, 24), (100, 30), (60, 16)])
    func theReissueQuestionAndItsButtonsAreDrawn(width: Int, height: Int) {
        var state = Fixtures.state(width: width, height: height)
        Fixtures.press(&state, .character("i"))
        for character in "box-99" { Fixtures.press(&state, .character(character)) }
        Fixtures.press(&state, .enter)
        let screen = Fixtures.screen(state)
        #expect(screen.contains("[ Yes, re-issue ]"), "\(width)x\(height): the buttons are not drawn:\n\(screen)")
        #expect(screen.contains("y re-issues"), "\(width)x\(height)")
        #expect(screen.contains("then delete"), "\(width)x\(height): the question is not drawn:\n\(screen)")
    }
}

/// Help scrolls at 80x24, lists every key and command, actions before
/// navigation, and closes with esc, ? or q only.
@Suite("Help that can be read whole")
struct HelpTests {
    static func helpText(_ state: DashboardState) -> String { Fixtures.screen(state) }

    @Test(arguments: [(80, 24), (200, 60)])
    func everyKeyAndCommandCanBeReadByScrolling(width: Int, height: Int) {
        var state = Fixtures.state(width: width, height: height)
        Fixtures.press(&state, .character("?"))
        var seen = Self.helpText(state)
        for _ in 0..<80 {
            Fixtures.press(&state, .character("j"))
            seen += Self.helpText(state)
        }
        #expect(state.overlay == .help, "j scrolls; it does not close help")
        let sortColumns: [Command] = [.sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7]
        for command in Command.allCases where !sortColumns.contains(command) {
            let words = command.summary.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(seen.contains(words), "\(width)x\(height): \(command) (\(words)) never shown")
        }
        for text in [":ctx NAME", "ctrl-p", "ctrl-n", "Mouse", "Status"] {
            #expect(seen.contains(text), "\(width)x\(height): \(text) never shown")
        }
        // Actions come before navigation.
        let entries = HelpView.entries(state).map(\.1)
        let renew = entries.firstIndex { $0 == Command.renew.summary } ?? .max, down = entries.firstIndex { $0 == Command.down.summary } ?? -1
        #expect(renew < down)
        // G reaches the end, g the top; a stray key does nothing; esc closes.
        Fixtures.press(&state, .character("G"))
        #expect(Self.helpText(state).contains("Status"))
        Fixtures.press(&state, .character("g"))
        #expect(Self.helpText(state).contains("Actions"))
        Fixtures.press(&state, .character("x"))
        #expect(state.overlay == .help)
        Fixtures.press(&state, .escape)
        #expect(state.overlay == nil)
        Fixtures.press(&state, .character("?"), .character("?"))
        #expect(state.overlay == nil, "? closes it again")
    }

    @Test func atTwoHundredColumnsEverythingFitsInTwoColumns() {
        let state = Fixtures.state(width: 200, height: 60)
        #expect(HelpView.rows(state, width: 198).columns == 2)
        #expect(HelpView.rows(state, width: 198).rows.count + 3 <= 58, "every key visible at once")
    }

    /// While a write is on its way the footer names only what still acts: the
    /// dialog hides (esc) and the write goes on; a hidden create is not kept as
    /// a draft, so it cannot be sent twice.
    @Test func whileAWriteIsOnItsWayTheFooterNamesOnlyTheKeysThatAct() {
        var state = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&state, .character("d"))
        #expect(Fixtures.lines(state).last?.contains("any other key no") == true)
        #expect(Fixtures.press(&state, .character("y")) == [.delete(serial: "2026-0000-00000001")])
        let deleting = Fixtures.lines(state).last ?? ""
        #expect(deleting.contains("esc hide (the write goes on)") && !deleting.contains("any other key"), "\(deleting)")
        _ = Reducer.reduce(&state, .deleted(serial: "2026-0000-00000001"))

        var renewing = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&renewing, .character("r"))
        #expect(Fixtures.lines(renewing).last?.contains("enter send") == true)
        let sent = Fixtures.press(&renewing, .enter)
        #expect(sent.contains { if case .renew = $0 { return true } else { return false } }, "\(sent)")
        let footer = Fixtures.lines(renewing).last ?? ""
        #expect(footer.contains("esc hide (the write goes on)") && !footer.contains("enter send"), "\(footer)")

        var creating = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&creating, .character("c"))
        Fixtures.type(&creating, "Typed Co")
        Fixtures.press(&creating, .tab, .character(" "))
        let created = Fixtures.press(&creating, .enter)
        guard created.contains(where: { if case .create = $0 { return true } else { return false } }) else {
            Issue.record("the create form did not send: \(created), \(creating.message?.text ?? "")")
            return
        }
        #expect(Fixtures.lines(creating).last?.contains("esc hide (the write goes on)") == true)
        Fixtures.press(&creating, .escape)
        #expect(creating.overlay == nil && creating.createDraft == nil, "hidden, and not kept to be sent again")
        #expect(creating.message?.text.contains("still on its way") == true)
        #expect(!(creating.message?.text.contains("nothing was sent") ?? false))
    }
}
