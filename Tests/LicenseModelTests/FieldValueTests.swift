import LicenseModel
import Testing

/// Change detection, a restoring create and CSV cells go by the field table:
/// each field is checked by name, so one the table forgets fails here.
@Suite("The field table reaches changes, restoring and CSV")
struct FieldValueTests {
    static let original = License(
        serial: "2026-0001-10000001", issuedTo: "Acme", version: "1", renewable: true, texts: FreeTextTableTests.everyText,
        targetUID: "dev-1", entitlements: [.aggregator, .mqttSink],
        createdAt: LicenseInstant(date: CalendarDate("2026-01-01")!), expireAt: LicenseInstant(date: CalendarDate("2027-01-01")!))

    /// The license with one field given another value (and, for a serial, another license).
    static func changing(_ field: LicenseField) -> License {
        var license = original
        switch field {
        case .version: license.version = "2"
        case .serial: license.serial = "2026-0001-10000002"
        case .issuedTo: license.issuedTo = "Acme GmbH"
        case .renewable: license.renewable = false
        case .text(let text): license.texts[text] = "changed \(text.jsonName)"
        case .targetUID: license.targetUID = "dev-2"
        case .entitlements: license.entitlements = [.aggregator]
        case .createdAt: license.createdAt = LicenseInstant(date: CalendarDate("2026-02-01")!)
        case .expireAt: license.expireAt = LicenseInstant(date: CalendarDate("2027-02-01")!)
        }
        return license
    }

    @Test(arguments: LicenseField.allCases)
    func aChangeToOneFieldIsSeenAsItsRoleSays(field: LicenseField) {
        let changes = ListChanges(from: [FieldValueTests.original], to: [Self.changing(field)])
        switch field.changeRole {
        case .identity: #expect(changes.new.count == 1 && changes.gone.count == 1)
        case .expiry: #expect(changes.renewed.count == 1 && changes.changed.isEmpty)
        case .content: #expect(changes.changed.count == 1 && changes.renewed.isEmpty, "\(field)")
        case .bookkeeping: #expect(changes.isEmpty, "\(field)")
        }
    }

    @Test func entitlementsInAnotherOrderAreNoChange() {
        var reordered = FieldValueTests.original
        reordered.entitlements.reverse()
        #expect(ListChanges(from: [FieldValueTests.original], to: [reordered]).isEmpty)
    }

    /// A restoring create carries every field a create can carry, by the body's member names.
    @Test func aRestoringCreateCarriesTheLicensesOwnFields() throws {
        let body = CreateLicenseRequest(restoring: FieldValueTests.original).json(format: .object)
        let members = Dictionary(uniqueKeysWithValues: (body.objectValue ?? []).map { ($0.key, $0.value) })
        #expect(members[LicenseField.issuedTo.jsonName]?.stringValue == "Acme")
        #expect(members[LicenseField.targetUID.jsonName]?.stringValue == "dev-1")
        for text in FreeText.allCases {
            #expect(members[text.jsonName]?.stringValue == FreeTextTableTests.everyText[text], "\(text)")
        }
        #expect(members[LicenseField.entitlements.jsonName]?.arrayValue?.compactMap(\.stringValue) == ["netify-proc-aggregator", "netify-sink-mqtt"])
        #expect(members[LicenseField.expireAt.jsonName]?.stringValue == "2027-01-01")
        // Every content field but the ones the server assigns on create reaches the body.
        for field in LicenseField.contentFields where field != .renewable {
            let changed = CreateLicenseRequest(restoring: Self.changing(field))
            #expect(changed != CreateLicenseRequest(restoring: FieldValueTests.original), "\(field) is not carried")
        }
    }

    @Test(arguments: LicenseField.allCases)
    func aPlainValueIsEmptyOnlyWhenTheServerSentNone(field: LicenseField) {
        #expect(!field.plainText(of: FieldValueTests.original).isEmpty, "\(field)")
        var bare = FieldValueTests.original
        bare.version = nil; bare.renewable = nil; bare.texts = [:]; bare.targetUID = nil; bare.createdAt = nil
        let optional = Set<LicenseField>([.version, .renewable, .targetUID, .createdAt] + FreeText.allCases.map(LicenseField.text))
        #expect(field.plainText(of: bare).isEmpty == optional.contains(field), "\(field)")
    }
}
