import NetifyLicensing
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
    public var value = TextInput("", limit: 10)

    public mutating func cycle(by step: Int) {
        let count = Mode.allCases.count
        mode = Mode(rawValue: ((mode.rawValue + step) % count + count) % count)!
        value = TextInput("", limit: 10)
    }

    /// The problem with the value as typed, checked on every keystroke.
    public func problem(today: CalendarDate) -> String? {
        switch mode {
        case .keyMaximum: return nil
        case .date:
            guard let date = CalendarDate(value.trimmed) else { return "write the date as YYYY-MM-DD" }
            return date > today ? nil : "must be after today (\(today))"
        case .days:
            guard let days = Int(value.trimmed), days > 0 else { return "a positive whole number of days" }
            return days <= 36_500 ? nil : "too many days"
        }
    }

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
}

/// The create form: everything `POST /licenses` takes.
public struct CreateForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case issuedTo, entitlements, expiryMode, expiryValue, targetUID, description, notes

        public var label: String {
            switch self {
            case .issuedTo: return "Issued to"
            case .entitlements: return "Entitlements"
            case .expiryMode: return "Expires"
            case .expiryValue: return "Date / days"
            case .targetUID: return "Target UID"
            case .description: return "Description"
            case .notes: return "Notes"
            }
        }

        /// The API member the server names in `status_fields`.
        public var apiName: String {
            switch self {
            case .issuedTo: return "issued_to"
            case .entitlements: return "entitlements"
            case .expiryMode: return "format"
            case .expiryValue: return "expire_at"
            case .targetUID: return "target_uid"
            case .description: return "description"
            case .notes: return "notes"
            }
        }
    }

    public var issuedTo = TextInput("", limit: 200)
    public var entitlements: Set<Entitlement> = []
    public var entitlementCursor = 0
    public var expiry = ExpiryChoice()
    public var targetUID = TextInput("", limit: 128)
    public var description = TextInput("", limit: 1_000)
    public var notes = TextInput("", limit: 4_000)
    public var focus: Field = .issuedTo
    public var submission = Submission()
    /// Set once the operator tried to submit: only then are empty required fields flagged.
    public var attempted = false

    public init() {}

    public func input(_ field: Field) -> TextInput? {
        switch field {
        case .issuedTo: return issuedTo
        case .expiryValue: return expiry.value
        case .targetUID: return targetUID
        case .description: return description
        case .notes: return notes
        case .entitlements, .expiryMode: return nil
        }
    }

    /// The fields worth visiting: the value field only when a mode needs one.
    public var visibleFields: [Field] {
        Field.allCases.filter { $0 != .expiryValue || expiry.mode != .keyMaximum }
    }

    /// Problems found as the operator types, by field.
    public func problems(today: CalendarDate) -> [Field: String] {
        var problems: [Field: String] = [:]
        if attempted || !issuedTo.text.isEmpty, issuedTo.trimmed.isEmpty { problems[.issuedTo] = "required" }
        if attempted, entitlements.isEmpty { problems[.entitlements] = "choose at least one" }
        if attempted || !expiry.value.text.isEmpty, let problem = expiry.problem(today: today) { problems[.expiryValue] = problem }
        if targetUID.text.contains(" ") { problems[.targetUID] = "no spaces" }
        for (field, message) in submission.serverFieldErrors {
            if let match = Field.allCases.first(where: { $0.apiName == field || (field == "duration_days" && $0 == .expiryValue) }),
               problems[match] == nil {
                problems[match] = message
            }
        }
        return problems
    }

    public var request: CreateLicenseRequest {
        CreateLicenseRequest(
            issuedTo: issuedTo.trimmed, entitlements: Entitlement.known.filter(entitlements.contains), expiry: expiry.request,
            targetUID: targetUID.trimmed.isEmpty ? nil : targetUID.trimmed,
            description: description.trimmed.isEmpty ? nil : description.trimmed, notes: notes.trimmed.isEmpty ? nil : notes.trimmed)
    }
}

/// The renew form: a serial and a new term, prefilled with the key's maximum.
public struct RenewForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable { case expiryMode, expiryValue }

    public var serial: String
    public var issuedTo: String
    public var currentExpiry: CalendarDate
    public var expiry = ExpiryChoice()
    public var focus: Field = .expiryMode
    public var submission = Submission()

    public init(serial: String, issuedTo: String, currentExpiry: CalendarDate) {
        self.serial = serial
        self.issuedTo = issuedTo
        self.currentExpiry = currentExpiry
    }

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
