import Dashboard
import LicenseModel
import TerminalUI
import Testing

/// The screens the whole-frame tests draw, each reached by keys as a person
/// would, on `Fixtures`' fleet and clock. Their frames are in `Frames/`.
enum FrameScenario: String, CaseIterable, Sendable {
    /// At launch: the fleet sorted by expiry, the first row selected, its detail.
    case main
    /// r on the selected row (the expired 0001): the renew form, the key's maximum chosen.
    case renew
    /// The renew form asking before it moves 0005's expiry 10 days earlier: No focused.
    case renewQuestion
    /// c: the create form, nothing typed yet.
    case create
    /// ?: help, from its top.
    case help
    /// The critical and warning rows marked and renewed by 30 days: one renewed, one skipped, one failed.
    case bulkReport

    static let sizes = [(width: 80, height: 24), (width: 200, height: 60)]

    func state(width: Int, height: Int) -> DashboardState {
        var state = Fixtures.state(width: width, height: height)
        switch self {
        case .main:
            break
        case .renew:
            Fixtures.press(&state, .character("r"))
        case .renewQuestion:
            Fixtures.press(&state, .down, .down, .down, .down)
            Fixtures.press(&state, .character("r"), .right, .right, .tab)
            Fixtures.type(&state, "10")
            Fixtures.press(&state, .enter)
        case .create:
            Fixtures.press(&state, .character("c"))
        case .help:
            Fixtures.press(&state, .character("?"))
        case .bulkReport:
            Fixtures.press(&state, .character("/"))
            Fixtures.type(&state, "status:critical status:warning")
            Fixtures.press(&state, .enter, .character("a"), .escape)
            Fixtures.press(&state, .character("r"), .right, .right, .tab)
            Fixtures.type(&state, "30")
            Fixtures.press(&state, .enter, .character("y"))
            var renewed = Fixtures.fleet[2]
            renewed.expireAt = LicenseInstant(date: Fixtures.today.adding(days: 30))
            _ = Reducer.reduce(&state, .renewed(renewed))
            _ = Reducer.reduce(&state, .renewFailed(serial: "2026-0000-00000005", .server(status: 503, message: "busy")))
        }
        return state
    }
}

extension ExpectedFrame {
    static let all: [ExpectedFrame] = [
        main80x24, renew80x24, renewQuestion80x24, create80x24, help80x24, bulkReport80x24,
        main200x60, renew200x60, renewQuestion200x60, create200x60, help200x60, bulkReport200x60,
    ]
}

/// Whole frames, text and roles, compared cell for cell: a wrong highlight,
/// a shifted column or a lost symbol fails and is named by its line.
@Suite("Whole frames")
struct FrameTests {
    @Test(arguments: ExpectedFrame.all)
    func eachScreenIsDrawnAsWritten(_ expected: ExpectedFrame) {
        FrameAssertion.expect(expected.scenario.state(width: expected.width, height: expected.height), matches: expected)
    }

    @Test func everyScreenHasItsFrameAtEachSize() {
        let written = ExpectedFrame.all.map { "\($0.scenario.rawValue) \($0.width)x\($0.height)" }
        #expect(Set(written).count == written.count, "each frame written once")
        for scenario in FrameScenario.allCases {
            for size in FrameScenario.sizes {
                #expect(written.contains("\(scenario.rawValue) \(size.width)x\(size.height)"))
            }
        }
        for frame in ExpectedFrame.all {
            let text = FrameAssertion.lines(frame.text), roles = FrameAssertion.lines(frame.roles)
            #expect(text.count == frame.height && roles.count == frame.height, "\(frame.testDescription)")
            #expect(roles.allSatisfy { $0.count == frame.width }, "\(frame.testDescription): a letter for every cell")
        }
    }

    @Test func theLegendGivesEveryRoleItsOwnLetter() {
        let letters = Role.allCases.map { Fixtures.letter($0) }
        #expect(Set(letters).count == Role.allCases.count)
        #expect(!letters.contains(" ") && !letters.contains("?"))
        for role in Role.allCases { #expect(Fixtures.role(for: Fixtures.letter(role)) == role) }
    }

    @Test func aHighlightOneRowOffOrAColumnMovedIsNamedByItsLine() {
        var state = FrameScenario.main.state(width: 80, height: 24)
        Fixtures.press(&state, .down)
        let expected = ExpectedFrame.main80x24
        let roles = FrameAssertion.firstDifference(
            "roles", expected: FrameAssertion.lines(expected.roles), actual: FrameAssertion.roleLines(DashboardView.render(state)))
        #expect(roles?.contains("roles differ first at line 3 of 24 (expected 24), character 1 (expected selection, got expired)") == true, "\(roles ?? "none")")
        var moved = FrameAssertion.lines(expected.text)
        moved[1] = " " + moved[1]
        let text = FrameAssertion.firstDifference("text lines", expected: FrameAssertion.lines(expected.text), actual: moved)
        #expect(text?.hasPrefix("text lines differ first at line 2 of 24 (expected 24), character 3:\n  expected: |  SERIAL") == true, "\(text ?? "none")")
        #expect(FrameAssertion.firstDifference("text lines", expected: moved, actual: moved) == nil)
    }
}
