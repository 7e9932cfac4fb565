import LicenseModel
import TerminalUI

/// The table's columns: their widths, and which go first when the terminal narrows.
public enum DashboardColumns {
    public enum Column: Int, CaseIterable, Sendable {
        case status, serial, issuedTo, entitlements, target, expires, daysLeft, renewable, created, description
        /// Which context a row came from: shown (first) only when every context is.
        case context

        /// Its name in the settings file (`columns = serial, issued_to, …`) and the chooser.
        public var name: String {
            switch self {
            case .status: return "status"
            case .serial: return "serial"
            case .issuedTo: return "issued_to"
            case .entitlements: return "entitlements"
            case .target: return "target"
            case .expires: return "expires"
            case .daysLeft: return "days"
            case .renewable: return "renewable"
            case .created: return "created"
            case .description: return "description"
            case .context: return "context"
            }
        }

        /// The license field the column shows, when it shows one.
        public var field: LicenseField? {
            switch self {
            case .serial: return .serial
            case .issuedTo: return .issuedTo
            case .entitlements: return .entitlements
            case .target: return .targetUID
            case .expires: return .expireAt
            case .renewable: return .renewable
            case .created: return .createdAt
            case .description: return .text(.description)
            case .status, .daysLeft, .context: return nil
            }
        }

        /// The field's label in capitals; shorter where the column is narrow.
        var title: String {
            switch self {
            case .status: return ""
            case .target: return "TARGET"
            case .daysLeft: return "DAYS"
            case .renewable: return "RENEW"
            case .context: return "CONTEXT"
            default: return field?.label.uppercased() ?? ""
            }
        }

        var minimumWidth: Int {
            switch self {
            case .status: return 1
            case .serial: return 18
            case .issuedTo: return 12
            case .entitlements: return 12
            case .target: return 8
            case .expires: return 10
            case .daysLeft: return 5
            case .renewable: return 5
            case .created: return 10
            case .description: return 12
            case .context: return 12
            }
        }

        /// How wide a flexible column would like to be before the rest goes to "issued to".
        var preferredWidth: Int {
            switch self {
            case .entitlements: return 36
            case .target: return 16
            case .description: return 30
            default: return minimumWidth
            }
        }

        var sortField: LicenseSortField? {
            switch self {
            case .status: return nil
            case .serial: return .serial
            case .issuedTo: return .issuedTo
            case .entitlements: return .entitlements
            case .target: return .target
            case .expires: return .expires
            case .daysLeft: return .daysLeft
            case .renewable: return .renewable
            case .created: return .created
            case .description, .context: return nil
            }
        }

        var alignsRight: Bool { self == .daysLeft }
    }

    /// The columns the sort keys 1-7 choose, in column order, with their
    /// words in help: the one table the keys, their help, `s` and the reducer read.
    public static let sortKeys: [(field: LicenseSortField, words: String)] = [
        (.serial, "serial"), (.issuedTo, "issued to"), (.entitlements, "entitlements"), (.target, "target"),
        (.expires, "expiry"), (.daysLeft, "days left"), (.renewable, "renewable"),
    ]

    /// The sort keys' columns, in order.
    public static let sortable: [LicenseSortField] = sortKeys.map(\.field)

    /// The columns shown when the settings choose none.
    public static let standard: [Column] = [.serial, .issuedTo, .entitlements, .target, .expires, .daysLeft, .renewable]

    /// Dropped first to last as the width shrinks; status, serial and issued to always stay.
    static let dropOrder: [Column] = [.description, .created, .target, .renewable, .entitlements, .expires, .daysLeft]

    /// Reads `columns = serial, issued_to, …` (commas or spaces); the status
    /// symbol always leads, and serial is always shown (it names the license).
    public static func parse(_ text: String) -> Result<[Column], DashboardSettings.Problem> {
        var chosen: [Column] = []
        for name in text.split(whereSeparator: { $0 == "," || $0 == " " }).map({ $0.lowercased() }) {
            guard let column = Column.allCases.first(where: { $0.name == name || String($0.name.map { $0 == "_" ? "-" : $0 }) == name }), column != .status, column != .context else {
                let names = Column.allCases.filter { $0 != .status && $0 != .context }.map(\.name).joined(separator: ", ")
                return .failure(DashboardSettings.Problem(description: "\"\(String(name.prefix(30)).replacingControlCharacters())\" is not a column; choose from \(names)"))
            }
            guard !chosen.contains(column) else {
                return .failure(DashboardSettings.Problem(description: "\(column.name) is named twice"))
            }
            chosen.append(column)
        }
        if !chosen.contains(.serial) { chosen.insert(.serial, at: 0) }
        return .success(chosen)
    }

    /// The chosen columns that fit in `width`, with their widths, separated by one space.
    /// `contextWidth`: the CONTEXT column's width, sized to the contexts' names.
    public static func layout(width: Int, columns chosen: [Column] = standard, contextWidth: Int = 12) -> [(column: Column, width: Int)] {
        var columns = [Column.status] + chosen.filter { $0 != .status }
        func minimum(_ column: Column) -> Int { column == .context ? contextWidth : column.minimumWidth }
        func total(_ set: [Column]) -> Int { set.reduce(0) { $0 + minimum($1) } + max(0, set.count - 1) }
        for candidate in dropOrder where total(columns) > width {
            columns.removeAll { $0 == candidate }
        }
        var widths = Dictionary(uniqueKeysWithValues: columns.map { ($0, minimum($0)) })
        var spare = max(0, width - total(columns))
        // Names first: "issued to" is what an operator reads a row by.
        if widths[.issuedTo] != nil {
            let grow = min(spare, 28 - Column.issuedTo.minimumWidth)
            widths[.issuedTo]! += grow
            spare -= grow
        }
        for column in [Column.entitlements, .target, .description] where widths[column] != nil {
            let grow = min(spare, column.preferredWidth - column.minimumWidth)
            widths[column]! += grow
            spare -= grow
        }
        if widths[.issuedTo] != nil {
            widths[.issuedTo]! += spare
        } else if widths[.description] != nil {
            widths[.description]! += spare
        } else {
            widths[.serial]! += spare
        }
        // Columns still wider than the terminal (below the minimum size) are clipped by the grid.
        return columns.map { ($0, widths[$0]!) }
    }
}

/// The column chooser (`C`): which columns the table shows, and in what order.
public struct ColumnChooser: Sendable, Equatable {
    /// Every column but the status symbol, shown ones first in their order.
    public var order: [DashboardColumns.Column]
    public var shown: Set<DashboardColumns.Column>
    public var cursor = 0

    public init(columns: [DashboardColumns.Column]) {
        let chosen = columns.filter { $0 != .status && $0 != .context }
        order = chosen + DashboardColumns.Column.allCases.filter { $0 != .status && $0 != .context && !chosen.contains($0) }
        shown = Set(chosen)
    }

    /// The table's columns as chosen now.
    public var columns: [DashboardColumns.Column] { order.filter(shown.contains) }
}
