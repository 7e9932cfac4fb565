/// How long a created or renewed license should last.
public enum ExpiryRequest: Sendable, Equatable {
    /// Neither member is sent: the server grants the key's longest term.
    case keyMaximum
    case date(CalendarDate)
    case durationDays(Int)

    var members: [(key: String, value: JSONValue)] {
        switch self {
        case .keyMaximum: return []
        case .date(let date): return [(key: "expire_at", value: .string(date.description))]
        case .durationDays(let days): return [(key: "duration_days", value: .integer(Int64(days)))]
        }
    }
}

/// The body of `POST /api/v2/integrator/licenses`.
public struct CreateLicenseRequest: Sendable, Equatable {
    public var issuedTo: String
    public var entitlements: [Entitlement]
    public var expiry: ExpiryRequest
    public var targetUID: String?
    /// The free texts to store with it; empty ones are not sent (front ends send them trimmed).
    public var texts: FreeTexts

    public init(
        issuedTo: String, entitlements: [Entitlement], expiry: ExpiryRequest = .keyMaximum,
        targetUID: String? = nil, texts: FreeTexts = [:]
    ) {
        self.issuedTo = issuedTo
        self.entitlements = entitlements
        self.expiry = expiry
        self.targetUID = targetUID
        self.texts = texts
    }

    public func json(format: LicenseFormat) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "format", value: .string(format.rawValue)),
            (key: LicenseField.issuedTo.jsonName, value: .string(issuedTo)),
            (key: LicenseField.entitlements.jsonName, value: .array(entitlements.map { .string($0.rawValue) })),
        ]
        members += expiry.members
        if let targetUID, !targetUID.isEmpty { members.append((key: LicenseField.targetUID.jsonName, value: .string(targetUID))) }
        for (text, value) in texts.given { members.append((key: text.jsonName, value: .string(value))) }
        return .object(members)
    }
}

/// The body of `POST /api/v2/integrator/licenses/{serial}/renew`.
public struct RenewLicenseRequest: Sendable, Equatable {
    public var expiry: ExpiryRequest

    public init(expiry: ExpiryRequest = .keyMaximum) {
        self.expiry = expiry
    }

    public var json: JSONValue { .object(expiry.members) }

    /// Sending the same explicit date twice has the effect of sending it once;
    /// a duration counts from the moment the server receives it.
    public var isIdempotent: Bool {
        if case .date = expiry { return true }
        return false
    }
}
