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

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }

    /// Rows between the header line and the status line.
    var contentTop: Int { 1 }
    var contentHeight: Int { max(0, height - 3) }
    public var statusRow: Int { height - 2 }
    public var footerRow: Int { height - 1 }

    public var detail: DetailPlacement {
        if width >= Layout.sideBySideWidth {
            let paneWidth = min(64, width * 2 / 5)
            return .beside(column: width - paneWidth, width: paneWidth)
        }
        if height >= Layout.stackedHeight {
            let paneHeight = contentHeight * 2 / 5
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
