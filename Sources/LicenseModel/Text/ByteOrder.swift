#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-wise order and equality of raw UTF-8, as memcmp gives them: the one
/// comparison that the list decoder and the catalog's sort keys share.
enum ByteOrder {
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        let result = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
        if result != 0 { return result < 0 ? -1 : 1 }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        left.count == right.count && compare(left, right) == 0
    }

    static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        equal(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
    }
}

extension String {
    /// The text of `utf8` when it is valid UTF-8, else nil. `String(validating:as:)`
    /// is generic and runs unspecialized here (a metadata lookup per call: a
    /// tenth of reading a cached fleet). Decoding repairs invalid bytes, so a
    /// decoded text whose bytes differ from `utf8` means they were not valid.
    public init?(validUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        var text = String(decoding: utf8, as: UTF8.self)
        guard text.withUTF8({ ByteOrder.equal($0, utf8) }) else { return nil }
        self = text
    }

    public init?(validUTF8 bytes: [UInt8]) {
        guard let text = bytes.withUnsafeBufferPointer({ String(validUTF8: $0) }) else { return nil }
        self = text
    }
}
