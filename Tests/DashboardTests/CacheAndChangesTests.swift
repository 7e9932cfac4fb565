import Dashboard
import LicenseModel
import TerminalUI
import Testing

/// The cached list at launch, what refreshes changed, and writes refused while the API is away.
@Suite("Cache and changes in the dashboard")
struct CacheAndChangesTests {
    static func prepared(_ licenses: [License], changes: ListChanges? = nil) -> PreparedCatalog {
        var prepared = PreparedCatalog(licenses, sort: LicenseSort(.expires), thresholds: .standard, now: Fixtures.now)
        prepared.changes = changes
        return prepared
    }

    @Test func theCachedListShowsAtOnceWithItsAgeUntilTheFirstRefreshReplacesIt() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: true, readOnly: false), now: Fixtures.now, size: (120, 30))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .loadedFromCache(Self.prepared(Fixtures.fleet), fetchedAt: Fixtures.now - 12 * 60))
        #expect(state.visible.count == 7)
        var screen = Fixtures.screen(state)
        #expect(screen.contains("cached 12 min ago"))
        _ = Reducer.reduce(&state, .fetchedPrepared(Self.prepared(Fixtures.fleet, changes: ListChanges(from: Fixtures.fleet, to: Fixtures.fleet)), at: Fixtures.now))
        screen = Fixtures.screen(state)
        #expect(!screen.contains("cached"))
        // A cache read that comes after the refresh never replaces fresh data.
        _ = Reducer.reduce(&state, .loadedFromCache(Self.prepared([]), fetchedAt: Fixtures.now - 60))
        #expect(state.visible.count == 7)
    }

    @Test func withTheAPIAwayTheCacheStaysBrowsableAndWritesAreRefused() {
        var state = DashboardState(source: .init(endpoint: "x", isSandbox: true, readOnly: false), now: Fixtures.now, size: (120, 30))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .loadedFromCache(Self.prepared(Fixtures.fleet), fetchedAt: Fixtures.now - 3_600))
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "Could not connect to 127.0.0.1:9: connection refused."), at: Fixtures.now))
        let screen = Fixtures.screen(state)
        #expect(screen.contains("STALE"))
        #expect(screen.contains("cached 1 h ago"))
        Fixtures.press(&state, .down)
        #expect(state.selectedLicense?.serial == "2026-0000-00000002", "still browsable")
        for key in ["r", "c", "d"] {
            #expect(Fixtures.press(&state, .character(Character(key))).isEmpty)
            #expect(state.overlay == nil, "\(key)")
            #expect(state.message?.text.contains("refused until a refresh reaches the API") == true, "\(key)")
        }
    }

    @Test func aRefreshMarksWhatChangedUntilTheOperatorClearsIt() {
        var state = Fixtures.state(width: 160)
        var current = Fixtures.fleet.filter { $0.serial != "2026-0000-00000007" }
        current[2].expireAt = LicenseInstant(date: Fixtures.today.adding(days: 90))
        current[3].texts[.notes] = "changed elsewhere"
        current.append(Fixtures.license("2026-0000-00000042", "New Co", days: 50))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedPrepared(Self.prepared(current, changes: ListChanges(from: Fixtures.fleet, to: current)), at: Fixtures.now + 60))
        #expect(state.changeMarks == ["2026-0000-00000042": .new, "2026-0000-00000003": .renewed, "2026-0000-00000004": .changed])
        #expect(state.goneLicenses.map(\.serial) == ["2026-0000-00000007"])
        let screen = Fixtures.screen(state)
        #expect(screen.contains("+1 new · 1 renewed elsewhere · 1 changed · 1 gone"))
        // Narrower, the status counts stay and the changes are told in the rows' own signs.
        _ = Reducer.reduce(&state, .resized(width: 100, height: 30))
        let narrow = Fixtures.lines(state)[0]
        #expect(narrow.contains("● 1 warning") && narrow.contains("+1 ↻1 ~1 −1"), "\(narrow)")
        _ = Reducer.reduce(&state, .resized(width: 160, height: 30))
        #expect(screen.contains("↻2026-0000-00000003") || screen.contains("↻ 2026-0000-00000003") || screen.split(separator: "\n").contains { $0.contains("↻") && $0.contains("2026-0000-00000003") })
        // One key lists the gone ones with their last known fields; another clears the markers.
        Fixtures.press(&state, .character("X"))
        #expect(Fixtures.screen(state).contains("Gone, as last seen"))
        #expect(Fixtures.screen(state).contains("Later Corp") || Fixtures.screen(state).contains("2026-0000-00000007"))
        Fixtures.press(&state, .escape)
        Fixtures.press(&state, .character("x"))
        #expect(state.changeMarks.isEmpty && state.goneLicenses.isEmpty)
        #expect(!Fixtures.screen(state).contains("gone"))
    }
}

/// The history view: the journal's entries, filtered as you type, before and
/// after, and a deleted license issued again from its entry.
@Suite("History view")
struct HistoryViewTests {
    static func entry(_ id: Int64, _ action: JournalEntry.Action, _ serial: String, before: String?, after: String?, outcome: JournalEntry.Outcome = .succeeded) -> JournalEntry {
        JournalEntry(
            id: id, time: Fixtures.now - id * 60, user: "ops", endpoint: "https://agents.netify.ai", keyFingerprint: "0123456789abcdef",
            action: action, serial: serial, request: "{}", before: before, after: after, outcome: outcome, status: nil, detail: nil, processID: 1)
    }

    static let deleted = #"{"serial":"2026-0000-00000099","issued_to":"Gone Co","entitlements":["netify-proc-lua","netify-sink-mqtt"],"target_uid":"dev-9","description":"d","notes":"n\u001b[31m","expire_at":{"unix":1798761600,"date":"2027-01-01"}}"#

    @Test func historyOpensFiltersShowsBeforeAndAfterAndIssuesADeletedLicenseAgain() {
        var state = Fixtures.state(width: 140, height: 40)
        #expect(Fixtures.press(&state, .character("h")) == [.loadHistory])
        #expect(Fixtures.screen(state).contains("Reading the journal"))
        let renewedBefore = #"{"serial":"2026-0000-00000005","expire_at":{"unix":1,"date":"2026-12-18"}}"#
        let renewedAfter = #"{"serial":"2026-0000-00000005","expire_at":{"unix":2,"date":"2027-03-18"}}"#
        _ = Reducer.reduce(&state, .historyLoaded([
            Self.entry(1, .delete, "2026-0000-00000099", before: Self.deleted, after: nil),
            Self.entry(2, .renew, "2026-0000-00000005", before: renewedBefore, after: renewedAfter),
            Self.entry(3, .create, "2026-0000-00000042", before: nil, after: nil, outcome: .unknown),
        ]))
        var screen = Fixtures.screen(state)
        #expect(screen.contains("Change journal · 3 of 3"))
        #expect(screen.contains("2026-12-18 → 2027-03-18"))
        #expect(screen.contains("outcome unknown"))
        // Type to filter; enter shows the documents, made safe.
        Fixtures.type(&state, "renew")
        #expect(Fixtures.screen(state).contains("Change journal · 1 of 3"))
        Fixtures.press(&state, .escape)
        Fixtures.press(&state, .enter)
        screen = Fixtures.screen(state)
        #expect(screen.contains("before:"))
        #expect(screen.contains(#""notes": "n\u001b[31m""#), "an escape in a document shows escaped")
        #expect(!screen.contains("\u{1B}"))
        // Tab on the deleted license's entry: the create form, prefilled, saying the serial is new.
        Fixtures.press(&state, .escape)
        Fixtures.press(&state, .tab)
        guard case .create(let form)? = state.overlay else {
            Issue.record("no create form: \(String(describing: state.overlay))")
            return
        }
        #expect(form.issuedTo.text == "Gone Co")
        #expect(form.entitlements == [.lua, .mqttSink])
        #expect(form.targetUID.text == "dev-9")
        #expect(Fixtures.screen(state).contains("the API issues a new serial"))
    }

    /// The history's way to the create form asks the same write gate as every key: not while the list is stale.
    @Test func issuingAgainFromHistoryWaitsForAFreshList() {
        var state = Fixtures.state(width: 140, height: 40)
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchFailed(.transport(message: "could not connect to 127.0.0.1:9: connection refused"), at: Fixtures.now + 60))
        Fixtures.press(&state, .character("h"))
        _ = Reducer.reduce(&state, .historyLoaded([Self.entry(1, .delete, "2026-0000-00000099", before: Self.deleted, after: nil)]))
        Fixtures.press(&state, .tab)
        if case .create? = state.overlay { Issue.record("a create form opened while the list is stale") }
        #expect(state.message?.text.hasPrefix("Create refused until a refresh reaches the API") == true, "\(String(describing: state.message))")
    }

    @Test func onlyADeletedLicensesEntryCanBeIssuedAgainAndAFailedReadSaysWhy() {
        var state = Fixtures.state(width: 140, height: 40)
        Fixtures.press(&state, .character("h"))
        _ = Reducer.reduce(&state, .historyLoaded([Self.entry(2, .renew, "2026-0000-00000005", before: nil, after: nil)]))
        Fixtures.press(&state, .tab)
        #expect(state.message?.text == "Only a deleted license's entry can be issued again.")
        Fixtures.press(&state, .escape)
        #expect(state.overlay == nil)
        Fixtures.press(&state, .character("h"))
        _ = Reducer.reduce(&state, .historyFailed("disk I/O error"))
        #expect(state.overlay == nil)
        #expect(state.message?.text.contains("disk I/O error") == true)
    }
}
