import LicenseModel
import Testing

/// The filter language every front end shares: each term and its negation
/// keep exactly the complement of each other.
@Suite("Filter language")
struct FilterLanguageTests {
    static let today = CalendarDate(unixSeconds: 1_796_256_000)
    static let now = today.unixSeconds + 3_600
    static let fleet: [License] = [(-5, [Entitlement.lua]), (3, [.lua, .mqttSink]), (20, [.intel]), (200, [.lua])].enumerated().map { index, item in
        License(serial: "2026-0000-0000000\(index)", issuedTo: "Acme \(index)", entitlements: item.1, expireAt: LicenseInstant(date: today.adding(days: item.0)))
    }

    func serials(_ query: String) -> Set<String> {
        Set(LicenseCatalog.select(FilterLanguageTests.fleet, filter: LicenseFilter(query: query), sort: LicenseSort(.serial), thresholds: .standard, now: FilterLanguageTests.now).map(\.serial))
    }

    @Test(arguments: ["status:expired", "status:due", "ent:lua", "ent:mqtt", "days<30", "days>=20", "acme 2"])
    func aNegatedTermKeepsTheComplement(_ term: String) {
        let all = Set(FilterLanguageTests.fleet.map(\.serial))
        let kept = serials(term), negated = serials("!" + term.split(separator: " ").first!)
        if !term.contains(" ") {
            #expect(kept.union(negated) == all, "\(term)")
            #expect(kept.isDisjoint(with: negated), "\(term)")
            #expect(!negated.isEmpty || kept == all, "\(term): the negation is not ignored")
        }
    }

    @Test func contextTermsAreTheFrontEndsAndFoldCase() {
        let terms = LicenseFilter.contextTerms(in: "ctx:East !ctx:LAB acme")
        #expect(terms.rest == "acme")
        #expect(terms.included == ["east"] && terms.excluded == ["lab"])
        #expect(LicenseFilter.context("EAST", passes: (terms.included, terms.excluded)))
        #expect(!LicenseFilter.context("west", passes: (terms.included, terms.excluded)))
        #expect(LicenseFilter.problem(in: "!status:nope") != nil, "a negated term is checked like the term")
    }
}
