/// What each field means to change detection, to a create that restores a
/// license, and to a program reading a CSV cell. Each is one exhaustive switch:
/// a new field does not compile until it says what it is in each.
extension LicenseField {
    /// How a field takes part in `ListChanges`.
    public enum ChangeRole: Sendable, Equatable {
        /// Names the license: a different serial is a different license.
        case identity
        /// Its own kind of change (renewed elsewhere, or shortened).
        case expiry
        /// A change is "changed".
        case content
        /// Kept by the server about the document, not the license's terms.
        case bookkeeping
    }

    public var changeRole: ChangeRole {
        switch self {
        case .serial: return .identity
        case .expireAt: return .expiry
        case .issuedTo, .renewable, .text, .targetUID, .entitlements: return .content
        case .version, .createdAt: return .bookkeeping
        }
    }

    /// The fields whose change marks a license "changed".
    public static let contentFields: [LicenseField] = allCases.filter { $0.changeRole == .content }

    /// Whether `a` and `b` hold the same value of this field. Entitlements
    /// compare as a set: a server that lists them in another order changed nothing.
    public func sameValue(_ a: License, _ b: License) -> Bool {
        switch self {
        case .version: return a.version == b.version
        case .serial: return a.serial == b.serial
        case .issuedTo: return a.issuedTo == b.issuedTo
        case .renewable: return a.renewable == b.renewable
        case .text(let text): return a.texts[text] == b.texts[text]
        case .targetUID: return a.targetUID == b.targetUID
        case .entitlements: return a.entitlements == b.entitlements || Set(a.entitlements) == Set(b.entitlements)
        case .createdAt: return a.createdAt == b.createdAt
        case .expireAt: return a.expireAt == b.expireAt
        }
    }

    /// Copies this field of `license` into a create request that makes the
    /// license again; fields the server assigns are left to it.
    public func carry(_ license: License, into request: inout CreateLicenseRequest) {
        switch self {
        case .issuedTo: request.issuedTo = license.issuedTo
        case .entitlements: request.entitlements = license.entitlements
        case .expireAt: request.expiry = .date(license.expireAt.date)
        case .targetUID: request.targetUID = license.targetUID
        case .text(let text): request.texts[text] = license.texts[text]
        case .serial, .version, .createdAt, .renewable: return
        }
    }

    /// The value as a program reads it in a CSV cell: empty when the server
    /// sent none, entitlements separated by spaces, dates `YYYY-MM-DD`.
    public func plainText(of license: License) -> String {
        switch self {
        case .version: return license.version ?? ""
        case .serial: return license.serial
        case .issuedTo: return license.issuedTo
        case .renewable: return license.renewable.map { $0 ? "true" : "false" } ?? ""
        case .text(let text): return license.texts[text] ?? ""
        case .targetUID: return license.targetUID ?? ""
        case .entitlements: return license.entitlements.map(\.rawValue).joined(separator: " ")
        case .createdAt: return license.createdAt.map { $0.date.description } ?? ""
        case .expireAt: return license.expireAt.date.description
        }
    }
}

extension CreateLicenseRequest {
    /// A request that makes `license` again: its own fields and its expiry date.
    public init(restoring license: License) {
        self.init(issuedTo: "", entitlements: [])
        for field in LicenseField.allCases { field.carry(license, into: &self) }
    }
}
