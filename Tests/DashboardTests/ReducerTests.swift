import Dashboard
import LicenseModel
import TerminalUI
import Testing

@Suite("Reducer")
struct ReducerTests {
    @Test func startsByFetchingAndSelectsTheFirstRow() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: true, readOnly: false), now: Fixtures.now, size: (100, 30))
        #expect(Reducer.reduce(&state, .refreshDue) == [.fetch])
        #expect(Reducer.reduce(&state, .refreshDue) == [], "a refresh already running is not started twice")
        _ = Reducer.reduce(&state, .fetched(Fixtures.fleet, at: Fixtures.now))
        #expect(state.selectedLicense?.serial == "2026-0000-00000001")
        #expect(state.visible.count == 7)
        #expect(!state.isFetching)
    }

    @Test func selectionFollowsTheSerialAcrossRefreshSortAndFilter() {
        var state = Fixtures.state()
        Fixtures.press(&state, .down, .down, .down, .down)
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        Fixtures.press(&state, .character("2"))
        #expect(state.sort == LicenseSort(.issuedTo, ascending: true))
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(Fixtures.fleet.reversed(), at: Fixtures.now + 60))
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "acm")
        #expect(state.visible.count == 1)
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        Fixtures.press(&state, .escape)
        #expect(state.visible.count == 7)
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
    }

    @Test func sortKeysChooseAColumnAndRepeatingReverses() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("6"))
        #expect(state.sort == LicenseSort(.daysLeft, ascending: true))
        Fixtures.press(&state, .character("6"))
        #expect(state.sort == LicenseSort(.daysLeft, ascending: false))
        #expect(state.license(atRow: 0).serial == "2026-0000-00000007")
        Fixtures.press(&state, .character("S"))
        #expect(state.sort.ascending)
        Fixtures.press(&state, .character("s"))
        #expect(state.sort.field == .renewable)
    }

    @Test func filterMatchesEveryTextFieldAndEscapeClears() {
        var state = Fixtures.state()
        for (query, count) in [("dev-42", 1), ("pilot", 1), ("mqtt", 1), ("00000", 7), ("tokyo", 0), ("東京", 1), ("café", 1), ("CAFÉ", 1),
                               ("zurich", 1), ("ZÜRICH", 1), ("cafe muller", 1), ("Müller", 1)] {
            Fixtures.press(&state, .character("/"))
            Fixtures.type(&state, query)
            #expect(state.visible.count == count, "\(query)")
            Fixtures.press(&state, .escape)
        }
        #expect(state.filterText.isEmpty)
    }

    @Test func aFailedRefreshKeepsTheDataAndMarksItStale() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "could not connect to 127.0.0.1:9: connection refused"), at: Fixtures.now + 60))
        #expect(state.catalog.count == 7)
        #expect(state.staleReason?.contains("Could not connect to 127.0.0.1:9: connection refused. Is the server running?") == true)
        #expect(state.lastFetched == Fixtures.now)
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(Fixtures.fleet, at: Fixtures.now + 120))
        #expect(state.staleReason == nil)
    }

    @Test func renewWithAKeypressAndEnterUsesTheKeysMaximumAndUpdatesTheRow() {
        var state = Fixtures.state()
        Fixtures.press(&state, .down, .down)
        let effects = Fixtures.press(&state, .character("r"), .enter)
        #expect(effects == [.renew(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .keyMaximum))])
        guard case .renew(let form)? = state.overlay else { Issue.record("no renew form"); return }
        #expect(form.submission.inFlight)
        var renewed = Fixtures.fleet[2]
        renewed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: 365))
        _ = Reducer.reduce(&state, .renewed(renewed))
        #expect(state.overlay == nil)
        // The renewed license sorts to the end; the cursor stays on its row, on the next one due.
        #expect(state.cursor == 2)
        #expect(state.selectedLicense?.serial == "2026-0000-00000004")
        #expect(state.message?.text == "2026-0000-00000003 renewed: 2026-11-29 → 2027-11-27, +363 days")
    }

    @Test func aRenewThatWouldShortenIsAskedAndSentOnlyOnAYes() throws {
        var state = Fixtures.state()
        let row = try #require(state.visible.firstIndex { state.catalog.licenses[$0].serial == "2026-0000-00000005" })
        Fixtures.press(&state, .home)
        for _ in 0..<row { Fixtures.press(&state, .down) }
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        Fixtures.press(&state, .character("r"), .right, .right, .tab)
        Fixtures.type(&state, "10")
        guard case .renew(let form)? = state.overlay else { Issue.record("no renew form"); return }
        #expect(form.preview(today: Fixtures.today).summary == "2026-12-17 → 2026-12-07, -10 days")
        #expect(Fixtures.press(&state, .enter) == [])
        guard case .renew(let shown)? = state.overlay else { Issue.record("no renew form"); return }
        #expect(shown.confirmingRisk?.risk?.contains("move the expiry earlier, from 2026-12-17 to 2026-12-07") == true)
        let screen = Fixtures.screen(state)
        #expect(screen.contains("2026-12-17 → 2026-12-07, -10 days"))
        #expect(screen.contains("Renew anyway?"))
        // Any key but y answers No and goes back to the form, editing nothing.
        Fixtures.press(&state, .backspace)
        guard case .renew(let back)? = state.overlay else { Issue.record("no renew form"); return }
        #expect(back.confirmingRisk == nil && back.expiry.value.text == "10")
        // A second enter never confirms; only y does.
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.press(&state, .character("y")) == [.renew(serial: "2026-0000-00000005", RenewLicenseRequest(expiry: .date(Fixtures.today.adding(days: 10))))])
    }

    @Test func renewByDaysValidatesAsYouType() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("r"), .right, .right, .tab)
        Fixtures.type(&state, "0")
        #expect(Fixtures.press(&state, .enter) == [])
        Fixtures.press(&state, .backspace)
        Fixtures.type(&state, "90")
        #expect(Fixtures.press(&state, .enter) == [.renew(serial: "2026-0000-00000001", RenewLicenseRequest(expiry: .date(Fixtures.today.adding(days: 90))))])
    }

    @Test func aNonRenewableLicenseSaysSoInsteadOfOpeningTheForm() {
        var state = Fixtures.state()
        Fixtures.press(&state, .down, .down, .down)
        #expect(Fixtures.press(&state, .character("r")) == [])
        #expect(state.overlay == nil)
        #expect(state.message?.isError == true)
    }

    @Test func createValidatesThenSendsWhatWasTyped() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, "New Co")
        #expect(Fixtures.press(&state, .enter) == [], "no entitlement chosen yet")
        guard case .create(let invalid)? = state.overlay else { Issue.record("form closed"); return }
        #expect(invalid.focus == .entitlements)
        Fixtures.press(&state, .character(" "), .down, .character(" "), .tab, .right, .tab)
        Fixtures.type(&state, "2027-01-31")
        Fixtures.press(&state, .tab)
        Fixtures.type(&state, "dev-9")
        let effects = Fixtures.press(&state, .enter)
        #expect(effects == [.create(CreateLicenseRequest(
            issuedTo: "New Co", entitlements: [.aggregator, .flowActions], expiry: .date(CalendarDate("2027-01-31")!), targetUID: "dev-9"))])
    }

    /// The summary of what is wrong follows the fields: fixed ones leave it, and with none left it goes.
    @Test func theFormsSummaryFollowsTheFieldsAsTheyAreFixed() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"), .enter)
        guard case .create(let empty)? = state.overlay else { Issue.record("form closed"); return }
        #expect(empty.submission.failure?.hasPrefix("Issued to is required (and 1 more marked)") == true, "\(String(describing: empty.submission.failure))")
        Fixtures.type(&state, "New Co")
        guard case .create(let named)? = state.overlay else { Issue.record("form closed"); return }
        #expect(named.submission.failure?.contains("Issued to") == false)
        #expect(named.submission.failure?.contains("more marked") == false)
        Fixtures.press(&state, .tab, .character(" "))
        guard case .create(let fixed)? = state.overlay else { Issue.record("form closed"); return }
        #expect(fixed.submission.failure == nil, "\(String(describing: fixed.submission.failure))")
    }

    @Test func serverFieldErrorsLandBesideTheirFieldAndTypedTextIsKept() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, "Typed Co")
        Fixtures.press(&state, .tab, .character(" "))
        _ = Fixtures.press(&state, .enter)
        let failure = LicensingError.validation(message: "Validation failed", fields: [FieldError(field: "issued_to", message: "is reserved")])
        _ = Reducer.reduce(&state, .createFailed(failure))
        guard case .create(let form)? = state.overlay else { Issue.record("form closed"); return }
        #expect(form.issuedTo.text == "Typed Co")
        #expect(form.problems(today: Fixtures.today)[.issuedTo] == "is reserved")
        #expect(!form.submission.inFlight)
        #expect(Fixtures.screen(state).contains("✖ is reserved"))
    }

    @Test func deleteAsksAndItsDefaultIsNo() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, .character("d"), .enter) == [])
        #expect(state.overlay == nil)
        #expect(state.catalog.count == 7)
        Fixtures.press(&state, .character("d"))
        #expect(Fixtures.screen(state).contains("Delete license 2026-0000-00000001?"))
        #expect(Fixtures.screen(state).contains("Issued to Expired GmbH"))
        #expect(Fixtures.press(&state, .character("y")) == [.delete(serial: "2026-0000-00000001")])
        _ = Reducer.reduce(&state, .deleted(serial: "2026-0000-00000001"))
        #expect(state.catalog.count == 6)
        #expect(state.selectedLicense?.serial == "2026-0000-00000002")
    }

    @Test func readOnlyHidesEveryChange() {
        var state = Fixtures.state(readOnly: true)
        for key in ["c", "r", "d"] {
            #expect(Fixtures.press(&state, .character(Character(key))) == [])
            #expect(state.overlay == nil)
        }
        let footer = Fixtures.lines(state).last ?? ""
        #expect(!footer.contains("renew"))
        #expect(Fixtures.screen(state).contains("READ-ONLY"))
    }

    @Test func qQuitsButTypesInsideAForm() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"))
        #expect(Fixtures.press(&state, .character("q")) == [])
        guard case .create(let form)? = state.overlay else { Issue.record("form closed"); return }
        #expect(form.issuedTo.text == "q")
        Fixtures.press(&state, .escape)
        #expect(Fixtures.press(&state, .character("q")) == [.quit])
    }

    @Test func remappedKeysReplaceTheirDefaults() throws {
        let keyMap = try KeyMap(overrides: ["renew": "R", "quit": "ctrl-q"])
        #expect(keyMap.command(for: .character("R")) == .renew)
        #expect(keyMap.command(for: .character("r")) == nil)
        #expect(keyMap.command(for: .control("q")) == .quit)
        #expect(throws: KeyMap.RemapError.self) { try KeyMap(overrides: ["teleport": "t"]) }
        #expect(throws: KeyMap.RemapError.self) { try KeyMap(overrides: ["renew": "hyper-x"]) }
    }

    @Test func theDayRollingOverReclassifiesLicenses() {
        var state = Fixtures.state()
        #expect(state.statusCounts[.expired] == 2)
        _ = Reducer.reduce(&state, .tick(now: Fixtures.now + 3 * 86_400))
        #expect(state.statusCounts[.expired] == 3)
    }
}

@Suite("Search index")
struct SearchIndexTests {
    @Test func filteringStaysRightAfterUpdatesAndRemovals() {
        var catalog = LicenseCatalog(Fixtures.fleet)
        let now = Fixtures.now
        func serials(_ text: String) -> [String] {
            catalog.matching(filter: LicenseFilter(text: text), thresholds: .standard, now: now).map { catalog.licenses[$0].serial }
        }
        #expect(serials("acme") == ["2026-0000-00000005"])
        var renamed = Fixtures.fleet[4]
        renamed.issuedTo = "Globex Corporation and a much longer name than before"
        catalog.upsert(renamed)
        #expect(serials("acme").isEmpty)
        #expect(serials("globex") == ["2026-0000-00000005"])
        #expect(serials("zürich") == ["2026-0000-00000007"], "text after the replaced entry still lines up")
        catalog.remove(serial: "2026-0000-00000003")
        #expect(serials("東京").isEmpty)
        #expect(serials("zürich") == ["2026-0000-00000007"])
        #expect(serials("0000000").count == 6)
        // Few candidates are checked one by one; many by one scan: both agree.
        let all = Array(catalog.licenses.indices)
        #expect(catalog.matching([all[0], all[3]], filter: LicenseFilter(text: "0000000"), thresholds: .standard, now: now) == [all[0], all[3]])
    }

    @Test func typingNarrowsTheSameWayAsFilteringFromScratch() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("/"))
        var typed = ""
        for character in "café" {
            Fixtures.type(&state, String(character))
            typed.append(character)
            let fromScratch = state.catalog.matching(state.sorted, filter: LicenseFilter(text: typed), thresholds: .standard, now: Fixtures.now)
            #expect(state.visible == fromScratch, "\(typed)")
        }
        #expect(state.visible.count == 1)
    }
}

/// What a new operator trips over in the forms and on screen.
@Suite("Newcomer's rough edges")
struct NewcomerTests {
    @Test func theCreateFormKeepsEverythingTypedShowsTheLimitAndNamesTheField() throws {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("c"))
        let long = String(repeating: "x", count: 282)
        Fixtures.type(&state, long)
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        #expect(form.issuedTo.text.count == 282, "nothing typed is dropped")
        let screen = Fixtures.screen(state)
        #expect(screen.contains("282/200"))
        #expect(screen.contains("✖ is 282 characters long; the limit is 200"))
        #expect(Fixtures.press(&state, .enter) == [])
        guard case .create(let refused)? = state.overlay else { Issue.record("no create form"); return }
        #expect(refused.submission.failure?.hasPrefix("Issued to is 282 characters long; the limit is 200") == true)
    }

    /// Each free text of the table has its field, reached by tab, shown with
    /// what was typed, and carried by the request the form sends.
    @Test func everyFreeTextHasItsFieldOnTheCreateForm() throws {
        var state = Fixtures.state(width: 160, height: 60)
        Fixtures.press(&state, .character("c"))
        for text in FreeText.allCases {
            guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
            #expect(form.visibleFields.contains(.text(text)))
            for _ in CreateForm.Field.allCases {
                guard case .create(let form)? = state.overlay, form.focus != .text(text) else { break }
                Fixtures.press(&state, .tab)
            }
            Fixtures.type(&state, "\(text.label) typed")
        }
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        let screen = Fixtures.screen(state)
        for text in FreeText.allCases {
            #expect(form.request.texts[text] == "\(text.label) typed", "\(text)")
            #expect(screen.contains("\(text.label) typed"), "\(text)")
        }
    }

    @Test func fieldErrorsAreReadableWhole() throws {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("c"), .tab, .tab, .right, .tab)
        Fixtures.type(&state, "2020-01-01")
        let screen = Fixtures.screen(state)
        #expect(screen.contains("must be after today (2026-11-27); 2020-01-01 is not"), "\(screen)")
        Fixtures.press(&state, .left, .right)
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        #expect(form.expiry.mode == .date && form.expiry.value.text == "2020-01-01", "each mode keeps its value")
    }

    @Test func escapeOnACreateFormKeepsTheDraftUntilItIsCreated() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"))
        Fixtures.type(&state, "Acme Draft")
        Fixtures.press(&state, .escape)
        #expect(state.overlay == nil)
        #expect(state.message?.text.contains("Draft kept") == true)
        Fixtures.press(&state, .character("c"))
        guard case .create(let form)? = state.overlay else { Issue.record("no create form"); return }
        #expect(form.issuedTo.text == "Acme Draft")
        _ = Reducer.reduce(&state, .created(Fixtures.license("2026-0000-00000042", "Acme Draft", days: 30)))
        Fixtures.press(&state, .character("c"))
        guard case .create(let fresh)? = state.overlay else { Issue.record("no create form"); return }
        #expect(fresh.issuedTo.text.isEmpty)
    }

    @Test(arguments: [(60, 20), (100, 45), (160, 45), (220, 60)])
    func theHelpOverlayIsReadableAtEverySize(width: Int, height: Int) {
        var state = Fixtures.state(width: width, height: height)
        Fixtures.press(&state, .character("?"))
        let screen = Fixtures.screen(state)
        // Never "enlarge the terminal": what does not fit is scrolled to, and the title says how.
        #expect(!screen.contains("enlarge"), "\(width)x\(height)")
        if !screen.contains("esc cancels") {
            #expect(screen.contains("j/k PgUp/PgDn g/G scroll"), "\(width)x\(height)")
            Fixtures.press(&state, .character("G"))
            #expect(Fixtures.screen(state).contains("Status"), "\(width)x\(height): the end is reached")
        }
    }

    @Test func aFirstLoadThatFailsSaysSoAndShowsTheWholeAdvice() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: false, readOnly: false), now: Fixtures.now, size: (80, 24))
        _ = Reducer.reduce(&state, .refreshDue)
        let error = LicensingError.unauthorized(message: "Unauthorized")
        _ = Reducer.reduce(&state, .fetchFailed(error, at: Fixtures.now))
        let screen = Fixtures.screen(state)
        #expect(!screen.contains("STALE"))
        #expect(!screen.contains("showing data from"))
        #expect(screen.contains("Could not load licenses: The API key was not accepted"))
        #expect(screen.contains("config file."), "the advice is there to its end: \(screen)")
    }

    @Test func theSortedColumnsArrowAlwaysShows() {
        var state = Fixtures.state(width: 80, height: 24)
        for key in ["1", "2", "3", "4", "5", "6", "7"] {
            Fixtures.press(&state, .character(Character(key)))
            let header = Fixtures.lines(state)[1]
            #expect(header.contains("▲") || header.contains("▼"), "sort \(key): \(header)")
        }
    }

    @Test func atNarrowWidthsTheCountsOutlastTheTime() {
        let line = Fixtures.lines(Fixtures.state(width: 80, height: 24))[0]
        #expect(line.contains("✖2 ▲2 ●1") || line.contains("2 critical"), "\(line)")
        #expect(Fixtures.lines(Fixtures.state(width: 160, height: 24))[0].contains("updated 12:00:00 UTC"))
    }
}

@Suite("Finding what is due")
struct DueTests {
    @Test func fromLaunchTheMostUrgentRenewableLicenseIsOneKeyAwayAndRenewedWithTwoMore() {
        var state = Fixtures.state()
        // Row 0 is expired and renewable: due by the rule `renew --due` follows (renew_expired), so `n` stops there first.
        Fixtures.press(&state, .character("n"))
        #expect(state.selectedLicense?.serial == "2026-0000-00000002")
        Fixtures.press(&state, .character("n"))
        #expect(state.selectedLicense?.serial == "2026-0000-00000003")
        #expect(Fixtures.press(&state, .character("r"), .enter) == [.renew(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .keyMaximum))])
    }

    @Test func nextDueSkipsWhatCannotBeRenewedAndWraps() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("n"), .character("n"), .character("n"))
        // 0004 (6 days) is not renewable: after 0003 the next due is 0005 (20 days).
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
        Fixtures.press(&state, .character("n"))
        #expect(state.selectedLicense?.serial == "2026-0000-00000001")
        Fixtures.press(&state, .character("N"))
        #expect(state.selectedLicense?.serial == "2026-0000-00000005")
    }

    @Test func nothingDueSaysSo() {
        var state = Fixtures.state(licenses: Array(Fixtures.fleet.suffix(2)))
        Fixtures.press(&state, .character("n"))
        #expect(state.message?.text.hasPrefix("Nothing due") == true)
    }
}

@Suite("Outcomes the dashboard cannot know")
struct UnknownOutcomeTests {
    @Test func aBulkRenewWithoutAReplyRefreshesToFindOut() {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "status:due")
        Fixtures.press(&state, .enter, .character("a"), .escape, .character("r"), .enter)
        let sent = Fixtures.press(&state, .character("y"))
        #expect(sent.count == 1, "to the key's unknown maximum: the first alone, to learn it")
        let effects = Reducer.reduce(&state, .renewFailed(serial: "2026-0000-00000003", .outcomeUnknown(operation: "renew", reason: "reset")))
        #expect(effects.contains(.fetch), "the refresh that finds out is asked for, not dropped")
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "x"), at: Fixtures.now))
        #expect(Reducer.reduce(&state, .refreshDue) == [.fetch], "refreshes are not left stuck")
    }

    @Test func aCreateWithoutAReplyRefreshesToFindOut() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("c"))
        let effects = Reducer.reduce(&state, .createFailed(.outcomeUnknown(operation: "create", reason: "the connection closed")))
        #expect(effects == [.fetch])
        guard case .create(let form)? = state.overlay else { Issue.record("the form is kept"); return }
        #expect(form.submission.failure?.contains("unknown") == true)
    }
}

@Suite("Unreadable licenses in the dashboard")
struct UnreadableDashboardTests {
    @Test func theHeaderCountsLicensesThatCouldNotBeRead() {
        var state = Fixtures.state(width: 160)
        var prepared = PreparedCatalog(Fixtures.fleet, sort: state.sort, thresholds: state.thresholds, now: Fixtures.now)
        prepared.unreadable = 2
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedPrepared(prepared, at: Fixtures.now))
        #expect(Fixtures.lines(state)[0].contains("⚠ 2 unreadable  ✖ 2 expired"), "what says the data may be wrong comes first")
    }
}

@Suite("Filter terms")
struct FilterTermTests {
    func visible(_ query: String) -> [String] {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, query)
        return state.visible.map { state.catalog.licenses[$0].serial }
    }

    @Test func statusEntitlementDaysAndNotCombineWithText() {
        #expect(visible("status:critical") == ["2026-0000-00000003", "2026-0000-00000004"])
        // Due as `renew --due` means it: renewable, expired or within the warning window.
        #expect(visible("status:due") == ["2026-0000-00000001", "2026-0000-00000002", "2026-0000-00000003", "2026-0000-00000005"])
        #expect(visible("status:critical status:warning") == ["2026-0000-00000003", "2026-0000-00000004", "2026-0000-00000005"])
        #expect(visible("ent:mqtt") == ["2026-0000-00000003"])
        #expect(visible("days<30 !café") == ["2026-0000-00000001", "2026-0000-00000002", "2026-0000-00000003", "2026-0000-00000005"])
        #expect(visible("status:ok zür") == ["2026-0000-00000007"])
        #expect(visible("days>=120") == ["2026-0000-00000006", "2026-0000-00000007"])
    }

    @Test func aTermTypedLetterByLetterWidensWhenItIsUnderstood() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "status:crit")
        #expect(state.visible.isEmpty)
        Fixtures.type(&state, "ical")
        #expect(state.visible.count == 2)
    }
}

@Suite("Marks and bulk renew")
struct MarkTests {
    @Test func spaceMarksAndMovesDownAndMarksSurviveSortFilterAndRefresh() {
        var state = Fixtures.state(width: 160)
        Fixtures.press(&state, .character(" "), .character(" "))
        #expect(state.marked == ["2026-0000-00000001", "2026-0000-00000002"])
        #expect(state.cursor == 2)
        #expect(Fixtures.lines(state)[0].contains("• 2 marked"))
        let row = Fixtures.row(containing: "2026-0000-00000001", in: state)!
        #expect(Array(Fixtures.lines(state)[row])[1] == "•")
        #expect(Array(Fixtures.roles(state, row: row))[1] == "M")
        Fixtures.press(&state, .character("2"))
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "expired gmbh")
        Fixtures.press(&state, .enter)
        #expect(Fixtures.lines(state)[0].contains("• 2 marked (1 hidden)"))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(Fixtures.fleet.filter { $0.serial != "2026-0000-00000002" }, at: Fixtures.now + 60))
        #expect(state.marked == ["2026-0000-00000001"], "a gone license's mark goes with it")
        Fixtures.press(&state, .character("u"))
        #expect(state.marked.isEmpty)
    }

    func markedState() -> DashboardState {
        var state = Fixtures.state(width: 160, height: 45)
        // Critical and warning: one of them (0004) not renewable, for the skip.
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "status:critical status:warning")
        Fixtures.press(&state, .enter, .character("a"), .escape)
        return state
    }

    @Test func renewMarkedShowsEachResultOneConfirmationAndAReport() throws {
        var state = markedState()
        #expect(state.marked == ["2026-0000-00000003", "2026-0000-00000004", "2026-0000-00000005"])
        Fixtures.press(&state, .character("r"), .right, .right, .tab)
        Fixtures.type(&state, "30")
        let screen = Fixtures.screen(state)
        #expect(screen.contains("2026-0000-00000003"))
        #expect(screen.contains("2026-11-29 → 2026-12-27, +28 days"))
        #expect(screen.contains("skip: not renewable"))
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.screen(state).contains("Renew 2 licenses, skip 1? [y/N]"))
        let date = Fixtures.today.adding(days: 30)
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.renew(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .date(date)))], "the first renew of a run goes alone")
        #expect(Fixtures.screen(state).contains("Renewing 1/3"))
        var renewed = Fixtures.fleet[2]
        renewed.expireAt = LicenseInstant(date: date)
        #expect(Reducer.reduce(&state, .renewed(renewed)) == [.renew(serial: "2026-0000-00000005", RenewLicenseRequest(expiry: .date(date)))])
        _ = Reducer.reduce(&state, .renewFailed(serial: "2026-0000-00000005", .server(status: 503, message: "busy")))
        guard case .bulkReport(.renewal(let run))? = state.overlay else { Issue.record("no report"); return }
        #expect(run.outcomes["2026-0000-00000003"] == .renewed(from: Fixtures.today.adding(days: 2), to: date))
        #expect(Fixtures.screen(state).contains("1 renewed, 1 skipped, 1 failed"))
        #expect(state.marked == ["2026-0000-00000004", "2026-0000-00000005"], "what failed or was skipped stays marked")
    }

    /// A yes given after midnight to a plan worked out the day before acts on
    /// nothing: the plan of the new day differs (a term counted from today now
    /// moves a license it skipped), so it is shown and asked for again.
    @Test func aYesAfterMidnightToAPlanThatChangedShowsTheNewPlanFirst() {
        var state = markedState()
        Fixtures.press(&state, .character("r"), .right, .right, .tab)
        Fixtures.type(&state, "20")
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.screen(state).contains("Renew 1 license, skip 2? [y/N]"), "0005 (20 days left) is not moved by +20 days today")
        _ = Reducer.reduce(&state, .tick(now: state.now + 86_400))
        #expect(Fixtures.press(&state, .character("y")) == [], "nothing is sent for a plan nobody saw")
        #expect(Fixtures.screen(state).contains("The date changed to \(Fixtures.today.adding(days: 1))"))
        #expect(Fixtures.press(&state, .enter) == [])
        #expect(Fixtures.screen(state).contains("Renew 2 licenses, skip 1? [y/N]"))
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.renew(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .date(Fixtures.today.adding(days: 21))))])
    }

    /// The key's maximum not known: one renew first, and what its date would
    /// not extend is skipped, never shortened.
    @Test func aBulkRenewToAnUnknownKeyMaximumLearnsItFromTheFirstReplyAndSkipsWhatItWouldShorten() {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("a"))
        Fixtures.press(&state, .character("r"), .enter)
        let first = Fixtures.press(&state, .character("y"))
        #expect(first == [.renew(serial: "2026-0000-00000001", RenewLicenseRequest(expiry: .keyMaximum))], "one at a time until the term is known")
        // The key's maximum turns out to be 90 days: 0006 (120 days left) and 0007 (200) would be shortened.
        var renewed = Fixtures.fleet[0]
        renewed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: 90))
        let rest = Reducer.reduce(&state, .renewed(renewed))
        #expect(rest.count == 3, "0002, 0003 and 0005; 0004 is not renewable")
        #expect(rest.allSatisfy { if case .renew(_, RenewLicenseRequest(expiry: .date(Fixtures.today.adding(days: 90)))) = $0 { return true } else { return false } },
                "once the term is known, each renew asks for its date")
        guard case .renewal(let run)? = state.bulk else { Issue.record("no run"); return }
        #expect(run.outcomes["2026-0000-00000006"] == .skipped("this would move the expiry earlier, from \(Fixtures.today.adding(days: 120)) to \(Fixtures.today.adding(days: 90)) (-30 days) (the key's maximum, 90 days, learned \(Fixtures.today))"))
        if case .skipped? = run.outcomes["2026-0000-00000007"] {} else { Issue.record("0007 not skipped") }
        // What the reply taught is learned once, by the chain; the runtime's effect runner hands it over.
        _ = Reducer.reduce(&state, .keyMaximumKnown(.learned(days: 90, on: Fixtures.today)))
        #expect(state.keyMaximum == .learned(days: 90, on: Fixtures.today), "what the reply taught is what later plans start from")
    }

    @Test func aRateLimitedRenewWaitsAndIsSentAgain() {
        var state = markedState()
        Fixtures.press(&state, .character("r"), .enter, .character("y"))
        let effects = Reducer.reduce(&state, .renewFailed(serial: "2026-0000-00000003", .rateLimited(retryAfterSeconds: 2, message: "slow down")))
        #expect(effects == [.renewLater(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .keyMaximum), afterSeconds: 2)])
        // A Retry-After beyond reason is held to the run's longest wait.
        let absurd = Reducer.reduce(&state, .renewFailed(serial: "2026-0000-00000003", .rateLimited(retryAfterSeconds: 1e20, message: "slow down")))
        #expect(absurd == [.renewLater(serial: "2026-0000-00000003", RenewLicenseRequest(expiry: .keyMaximum), afterSeconds: RenewalRun.longestWait)])
        #expect(state.bulk?.inFlight.contains("2026-0000-00000003") == true)
        #expect(state.overlay == nil)
    }

    @Test func deleteMarkedAsksWithTheCountAndItsDefaultIsNo() {
        var state = markedState()
        #expect(Fixtures.press(&state, .character("d"), .enter) == [])
        #expect(state.overlay == nil)
        #expect(state.catalog.count == 7)
        Fixtures.press(&state, .character("d"))
        #expect(Fixtures.screen(state).contains("Delete 3 licenses?"))
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects.count == 3)
        for case .delete(let serial) in effects { _ = Reducer.reduce(&state, .deleted(serial: serial)) }
        #expect(state.catalog.count == 4)
        #expect(state.marked.isEmpty)
        #expect(Fixtures.screen(state).contains("3 deleted, 0 failed"))
    }

    @Test func escapeStopsAfterTheRequestsInFlight() {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("a"), .character("r"), .right, .tab)
        Fixtures.type(&state, "2030-01-01")
        Fixtures.press(&state, .enter)
        let first = Fixtures.press(&state, .character("y"))
        #expect(first.count == 1, "the first renew of a run goes alone")
        guard case .renew(let firstSerial, _)? = first.first else { Issue.record("no renew"); return }
        Fixtures.press(&state, .escape)
        #expect(state.bulk?.isStopping == true)
        var license = state.catalog.licenses.first { $0.serial == firstSerial }!
        license.expireAt = LicenseInstant(date: CalendarDate("2030-01-01")!)
        #expect(Reducer.reduce(&state, .renewed(license)) == [], "nothing new is sent once stopped")
        guard case .bulkReport(.renewal(let run))? = state.overlay else { Issue.record("no report"); return }
        #expect(run.count { if case .notSent = $0 { return true } else { return false } } == 5)
        #expect(Fixtures.screen(state).contains("1 renewed, 1 skipped, 0 failed, 5 not sent"))
    }

    /// Once the first reply is in, up to the run's concurrency go at once, never more.
    @Test func afterTheFirstReplyNoMoreThanTheRunsConcurrencyGoAtOnce() {
        var state = Fixtures.state(width: 160, height: 45)
        Fixtures.press(&state, .character("a"), .character("r"), .right, .tab)
        Fixtures.type(&state, "2030-01-01")
        Fixtures.press(&state, .enter)
        guard case .renew(let firstSerial, _)? = Fixtures.press(&state, .character("y")).first else { Issue.record("no renew"); return }
        var license = state.catalog.licenses.first { $0.serial == firstSerial }!
        license.expireAt = LicenseInstant(date: CalendarDate("2030-01-01")!)
        let effects = Reducer.reduce(&state, .renewed(license))
        #expect(effects.count == min(RenewalRun.concurrency, 5), "the rest (0004 is not renewable), within the concurrency")
    }
}

@Suite("Expiry timeline")
struct TimelineTests {
    @Test func theTimelineCountsEachWeekAndChoosingOneFiltersToIt() {
        var state = Fixtures.state(width: 120, height: 40)
        Fixtures.press(&state, .character("t"))
        let screen = Fixtures.screen(state)
        #expect(screen.contains("Expiry timeline"))
        #expect(screen.contains("▶ 2026-11-27  1–6 d"))
        let timeline = ExpiryTimeline(Fixtures.fleet, now: Fixtures.now, thresholds: .standard)
        #expect(timeline.expired == 2)
        #expect(timeline.weeks.map(\.count).prefix(3) == [2, 0, 1])
        #expect(timeline.later == 2)
        Fixtures.press(&state, .enter)
        #expect(state.filterText == "days>=1 days<=6")
        #expect(state.visible.map { state.catalog.licenses[$0].serial } == ["2026-0000-00000003", "2026-0000-00000004"])
        Fixtures.press(&state, .escape, .character("t"), .up, .enter)
        #expect(state.filterText == "status:expired")
        #expect(state.visible.count == 2)
    }
}

@Suite("Views by status")
struct ViewCommandTests {
    @Test func aColonCommandChoosesAViewNamedInTheHeader() {
        var state = Fixtures.state(width: 160)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "due")
        #expect(Fixtures.lines(state)[state.size.height - 2].contains(":due"))
        Fixtures.press(&state, .enter)
        // Due as `renew --due` means it: the expired renewable ones too (0004 is not renewable).
        #expect(state.visible.count == 4)
        #expect(Fixtures.lines(state)[0].contains("view: due"))
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "expired")
        Fixtures.press(&state, .enter)
        #expect(state.visible.count == 2)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "all")
        Fixtures.press(&state, .enter)
        #expect(state.visible.count == 7)
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "teleport")
        Fixtures.press(&state, .enter)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains(":due") == true)
    }
}

@Suite("Copy and jump")
struct CopyAndJumpTests {
    @Test func yCopiesTheSerialAndShiftYTheAgentsLicenseFile() {
        var state = Fixtures.state()
        Fixtures.press(&state, .down, .down)
        let serial = state.selectedLicense!.serial
        #expect(Fixtures.press(&state, .character("y")) == [.copy(serial)])
        #expect(state.message?.text == "Copied \(serial) to the clipboard.")
        guard case .copy(let document)? = Fixtures.press(&state, .character("Y")).first else { Issue.record("nothing copied"); return }
        #expect(document.contains("\"serial\": \"\(serial)\"") && document.contains("not_valid_after"))
    }

    /// A serial that would end bracketed paste and run a command is drawn made
    /// safe, and never put on the clipboard; nor is a license file holding it.
    @Test func aSerialOfAnotherShapeIsNeverCopied() {
        let hostile = License(
            serial: "2026-0000-00000001\necho PWNED-by-paste\n\u{1B}[201~", issuedTo: "Acme", entitlements: [.lua],
            expireAt: LicenseInstant(date: CalendarDate(unixSeconds: 1_796_256_000).adding(days: 30)))
        for lookalike in [hostile.serial, "2026-0000-0000\u{200B}0001"] {
            var license = hostile
            license.serial = lookalike
            var state = Fixtures.state(licenses: [license])
            #expect(Fixtures.press(&state, .character("y")).isEmpty, "copied \(lookalike.debugDescription)")
            #expect(state.message?.isError == true && state.message?.text.contains("Not copied") == true)
            #expect(Fixtures.press(&state, .character("Y")).isEmpty)
        }
    }

    @Test func colonSerialJumpsToTheLicenseEvenWhenTheFilterHidesIt() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character("/"))
        Fixtures.type(&state, "acme")
        Fixtures.press(&state, .enter, .character(":"))
        Fixtures.type(&state, "2026-0000-00000006")
        Fixtures.press(&state, .enter)
        #expect(state.selectedLicense?.serial == "2026-0000-00000006")
        #expect(state.filterText.isEmpty, "the filter that hid it is cleared")
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "2026-0000-00000099")
        Fixtures.press(&state, .enter)
        #expect(state.message?.isError == true && state.message?.text.contains("No license 2026-0000-00000099") == true)
    }

    @Test func tabCompletesCommandsAndSerials() {
        var state = Fixtures.state()
        Fixtures.press(&state, .character(":"))
        Fixtures.type(&state, "tim")
        Fixtures.press(&state, .tab)
        #expect(state.commandText == "timeline")
        Fixtures.press(&state, .escape, .character(":"))
        Fixtures.type(&state, "2026-0000-0000000")
        Fixtures.press(&state, .tab)
        #expect(state.commandText == "2026-0000-0000000", "seven serials share it")
        #expect(state.completion?.hint.hasPrefix("7 match") == true)
        Fixtures.type(&state, "4")
        Fixtures.press(&state, .tab, .enter)
        #expect(state.selectedLicense?.serial == "2026-0000-00000004")
    }
}

@Suite("Creating for several devices")
struct CreateAnotherTests {
    @Test func ctrlPStartsFromTheSelectedLicenseAndCtrlNKeepsTheFormForTheNextDevice() {
        var state = Fixtures.state(width: 140, height: 40)
        Fixtures.press(&state, .down, .down)
        let template = state.selectedLicense!
        Fixtures.press(&state, .character("c"))
        #expect(Fixtures.screen(state).contains("ctrl-p starts from \(template.serial)"))
        Fixtures.press(&state, .control("p"))
        guard case .create(let filled)? = state.overlay else { Issue.record("no form"); return }
        #expect(filled.issuedTo.text == template.issuedTo)
        #expect(filled.entitlements == Set(template.entitlements))
        #expect(filled.targetUID.text.isEmpty && filled.focus == .targetUID, "a device holds its own license")
        Fixtures.type(&state, "dev-100")
        let effects = Fixtures.press(&state, .control("n"))
        guard case .create(let request)? = effects.first else { Issue.record("nothing sent: \(effects)"); return }
        #expect(request.targetUID == "dev-100" && request.issuedTo == template.issuedTo)
        var created = Fixtures.license("2026-0000-00000100", template.issuedTo, days: 365)
        created.entitlements = template.entitlements
        _ = Reducer.reduce(&state, .created(created))
        guard case .create(let next)? = state.overlay else { Issue.record("the form closed"); return }
        #expect(next.issuedTo.text == template.issuedTo && next.entitlements == Set(template.entitlements))
        #expect(next.targetUID.text.isEmpty && next.focus == .targetUID)
        #expect(Fixtures.screen(state).contains("Created 2026-0000-00000100"))
        // enter (not ctrl-n) closes after the create, as before.
        Fixtures.type(&state, "dev-101")
        Fixtures.press(&state, .enter)
        _ = Reducer.reduce(&state, .created(Fixtures.license("2026-0000-00000101", template.issuedTo, days: 365)))
        #expect(state.overlay == nil)
    }
}

@Suite("Columns")
struct ColumnTests {
    @Test func theSettingChoosesAndOrdersColumnsAndRefusesUnknownOnes() throws {
        var settings = DashboardSettings()
        try settings.apply([.init(key: "columns", value: "issued_to, created description expires", line: 3)], path: "config")
        #expect(settings.columns == [.serial, .issuedTo, .created, .description, .expires], "serial always shown")
        #expect(throws: DashboardSettings.Problem.self) { try settings.apply([.init(key: "columns", value: "serial, colour", line: 4)], path: "config") }
        #expect(throws: DashboardSettings.Problem.self) { try settings.apply([.init(key: "columns", value: "serial serial", line: 5)], path: "config") }
    }

    @Test func theChooserShowsHidesAndReordersLive() {
        var state = Fixtures.state(width: 160, height: 40)
        Fixtures.press(&state, .character("C"))
        #expect(Fixtures.screen(state).contains("[x] serial"))
        // created and description start hidden, last; show created and move it up one.
        let createdRow = DashboardColumns.standard.count
        for _ in 0..<createdRow { Fixtures.press(&state, .down) }
        Fixtures.press(&state, .character(" "))
        #expect(state.columns.last == .created, "shown, at its place in the order")
        Fixtures.press(&state, .character("K"))
        #expect(Array(state.columns.suffix(2)) == [.created, .renewable], "moved up past renewable")
        Fixtures.press(&state, .down, .character(" "))
        #expect(!state.columns.contains(.renewable), "renewable hidden")
        Fixtures.press(&state, .enter)
        #expect(state.overlay == nil)
        let header = Fixtures.lines(state)[1]
        #expect(header.contains("CREATED") && !header.contains("RENEW"), "\(header)")
        #expect(state.message?.text.hasPrefix("columns = serial, issued_to") == true)
    }
}

@Suite("Mouse")
struct MouseTests {
    func click(_ state: inout DashboardState, column: Int, row: Int) -> [Effect] {
        Reducer.reduce(&state, .key(.mouse(.init(.click, column: column, row: row))))
    }

    @Test func aClickSelectsARowAndAHeaderSortsAndTheWheelScrolls() {
        var state = Fixtures.state(width: 100, height: 30)
        _ = click(&state, column: 5, row: 4)
        #expect(state.cursor == 2, "row 4 is the third license (the header is row 1)")
        let lines = Fixtures.lines(state)
        let expires = lines[1].range(of: "EXPIRES").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }!
        _ = click(&state, column: expires + 1, row: 1)
        #expect(state.sort == LicenseSort(.expires, ascending: state.sort.field == .expires ? state.sort.ascending : true))
        let ascending = state.sort.ascending
        _ = click(&state, column: expires + 1, row: 1)
        #expect(state.sort.field == .expires && state.sort.ascending == !ascending, "again reverses")
        _ = Reducer.reduce(&state, .key(.mouse(.init(.wheelDown, column: 5, row: 5))))
        #expect(state.cursor == min(state.visible.count - 1, 2 + MouseReducer.wheelStep))
    }

    @Test func aClickOnADialogsButtonPressesIt() {
        var state = Fixtures.state(width: 100, height: 30)
        Fixtures.press(&state, .character("d"))
        let lines = Fixtures.lines(state)
        guard let row = lines.firstIndex(where: { $0.contains("[ Yes, delete ]") }) else { Issue.record("no dialog"); return }
        let column = lines[row].distance(from: lines[row].startIndex, to: lines[row].range(of: "Yes, delete")!.lowerBound)
        let effects = click(&state, column: column + 2, row: row)
        #expect(effects.count == 1, "the delete is sent: \(effects)")
        guard case .delete? = effects.first else { Issue.record("not a delete: \(effects)"); return }
    }
}
