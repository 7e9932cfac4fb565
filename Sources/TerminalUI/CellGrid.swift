import TextSafety

/// What to draw: a rectangle of cells, each a character and a role.
///
/// A role is a small number the caller gives meaning to (the dashboard's
/// `header`, `expiryCritical`...): the grid never holds a colour, so the same
/// grid renders on any terminal and reads as plain text in tests.
public struct CellGrid: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// One grapheme; empty for the second column of a wide character.
        public var character: Character?
        public var role: UInt8

        public static let blank = Cell(character: " ", role: 0)
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, role: UInt8 = 0) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell(character: " ", role: role), count: self.width * self.height)
    }

    public subscript(column: Int, row: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes text from a column, clipped to `limit` columns (and to the
    /// grid); wide characters take two cells and are never split at the edge.
    /// Returns the column after the last one written.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, column: Int, row: Int, role: UInt8, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return column }
        let end = min(width, column + (limit ?? width))
        var position = column
        for original in text {
            // Text from data never acts on the terminal, nor hides: a control
            // takes no cell (its width is 0), any other hidden or reordering
            // character (bidi, zero-width) shows as U+FFFD.
            let character: Character = !original.unicodeScalars.contains(where: \.isHiddenOrControlling)
                || original.unicodeScalars.first!.properties.generalCategory == .control ? original : "\u{FFFD}"
            let characterWidth = DisplayWidth.of(character)
            if characterWidth == 0 { continue }
            if position + characterWidth > end {
                // Cut text says so: its last cell becomes `…` (a wide glyph cut in half leaves a space).
                if end - 1 >= max(column, 0) {
                    if end - 2 >= 0, cells[row * width + end - 1].character == nil, end - 2 >= column {
                        cells[row * width + end - 2] = Cell(character: " ", role: role)
                    }
                    cells[row * width + end - 1] = Cell(character: "…", role: role)
                }
                break
            }
            if position >= 0 {
                cells[row * width + position] = Cell(character: character, role: role)
                if characterWidth == 2, position + 1 < width {
                    cells[row * width + position + 1] = Cell(character: nil, role: role)
                }
            }
            position += characterWidth
        }
        return position
    }

    /// Fills part of a row with spaces of a role.
    public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, role: UInt8) {
        guard row >= 0, row < height else { return }
        for position in max(0, column)..<min(width, end ?? width) {
            cells[row * width + position] = Cell(character: " ", role: role)
        }
    }

    /// Fills a rectangle with spaces of a role.
    public mutating func fill(column: Int, row: Int, width fillWidth: Int, height fillHeight: Int, role: UInt8) {
        for line in row..<(row + fillHeight) {
            fill(row: line, from: column, to: column + fillWidth, role: role)
        }
    }

    /// Changes the role of cells without touching their characters.
    public mutating func paint(row: Int, from column: Int, to end: Int, role: UInt8) {
        guard row >= 0, row < height else { return }
        for position in max(0, column)..<min(width, end) {
            cells[row * width + position].role = role
        }
    }

    /// The grid as lines of text, trailing spaces kept: what a person would read.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width {
                if let character = cells[row * width + column].character { line.append(character) }
            }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
