extension Entitlement {
    private static let knownUTF8: [[UInt8]] = known.map { Array($0.rawValue.utf8) }
    /// Each keyword's length and last eight bytes, told apart with one load before a whole comparison.
    private static let knownEnds: [(count: Int, last: UInt64)] = knownUTF8.map { bytes in
        var last: UInt64 = 0
        bytes.withUnsafeBytes { last = $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) }
        return (bytes.count, last)
    }

    /// The documented keyword spelled by `bytes`, if it is one: it shares its
    /// text with `known` instead of holding one copy per license.
    public static func known(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Entitlement? {
        knownIndex(utf8: bytes).map { known[$0] }
    }

    /// The position in `known` of the keyword spelled by `bytes`.
    static func knownIndex(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Every documented keyword is longer than eight bytes.
        guard bytes.count >= 8, let start = bytes.baseAddress else { return nil }
        let last = UnsafeRawPointer(start).loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        for (index, end) in knownEnds.enumerated() where end.count == bytes.count && end.last == last {
            if knownUTF8[index].withUnsafeBufferPointer({ ByteOrder.equal($0, bytes) }) { return index }
        }
        return nil
    }
}
