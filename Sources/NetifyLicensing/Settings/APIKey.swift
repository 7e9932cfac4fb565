import LicenseModel
/// An API key. Its `description` is masked, so interpolating a key into a
/// message, a log line or the screen can never show it whole.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key itself; read only where it is sent.
    public let secret: String

    /// Refuses empty keys and keys with whitespace or control characters,
    /// which are always a copy-and-paste accident.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 512,
              !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        self.secret = trimmed
    }

    /// The first four and last four characters, or only dots for a short key.
    public var masked: String {
        let characters = Array(secret)
        guard characters.count >= 16 else { return String(repeating: "•", count: 8) }
        return String(characters.prefix(4)) + "…" + String(characters.suffix(4))
    }

    public var description: String { masked }
    public var debugDescription: String { "APIKey(\(masked))" }
}
