import Foundation
import LicenseModel
import LicenseSandbox
import Testing

/// The OpenAPI document states what the sandbox enforces, exactly: checked
/// here against LicenseRules, and in CI by schemathesis (`.ci/schemathesis`).
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func theDurationPatternAcceptsExactlyWhatTheRulesAccept() throws {
        let pattern = OpenAPIDocument.durationDaysPattern
        for days in 0...(LicenseRules.maximumDurationDays + 100) {
            let accepted = (try? LicenseRules.durationDays(String(days)).get()) != nil
            #expect(try matches(pattern, String(days)) == accepted, "\(days)")
        }
        for text in ["007", " 30 ", "\u{3000}30", "0000000000000000000000001", "0", "000", "-5", "1e3", "", " ", "36501", "١٢"] {
            let accepted = (try? LicenseRules.durationDays(text).get()) != nil
            #expect(try matches(pattern, text) == accepted, "\(text.debugDescription)")
        }
    }

    @Test func theTextPatternsAgreeWithTheRulesOnEveryWhiteSpaceAndControlCharacter() throws {
        let (issuedTo, targetUID, freeText) = (OpenAPIDocument.issuedToPattern, OpenAPIDocument.targetUIDPattern, OpenAPIDocument.freeTextPattern)
        #expect(OpenAPIDocument.yaml.contains(issuedTo) && OpenAPIDocument.yaml.contains(targetUID) && OpenAPIDocument.yaml.contains(freeText))
        let special = (0...0x3000).compactMap(Unicode.Scalar.init).filter {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
        }
        for scalar in special + ["a", "\u{FEFF}", "\u{200B}"] {
            let alone = String(scalar), inside = "dev" + String(scalar) + "1"
            #expect(try matches(issuedTo, alone) == (LicenseRules.check(alone, as: .issuedTo) == nil), "U+\(String(scalar.value, radix: 16))")
            #expect(try matches(issuedTo, inside) == (LicenseRules.check(inside, as: .issuedTo) == nil), "U+\(String(scalar.value, radix: 16))")
            #expect(try matches(targetUID, inside) == (LicenseRules.check(inside, as: .targetUID) == nil), "U+\(String(scalar.value, radix: 16))")
            #expect(try matches(freeText, inside) == (LicenseRules.check(inside, as: .text(.notes)) == nil), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func theLimitsAreLicenseRules() {
        let document = OpenAPIDocument.yaml
        for field in LicenseRules.TextField.allCases {
            #expect(document.contains("maxLength: \(field.limit)"), "\(field)")
        }
        #expect(document.contains("maximum: \(LicenseRules.maximumDurationDays)"))
        #expect(document.contains("links:"), "the stateful phase follows create to view, renew and delete")
    }
}
