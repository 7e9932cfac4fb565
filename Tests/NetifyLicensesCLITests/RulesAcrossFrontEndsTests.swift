import Dashboard
@testable import netify_licenses
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// One rule, three front ends: the sandbox's 422, the create form's message
/// as the operator types, and the CLI's argument error give the same verdict
/// in the same words, because all three ask `LicenseRules`.
@Suite("Rules across the front ends")
struct RulesAcrossFrontEndsTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var field: CreateForm.Field
        var option: String
        var value: String
        var apiField: String
    }

    static let cases: [Case] = [
        Case(description: "issued to too long", field: .issuedTo, option: "--issued-to", value: String(repeating: "x", count: 282), apiField: "issued_to"),
        Case(description: "issued to blank", field: .issuedTo, option: "--issued-to", value: "   ", apiField: "issued_to"),
        Case(description: "target with a space", field: .targetUID, option: "--target-uid", value: "dev 1", apiField: "target_uid"),
        Case(description: "target with a tab", field: .targetUID, option: "--target-uid", value: "dev\t1", apiField: "target_uid"),
        Case(description: "description too long", field: .text(.description), option: "--description", value: String(repeating: "d", count: 1_200), apiField: "description"),
        Case(description: "notes too long", field: .text(.notes), option: "--notes", value: String(repeating: "n", count: 4_001), apiField: "notes"),
        Case(description: "zero days", field: .expiryValue, option: "--duration-days", value: "0", apiField: "duration_days"),
        Case(description: "too many days", field: .expiryValue, option: "--duration-days", value: "40000", apiField: "duration_days"),
        Case(description: "a past date", field: .expiryValue, option: "--expire-at", value: "2020-01-01", apiField: "expire_at"),
        Case(description: "not a date", field: .expiryValue, option: "--expire-at", value: "31/12/2027", apiField: "expire_at"),
    ]

    @Test(arguments: cases)
    func sandboxFormAndCLIGiveTheSameVerdictAndMessage(_ rule: Case) async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            var request = CreateLicenseRequest(issuedTo: "Acme", entitlements: [.lua])
            var form = CreateForm()
            form.issuedTo = TextInput("Acme")
            form.entitlements = [.lua]
            form.attempted = true
            var arguments = ["create", "--issued-to", "Acme", "--entitlement", "lua"]
            switch rule.field {
            case .issuedTo:
                request.issuedTo = rule.value
                form.issuedTo = TextInput(rule.value)
                arguments[2] = rule.value
            case .targetUID:
                request.targetUID = rule.value
                form.targetUID = TextInput(rule.value)
            case .text(let text):
                request.texts[text] = rule.value
                form[text: text] = TextInput(rule.value)
            default:
                if rule.option == "--duration-days" {
                    request.expiry = .durationDays(Int(rule.value)!)
                    form.expiry.mode = .days
                } else {
                    request.expiry = CalendarDate(rule.value).map(ExpiryRequest.date) ?? .keyMaximum
                    form.expiry.mode = .date
                }
                form.expiry.value = TextInput(rule.value)
            }
            if rule.field != .issuedTo { arguments += [rule.option, rule.value] }

            // The sandbox: a 422 naming the field, in the rule's words.
            var serverMessage: String?
            if rule.description != "not a date" { do {
                _ = try await sandbox.client().createLicense(request)
                Issue.record("the sandbox accepted \(rule)")
            } catch let error as LicensingError {
                serverMessage = error.fieldErrors.first { $0.field == rule.apiField }?.message
            } }
            // Not every value reaches the wire as typed ("31/12/2027" is no date): the rule decides what it says.
            let formMessage = form.problems(today: CalendarDate.today())[rule.field]
            #expect(formMessage != nil, "\(rule): the form let it through")
            if rule.description != "not a date" {
                #expect(serverMessage == formMessage, "\(rule)")
            }
            // The command line's verdict, from its own parser in this process (as swift-argument-parser's tests do).
            let refusal = ArgumentParsing.refusal(arguments)
            #expect(refusal?.contains("\(rule.option) \(formMessage ?? "?")") == true, "\(rule): \(refusal ?? "accepted")")
        }
    }
}
