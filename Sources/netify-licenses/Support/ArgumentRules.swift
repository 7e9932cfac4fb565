import ArgumentParser
import LicenseModel

/// The CLI's argument checks: `LicenseRules` in the words of a command line,
/// the option's name then the rule's message, as the sandbox and the forms say it.
enum ArgumentRules {
    static func require(_ violation: LicenseRules.Violation?, option: String) throws {
        if let violation { throw ValidationError("\(option) \(violation.message).") }
    }

    static func check(_ text: String?, as field: LicenseRules.TextField, option: String) throws {
        guard let text else { return }
        try require(LicenseRules.check(text, as: field), option: option)
    }

    /// `--text NAME=VALUE` items on top of the free texts their own options
    /// gave (`given`), each checked by its rule; a text given twice, or a
    /// name that is not a free text, is refused.
    static func freeTexts(_ items: [String], given: FreeTexts) throws -> FreeTexts {
        var texts = given
        for item in items {
            guard let equals = item.firstIndex(of: "=") else {
                throw ValidationError("--text \(item.safeForDisplay(limit: 40)): give NAME=VALUE, NAME one of \(FreeText.names).")
            }
            let name = String(item[..<equals]), value = String(item[item.index(after: equals)...])
            guard let text = FreeText(jsonName: name.trimmingWhitespace()) else {
                throw ValidationError("--text: \"\(name.safeForDisplay(limit: 40))\" is not a free text; use one of \(FreeText.names).")
            }
            guard texts[text] == nil else {
                throw ValidationError("--text: \(text.jsonName) is given twice; give it once.")
            }
            try check(value, as: .text(text), option: "--text \(text.jsonName)")
            texts[text] = value
        }
        return texts
    }

    /// Keywords or their short names (`lua`, `app-sigs`), as the table shows them.
    static func entitlements(_ names: [String], option: String = "--entitlement") throws -> [Entitlement] {
        try names.map { name in
            guard let entitlement = LicenseRules.entitlement(named: name) else {
                throw ValidationError("\(option) \(LicenseRules.unknownEntitlement(name).message) (or their short names: \(Entitlement.known.map(\.shortName).joined(separator: ", "))).")
            }
            return entitlement
        }
    }

    /// `--filter` (the dashboard's filter language) and `--entitlement` as one filter,
    /// the same for every command that selects licenses.
    static func filter(_ text: String?, entitlements names: [String]) throws -> LicenseFilter {
        if let text, let problem = LicenseFilter.problem(in: text) { throw ValidationError("--filter: \(problem).") }
        var filter = LicenseFilter(query: text ?? "")
        filter.entitlements.formUnion(try entitlements(names))
        return filter
    }

    /// A value that cannot be a serial is a usage error, never sent to the server.
    static func serial(_ text: String) throws {
        if let violation = LicenseRules.check(serial: text) { throw ValidationError("\(violation.message).") }
    }

    /// `--expiring-within`: from today to the longest term a license can have.
    static let dayWindow = 0...LicenseRules.maximumDurationDays

    static var entitlementHelp: String {
        Entitlement.known.map { "\($0.rawValue) (\($0.shortName))" }.joined(separator: ", ")
    }
}
