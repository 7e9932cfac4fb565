import GRDB
import NetifyLicensing

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

    /// The columns, in the order `init(row:)` reads them by position
    /// (by position because name lookups dominate reading 100,000 rows).
    static let columns = "serial, key_id, issued_to, description, notes, target_uid, entitlements, renewable, created_day, expire_day"

    init(row: Row) {
        serial = row[0]
        keyID = row[1]
        issuedTo = row[2]
        description = row[3]
        notes = row[4]
        targetUID = row[5]
        let keywords: String = row[6]
        entitlements = keywords.split(separator: " ").map(Entitlement.interned)
        renewable = row[7]
        createdDay = CalendarDate(daysSinceEpoch: row[8])
        expireDay = CalendarDate(daysSinceEpoch: row[9])
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
