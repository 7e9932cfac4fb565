import Dashboard
import LicenseFixtures
import LicenseModel
import TerminalUI

/// A fixed clock and fleet, so every rendering is reproducible.
enum Fixtures {
    /// 2026-11-27 12:00 UTC.
    static let now: Int64 = CalendarDate("2026-11-27")!.unixSeconds + 12 * 3600
    static let today = CalendarDate(unixSeconds: now)

    static let fleet: [License] = TestFleet.licenses(today: today)

    /// One more license, for a test that needs its own.
    static func license(_ serial: String, _ issuedTo: String, days: Int) -> License {
        License(
            serial: serial, issuedTo: issuedTo, version: "1", renewable: true, entitlements: [.flowActions],
            createdAt: LicenseInstant(date: today.adding(days: -30)), expireAt: LicenseInstant(date: today.adding(days: days)))
    }

    static func state(width: Int = 100, height: Int = 30, readOnly: Bool = false, licenses: [License] = fleet) -> DashboardState {
        var state = DashboardState(
            source: .init(endpoint: "http://127.0.0.1:8080", isSandbox: true, readOnly: readOnly), now: now, size: (width, height))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetched(licenses, at: now))
        return state
    }

    @discardableResult
    static func press(_ state: inout DashboardState, _ keys: KeyPress...) -> [Effect] {
        keys.flatMap { Reducer.reduce(&state, .key($0)) }
    }

    @discardableResult
    static func type(_ state: inout DashboardState, _ text: String) -> [Effect] {
        text.flatMap { Reducer.reduce(&state, .key(.character($0))) }
    }

    static func screen(_ state: DashboardState) -> String {
        DashboardView.render(state).text
    }

    static func lines(_ state: DashboardState) -> [String] {
        DashboardView.render(state).lines
    }

    /// One row's roles, one letter per cell, as ratatui's tests compare a
    /// buffer's styles: a wrong highlight changes the letters.
    static func roles(_ state: DashboardState, row: Int) -> String {
        roles(DashboardView.render(state), row: row)
    }

    static func roles(_ grid: CellGrid, row: Int) -> String {
        String((0..<grid.width).map { column in letter(Role(rawValue: grid[column, row].role)) })
    }

    /// The legend of role maps: each role its own letter (a role the theme
    /// does not know, which no view should draw, is `?`).
    static func letter(_ role: Role?) -> Character {
        switch role {
        case .base?: return "-"
        case .header?: return "="
        case .sandboxBadge?: return "@"
        case .stale?: return "!"
        case .columnHeader?: return "h"
        case .columnSorted?: return "H"
        case .row?: return "."
        case .selection?: return "S"
        case .selectionUnfocused?: return "s"
        case .marked?: return "M"
        case .expired?: return "X"
        case .critical?: return "C"
        case .warning?: return "W"
        case .ok?: return "O"
        case .detail?: return "d"
        case .detailLabel?: return "l"
        case .border?: return "|"
        case .status?: return "t"
        case .statusError?: return "E"
        case .footer?: return "f"
        case .footerKey?: return "k"
        case .dialog?: return "D"
        case .dialogTitle?: return "T"
        case .field?: return "i"
        case .fieldFocused?: return "I"
        case .fieldError?: return "e"
        case .button?: return "b"
        case .buttonFocused?: return "B"
        case .filter?: return "/"
        // The colours' ANSI numbers.
        case .contextRed?: return "1"
        case .contextGreen?: return "2"
        case .contextYellow?: return "3"
        case .contextBlue?: return "4"
        case .contextMagenta?: return "5"
        case .contextCyan?: return "6"
        case .contextWhite?: return "7"
        case nil: return "?"
        }
    }

    /// The role a letter of a role map stands for.
    static func role(for letter: Character) -> Role? {
        Role.allCases.first { self.letter($0) == letter }
    }

    /// The first row whose text contains `text`.
    static func row(containing text: String, in state: DashboardState) -> Int? {
        lines(state).firstIndex { $0.contains(text) }
    }
}
