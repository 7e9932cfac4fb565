import LicenseFixtures
import LicenseModel
import Testing

/// A free text is one entry in `FreeText`'s table: these go through every
/// text of it, so a new one is covered here without a line written for it.
@Suite("Free texts: one table")
struct FreeTextTableTests {
    /// A value for every free text, none alike.
    static var everyText: FreeTexts {
        var texts = FreeTexts()
        for text in FreeText.allCases { texts[text] = "\(text.label) of it" }
        return texts
    }

    /// The fast reader packs a member order four bits a field (two codes are
    /// its own), and the cache keeps free texts' bits in a byte and two flags.
    @Test func theTablesFitTheirPackedForms() {
        #expect(LicenseField.allCases.count <= 13)
        #expect(FreeText.allCases.count <= 10)
        #expect(LicenseField.allCases.enumerated().allSatisfy { $0.offset == $0.element.rawValue && LicenseField(rawValue: $0.offset) == $0.element })
        #expect(Set(LicenseField.allCases.map(\.jsonName)).count == LicenseField.allCases.count)
        for text in FreeText.allCases { #expect(FreeText(jsonName: text.jsonName) == text && LicenseField(jsonName: text.jsonName) == .text(text)) }
    }

    /// Each text is written, read by both paths, shown and checked by its own rule.
    @Test func everyTextIsWrittenReadShownAndChecked() throws {
        let license = License(
            serial: "2026-0001-10000001", issuedTo: "Acme", texts: Self.everyText, entitlements: [.lua],
            expireAt: LicenseInstant(date: CalendarDate("2027-01-01")!))
        var output = JSONOutput()
        Envelope.writeSuccess(to: &output) { output in
            output.beginArray()
            license.writeObjectDocument(to: &output)
            output.endArray()
        }
        for path in LicenseListDecoder.Path.allCases {
            #expect(try LicenseListDecoder.decode(output.bytes, path: path).first?.texts == Self.everyText, "\(path)")
        }
        let detail = LicenseDetail(license, now: 0, thresholds: ExpiryThresholds())
        for text in FreeText.allCases {
            #expect(detail.lines.contains { $0.field == .text(text) && $0.label == text.label && $0.value == Self.everyText[text] })
            #expect(LicenseField.text(text).plainText(of: license) == Self.everyText[text])
            let long = String(repeating: "x", count: text.limit + 1)
            #expect(LicenseRules.check(long, as: .text(text))?.message == "is \(text.limit + 1) characters long; the limit is \(text.limit)")
            #expect(LicenseRules.check("two\nlines\tand a tab", as: .text(text)) == nil)
            var request = CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua], texts: [text: long])
            #expect(LicenseRules.violations(in: request, today: CalendarDate("2026-01-01")!).map(\.field) == [text.jsonName])
            request.texts[text] = ""
            #expect(request.json(format: .object)[text.jsonName] == nil, "an empty text is not sent")
        }
    }

    /// A provisioning file takes each text as a column of its name.
    @Test func aProvisioningFileHasAColumnForEveryText() throws {
        let header = ProvisioningFile.columns.joined(separator: ",")
        for text in FreeText.allCases { #expect(ProvisioningFile.columns.contains(text.jsonName)) }
        let cells = ProvisioningFile.columns.map { column -> String in
            if let text = FreeText(jsonName: column) { return "\"\(Self.everyText[text]!)\"" }
            switch column {
            case "target_uid": return "box-1"
            case "issued_to": return "Acme"
            case "entitlements": return "lua"
            default: return ""
            }
        }
        let file = header + "\n" + cells.joined(separator: ",") + "\n"
        let rows = try ProvisioningFile.read(Array(file.utf8), path: "devices.csv")
        #expect(rows.first?.texts == Self.everyText)
        #expect(rows.first?.createRequest(expiry: .keyMaximum).texts == Self.everyText)
    }
}
