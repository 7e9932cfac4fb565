/// Values that many licenses of one fleet have in common (the customer, the
/// description, the set of entitlements), kept once rather than once per
/// license: 100,000 licenses hold a few thousand distinct ones.
struct SharedValues {
    /// The values kept, found by a hash of their UTF-8 (`hash`) in an open-addressed
    /// table of their numbers + 1 (`slots`, with each value's hash beside it): a value
    /// seen before is found without building a String, and without hashing the
    /// hash again as a Dictionary would (that was a third of reading a license).
    private var strings: [String] = []
    private var stringHashes: [UInt64] = []
    private var slots: [Int32] = []
    /// Each value's UTF-8, one after another (at most `limit` values of a reply's strings).
    private var textBytes: [UInt8] = []
    private var textStarts: [Int32] = []
    private var textEnds: [Int32] = []
    /// By the documented keywords' positions in `Entitlement.known`, four bits each.
    private var entitlementSets: [UInt64: [Entitlement]] = [:]
    /// The list found last: a fleet's licenses mostly repeat the one before's.
    private var lastEntitlementKey: UInt64 = .max
    private var lastEntitlements: [Entitlement]?
    /// Unique values (a fleet of distinct customers) stop being collected here.
    static let limit = 16_384
    /// Nor past this many bytes of them (kept twice: in the Strings and beside them).
    static let byteLimit = 8 << 20
    /// The server's member order as last seen: four bits per field (the
    /// last slot: before the first field) holding the raw value + 1 of the
    /// field that followed it, 0 when unknown. Bits, not an array: it is read
    /// and written for every member of every license.
    private var nextField: UInt64 = 0
    /// Where the documents kept as sent are laid (blocks shared by the licenses read together).
    var documents = DocumentBytes.Writer()

    /// The raw value of the field expected after the one of raw value `previous`
    /// (raw values, not fields: this runs for every member of every license).
    func predictedField(after previous: Int?) -> Int? {
        let slot = UInt64(previous ?? 15) & 15
        let next = Int((nextField >> (slot * 4)) & 15)
        return next == 0 ? nil : next - 1
    }

    mutating func learn(_ field: Int, after previous: Int?) {
        let slot = UInt64(previous ?? 15) & 15
        nextField = nextField & ~(15 << (slot * 4)) | (UInt64(field + 1) << (slot * 4))
    }

    /// The text of `raw`, shared when seen before; nil when it is not valid UTF-8.
    mutating func string(utf8 raw: UnsafeBufferPointer<UInt8>) -> String? {
        let hash = SharedValues.hash(raw)
        // Twice the most values kept, so a probe ends at an empty slot soon.
        if slots.isEmpty { slots = [Int32](repeating: 0, count: SharedValues.limit * 2) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            // Compared with the value's bytes kept beside it, not through the String (a retain and a call each).
            if stringHashes[number] == hash, textEnds[number] - textStarts[number] == raw.count,
               textBytes.withUnsafeBufferPointer({ ByteOrder.equal(UnsafeBufferPointer(rebasing: $0[Int(textStarts[number])..<Int(textEnds[number])]), raw) }) {
                return strings[number]
            }
            slot = (slot + 1) & mask
        }
        guard let text = String(validUTF8: raw) else { return nil }
        if strings.count < SharedValues.limit, textBytes.count + raw.count <= SharedValues.byteLimit {
            strings.append(text)
            stringHashes.append(hash)
            textStarts.append(Int32(textBytes.count))
            textBytes.append(contentsOf: raw)
            textEnds.append(Int32(textBytes.count))
            slots[slot] = Int32(strings.count)
        }
        return text
    }

    /// A hash of the bytes a word at a time (a byte at a time was a tenth of reading a license).
    @inline(__always)
    static func hash(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = raw.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        guard count > 0, let start = raw.baseAddress else { return hash }
        let base = UnsafeRawPointer(start)
        var offset = 0
        while offset + 8 <= count {
            hash = (hash ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            for index in offset..<count { tail = tail << 8 | UInt64(raw[index]) }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
        }
        return hash
    }

    /// The list of documented keywords `key` spells (`EntitlementKey`), one array per distinct list.
    mutating func entitlements(_ key: EntitlementKey) -> [Entitlement] {
        if key.packed == lastEntitlementKey, let last = lastEntitlements { return last }
        let list: [Entitlement]
        if let known = entitlementSets[key.packed] {
            list = known
        } else {
            list = key.entitlements
            // As many lists as values at most: a reply of ever new lists is not collected whole.
            if entitlementSets.count < SharedValues.limit { entitlementSets[key.packed] = list }
        }
        lastEntitlementKey = key.packed
        lastEntitlements = list
        return list
    }

    mutating func entitlements(_ list: [Entitlement]) -> [Entitlement] {
        var key = EntitlementKey()
        for entitlement in list {
            guard let index = Entitlement.known.firstIndex(of: entitlement), key.append(index) else { return list }
        }
        return entitlements(key)
    }
}

/// A list of documented keywords as their positions in `Entitlement.known`,
/// four bits each (position + 1), in order: up to fifteen, read without an array.
struct EntitlementKey {
    var packed: UInt64 = 0
    var count = 0

    /// False when the list is too long to be packed.
    mutating func append(_ knownIndex: Int) -> Bool {
        guard count < 15, knownIndex < 15 else { return false }
        packed = packed << 4 | UInt64(knownIndex + 1)
        count += 1
        return true
    }

    var entitlements: [Entitlement] {
        (0..<count).reversed().map { Entitlement.known[Int((packed >> (4 * UInt64($0))) & 15) - 1] }
    }
}
