import Dashboard
import TerminalUI
import Testing

/// A whole frame as a person sees it, in the manner of ratatui's
/// `assert_buffer_eq`: every line of text, and a role map with one letter per
/// cell (the legend is `Fixtures.letter`). Text lines are written without
/// their trailing spaces; the role map covers every cell, so a highlight that
/// runs too far, or a column moved by one, changes a letter.
struct ExpectedFrame: Sendable, CustomTestStringConvertible {
    var scenario: FrameScenario
    var width: Int
    var height: Int
    var text: String
    var roles: String

    var testDescription: String { "\(scenario.rawValue) at \(width)x\(height)" }
}

enum FrameAssertion {
    /// The grid's lines, trailing spaces dropped (as the expected frames are written).
    static func textLines(_ grid: CellGrid) -> [String] {
        grid.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    static func roleLines(_ grid: CellGrid) -> [String] {
        (0..<grid.height).map { Fixtures.roles(grid, row: $0) }
    }

    /// Where two renderings first part, with both lines, or nil when they agree.
    static func firstDifference(_ what: String, expected: [String], actual: [String]) -> String? {
        for index in 0..<max(expected.count, actual.count) {
            let wanted = index < expected.count ? expected[index] : nil, got = index < actual.count ? actual[index] : nil
            guard wanted != got else { continue }
            var message = "\(what) differ first at line \(index + 1) of \(actual.count) (expected \(expected.count))"
            if let wanted, let got {
                let column = zip(wanted, got).prefix { $0 == $1 }.count
                message += ", character \(column + 1)"
                if what == "roles", column < wanted.count, column < got.count {
                    let expectedRole = Fixtures.role(for: Array(wanted)[column]), actualRole = Fixtures.role(for: Array(got)[column])
                    message += " (expected \(expectedRole.map { "\($0)" } ?? "?"), got \(actualRole.map { "\($0)" } ?? "?"))"
                }
            }
            message += ":\n  expected: \(wanted.map { "|\($0)|" } ?? "(no line)")\n  actual:   \(got.map { "|\($0)|" } ?? "(no line)")"
            return message
        }
        return nil
    }

    /// Records one issue for the text and one for the roles, each naming the
    /// first line that differs; the whole frame as drawn is attached (as the
    /// literal to paste once the new rendering has been read and found right).
    static func expect(_ state: DashboardState, matches expected: ExpectedFrame, sourceLocation: SourceLocation = #_sourceLocation) {
        let grid = DashboardView.render(state)
        #expect(grid.width == expected.width && grid.height == expected.height, "drawn at \(grid.width)x\(grid.height)", sourceLocation: sourceLocation)
        let text = textLines(grid), roles = roleLines(grid)
        let textDifference = firstDifference("text lines", expected: lines(expected.text), actual: text)
        let roleDifference = firstDifference("roles", expected: lines(expected.roles), actual: roles)
        if let textDifference { Issue.record("\(expected.testDescription): \(textDifference)", sourceLocation: sourceLocation) }
        if let roleDifference { Issue.record("\(expected.testDescription): \(roleDifference)", sourceLocation: sourceLocation) }
        if textDifference != nil || roleDifference != nil {
            Attachment.record(literal(text: text, roles: roles), named: "\(expected.scenario.rawValue)-\(expected.width)x\(expected.height).swift.txt", sourceLocation: sourceLocation)
        }
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The text and roles as the raw string literals the expected frames are
    /// written in, indented as in `Frames/`: the lines to paste in place of
    /// an `ExpectedFrame`'s `text:` and `roles:`.
    static func literal(text: [String], roles: [String]) -> String {
        func block(_ lines: [String]) -> String {
            "#\"\"\"\n" + lines.map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n") + "\n        \"\"\"#"
        }
        return "        text: " + block(text) + ",\n        roles: " + block(roles)
    }
}
