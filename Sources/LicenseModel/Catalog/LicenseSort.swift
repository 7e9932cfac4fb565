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

