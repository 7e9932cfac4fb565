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

/// Free words are ANDed in any order (fzf, k9s, gh search); a quoted phrase stays a phrase.
@Suite("Free words in any order")
struct FreeWordsTests {
    static let now: Int64 = 1_796_256_000
    static let fleet: [License] = [
        ("2026-0200-00000001", "Zürich Mesh AG", "lab"), ("2026-0200-00000002", "Mesh Works Zürich", nil), ("2026-0200-00000003", "Zürich Lab", "mesh pilot"),
        ("2026-0200-00000004", "Basel Mesh", nil),
    ].map { serial, name, notes in
        License(serial: serial, issuedTo: name, texts: [.notes: notes], entitlements: [.lua], expireAt: LicenseInstant(date: CalendarDate(unixSeconds: now).adding(days: 40)))
    }

    static func serials(_ query: String) -> [String] {
        LicenseCatalog.select(fleet, filter: LicenseFilter(query: query), sort: LicenseSort(.serial), thresholds: .standard, now: now).map { String($0.serial.suffix(1)) }
    }

    @Test func wordsMatchInAnyOrderAndAPhraseAsWritten() {
        #expect(Self.serials("zürich mesh") == ["1", "2", "3"])
        #expect(Self.serials("mesh zürich") == ["1", "2", "3"], "the order of the words does not matter")
        #expect(Self.serials("zurich lab") == ["1", "3"], "folded, and each word anywhere in the license")
        #expect(Self.serials("\"zürich mesh\"") == ["1"], "a quoted phrase is matched as written")
        #expect(Self.serials("\"mesh works\" zürich") == ["2"])
        #expect(Self.serials("zürich !lab") == ["2"])
        #expect(Self.serials("\"status:ok\"").isEmpty, "a quoted term is text, not a term")
        #expect(Self.serials("mesh status:ok").count == 4)
    }

    @Test func typingMoreOnlyNarrows() {
        // Every prefix of a query of plain words matches a superset of the query's matches.
        let query = "zurich mesh ag"
        for end in 1...query.count {
            let prefix = String(query.prefix(end))
            let narrower = Set(Self.serials(query))
            #expect(narrower.isSubset(of: Set(Self.serials(prefix))), "\(prefix)")
        }
    }
}
