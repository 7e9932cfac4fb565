/// The two representations the Licensing API serves.
public enum LicenseFormat: String, CaseIterable, Sendable {
    /// The document the Netify agent loads from `/etc/netifyd/license.json`.
    case netifyd
    /// Structured metadata for lifecycle tooling.
    case object

    public static let `default`: LicenseFormat = .netifyd
}
