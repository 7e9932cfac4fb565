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

    init(row: Row) {
        serial = row["serial"]
        keyID = row["key_id"]
        issuedTo = row["issued_to"]
        description = row["description"]
        notes = row["notes"]
        targetUID = row["target_uid"]
        let keywords: String = row["entitlements"]
        entitlements = keywords.split(separator: " ").map { Entitlement(String($0)) }
        renewable = row["renewable"]
        createdDay = CalendarDate(daysSinceEpoch: row["created_day"])
        expireDay = CalendarDate(daysSinceEpoch: row["expire_day"])
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

    /// The document served for `format`.
    public func document(_ format: LicenseFormat) -> JSONValue {
        let license = self.license
        return format == .object ? license.objectDocument : license.netifydDocument
    }
}
