import Dashboard
import LicenseModel
import TerminalUI
import Testing

/// A write's reply moves one row: the order and what is shown change by that
/// row alone, as a full sort would leave them, and nothing is sorted again.
@Suite("Work proportional to the change")
struct IncrementalIndexTests {
    /// A fleet large enough that every column has ties and many statuses.
    static func fleet(_ count: Int) -> [License] {
        (0..<count).map { index in
            var license = Fixtures.license(
                "2026-0031-" + String(10_000_000 + (index * 7_919) % 100_000), "Customer \(index % 13)", days: index % 97 - 20)
            license.targetUID = index % 3 == 0 ? nil : "dev-\(index % 41)"
            license.entitlements = index % 2 == 0 ? [.flowActions] : [.lua, .mqttSink]
            license.renewable = index % 5 != 0
            return license
        }
    }

    /// Presses `s` (and `S`) until the table is sorted by `field` in that direction.
    static func sort(_ state: inout DashboardState, _ field: LicenseSortField, ascending: Bool) {
        for _ in 0...DashboardColumns.sortable.count where state.sort.field != field { Fixtures.press(&state, .character("s")) }
        if state.sort.ascending != ascending { Fixtures.press(&state, .character("S")) }
    }

    /// What a state that sorted and filtered everything from scratch shows.
    static func fromScratch(_ state: DashboardState) -> (sorted: [String], visible: [String], counts: [ExpiryStatus: Int]) {
        var fresh = DashboardState(source: state.source, now: state.now, size: state.size)
        _ = Reducer.reduce(&fresh, .refreshDue)
        _ = Reducer.reduce(&fresh, .fetched(state.catalog.licenses, at: state.now))
        sort(&fresh, state.sort.field, ascending: state.sort.ascending)
        if !state.filterText.isEmpty {
            Fixtures.press(&fresh, .character("/"))
            Fixtures.type(&fresh, state.filterText)
            Fixtures.press(&fresh, .enter)
        }
        return (fresh.sorted.map { fresh.catalog.licenses[$0].serial }, fresh.visible.map { fresh.catalog.licenses[$0].serial }, fresh.statusCounts)
    }

    static func shown(_ state: DashboardState) -> (sorted: [String], visible: [String], counts: [ExpiryStatus: Int]) {
        (state.sorted.map { state.catalog.licenses[$0].serial }, state.visible.map { state.catalog.licenses[$0].serial }, state.statusCounts)
    }

    @Test func aRenewMovesOneRowOfTheIndexWithoutSortingAgain() {
        var state = Fixtures.state(licenses: Self.fleet(400))
        let before = Self.shown(state).sorted
        let sorts = state.fullSorts
        var renewed = state.catalog.licenses[17]
        renewed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: 200))
        _ = Reducer.reduce(&state, .renewed(renewed))
        #expect(state.fullSorts == sorts, "no full sort for one renew")
        let after = Self.shown(state)
        // The same rows, one of them moved.
        #expect(after.sorted.filter { $0 != renewed.serial } == before.filter { $0 != renewed.serial })
        #expect(after.sorted.firstIndex(of: renewed.serial) != before.firstIndex(of: renewed.serial))
        let scratch = Self.fromScratch(state)
        #expect(after.sorted == scratch.sorted)
        #expect(after.visible == scratch.visible)
        #expect(after.counts == scratch.counts)
    }

    @Test func createsRenewsAndDeletesUnderEverySortAndAFilterMatchAFullSort() {
        for field in DashboardColumns.sortable {
            for ascending in [true, false] {
                var state = Fixtures.state(licenses: Self.fleet(150))
                Self.sort(&state, field, ascending: ascending)
                let sort = state.sort
                #expect(sort == LicenseSort(field, ascending: ascending))
                Fixtures.press(&state, .character("/"))
                Fixtures.type(&state, "customer 1")
                Fixtures.press(&state, .enter)
                let sorts = state.fullSorts
                var renewed = state.catalog.licenses[40]
                renewed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: 3))
                _ = Reducer.reduce(&state, .renewed(renewed))
                var renamed = state.catalog.licenses[41]
                renamed.issuedTo = "Customer 1 and a longer name"
                renamed.targetUID = "zz-moved"
                _ = Reducer.reduce(&state, .renewed(renamed))
                let created = Fixtures.license("2026-0031-00000001", "Customer 10", days: 12)
                _ = Reducer.reduce(&state, .created(created))
                _ = Reducer.reduce(&state, .deleted(serial: state.catalog.licenses[5].serial))
                // One before the created one, which came last.
                _ = Reducer.reduce(&state, .deleted(serial: state.catalog.licenses[state.catalog.count - 2].serial))
                #expect(state.fullSorts == sorts, "\(sort): no full sort")
                let scratch = Self.fromScratch(state)
                let shown = Self.shown(state)
                #expect(shown.sorted == scratch.sorted, "\(sort)")
                #expect(shown.visible == scratch.visible, "\(sort)")
                #expect(shown.counts == scratch.counts, "\(sort)")
                #expect(state.catalog.index(ofSerial: created.serial) != nil)
                #expect(state.catalog.index(ofSerial: renamed.serial) == state.catalog.licenses.firstIndex { $0.serial == renamed.serial })
            }
        }
    }

    /// A refresh that brings the same list again moves only the time it was fetched.
    @Test func aRefreshOfTheSameListChangesNothingShown() {
        var state = Fixtures.state(licenses: Self.fleet(120))
        Fixtures.press(&state, .down, .down, .down)
        let before = (Self.shown(state), state.cursor, state.selectedLicense, Fixtures.lines(state).dropFirst(), state.fullSorts)
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedUnchanged(at: Fixtures.now + 60))
        #expect(!state.isFetching)
        #expect(state.lastFetched == Fixtures.now + 60)
        #expect(Self.shown(state) == before.0 && state.cursor == before.1 && state.selectedLicense == before.2)
        #expect(state.fullSorts == before.4)
        // Below the header (whose clock says when it was fetched), the same screen.
        #expect(Fixtures.lines(state).dropFirst() == before.3)
    }

    /// The one comparison a write's reply places its row with is the order a full sort makes, every column, both ways.
    @Test func aRowIsPlacedWhereAFullSortPutsIt() {
        let catalog = LicenseCatalog(Self.fleet(200))
        for field in LicenseSortField.allCases {
            for ascending in [true, false] {
                let sort = LicenseSort(field, ascending: ascending)
                var positions = Array(catalog.licenses.indices)
                catalog.order(&positions, by: sort, thresholds: .standard, now: Fixtures.now)
                for row in stride(from: 0, to: positions.count, by: 7) {
                    var without = positions
                    let index = without.remove(at: row)
                    #expect(catalog.insertionPoint(of: index, in: without, by: sort, thresholds: .standard, now: Fixtures.now) == row, "\(sort)")
                }
            }
        }
    }

    @Test func serialsAreFoundByTheirOrderAfterCreatesAndDeletes() {
        var catalog = LicenseCatalog(Self.fleet(300))
        for serial in ["2026-0031-00000005", "2026-0031-99999999", "2026-0031-10000000"] {
            catalog.upsert(Fixtures.license(serial, "New", days: 5))
        }
        catalog.remove(serial: catalog.licenses[10].serial)
        catalog.remove(serial: catalog.licenses[0].serial)
        for (index, license) in catalog.licenses.enumerated() {
            #expect(catalog.index(ofSerial: license.serial) == catalog.licenses.firstIndex { $0.serial == license.serial }, "\(index)")
        }
        #expect(catalog.index(ofSerial: "2026-0031-00000000") == nil)
        var positions = Array(catalog.licenses.indices)
        catalog.order(&positions, by: LicenseSort(.serial), thresholds: .standard, now: Fixtures.now)
        #expect(positions.map { catalog.licenses[$0].serial } == catalog.licenses.map(\.serial).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
