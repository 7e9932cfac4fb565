/// A column licenses can be ordered by.
public enum LicenseSortField: String, CaseIterable, Sendable {
    case serial
    case issuedTo = "issued-to"
    case entitlements
    case target
    case expires
    case daysLeft = "days-left"
    case renewable
    case created
    case status

    /// Ordered by the bytes of the license's text (its folded search text),
    /// not by a number or the serial's rank.
    public var ordersByText: Bool {
        switch self {
        case .issuedTo, .entitlements, .target: return true
        case .serial, .expires, .daysLeft, .renewable, .created, .status: return false
        }
    }
}

public struct LicenseSort: Sendable, Equatable {
    public var field: LicenseSortField
    public var ascending: Bool

    public init(_ field: LicenseSortField = .expires, ascending: Bool = true) {
        self.field = field
        self.ascending = ascending
    }

    /// Names the order this sort gives, for keeping it beside the licenses it
    /// ordered; nil when the order also moves with the clock (status).
    public var timelessOrderKey: String? {
        field == .status ? nil : "\(field.rawValue) \(ascending ? "ascending" : "descending")"
    }
}

