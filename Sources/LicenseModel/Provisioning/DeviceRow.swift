/// One device as a provisioning file describes it: the license it should have.
public struct DeviceRow: Sendable, Equatable {
    /// Where the row is in its file ("line 4" of a CSV, "item 3" of a JSON array), for messages.
    public var location: String
    /// The license this row is about, when the file names it (an edited `list --output json`).
    public var serial: String?
    /// The device: what matches a row to its license from one apply to the next.
    public var targetUID: String?
    public var issuedTo: String
    public var entitlements: [Entitlement]
    /// An explicit date renews; a term in days (or none) is only a new license's term.
    public var expiry: ExpiryRequest
    /// The free texts the row gives (the file's `description`, `notes`… columns).
    public var texts: FreeTexts
    /// The context an exported row came from (`list --all-contexts`), when it says.
    public var context: String?

    public init(
        location: String, serial: String? = nil, targetUID: String?, issuedTo: String, entitlements: [Entitlement],
        expiry: ExpiryRequest = .keyMaximum, texts: FreeTexts = [:]
    ) {
        self.location = location
        self.serial = serial
        self.targetUID = targetUID
        self.issuedTo = issuedTo
        self.entitlements = entitlements
        self.expiry = expiry
        self.texts = texts
    }

    /// The create request that issues this row's license with `expiry`.
    public func createRequest(expiry: ExpiryRequest) -> CreateLicenseRequest {
        CreateLicenseRequest(
            issuedTo: issuedTo, entitlements: entitlements, expiry: expiry, targetUID: targetUID, texts: texts)
    }

    /// What names the device in plans and reports.
    public var device: String {
        targetUID ?? serial ?? "(no device, \(location))"
    }
}

/// A provisioning file that cannot be used: where, which field, and what is wrong.
public struct ProvisioningFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// "line 4", "item 3", or empty for the whole file.
    public var location: String
    public var field: String
    public var message: String
    /// The file's other bad rows, after this one (at most `reportedRows` in all);
    /// `unreported`: how many more there were.
    public var more: [ProvisioningFileError] = []
    public var unreported = 0

    /// How many bad rows one error names: enough to fix a file in one pass, bounded for a file of 100,000.
    public static let reportedRows = 20

    public init(path: String, location: String, field: String, message: String) {
        self.path = path
        self.location = location
        self.field = field
        self.message = message
    }

    /// Every bad row of a file as one error: the first, then the others.
    public init?(_ problems: [ProvisioningFileError]) {
        guard var first = problems.first else { return nil }
        first.more = Array(problems.dropFirst().prefix(ProvisioningFileError.reportedRows - 1))
        first.unreported = max(0, problems.count - ProvisioningFileError.reportedRows)
        self = first
    }

    /// One row's problem.
    public var line: String {
        let place = location.isEmpty ? path : "\(path), \(location)"
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field) \(message)"
    }

    public var description: String {
        guard !more.isEmpty || unreported > 0 else { return line }
        let rows = more.count + 1 + unreported
        return "\(rows) rows have problems:\n  " + ([line] + more.map(\.line)).joined(separator: "\n  ")
            + (unreported > 0 ? "\n  … and \(unreported) more" : "")
    }
}
