import GRDB
import LicenseModel

/// A license row.
public struct StoredLicense: Sendable, Equatable {
    public var serial: String
    public var keyID: String
    public var issuedTo: String
    public var description: String
    public var notes: String
    public var targetUID: String?
    public var entitlements: [Entitlement]
    public var renewable: Bool
    public var createdDay: CalendarDate
    public var expireDay: CalendarDate

    /// The columns, in the order `init(row:)` reads them by position (by
    /// position because name lookups dominate reading 100,000 rows) and
    /// `insert` writes them: a license field's column is its JSON name.
    static let columnNames = [LicenseField.serial.jsonName, "key_id"]
        + [LicenseField.issuedTo, .description, .notes, .targetUID, .entitlements, .renewable].map(\.jsonName)
        + ["created_day", "expire_day"]
    static let columns = columnNames.joined(separator: ", ")

    init(row: Row) {
        serial = row[0]
        keyID = row[1]
        issuedTo = row[2]
        description = row[3]
        notes = row[4]
        targetUID = row[5]
        var keywords: String = row[6]
        entitlements = StoredLicense.entitlements(spaceSeparated: &keywords)
        renewable = row[7]
        createdDay = CalendarDate(daysSinceEpoch: row[8])
        expireDay = CalendarDate(daysSinceEpoch: row[9])
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
        serial: String, keyID: String, issuedTo: String, description: String = "", notes: String = "",
        targetUID: String? = nil, entitlements: [Entitlement], renewable: Bool = true,
        createdDay: CalendarDate, expireDay: CalendarDate
    ) {
        self.serial = serial
        self.keyID = keyID
        self.issuedTo = issuedTo
        self.description = description
        self.notes = notes
        self.targetUID = targetUID
        self.entitlements = entitlements
        self.renewable = renewable
        self.createdDay = createdDay
        self.expireDay = expireDay
    }

    public var license: License {
        License(
            serial: serial, issuedTo: issuedTo, version: "1", renewable: renewable, description: description,
            notes: notes, targetUID: targetUID, entitlements: entitlements,
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
