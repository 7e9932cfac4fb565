import GRDB

/// A column read by type without trapping. GRDB's `row[column]` stops the
/// process on a value it cannot convert; a file on disk can hold anything (an
/// edit, damage), so every value read from this tool's own files goes
/// through here, and a wrong or missing one is nil.
enum StoredValue {
    static func value<T: DatabaseValueConvertible>(_ row: Row, _ column: String, as _: T.Type = T.self) -> T? {
        guard row.hasColumn(column) else { return nil }
        return T.fromDatabaseValue(row[column] as DatabaseValue)
    }

    static func value<T: DatabaseValueConvertible>(_ row: Row, at index: Int, as _: T.Type = T.self) -> T? {
        guard (0..<row.count).contains(index) else { return nil }
        return T.fromDatabaseValue(row[index] as DatabaseValue)
    }

    /// `.some(nil)` for SQL NULL, nil for a value of the wrong type.
    static func optional<T: DatabaseValueConvertible>(_ row: Row, _ column: String, as _: T.Type = T.self) -> T?? {
        guard row.hasColumn(column) else { return nil }
        let stored = row[column] as DatabaseValue
        if stored.isNull { return .some(nil) }
        return T.fromDatabaseValue(stored).map { .some($0) }
    }
}
