/// Values that many licenses of one fleet have in common (the customer, the
/// description, the set of entitlements), kept once rather than once per
/// license: 100,000 licenses hold a few thousand distinct ones.
struct SharedValues {
    /// The values kept, found by the FNV-1a hash of their UTF-8 in an open-addressed
    /// table of their numbers + 1 (`slots`, with each value's hash beside it): a value
    /// seen before is found without building a String, and without hashing the
    /// hash again as a Dictionary would (that was a third of reading a license).
    private var strings: [String] = []
    private var stringHashes: [UInt64] = []
    private var slots: [Int32] = []
    /// By the documented keywords' positions in `Entitlement.known`, four bits each.
    private var entitlementSets: [UInt64: [Entitlement]] = [:]
    /// Unique values (a fleet of distinct customers) stop being collected here.
    static let limit = 16_384
    /// The server's member order as last seen: four bits per field (the
    /// last slot: before the first field) holding the raw value + 1 of the
    /// field that followed it, 0 when unknown. Bits, not an array: it is read
    /// and written for every member of every license.
    private var nextField: UInt64 = 0

    func predictedField(after previous: LicenseField?) -> LicenseField? {
        let slot = UInt64(previous?.rawValue ?? 15) & 15
        let next = Int((nextField >> (slot * 4)) & 15)
        return next == 0 ? nil : LicenseField(rawValue: next - 1)
    }

    mutating func learn(_ field: LicenseField, after previous: LicenseField?) {
        let slot = UInt64(previous?.rawValue ?? 15) & 15
        nextField = nextField & ~(15 << (slot * 4)) | (UInt64(field.rawValue + 1) << (slot * 4))
    }

    /// The text of `raw`, shared when seen before; nil when it is not valid UTF-8.
    mutating func string(utf8 raw: UnsafeBufferPointer<UInt8>) -> String? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in raw { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        // Twice the most values kept, so a probe ends at an empty slot soon.
        if slots.isEmpty { slots = [Int32](repeating: 0, count: SharedValues.limit * 2) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            if stringHashes[number] == hash,
               strings[number].utf8.withContiguousStorageIfAvailable({ ByteOrder.equal($0, raw) }) == true {
                return strings[number]
            }
            slot = (slot + 1) & mask
        }
        guard let text = String(validUTF8: raw) else { return nil }
        if strings.count < SharedValues.limit {
            strings.append(text)
            stringHashes.append(hash)
            slots[slot] = Int32(strings.count)
        }
        return text
    }

    mutating func entitlements(_ list: [Entitlement]) -> [Entitlement] {
        guard list.count <= 15 else { return list }
        var key: UInt64 = 0
        for entitlement in list {
            guard let index = Entitlement.known.firstIndex(of: entitlement) else { return list }
            key = key << 4 | UInt64(index + 1)
        }
        if let existing = entitlementSets[key] { return existing }
        entitlementSets[key] = list
        return list
    }
}
