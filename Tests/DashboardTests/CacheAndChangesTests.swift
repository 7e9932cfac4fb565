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
        var state = Fixtures.state(width: 120)
        var current = Fixtures.fleet.filter { $0.serial != "2026-0000-00000007" }
        current[2].expireAt = LicenseInstant(date: Fixtures.today.adding(days: 90))
        current[3].notes = "changed elsewhere"
        current.append(Fixtures.license("2026-0000-00000042", "New Co", days: 50))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedPrepared(Self.prepared(current, changes: ListChanges(from: Fixtures.fleet, to: current)), at: Fixtures.now + 60))
        #expect(state.changeMarks == ["2026-0000-00000042": .new, "2026-0000-00000003": .renewed, "2026-0000-00000004": .changed])
        #expect(state.goneLicenses.map(\.serial) == ["2026-0000-00000007"])
        let screen = Fixtures.screen(state)
        #expect(screen.contains("+1 new · 1 renewed elsewhere · 1 changed · 1 gone"))
        #expect(screen.contains("↻2026-0000-00000003") || screen.contains("↻ 2026-0000-00000003") || screen.split(separator: "\n").contains { $0.contains("↻") && $0.contains("2026-0000-00000003") })
        // One key lists the gone ones with their last known fields; another clears the markers.
        Fixtures.press(&state, .character("X"))
        #expect(Fixtures.screen(state).contains("Gone since launch"))
        #expect(Fixtures.screen(state).contains("Later Corp") || Fixtures.screen(state).contains("2026-0000-00000007"))
        Fixtures.press(&state, .escape)
        Fixtures.press(&state, .character("x"))
        #expect(state.changeMarks.isEmpty && state.goneLicenses.isEmpty)
        #expect(!Fixtures.screen(state).contains("gone"))
    }
}
