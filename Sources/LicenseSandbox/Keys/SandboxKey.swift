import Crypto
import LicenseModel

/// A key as the sandbox stores it: the public identifier and a hash of the
/// whole key, never the key itself.
public struct SandboxKey: Sendable, Equatable {
    public var id: String
    public var secretHash: [UInt8]
    public var label: String
    public var policy: KeyPolicy
    public var createdAt: Int64

    /// `sbx-` + identifier (8 hex) + `-` + secret (40 hex).
    public static func generate() -> (key: String, id: String) {
        var generator = SystemRandomNumberGenerator()
        func hex(_ count: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String((0..<count).map { _ in digits[Int(generator.next() % 16)] })
        }
        let id = hex(8)
        return ("sbx-\(id)-\(hex(40))", id)
    }

    /// The identifier part of a presented key, nil when it is not shaped like one.
    public static func identifier(of presented: String) -> String? {
        let parts = presented.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "sbx", parts[1].count == 8, parts[2].count == 40 else { return nil }
        return String(parts[1])
    }

    public static func hash(_ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(key.utf8)))
    }

    /// Compares in time independent of where the bytes differ.
    public func matches(_ presented: String) -> Bool {
        let candidate = SandboxKey.hash(presented)
        guard candidate.count == secretHash.count else { return false }
        var difference: UInt8 = 0
        for index in candidate.indices { difference |= candidate[index] ^ secretHash[index] }
        return difference == 0
    }

    /// What `keys list` shows.
    public var masked: String { "sbx-\(id)-…" }
}
