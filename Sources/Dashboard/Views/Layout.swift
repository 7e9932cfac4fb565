/// Where each part of the screen goes at a given size.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 40
    public static let minimumHeight = 12
    /// From this width the detail pane sits beside the table.
    public static let sideBySideWidth = 110
    /// From this height (when narrow) the detail pane sits below the table.
    public static let stackedHeight = 24

    public enum DetailPlacement: Sendable, Equatable {
        case beside(column: Int, width: Int)
        case below(row: Int, height: Int)
        /// No room: the pane replaces the table while it has focus.
        case instead
    }

    public let width: Int
    public let height: Int
    /// How much room the detail pane takes (`+` and `_`, as lazygit's).
    public let pane: DetailPane

    /// The detail pane's share of the screen beside or below the table;
    /// hidden, it shows only while focused, in the table's place.
    public enum DetailPane: Int, CaseIterable, Sendable, Equatable {
        case hidden, narrow, standard, wide

        /// Of the width beside the table (at most 64 columns but when wide), or of the rows below it.
        var share: (numerator: Int, denominator: Int) {
            switch self {
            case .hidden: return (0, 1)
            case .narrow: return (1, 4)
            case .standard: return (2, 5)
            case .wide: return (1, 2)
            }
        }

        public func step(_ by: Int) -> DetailPane { DetailPane(rawValue: max(0, min(DetailPane.allCases.count - 1, rawValue + by)))! }
    }

    public init(width: Int, height: Int, pane: DetailPane = .standard) {
        self.width = width
        self.height = height
        self.pane = pane
    }

    public var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }

    /// Rows between the header line and the status line.
    var contentTop: Int { 1 }
    var contentHeight: Int { max(0, height - 3) }
    public var statusRow: Int { height - 2 }
    public var footerRow: Int { height - 1 }

    public var detail: DetailPlacement {
        if pane == .hidden { return .instead }
        let share = pane.share
        if width >= Layout.sideBySideWidth {
            let paneWidth = min(pane == .wide ? width / 2 : 64, width * share.numerator / share.denominator)
            return .beside(column: width - paneWidth, width: paneWidth)
        }
        if height >= Layout.stackedHeight {
            let paneHeight = contentHeight * share.numerator / share.denominator
            return .below(row: contentTop + contentHeight - paneHeight, height: paneHeight)
        }
        return .instead
    }

    /// The table's width, leaving room for a pane beside it.
    public var tableWidth: Int {
        if case .beside(let column, _) = detail { return column - 1 }
        return width
    }

    /// Rows of licenses the table shows (its column header excluded, and the
    /// line above a pane below it): the cursor is kept within these, so the
    /// selected row is always one that is drawn.
    public var tableRows: Int {
        switch detail {
        case .below(let row, _): return max(1, row - contentTop - 2)
        default: return max(1, contentHeight - 1)
        }
    }
}
