/// Every limit and check a license request must pass, in one place.
///
/// The sandbox validates requests with these rules, the dashboard's forms
/// check as the operator types, and the CLI checks its arguments, so the
/// three give the same verdict in the same words. The real service does not
/// publish its limits: where a rule is the sandbox's own choice, it says so.
public enum LicenseRules {
    /// One failed rule: the request member it concerns (its API name) and
    /// what is wrong, as a predicate ("is required", "is 282 characters long;
    /// the limit is 200") that each front end puts after its own name for the
    /// member. The same value the server sends back in `status_fields`.
    public typealias Violation = FieldError

    /// The free-text members of a create request.
    public enum TextField: CaseIterable, Sendable, Hashable {
        case issuedTo
        case targetUID
        /// A free text; its limit is in its own table.
        case text(FreeText)

        public static let allCases: [TextField] = [.issuedTo, .targetUID] + FreeText.allCases.map(TextField.text)

        public var apiName: String { field.jsonName }

        /// Its entry in the field table.
        public var field: LicenseField {
            switch self {
            case .issuedTo: return .issuedTo
            case .targetUID: return .targetUID
            case .text(let text): return .text(text)
            }
        }

        /// The longest value accepted, in characters. The sandbox's own limits:
        /// the real service publishes none.
        public var limit: Int {
            switch self {
            case .issuedTo: return 200
            case .targetUID: return 128
            case .text(let text): return text.limit
            }
        }

        public var isRequired: Bool { self == .issuedTo }
    }

    /// The longest term a request may ask for, in days (100 years). The
    /// sandbox's own bound; a key's policy usually allows far less.
    public static let maximumDurationDays = 36_500
    /// A key's longest term, in days: the specification gives 7 days to 12
    /// months, and a sandbox key's `--max-term-days` is a number of days in
    /// this range. The one place every front end and the sandbox take it from.
    public static let keyTermDays = 7...365
    /// A key's term as a reply shows it (the result minus the day it was sent):
    /// a 12-month term that spans a 29 February is 366 days.
    public static let keyTermDaysMeasured = keyTermDays.lowerBound...(keyTermDays.upperBound + 1)
    /// "7 to 365".
    public static var keyTermWords: String { "\(keyTermDays.lowerBound) to \(keyTermDays.upperBound)" }
    /// A window of days asked about ("expiring within N days", a filter's `days<N`):
    /// any wider reaches past every date a license can hold, and arithmetic on it could overflow.
    public static let dayWindow = -maximumDurationDays...maximumDurationDays

    // MARK: Text

    /// Checks a free-text member; nil when it passes. Lengths count Unicode
    /// code points of the text as given, as JSON Schema's `maxLength` does, so
    /// the sandbox's OpenAPI document states the limit exactly; blank text is
    /// absent (the value is sent trimmed).
    public static func check(_ text: String, as field: TextField) -> Violation? {
        if field == .targetUID, text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return Violation(field: field.apiName, message: "must not contain spaces or control characters")
        }
        if let control = text.unicodeScalars.first(where: { isRefusedControl($0, in: field) }) {
            let hex = String(control.value, radix: 16, uppercase: true)
            return Violation(field: field.apiName, message: "must not contain control characters (found U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))")
        }
        if text.trimmingWhitespace().isEmpty {
            return field.isRequired ? Violation(field: field.apiName, message: "is required") : nil
        }
        let length = text.unicodeScalars.count
        if length > field.limit {
            return Violation(field: field.apiName, message: "is \(length) characters long; the limit is \(field.limit)")
        }
        return nil
    }

    /// Control characters (and the bidi overrides that reorder what a reader
    /// sees) have no place in a license's text: ESC or BEL in a customer's name
    /// is an attack on the terminal that shows it. Free texts may hold line
    /// breaks and tabs.
    static func isRefusedControl(_ scalar: Unicode.Scalar, in field: TextField) -> Bool {
        if case .text = field, scalar == "\n" || scalar == "\t" { return false }
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    // MARK: Expiry

    /// Parses and checks an explicit expiry date: `YYYY-MM-DD`, after today (UTC).
    public static func expiryDate(_ text: String, today: CalendarDate) -> Result<CalendarDate, Violation> {
        guard let date = CalendarDate(text.trimmingWhitespace()) else { return .failure(dateShapeViolation) }
        if let violation = check(expiryDate: date, today: today) { return .failure(violation) }
        return .success(date)
    }

    public static let dateShapeViolation = Violation(field: "expire_at", message: "must be a date written YYYY-MM-DD")

    public static func check(expiryDate date: CalendarDate, today: CalendarDate) -> Violation? {
        guard date > today else {
            return Violation(field: "expire_at", message: "must be after today (\(today)); \(date) is not")
        }
        let days = date.days(since: today)
        guard days <= maximumDurationDays else {
            return Violation(field: "expire_at", message: "is \(days) days away; the limit is \(maximumDurationDays) days")
        }
        return nil
    }

    /// Parses and checks a term in days: a whole number from 1 to `maximumDurationDays`.
    public static func durationDays(_ text: String) -> Result<Int, Violation> {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return .failure(durationViolation)
        }
        // Leading zeros are allowed; beyond six significant digits it is out of range, never an overflow.
        let significant = trimmed.drop { $0 == "0" }
        guard significant.utf8.count <= 6, let days = Int(significant.isEmpty ? "0" : significant) else {
            return .failure(durationViolation)
        }
        if let violation = check(durationDays: days) { return .failure(violation) }
        return .success(days)
    }

    public static func check(durationDays days: Int) -> Violation? {
        (1...maximumDurationDays).contains(days) ? nil : durationViolation
    }

    private static let durationViolation = Violation(
        field: "duration_days", message: "must be a whole number of days from 1 to \(maximumDurationDays)")

    /// Only one way of giving the expiry per request.
    public static let bothExpiryMembers = Violation(
        field: "expire_at", message: "cannot be given together with duration_days; send one of them")

    // MARK: Entitlements

    /// The keyword a person typed: a full keyword or its short name (`lua`, `app-sigs`).
    public static func entitlement(named name: String) -> Entitlement? {
        entitlementsByName[name] ?? entitlementsByName[name.trimmingWhitespace()]
    }

    /// Every keyword and short name, looked up once per name (a provisioning file names thousands).
    static let entitlementsByName: [String: Entitlement] = {
        var names: [String: Entitlement] = [:]
        for entitlement in Entitlement.known {
            names[entitlement.shortName] = entitlement
            names[entitlement.rawValue] = entitlement
        }
        return names
    }()

    public static func check(entitlements: [Entitlement]) -> Violation? {
        guard !entitlements.isEmpty else {
            return Violation(field: "entitlements", message: "must name at least one entitlement")
        }
        if let unknown = entitlements.first(where: { !$0.isKnown }) {
            return unknownEntitlement(unknown.rawValue)
        }
        return nil
    }

    public static func unknownEntitlement(_ keyword: String) -> Violation {
        let shown = String(keyword.prefix(60)).replacingControlCharacters()
        // A misspelt one names the nearest, by its keyword or its short name ("mqttt": mqtt).
        let names = Entitlement.known.flatMap { [$0.rawValue, $0.shortName] }
        let near = SettingTable.nearest(to: keyword, among: names).map { name in
            let entitlement = Entitlement.known.first { $0.rawValue == name || $0.shortName == name }!
            return " (did you mean \(entitlement.shortName), \(entitlement.rawValue)?)"
        } ?? ""
        return Violation(
            field: "entitlements",
            message: "\"\(shown)\" is not an entitlement\(near); use one of \(Entitlement.known.map(\.rawValue).joined(separator: ", "))")
    }

    // MARK: Serials

    /// The serial's shape as a regular expression, for documents that state it (the sandbox's OpenAPI).
    public static let serialPattern = "^[0-9]{4}-[0-9]{4}-[0-9]{8}$"

    /// `YYYY-NNNN-NNNNNNNN`; anything else cannot name a license.
    public static func isSerial(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 18 && bytes[4] == UInt8(ascii: "-") && bytes[9] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 9 || (48...57).contains($0.element) }
    }

    public static func check(serial text: String) -> Violation? {
        guard isSerial(text) else {
            let shown = String(text.prefix(40)).replacingControlCharacters()
            return Violation(field: "serial", message: "\"\(shown)\" is not a license serial; a serial looks like 2026-0123-45678901 (YYYY-NNNN-NNNNNNNN)")
        }
        return nil
    }

    // MARK: Whole requests

    /// Every violation in a create request, in the order of its members.
    public static func violations(in request: CreateLicenseRequest, today: CalendarDate) -> [Violation] {
        var violations: [Violation] = []
        if let violation = check(request.issuedTo, as: .issuedTo) { violations.append(violation) }
        if let violation = check(entitlements: request.entitlements) { violations.append(violation) }
        if let violation = check(request.expiry, today: today) { violations.append(violation) }
        for (field, text) in [(TextField.targetUID, request.targetUID)] + FreeText.allCases.map({ (TextField.text($0), request.texts[$0]) }) {
            if let text, let violation = check(text, as: field) { violations.append(violation) }
        }
        return violations
    }

    public static func check(_ expiry: ExpiryRequest, today: CalendarDate) -> Violation? {
        switch expiry {
        case .keyMaximum: return nil
        case .date(let date): return check(expiryDate: date, today: today)
        case .durationDays(let days): return check(durationDays: days)
        }
    }
}
