import LicenseModel
import TerminalUI

/// How a form asks for an expiry: the key's maximum, a date, or a number of days.
public struct ExpiryChoice: Sendable, Equatable {
    public enum Mode: Int, CaseIterable, Sendable {
        case keyMaximum, date, days

        public var label: String {
            switch self {
            case .keyMaximum: return "key's maximum term"
            case .date: return "on a date"
            case .days: return "after N days"
            }
        }
    }

    public var mode: Mode = .keyMaximum
    /// Each mode keeps what was typed for it, so switching back and forth loses nothing.
    public var dateValue = TextInput("")
    public var daysValue = TextInput("")

    /// The text of the current mode's value field.
    public var value: TextInput {
        get { mode == .days ? daysValue : dateValue }
        set {
            switch mode {
            case .days: daysValue = newValue
            case .date, .keyMaximum: dateValue = newValue
            }
        }
    }

    public mutating func cycle(by step: Int) {
        let count = Mode.allCases.count
        mode = Mode(rawValue: ((mode.rawValue + step) % count + count) % count)!
    }

    /// The problem with the value as typed, checked on every keystroke by `LicenseRules`.
    public func problem(today: CalendarDate) -> String? {
        switch mode {
        case .keyMaximum: return nil
        case .date:
            if case .failure(let violation) = LicenseRules.expiryDate(value.text, today: today) { return violation.message }
            return nil
        case .days:
            if case .failure(let violation) = LicenseRules.durationDays(value.text) { return violation.message }
            return nil
        }
    }

    /// A date or a number of days chosen, and nothing typed yet: there is no result to show.
    public var awaitsValue: Bool { mode != .keyMaximum && value.trimmed.isEmpty }

    /// What the value gives, in words, once it is a valid one: "expires 2027-03-01" for days, "in 94 days" for a date.
    public func outcome(today: CalendarDate) -> String? {
        guard problem(today: today) == nil, !awaitsValue else { return nil }
        switch request {
        case .durationDays(let days): return "expires \(today.adding(days: days))"
        case .date(let date): return "in \(date.days(since: today)) days"
        case .keyMaximum: return nil
        }
    }

    /// What to type, while nothing is.
    public var prompt: String { mode == .date ? "type the date, YYYY-MM-DD" : "type a number of days" }

    public var request: ExpiryRequest {
        switch mode {
        case .keyMaximum: return .keyMaximum
        case .date: return CalendarDate(value.trimmed).map(ExpiryRequest.date) ?? .keyMaximum
        case .days: return Int(value.trimmed).map(ExpiryRequest.durationDays) ?? .keyMaximum
        }
    }
}

/// A form's progress with the server.
public struct Submission: Sendable, Equatable {
    public var inFlight = false
    /// The server's message from the last failed attempt.
    public var failure: String?
    /// The server's `status_fields`, by API field name, shown beside the field.
    public var serverFieldErrors: [String: String] = [:]

    /// A write that failed: the server's message, and each field it named beside that field.
    static func failed(_ error: LicensingError) -> Submission {
        var fields: [String: String] = [:]
        for field in error.fieldErrors where fields[field.field] == nil { fields[field.field] = field.message }
        return Submission(inFlight: false, failure: error.description, serverFieldErrors: fields)
    }
}

/// The create form: everything `POST /licenses` takes.
public struct CreateForm: Sendable, Equatable {
    public enum Field: CaseIterable, Sendable, Hashable {
        case issuedTo, entitlements, expiryMode, expiryValue, targetUID
        /// One per free text, in its table's order.
        case text(FreeText)

        public static let allCases: [Field] = [.issuedTo, .entitlements, .expiryMode, .expiryValue, .targetUID] + FreeText.allCases.map(Field.text)

        /// The license field it edits, when it edits one: its label and API name come from the field table.
        public var field: LicenseField? {
            switch self {
            case .issuedTo: return .issuedTo
            case .entitlements: return .entitlements
            case .targetUID: return .targetUID
            case .text(let text): return .text(text)
            case .expiryMode, .expiryValue: return nil
            }
        }

        public var label: String {
            switch self {
            case .expiryMode: return "Expires"
            case .expiryValue: return "Date / days"
            default: return field?.label ?? ""
            }
        }

        /// The API member the server names in `status_fields`.
        public var apiName: String {
            switch self {
            case .expiryMode: return "format"
            case .expiryValue: return LicenseField.expireAt.jsonName
            default: return field?.jsonName ?? ""
            }
        }
    }

    // Nothing typed is ever dropped: a value past its limit is flagged by
    // `LicenseRules` and the form will not submit until it is shortened.
    public var issuedTo = TextInput("")
    public var entitlements: Set<Entitlement> = []
    public var entitlementCursor = 0
    public var expiry = ExpiryChoice()
    public var targetUID = TextInput("")
    /// The free texts' inputs, by their place in `FreeText`'s table.
    public private(set) var texts: [TextInput] = FreeText.allCases.map { _ in TextInput("") }
    public var focus: Field = .issuedTo
    public var submission = Submission()
    /// A line above the fields: where a prefilled form came from.
    public var notice: String?
    /// Set once the operator tried to submit: only then are empty required fields flagged.
    public var attempted = false
    /// The license selected when the form opened: `ctrl-p` starts from its fields.
    public var template: License?
    /// `ctrl-n` submitted: after the create, the form stays open for the next device.
    public var keepsOpen = false
    /// A re-issue: the license the new one replaces, deleted once the new one exists.
    public var replacing: Replaced?
    /// A re-issue's enter was pressed: `y` sends it, any other key goes back to the form.
    public var confirmingReissue = false
    /// Something was typed or chosen since the form opened: only then does
    /// `esc` keep it as a draft. A draft reopened and cancelled unchanged ends.
    public var editedSinceOpened = false

    /// What the operator typed and chose, not where the cursor is.
    struct Content: Equatable {
        var issuedTo, targetUID: String
        var texts: [String]
        var entitlements: Set<Entitlement>
        var expiry: ExpiryChoice
    }

    var content: Content {
        Content(issuedTo: issuedTo.text, targetUID: targetUID.text, texts: texts.map(\.text), entitlements: entitlements, expiry: expiry)
    }

    public struct Replaced: Sendable, Equatable {
        public var serial: String
        public var issuedTo: String
        public var expiry: CalendarDate
        public var entitlements: [Entitlement] = []
        public var targetUID: String?
    }

    public init() {}

    /// The input of one free text.
    public subscript(text text: FreeText) -> TextInput {
        get { texts[text.rawValue] }
        set { texts[text.rawValue] = newValue }
    }

    /// Each free text's input holding the license's value.
    mutating func fillTexts(from license: License) {
        for text in FreeText.allCases { self[text: text] = TextInput(license.texts[text] ?? "") }
    }

    /// The form opened with a license selected: it offers that license's fields.
    public init(offering license: License?) {
        self.init()
        guard let license else { return }
        template = license
        notice = "ctrl-p starts from \(license.serial.safeForDisplay(limit: 40))'s fields (\(license.issuedTo.safeForDisplay(limit: 40))) · ctrl-n creates and starts the next device"
    }

    /// The re-issue form: the license's fields and its expiry (a new license
    /// cannot carry a past date: an expired one gets the key's term), the
    /// target UID focused, as moving to another device is the common case.
    public init(reissuing license: License, today: CalendarDate) {
        self.init()
        issuedTo = TextInput(license.issuedTo)
        entitlements = Set(license.entitlements.filter(\.isKnown))
        fillTexts(from: license)
        targetUID = TextInput(license.targetUID ?? "")
        if license.expireAt.date > today {
            expiry.mode = .date
            expiry.dateValue = TextInput(license.expireAt.date.description)
        }
        focus = .targetUID
        let serial = license.serial.safeForDisplay(limit: 40)
        replacing = Replaced(serial: license.serial, issuedTo: license.issuedTo, expiry: license.expireAt.date, entitlements: license.entitlements, targetUID: license.targetUID)
        notice = "Re-issue of \(serial): change the device or the entitlements, then enter. The new license is created and \(serial) deleted (asked first)."
    }

    /// Nothing typed or chosen: closing it keeps no draft.
    var isBlank: Bool {
        issuedTo.text.isEmpty && targetUID.text.isEmpty && texts.allSatisfy(\.text.isEmpty)
            && entitlements.isEmpty && expiry == ExpiryChoice()
    }

    /// `ctrl-p`: the template's customer, entitlements and free texts
    /// (never its target UID: a device holds one license of an entitlement).
    mutating func fill(from license: License) {
        issuedTo = TextInput(license.issuedTo)
        entitlements = Set(license.entitlements.filter(\.isKnown))
        fillTexts(from: license)
        targetUID = TextInput("")
        focus = .targetUID
        notice = "From \(license.serial.safeForDisplay(limit: 40)): give the new device's target UID, then enter."
    }

    /// The form for the next device after a create: the customer, entitlements
    /// and term kept, the device's own fields cleared.
    func next(after license: License) -> CreateForm {
        var form = CreateForm()
        form.issuedTo = issuedTo
        form.entitlements = entitlements
        form.expiry = expiry
        form.template = template
        form.focus = .targetUID
        form.notice = "Created \(license.serial.safeForDisplay(limit: 40)). The next device for \(issuedTo.trimmed.safeForDisplay(limit: 40)): its target UID, then enter (ctrl-n again keeps going; esc closes)."
        return form
    }

    public func input(_ field: Field) -> TextInput? {
        switch field {
        case .issuedTo: return issuedTo
        case .expiryValue: return expiry.value
        case .targetUID: return targetUID
        case .text(let text): return self[text: text]
        case .entitlements, .expiryMode: return nil
        }
    }

    /// The fields worth visiting: the value field only when a mode needs one.
    public var visibleFields: [Field] {
        Field.allCases.filter { $0 != .expiryValue || expiry.mode != .keyMaximum }
    }

    /// The rule behind a free-text field, for its limit and its checks.
    public static func rule(for field: Field) -> LicenseRules.TextField? {
        switch field {
        case .issuedTo: return .issuedTo
        case .targetUID: return .targetUID
        case .text(let text): return .text(text)
        case .entitlements, .expiryMode, .expiryValue: return nil
        }
    }

    /// Problems found as the operator types, by field, in `LicenseRules`' words.
    public func problems(today: CalendarDate) -> [Field: String] {
        var problems: [Field: String] = [:]
        for field in Field.allCases {
            guard let rule = CreateForm.rule(for: field), let input = input(field) else { continue }
            // An empty required field is flagged only once the operator tried to submit.
            if input.text.isEmpty, !attempted { continue }
            if let violation = LicenseRules.check(input.text, as: rule) { problems[field] = violation.message }
        }
        if attempted, let violation = LicenseRules.check(entitlements: Array(entitlements)) { problems[.entitlements] = violation.message }
        if attempted || !expiry.value.text.isEmpty, let problem = expiry.problem(today: today) { problems[.expiryValue] = problem }
        for (field, message) in submission.serverFieldErrors {
            if let match = Field.allCases.first(where: { $0.apiName == field || (field == "duration_days" && $0 == .expiryValue) }),
               problems[match] == nil {
                problems[match] = message
            }
        }
        return problems
    }

    public var request: CreateLicenseRequest {
        var texts = FreeTexts()
        for text in FreeText.allCases {
            let value = self[text: text].trimmed
            if !value.isEmpty { texts[text] = value }
        }
        return CreateLicenseRequest(
            issuedTo: issuedTo.trimmed, entitlements: Entitlement.known.filter(entitlements.contains), expiry: expiry.request,
            targetUID: targetUID.trimmed.isEmpty ? nil : targetUID.trimmed, texts: texts)
    }
}

/// The renew form: a serial and a new term, prefilled with the key's maximum.
/// What the term does is the renewal engine's plan for this one license.
public struct RenewForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable { case expiryMode, expiryValue }

    public var serial: String
    public var issuedTo: String
    public var currentExpiry: CalendarDate
    /// What is known of the key's maximum term (learned, configured, or not known).
    public var keyMaximum: KeyMaximum
    public var expiry = ExpiryChoice()
    public var focus: Field = .expiryMode
    public var submission = Submission()
    /// A change that could move the expiry earlier, asked about: `y` sends
    /// exactly this plan, any other key goes back to the form.
    public var confirmingRisk: RenewalPlan.Entry?
    /// The renew sent, run by the engine: its reply is checked against it.
    public var run: RenewalRun?

    public init(serial: String, issuedTo: String, currentExpiry: CalendarDate, keyMaximum: KeyMaximum = .unknown) {
        self.serial = serial
        self.issuedTo = issuedTo
        self.currentExpiry = currentExpiry
        self.keyMaximum = keyMaximum
    }

    /// The engine's plan for the term as typed so far.
    public func plan(today: CalendarDate) -> RenewalPlan {
        RenewalPlan([RenewalCandidate(serial: serial, issuedTo: issuedTo, current: currentExpiry, renewable: true)],
                    request: expiry.request, keyMaximum: keyMaximum, today: today)
    }

    public func preview(today: CalendarDate) -> RenewalPlan.Entry { plan(today: today).entries[0] }

    public func problem(today: CalendarDate) -> String? {
        if let problem = expiry.problem(today: today), !expiry.value.text.isEmpty || submission.failure != nil { return problem }
        return submission.serverFieldErrors.values.first
    }
}

/// The delete confirmation; its default answer is No.
public struct DeleteConfirmation: Sendable, Equatable {
    public var serial: String
    public var issuedTo: String
    public var submission = Submission()
}
