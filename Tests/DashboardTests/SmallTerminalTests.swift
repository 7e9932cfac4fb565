import Dashboard
import LicenseModel
import Testing
import TerminalUI

/// What a new operator met at 80x24: one due rule, the learned key term, one
/// confirmation style, one line editor, drafts that end, a ranked header and
/// the message log. Each at the size where it failed.
@Suite("The small terminal")
struct SmallTerminalTests {
    static let small = (width: 80, height: 24)

    /// Moves the cursor to a license, as an operator would: from the top, down.
    static func select(_ serial: String, in state: inout DashboardState) {
        let row = state.visible.firstIndex { state.catalog.licenses[$0].serial == serial }!
        Fixtures.press(&state, .home)
        for _ in 0..<row { Fixtures.press(&state, .down) }
    }

    // MARK: One due rule

    @Test func dueIsOneRuleForNColonDueAndStatusDue() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        // Expired renewable licenses are due (renew_expired, on by default), as `renew --due` renews them.
        let due = state.catalog.licenses.filter { state.thresholds.isDue($0, now: Fixtures.now) }.map(\.serial).sorted()
        #expect(due == ["2026-0000-00000001", "2026-0000-00000002", "2026-0000-00000003", "2026-0000-00000005"])
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "due")
        Fixtures.press(&state, .enter)
        #expect(state.visible.map { state.catalog.licenses[$0].serial }.sorted() == due)
        // `n` visits exactly the due ones, in table order, and wraps.
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "all")
        Fixtures.press(&state, .enter)
        var visited: [String] = []
        for _ in 0..<5 {
            Fixtures.press(&state, .character("n"))
            visited.append(state.selectedLicense!.serial)
        }
        #expect(visited == ["2026-0000-00000002", "2026-0000-00000003", "2026-0000-00000005", "2026-0000-00000001", "2026-0000-00000002"])
    }

    @Test func theDueRuleFollowsTheRenewSettings() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        // renew_expired = false and renew_within_days = 3: only 0003 (2 days, renewable) is due.
        state.thresholds = ExpiryThresholds(criticalDays: 7, warningDays: 30, due: DueRule(withinDays: 3, includesExpired: false))
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "status:due")
        #expect(state.visible.map { state.catalog.licenses[$0].serial } == ["2026-0000-00000003"])
        Fixtures.press(&state, .control("u"))
        Fixtures.type(&state, "!status:due")
        #expect(state.visible.count == 6)
    }

    // MARK: The learned key term

    @Test func aKeyTermLearnedByTheChainIsWhatTheRenewFormPlansFrom() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        // The create's reply taught the chain 365 days; the runtime hands the dashboard that one value.
        _ = Reducer.reduce(&state, .keyMaximumKnown(.learned(days: 365, on: Fixtures.today)))
        Self.select("2026-0000-00000005", in: &state)
        Fixtures.press(&state, .character("r"))
        #expect(Fixtures.screen(state).contains("365 days, learned 2026-11-27"))
        #expect(!Fixtures.screen(state).contains("not known yet"))
        // One enter sends it (as the date the known term gives): nothing is asked, as nothing could be shortened.
        #expect(Fixtures.press(&state, .enter) == [.renew(serial: "2026-0000-00000005", RenewLicenseRequest(expiry: .date(Fixtures.today.adding(days: 365))))])
    }

    @Test func aRenewFormOpenWhileTheTermIsLearnedPlansFromItAtOnce() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Self.select("2026-0000-00000005", in: &state)
        Fixtures.press(&state, .character("r"))
        _ = Reducer.reduce(&state, .keyMaximumKnown(.learned(days: 90, on: Fixtures.today)))
        guard case .renew(let form)? = state.overlay else { Issue.record("no renew form"); return }
        #expect(form.keyMaximum == .learned(days: 90, on: Fixtures.today))
    }

    // MARK: One confirmation style

    @Test func aShorteningRenewIsAskedLikeADeleteAndASecondEnterNeverConfirms() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Self.select("2026-0000-00000005", in: &state)
        // Not known yet, 20 days left: the key's maximum could shorten it.
        Fixtures.press(&state, .character("r"))
        #expect(Fixtures.press(&state, .enter) == [])
        var screen = Fixtures.screen(state)
        #expect(screen.contains("Renew anyway?"), "\(screen)")
        #expect(screen.contains("[ No ]   [ Yes, renew anyway ]"))
        #expect(screen.contains("y renews anyway · any other key goes back to the form"))
        // A second enter (a double tap) goes back to the form; nothing is sent.
        #expect(Fixtures.press(&state, .enter) == [])
        screen = Fixtures.screen(state)
        #expect(!screen.contains("Renew anyway?"))
        guard case .renew? = state.overlay else { Issue.record("the form closed"); return }
        // esc during the question goes back to the form too.
        Fixtures.press(&state, .enter, .escape)
        guard case .renew? = state.overlay else { Issue.record("esc closed the form"); return }
        // Asked again, y sends exactly that plan.
        Fixtures.press(&state, .enter)
        #expect(Fixtures.press(&state, .character("y")) == [.renew(serial: "2026-0000-00000005", RenewLicenseRequest(expiry: .keyMaximum))])
    }

    @Test(arguments: ["delete", "renew"])
    func everyQuestionHasTheSameButtons(_ action: String) {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Self.select("2026-0000-00000005", in: &state)
        if action == "delete" { Fixtures.press(&state, .character("d")) } else { Fixtures.press(&state, .character("r"), .enter) }
        let grid = DashboardView.render(state)
        let lines = grid.lines
        let buttons = lines.firstIndex { $0.contains("[ No ]") }!
        let no = lines[buttons].range(of: "[ No ]")!
        let column = DisplayWidth.of(String(lines[buttons][..<no.lowerBound]))
        // No is the focused button (the default), the yes beside it is not.
        #expect(Role(rawValue: grid[column + 2, buttons].role) == .buttonFocused)
        let yes = lines[buttons].range(of: "[ Yes")!
        #expect(Role(rawValue: grid[DisplayWidth.of(String(lines[buttons][..<yes.lowerBound])) + 2, buttons].role) == .button)
        #expect(lines[buttons + 1].contains("y ") && lines[buttons + 1].contains("any other key"))
    }

    // MARK: One line editor

    @Test func theColonLineEditsAsTheFilterLineDoes() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "teleport now")
        Fixtures.press(&state, .control("w"))
        #expect(state.commandText == "teleport ")
        Fixtures.press(&state, .control("u"))
        #expect(state.commandText.isEmpty)
        Fixtures.type(&state, "tmeline")
        Fixtures.press(&state, .home, .right, .character("i"))
        #expect(state.commandText == "timeline")
        // The `/` line: the same keys.
        Fixtures.press(&state, .escape, .character("/"))
        Fixtures.type(&state, "zurich lab")
        Fixtures.press(&state, .control("w"))
        #expect(state.filterText == "zurich ")
        Fixtures.press(&state, .left, .left, .backspace)
        #expect(state.filterText == "zurih ", "the cursor moved back two: the c before it went")
        Fixtures.press(&state, .control("u"))
        #expect(state.filterText.isEmpty)
    }

    @Test func tabCyclesTheMatchesAndTheHintFollows() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "2026-0000-0000000")
        Fixtures.press(&state, .tab)
        #expect(state.commandText == "2026-0000-0000000")
        let status = { Fixtures.lines(state)[Self.small.height - 2] }
        #expect(status().contains("7 match"), "\(status())")
        Fixtures.press(&state, .tab)
        #expect(state.commandText == "2026-0000-00000001")
        Fixtures.press(&state, .tab)
        #expect(state.commandText == "2026-0000-00000002")
        #expect(status().contains("[2026-0000-00000002]"), "\(status())")
        Fixtures.press(&state, .backTab)
        #expect(state.commandText == "2026-0000-00000001")
        // Typing over the completion starts afresh, and the hint goes.
        Fixtures.press(&state, .backspace)
        #expect(!status().contains("match"), "\(status())")
        Fixtures.type(&state, "4")
        Fixtures.press(&state, .tab, .enter)
        #expect(state.selectedLicense?.serial == "2026-0000-00000004")
    }

    @Test func escapeLeavesTheColonLineWithoutBringingBackAnOldError() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "teleport")
        Fixtures.press(&state, .enter)
        #expect(state.message?.isError == true)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "ti")
        Fixtures.press(&state, .escape)
        #expect(state.message == nil)
        #expect(!Fixtures.screen(state).contains("Unknown command"))
    }

    // MARK: Drafts

    @Test func aPrefilledFormCancelledUnchangedLeavesNoDraft() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character("h"))
        _ = Reducer.reduce(&state, .historyLoaded([HistoryViewTests.entry(1, .delete, "2026-0000-00000099", before: HistoryViewTests.deleted, after: nil)]))
        Fixtures.press(&state, .tab)
        guard case .create? = state.overlay else { Issue.record("no create form"); return }
        Fixtures.press(&state, .escape)
        #expect(state.createDraft == nil)
        Fixtures.press(&state, .character("c"))
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        #expect(form.issuedTo.text.isEmpty)
        #expect(!Fixtures.screen(state).contains("From deleted"))
    }

    @Test func aDraftReopenedAndCancelledUnchangedEnds() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, "Acme Draft")
        Fixtures.press(&state, .escape)
        #expect(state.createDraft?.issuedTo.text == "Acme Draft")
        // Reopened and changed: still kept.
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, " Two")
        Fixtures.press(&state, .escape)
        #expect(state.createDraft?.issuedTo.text == "Acme Draft Two")
        // Reopened and cancelled as it was: it ends.
        Fixtures.press(&state, .character("c"), .escape)
        #expect(state.createDraft == nil)
        #expect(state.message?.text.hasPrefix("Draft discarded") == true)
        Fixtures.press(&state, .character("c"))
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        #expect(form.issuedTo.text.isEmpty)
    }

    // MARK: The header

    @Test(arguments: [80, 100, 120])
    func stalenessAndErrorsLeadTheHeaderAtEveryWidth(width: Int) {
        var state = Fixtures.state(width: width, height: 24)
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "connection refused"), at: Fixtures.now + 60))
        // Another message replaces the status line's stale line: the header still says it.
        Fixtures.press(&state, .character("y"))
        let header = Fixtures.lines(state)[0]
        #expect(header.contains("STALE"), "\(width): \(header)")
        #expect(header.contains("✖2") || header.contains("✖ 2 expired"), "\(width): \(header)")
        #expect(header.contains("▲2") || header.contains("▲ 2 critical"), "\(width): \(header)")
        #expect(header.contains("●1") || header.contains("● 1 warning"), "\(width): \(header)")
        #expect(header.contains("7/7"), "\(width): \(header)")
        let stale = header.range(of: "STALE")!, counts = header.range(of: "✖")!
        #expect(stale.lowerBound < counts.lowerBound, "STALE comes first: \(header)")
    }

    @Test func nothingInTheHeaderMovesDuringARefresh() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character(" "))
        let before = Fixtures.lines(state)[0]
        _ = Reducer.reduce(&state, .refreshDue)
        for frame in 0..<3 {
            _ = Reducer.reduce(&state, .tick(now: Fixtures.now + Int64(frame)))
            let during = Fixtures.lines(state)[0]
            // Only the spinner's own slot at the right edge changes.
            #expect(Array(during).dropLast(2) == Array(before).dropLast(2), "\(before)\n\(during)")
        }
        #expect(before.contains("•1") || before.contains("• 1 marked"), "\(before)")
    }

    @Test func theMessageLogKeepsACutOffMessageWhole() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "teleport")
        Fixtures.press(&state, .enter)
        let whole = state.message!.text
        #expect(DisplayWidth.of(whole) > Self.small.width, "the message is longer than the line")
        Fixtures.press(&state, .character("y"))
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "log")
        Fixtures.press(&state, .enter)
        #expect(state.overlay == .messageLog)
        // The dialog's lines read as one text: its borders and the wrapping's spaces left out.
        let screen = String(Fixtures.lines(state).joined(separator: " ").map { $0 == "│" ? " " : $0 }).split(separator: " ").joined(separator: " ")
        #expect(screen.contains("Messages, newest first"))
        #expect(screen.contains("or :SERIAL (tab completes)."), "the end of the long message is there: \(screen)")
        #expect(screen.contains("Copied 2026-0000-00000001"))
        Fixtures.press(&state, .character("x"))
        #expect(state.overlay == nil)
    }

    @Test func theFooterNamesTheDetailPanesKeysWhenItHasFocus() {
        var state = Fixtures.state(width: Self.small.width, height: Self.small.height)
        Fixtures.press(&state, .tab)
        let footer = Fixtures.lines(state)[Self.small.height - 1]
        #expect(footer.contains("scroll down") && footer.contains("back to the table"), "\(footer)")
        #expect(!footer.contains("filter"))
    }
}

/// The polish a new operator asked for, each at the size where it showed.
@Suite("Polish at the sizes it showed")
struct PolishTests {
    @Test func thePaneIsResizedOrHiddenSoTheTargetColumnComesBackAt120x35() {
        var state = Fixtures.state(width: 120, height: 35)
        #expect(!Fixtures.lines(state)[1].contains("TARGET"), "the standard pane leaves no room for it")
        Fixtures.press(&state, .character("_"))
        #expect(state.detailPane == .narrow)
        #expect(Fixtures.lines(state)[1].contains("TARGET"), "\(Fixtures.lines(state)[1])")
        Fixtures.press(&state, .character("_"))
        #expect(state.detailPane == .hidden)
        #expect(!Fixtures.lines(state)[2].contains("│"), "no pane beside the table")
        // Hidden, the pane still shows when focused, in the table's place.
        Fixtures.press(&state, .tab)
        #expect(Fixtures.screen(state).contains("/etc/netifyd/license.json") || Fixtures.screen(state).contains("Issued to"))
        Fixtures.press(&state, .tab, .character("+"), .character("+"), .character("+"), .character("+"))
        #expect(state.detailPane == .wide)
        // The cursor stays on a drawn row whatever the pane takes.
        Fixtures.press(&state, .character("G"))
        #expect(Fixtures.lines(state).contains { $0.contains(state.selectedLicense!.serial) })
    }

    @Test func anEmptyDaysFieldPreviewsNothingAndTheCreateFormShowsTheDateItGives() {
        var state = Fixtures.state(width: 80, height: 24)
        Fixtures.press(&state, .character("r"), .right, .right)
        var screen = Fixtures.screen(state)
        #expect(screen.contains("type a number of days"), "\(screen)")
        #expect(!screen.contains("+0 days"))
        Fixtures.press(&state, .escape, .character("c"))
        Fixtures.press(&state, .tab, .tab, .right, .right, .tab)
        Fixtures.type(&state, "30")
        screen = Fixtures.screen(state)
        #expect(screen.contains("→ expires \(Fixtures.today.adding(days: 30))"), "\(screen)")
    }

    @Test func theTimelinesLongestBarFitsItsBox() {
        var state = Fixtures.state(width: 80, height: 24)
        Fixtures.press(&state, .character("t"))
        let bars = Fixtures.lines(state).filter { $0.contains("█") }
        #expect(!bars.isEmpty)
        for line in bars { #expect(!line.contains("█…") && !line.contains("…"), "\(line)") }
    }

    @Test func theContextColumnIsAsWideAsTheLongestName() {
        var state = Fixtures.state(width: 140, height: 30)
        state.contextNames = ["west", "east"]
        var prepared = PreparedCatalog(Fixtures.fleet, sort: state.sort, thresholds: state.thresholds, now: Fixtures.now)
        prepared.owners = Dictionary(uniqueKeysWithValues: Fixtures.fleet.enumerated().map { ($0.element.serial, $0.offset % 2 == 0 ? "west" : "east") })
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedPrepared(prepared, at: Fixtures.now))
        let header = Fixtures.lines(state)[1]
        // Status, CONTEXT (7: its title), SERIAL: not 12 columns for 4-letter names.
        #expect(header.hasPrefix("  CONTEXT SERIAL"), "\(header)")
        #expect(Fixtures.lines(state)[2].contains(" west    2026-") || Fixtures.lines(state)[2].contains(" east    2026-"), "\(Fixtures.lines(state)[2])")
    }

    @Test func theJournalsColumnsLineUpAndReissueIsWholeAt120() {
        var state = Fixtures.state(width: 120, height: 30)
        Fixtures.press(&state, .character("h"))
        _ = Reducer.reduce(&state, .historyLoaded([
            HistoryViewTests.entry(1, .reissue, "2026-0000-00000001", before: nil, after: nil),
            HistoryViewTests.entry(2, .renew, "2026-0000-00000005", before: #"{"expire_at":{"unix":1,"date":"2026-12-18"}}"#, after: #"{"expire_at":{"unix":2,"date":"2027-03-18"}}"#),
            HistoryViewTests.entry(3, .delete, "2026-0000-00000006", before: nil, after: nil, outcome: .unknown),
        ]))
        let rows = Fixtures.lines(state).filter { $0.contains("2026-0000-0000000") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("re-issue "), "\(rows[0])")
        let operatorColumns = rows.map { DisplayWidth.of(String($0[..<$0.range(of: " ops")!.lowerBound])) }
        #expect(Set(operatorColumns).count == 1, "the operator column lines up: \(rows)")
        let serialColumns = rows.map { DisplayWidth.of(String($0[..<$0.range(of: "2026-0000-0000000")!.lowerBound])) }
        #expect(Set(serialColumns).count == 1, "\(rows)")
    }

    @Test func aPlansRowsLineUpWhateverTheirAction() {
        let renew = RenewalReport.planRow("renew", "2026-0000-00000003", "2026-11-29 → 2027-02-25, +88 days")
        let skip = RenewalReport.planRow("skip", "2026-0000-00000004", "not renewable")
        #expect(renew.range(of: "2026-0000")!.lowerBound.utf16Offset(in: renew) == skip.range(of: "2026-0000")!.lowerBound.utf16Offset(in: skip))
        #expect(renew.range(of: "2026-11-29")!.lowerBound.utf16Offset(in: renew) == skip.range(of: "not renewable")!.lowerBound.utf16Offset(in: skip))
    }
}

/// From the review against the promises: nothing is sent on a view that
/// changed under a form, a question, or a click.
@Suite("Sends on what is current")
struct SendsOnWhatIsCurrentTests {
    static func listing(_ serial: String, expiringIn days: Int) -> [License] {
        Fixtures.fleet.map { license in
            guard license.serial == serial else { return license }
            var changed = license
            changed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: days))
            return changed
        }
    }

    @Test func aLicenseRenewedElsewhereWhileTheFormIsOpenIsPlannedAgainNeverShortened() {
        var state = Fixtures.state(width: 80, height: 24)
        SmallTerminalTests.select("2026-0000-00000005", in: &state)
        // 20 days left; "on a date" 60 days on: +40 days, nothing to ask.
        Fixtures.press(&state, .character("r"), .right, .tab)
        Fixtures.type(&state, Fixtures.today.adding(days: 60).description)
        // A refresh: someone renewed it to 300 days meanwhile.
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(Self.listing("2026-0000-00000005", expiringIn: 300), at: Fixtures.now + 60))
        #expect(Fixtures.press(&state, .enter) == [], "nothing is sent on the old expiry")
        #expect(state.message?.text.contains("changed since the form opened: it now expires \(Fixtures.today.adding(days: 300))") == true)
        guard case .renew(let form)? = state.overlay else { Issue.record("the form closed"); return }
        #expect(form.currentExpiry == Fixtures.today.adding(days: 300))
        // Enter again: the date would now move it earlier, so it is asked, and only y sends.
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.screen(state).contains("Renew anyway?"))
    }

    @Test func aQuestionAnsweredAfterTheListWentStaleSendsNothing() {
        var state = Fixtures.state(width: 80, height: 24)
        Fixtures.press(&state, .character("d"))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "connection refused"), at: Fixtures.now + 60))
        #expect(Fixtures.press(&state, .character("y")) == [])
        #expect(state.message?.text.contains("refused until a refresh reaches the API") == true, "\(state.message?.text ?? "")")
        #expect(state.catalog.count == Fixtures.fleet.count)
    }

    @Test func aBulkFormFollowsTheListBeforeItsYes() {
        var state = Fixtures.state(width: 120, height: 40)
        Fixtures.press(&state, .character("a"), .character("r"))
        guard case .bulkRenew(let opened)? = state.overlay else { Issue.record("no bulk form"); return }
        #expect(opened.entries.first { $0.serial == "2026-0000-00000005" }?.current == Fixtures.today.adding(days: 20))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(Self.listing("2026-0000-00000005", expiringIn: 300), at: Fixtures.now + 60))
        #expect(Fixtures.press(&state, .enter) == [])
        guard case .bulkRenew(let synced)? = state.overlay else { Issue.record("no bulk form"); return }
        #expect(synced.entries.first { $0.serial == "2026-0000-00000005" }?.current == Fixtures.today.adding(days: 300))
        #expect(!synced.confirming, "asked again only after the operator saw the new results")
    }

    @Test func onlyAButtonsCellsPressIt() {
        var state = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&state, .character("c"), .tab)
        Fixtures.press(&state, .character(" "))
        let lines = Fixtures.lines(state)
        guard let row = lines.firstIndex(where: { $0.contains("[x] ") }) else { Issue.record("no checked box"); return }
        let column = lines[row].distance(from: lines[row].startIndex, to: lines[row].range(of: "[x]")!.lowerBound)
        let effects = Reducer.reduce(&state, .key(.mouse(.init(.click, column: column + 1, row: row))))
        #expect(effects.isEmpty, "a checkbox is no button: nothing is created")
        guard case .create(let form)? = state.overlay else { Issue.record("the form closed"); return }
        #expect(!form.submission.inFlight)
    }

    @Test func yCannotBeGivenToACommandThatWrites() {
        #expect(throws: KeyMap.RemapError.self) { try KeyMap(bindings: [.init(action: "delete", key: "y"), .init(action: "copy_serial", key: "w")]) }
        #expect(throws: KeyMap.RemapError.self) { try KeyMap(bindings: [.init(action: "renew", key: "Y"), .init(action: "copy_document", key: "W")]) }
    }

    @Test func theMessageLogKeepsEachMessageBounded() {
        var state = Fixtures.state(width: 80, height: 24)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "2026-0000-00000099")
        Fixtures.press(&state, .enter)
        #expect(state.messageLog.allSatisfy { $0.text.count <= 2_001 })
    }
}
