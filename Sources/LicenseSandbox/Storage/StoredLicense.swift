import GRDB
import LicenseModel

/// A license row.
public struct StoredLicense: Sendable, Equatable {
    public var serial: String
    public var keyID: String
    public var issuedTo: String
    /// Every free text, "" when none was given (the columns are NOT NULL).
    public var texts: FreeTexts
    public var targetUID: String?
    public var entitlements: [Entitlement]
    public var renewable: Bool
    public var createdDay: CalendarDate
    public var expireDay: CalendarDate

    /// The values of a row, in the order of `columnNames`.
    var columnValues: [(any DatabaseValueConvertible)?] {
        [serial, keyID, issuedTo] + FreeText.allCases.map { texts[$0] ?? "" }
            + [targetUID, entitlements.map(\.rawValue).joined(separator: " "), renewable, createdDay.daysSinceEpoch, expireDay.daysSinceEpoch]
    }

    /// The columns, in the order `init(row:)` reads them by position (by
    /// position because name lookups dominate reading 100,000 rows) and
    /// `insert` writes them: a license field's column is its JSON name.
    static let columnNames = [LicenseField.serial.jsonName, "key_id"]
        + ([LicenseField.issuedTo] + FreeText.allCases.map(LicenseField.text) + [.targetUID, .entitlements, .renewable]).map(\.jsonName)
        + ["created_day", "expire_day"]
    static let columns = columnNames.joined(separator: ", ")

    init(row: Row) {
        serial = row[0]
        keyID = row[1]
        issuedTo = row[2]
        texts = FreeTexts()
        for text in FreeText.allCases { texts[text] = row[3 + text.rawValue] as String }
        let next = 3 + FreeText.allCases.count
        targetUID = row[next]
        var keywords: String = row[next + 1]
        entitlements = StoredLicense.entitlements(spaceSeparated: &keywords)
        renewable = row[next + 2]
        createdDay = CalendarDate(daysSinceEpoch: row[next + 3])
        expireDay = CalendarDate(daysSinceEpoch: row[next + 4])
    }

    /// The keywords column, split on spaces byte by byte (String.split by
    /// Character was a tenth of serving a 100k list).
    static func entitlements(spaceSeparated text: inout String) -> [Entitlement] {
        text.withUTF8 { bytes in
            var list: [Entitlement] = []
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                if index > start {
                    let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    list.append(Entitlement.known(utf8: word) ?? Entitlement(String(decoding: word, as: UTF8.self)))
                }
                start = index + 1
            }
            return list
        }
    }

    public init(
        serial: String, keyID: String, issuedTo: String, texts: FreeTexts = [:],
        targetUID: String? = nil, entitlements: [Entitlement], renewable: Bool = true,
        createdDay: CalendarDate, expireDay: CalendarDate
    ) {
        self.serial = serial
        self.keyID = keyID
        self.issuedTo = issuedTo
        self.texts = FreeTexts()
        for text in FreeText.allCases { self.texts[text] = texts[text] ?? "" }
        self.targetUID = targetUID
        self.entitlements = entitlements
        self.renewable = renewable
        self.createdDay = createdDay
        self.expireDay = expireDay
    }

    public var license: License {
        License(
            serial: serial, issuedTo: issuedTo, version: "1", renewable: renewable, texts: texts,
            targetUID: targetUID, entitlements: entitlements,
            createdAt: LicenseInstant(date: createdDay), expireAt: LicenseInstant(date: expireDay))
    }

    /// Writes the document served for `format`.
    public func write(_ format: LicenseFormat, to output: inout JSONOutput) {
        let license = self.license
        switch format {
        case .object: license.writeObjectDocument(to: &output)
        case .netifyd: license.writeNetifydDocument(to: &output)
        }
    }
}
