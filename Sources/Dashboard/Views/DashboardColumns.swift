import LicenseModel
import TerminalUI

/// The table's columns: their widths, and which go first when the terminal narrows.
public enum DashboardColumns {
    public enum Column: Int, CaseIterable, Sendable {
        case status, serial, issuedTo, entitlements, target, expires, daysLeft, renewable

        var title: String {
            switch self {
            case .status: return ""
            case .serial: return "SERIAL"
            case .issuedTo: return "ISSUED TO"
            case .entitlements: return "ENTITLEMENTS"
            case .target: return "TARGET"
            case .expires: return "EXPIRES"
            case .daysLeft: return "DAYS"
            case .renewable: return "RENEW"
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
            }
        }

        /// How wide a flexible column would like to be before the rest goes to "issued to".
        var preferredWidth: Int {
            switch self {
            case .entitlements: return 36
            case .target: return 16
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
            }
        }

        var alignsRight: Bool { self == .daysLeft }
    }

    /// The sort keys 1-7 choose, in column order.
    public static let sortable: [LicenseSortField] = Column.allCases.compactMap(\.sortField)

    /// Dropped first to last as the width shrinks; status, serial and issued to always stay.
    static let dropOrder: [Column] = [.target, .renewable, .entitlements, .expires, .daysLeft]

    /// The columns that fit in `width`, with their widths, separated by one space.
    public static func layout(width: Int) -> [(column: Column, width: Int)] {
        var columns = Column.allCases
        func total(_ set: [Column]) -> Int { set.reduce(0) { $0 + $1.minimumWidth } + max(0, set.count - 1) }
        for candidate in dropOrder where total(columns) > width {
            columns.removeAll { $0 == candidate }
        }
        var widths = Dictionary(uniqueKeysWithValues: columns.map { ($0, $0.minimumWidth) })
        var spare = max(0, width - total(columns))
        // Names first: "issued to" is what an operator reads a row by.
        if widths[.issuedTo] != nil {
            let grow = min(spare, 28 - Column.issuedTo.minimumWidth)
            widths[.issuedTo]! += grow
            spare -= grow
        }
        for column in [Column.entitlements, .target] where widths[column] != nil {
            let grow = min(spare, column.preferredWidth - column.minimumWidth)
            widths[column]! += grow
            spare -= grow
        }
        if widths[.issuedTo] != nil {
            widths[.issuedTo]! += spare
        } else {
            widths[.serial]! += spare
        }
        // Columns still wider than the terminal (below the minimum size) are clipped by the grid.
        return columns.map { ($0, widths[$0]!) }
    }
}
