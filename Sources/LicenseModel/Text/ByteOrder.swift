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
