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
        let count = left.count
        guard count == right.count else { return false }
        guard count > 0, let leftStart = left.baseAddress, let rightStart = right.baseAddress else { return true }
        // Most texts compared are short (member names, keywords, shared values):
        // two overlapping word loads answer without a call to memcmp.
        if count >= 8, count <= 16 {
            return leftStart.loadUnaligned(as: UInt64.self) == rightStart.loadUnaligned(as: UInt64.self)
                && leftStart.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == rightStart.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4, count < 8 {
            return leftStart.loadUnaligned(as: UInt32.self) == rightStart.loadUnaligned(as: UInt32.self)
                && leftStart.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == rightStart.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        if count < 4 {
            for offset in 0..<count where leftStart.load(fromByteOffset: offset, as: UInt8.self) != rightStart.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            return true
        }
        return memcmp(leftStart, rightStart, count) == 0
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
