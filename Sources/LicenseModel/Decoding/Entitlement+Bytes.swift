extension Entitlement {
    private static let knownUTF8: [[UInt8]] = known.map { Array($0.rawValue.utf8) }

    /// The documented keyword spelled by `bytes`, if it is one: it shares its
    /// text with `known` instead of holding one copy per license.
    public static func known(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Entitlement? {
        for (index, candidate) in knownUTF8.enumerated() where candidate.withUnsafeBufferPointer({ ByteOrder.equal($0, bytes) }) {
            return known[index]
        }
        return nil
    }
}
