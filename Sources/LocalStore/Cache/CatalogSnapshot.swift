#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LicenseModel

/// Licenses and their catalog index as compact bytes: what the list cache
/// keeps, so that a launch shows 100,000 cached licenses without parsing JSON
/// or folding text again (a JSON decode plus an index is ~0.3 s at 100k; this
/// is a fraction of it).
///
/// Licenses are written as a stream of records, cut into pieces at license
/// boundaries so each piece is read on its own. Text that repeats across a
/// fleet (a customer, a version, a set of entitlements) is written once and
/// referred to by number afterwards, so reading it back shares one String as
/// the JSON decoder's fast path does. Every length and reference is checked
/// on reading: a damaged snapshot throws, it never reads out of bounds.
public enum CatalogSnapshot {
    /// Raised for bytes that are not a snapshot this code wrote.
    public struct DamagedError: Error, Sendable, CustomStringConvertible {
        public let description: String
        package init(_ what: String) { description = "the cached catalog is damaged (\(what))" }
    }

    /// Text and entitlement sets are shared up to this many distinct values;
    /// beyond it (a fleet of unique notes) they are written in full each time.
    static let sharedLimit = 16_384

    private enum Tag: UInt8 {
        case absent = 0
        case reference = 1
        case shared = 2
        case literal = 3
    }

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let version = Flags(rawValue: 1 << 0)
        /// Bits 1 and 2: the first two free texts (description, notes) have a
        /// value, as they were written before there was a table of them.
        static let firstTextsShift: UInt8 = 1
        static let target = Flags(rawValue: 1 << 3)
        static let created = Flags(rawValue: 1 << 4)
        static let compactDocument = Flags(rawValue: 1 << 5)
        static let netifydFormat = Flags(rawValue: 1 << 6)
        /// A byte of further free texts' bits follows (texts 3 to 10).
        static let moreTexts = Flags(rawValue: 1 << 7)
    }

    // MARK: Writing

    /// Writes licenses one after another; `takePiece` hands over what is
    /// written so far, always ending at a license boundary.
    public struct Writer {
        public private(set) var bytes: [UInt8] = []
        private var strings: [String: UInt32] = [:]
        private var entitlementSets: [[Entitlement]: UInt32] = [:]

        public init(reservingCapacity capacity: Int = 1 << 20) {
            bytes.reserveCapacity(capacity)
        }

        public mutating func takePiece() -> [UInt8] {
            let piece = bytes
            bytes = []
            bytes.reserveCapacity(piece.capacity)
            return piece
        }

        public mutating func append(_ license: License) {
            // One bit per free text that has a value, by its place in the table.
            var textsGiven = 0
            for text in FreeText.allCases where license.texts[text] != nil { textsGiven |= 1 << text.rawValue }
            var flags = Flags(rawValue: UInt8(textsGiven & 0b11) << Flags.firstTextsShift)
            if textsGiven >> 2 != 0 { flags.insert(.moreTexts) }
            if license.version != nil { flags.insert(.version) }
            if license.targetUID != nil { flags.insert(.target) }
            if license.createdAt != nil { flags.insert(.created) }
            if license.format == .netifyd { flags.insert(.netifydFormat) }
            if case .compact = license.storage { flags.insert(.compactDocument) }
            bytes.append(flags.rawValue)
            bytes.append(license.renewable.map { $0 ? 2 : 1 } ?? 0)
            if flags.contains(.moreTexts) { bytes.append(UInt8(truncatingIfNeeded: textsGiven >> 2)) }
            appendText(license.serial)
            appendShared(license.issuedTo)
            if let version = license.version { appendShared(version) }
            for text in FreeText.allCases {
                if let value = license.texts[text] { appendShared(value) }
            }
            if let target = license.targetUID { appendText(target) }
            appendEntitlements(license.entitlements)
            if let created = license.createdAt { appendInteger(created.unixSeconds) }
            appendInteger(license.expireAt.unixSeconds)
            if case .compact(let document) = license.storage {
                appendLength(document.count)
                document.withUnsafeBytes { bytes.append(contentsOf: $0) }
            }
        }

        private mutating func appendInteger(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }

        private mutating func appendLength(_ length: Int) {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { bytes += $0 }
        }

        private mutating func appendText(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                appendLength(utf8.count)
                bytes += utf8
            }
        }

        private mutating func appendShared(_ text: String) {
            if let number = strings[text] {
                bytes.append(Tag.reference.rawValue)
                withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
            } else if strings.count < CatalogSnapshot.sharedLimit {
                strings[text] = UInt32(strings.count)
                bytes.append(Tag.shared.rawValue)
                appendText(text)
            } else {
                bytes.append(Tag.literal.rawValue)
                appendText(text)
            }
        }

        private mutating func appendEntitlements(_ list: [Entitlement]) {
            if let number = entitlementSets[list] {
                bytes.append(Tag.reference.rawValue)
                withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
                return
            }
            if entitlementSets.count < CatalogSnapshot.sharedLimit {
                entitlementSets[list] = UInt32(entitlementSets.count)
                bytes.append(Tag.shared.rawValue)
            } else {
                bytes.append(Tag.literal.rawValue)
            }
            appendLength(list.count)
            for entitlement in list { appendShared(entitlement.rawValue) }
        }
    }

    // MARK: Reading

    /// Reads the pieces a `Writer` handed over, in the same order.
    public struct Reader {
        public private(set) var licenses: [License] = []
        private var strings: [String] = []
        private var entitlementSets: [[Entitlement]] = []
        /// The documents kept as sent, laid in shared blocks rather than an allocation each.
        private var documents = DocumentBytes.Writer()

        public init(expectedCount: Int) {
            licenses.reserveCapacity(max(0, min(expectedCount, 10_000_000)))
        }

        public mutating func read(_ piece: UnsafeRawBufferPointer) throws(DamagedError) {
            var cursor = Cursor(piece)
            while !cursor.isAtEnd { licenses.append(try readLicense(&cursor)) }
        }

        public mutating func finish() -> [License] {
            let all = licenses
            licenses = []
            return all
        }

        private mutating func readLicense(_ cursor: inout Cursor) throws(DamagedError) -> License {
            let flags = Flags(rawValue: try cursor.byte())
            let renewableCode = try cursor.byte()
            guard renewableCode <= 2 else { throw DamagedError("renewable \(renewableCode)") }
            var textsGiven = Int(flags.rawValue >> Flags.firstTextsShift) & 0b11
            if flags.contains(.moreTexts) {
                let more = try cursor.byte()
                // The writer flags the byte only when a further text has a value.
                guard more != 0 else { throw DamagedError("an empty byte of further free texts") }
                textsGiven |= Int(more) << 2
            }
            guard textsGiven >> FreeText.allCases.count == 0 else { throw DamagedError("free texts \(textsGiven)") }
            let serial = try cursor.text()
            guard !serial.isEmpty else { throw DamagedError("an empty serial") }
            let issuedTo = try readShared(&cursor)
            let version = flags.contains(.version) ? try readShared(&cursor) : nil
            var texts = FreeTexts()
            for text in FreeText.allCases where textsGiven & (1 << text.rawValue) != 0 { texts[text] = try readShared(&cursor) }
            let target = flags.contains(.target) ? try cursor.text() : nil
            let entitlements = try readEntitlements(&cursor)
            let created = flags.contains(.created) ? LicenseInstant(unixSeconds: try cursor.integer()) : nil
            let expiry = LicenseInstant(unixSeconds: try cursor.integer())
            let storage: License.DocumentStorage = flags.contains(.compactDocument) ? .compact(documents.append(try cursor.raw(count: try cursor.length()))) : .canonical
            return License(
                serial: serial, issuedTo: issuedTo, version: version, renewable: renewableCode == 0 ? nil : renewableCode == 2,
                texts: texts, targetUID: target, entitlements: entitlements, createdAt: created,
                expireAt: expiry, format: flags.contains(.netifydFormat) ? .netifyd : .object, storage: storage)
        }

        private mutating func readShared(_ cursor: inout Cursor) throws(DamagedError) -> String {
            switch Tag(rawValue: try cursor.byte()) {
            case .reference?:
                let number = Int(try cursor.length())
                guard number < strings.count else { throw DamagedError("text #\(number) of \(strings.count)") }
                return strings[number]
            case .shared?:
                let text = try cursor.text()
                strings.append(text)
                return text
            case .literal?:
                return try cursor.text()
            default:
                throw DamagedError("a text tag")
            }
        }

        private mutating func readEntitlements(_ cursor: inout Cursor) throws(DamagedError) -> [Entitlement] {
            let tag = Tag(rawValue: try cursor.byte())
            if tag == .reference {
                let number = Int(try cursor.length())
                guard number < entitlementSets.count else { throw DamagedError("entitlement set #\(number) of \(entitlementSets.count)") }
                return entitlementSets[number]
            }
            guard tag == .shared || tag == .literal else { throw DamagedError("an entitlement tag") }
            let count = Int(try cursor.length())
            // Each entitlement takes at least five bytes: a count beyond that is damage, not a reason to reserve memory.
            guard count <= cursor.remaining / 5 else { throw DamagedError("\(count) entitlements") }
            var list: [Entitlement] = []
            list.reserveCapacity(count)
            for _ in 0..<count { list.append(Entitlement(try readShared(&cursor))) }
            if tag == .shared { entitlementSets.append(list) }
            return list
        }
    }

    /// Positions (a sort order, serial ranks) as little-endian 32-bit numbers.
    public static func positionBytes<Positions: Collection>(_ positions: Positions) -> [UInt8] where Positions.Element: BinaryInteger {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(positions.count * 4)
        for position in positions { withUnsafeBytes(of: Int32(truncatingIfNeeded: position).littleEndian) { bytes += $0 } }
        return bytes
    }

    /// The positions `positionBytes` wrote, if they are each of `0..<count` exactly once.
    public static func permutation(_ bytes: [UInt8], count: Int) -> [Int]? {
        guard bytes.count == count * 4 else { return nil }
        var positions = [Int](repeating: 0, count: count)
        var seen = [Bool](repeating: false, count: count)
        let sound = bytes.withUnsafeBytes { buffer in
            for index in 0..<count {
                let position = Int(Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
                guard position >= 0, position < count, !seen[position] else { return false }
                seen[position] = true
                positions[index] = position
            }
            return true
        }
        return sound ? positions : nil
    }

    /// Reads little-endian values from one piece, every read bounds-checked.
    struct Cursor {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

        var isAtEnd: Bool { offset >= buffer.count }
        var remaining: Int { buffer.count - offset }

        mutating func byte() throws(DamagedError) -> UInt8 {
            guard offset < buffer.count else { throw DamagedError("a record cut short") }
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func length() throws(DamagedError) -> UInt32 {
            guard remaining >= 4 else { throw DamagedError("a record cut short") }
            defer { offset += 4 }
            return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        mutating func integer() throws(DamagedError) -> Int64 {
            guard remaining >= 8 else { throw DamagedError("a record cut short") }
            defer { offset += 8 }
            return Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        }

        mutating func raw(count: UInt32) throws(DamagedError) -> UnsafeRawBufferPointer {
            guard Int(count) <= remaining else { throw DamagedError("a length beyond its piece") }
            defer { offset += Int(count) }
            return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + Int(count))])
        }

        mutating func text() throws(DamagedError) -> String {
            let utf8 = try raw(count: try length()).bindMemory(to: UInt8.self)
            guard let text = String(validUTF8: utf8) else { throw DamagedError("text that is not UTF-8") }
            return text
        }

        mutating func bytes(count: UInt32) throws(DamagedError) -> [UInt8] {
            Array(try raw(count: count))
        }
    }
}

// MARK: The catalog's index

extension LicenseCatalog {
    /// Changes whenever the search text or sort keys are built differently: a
    /// cached index of another version is rebuilt from the licenses instead.
    public static let indexVersion = 1

    /// The index's four arrays as little-endian bytes, by name, for the cache.
    public func indexSections() -> [(name: String, bytes: [UInt8])] {
        var starts: [UInt8] = []
        starts.reserveCapacity(searchStarts.count * 8)
        for start in searchStarts { withUnsafeBytes(of: Int64(start).littleEndian) { starts += $0 } }
        var offsets: [UInt8] = []
        offsets.reserveCapacity(keyOffsets.count * 16)
        for key in keyOffsets {
            for value in [key.issuedTo, key.target, key.entitlements, key.entitlementsEnd] {
                withUnsafeBytes(of: value.littleEndian) { offsets += $0 }
            }
        }
        return [("search_text", searchBuffer), ("search_starts", starts), ("key_offsets", offsets),
                ("serial_rank", CatalogSnapshot.positionBytes(serialRank))]
    }

    /// Whether `text` holds `serial` folded at `start`, `length` bytes and a 0
    /// after them. An ASCII serial (all real ones) is folded as it is compared.
    static func text(_ text: [UInt8], at start: Int, beginsWithFolded serial: String, length: Int, scratch: inout [UInt8]) -> Bool {
        guard length >= 0, start + length < text.count, text[start + length] == 0 else { return false }
        var serial = serial
        let ascii = serial.withUTF8 { utf8 -> Bool? in
            guard utf8.count == length else { return utf8.contains { $0 >= 0x80 } ? nil : false }
            for offset in 0..<length {
                let byte = utf8[offset]
                guard byte < 0x80 else { return nil }
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != text[start + offset] { return false }
            }
            return true
        }
        if let ascii { return ascii }
        scratch.removeAll(keepingCapacity: true)
        appendFolded(serial, to: &scratch)
        return scratch.count == length && text[start..<(start + length)].elementsEqual(scratch)
    }

    /// The catalog of `licenses` with an index read back from `indexSections`,
    /// checked to fit them; throws for one that does not (rebuild instead).
    public init(licenses: [License], indexSections sections: [String: [UInt8]]) throws(CatalogSnapshot.DamagedError) {
        let count = licenses.count
        guard let text = sections["search_text"], let startBytes = sections["search_starts"],
              let offsetBytes = sections["key_offsets"], let rankBytes = sections["serial_rank"] else {
            throw CatalogSnapshot.DamagedError("an index section is missing")
        }
        guard startBytes.count == count * 8, offsetBytes.count == count * 16, rankBytes.count == count * 4 else {
            throw CatalogSnapshot.DamagedError("index sections of the wrong size for \(count) licenses")
        }
        guard let ranks = CatalogSnapshot.permutation(rankBytes, count: count) else { throw CatalogSnapshot.DamagedError("serial ranks") }
        var starts = [Int](repeating: 0, count: count)
        var offsets = [KeyOffsets](repeating: KeyOffsets(issuedTo: 0, target: 0, entitlements: 0, entitlementsEnd: 0), count: count)
        var damage: String?
        // Each license's text begins with its folded serial: an index of other licenses is caught here.
        var folded: [UInt8] = []
        folded.reserveCapacity(256)
        startBytes.withUnsafeBytes { startBuffer in
            offsetBytes.withUnsafeBytes { offsetBuffer in
                var previousStart = 0
                for index in 0..<count {
                    let start = Int(Int64(littleEndian: startBuffer.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
                    let end = index + 1 < count
                        ? Int(Int64(littleEndian: startBuffer.loadUnaligned(fromByteOffset: (index + 1) * 8, as: Int64.self)))
                        : text.count
                    // Every license's text ends with a 0 byte.
                    guard start >= previousStart, start < end, end <= text.count, index > 0 || start == 0, text[end - 1] == 0 else {
                        damage = "search text bounds"
                        return
                    }
                    previousStart = start
                    func value(_ field: Int) -> Int32 {
                        Int32(littleEndian: offsetBuffer.loadUnaligned(fromByteOffset: index * 16 + field * 4, as: Int32.self))
                    }
                    let key = KeyOffsets(issuedTo: value(0), target: value(1), entitlements: value(2), entitlementsEnd: value(3))
                    // Each sort key must lie inside its license's own text, in order.
                    guard key.issuedTo >= 1, key.target > key.issuedTo, key.entitlements > key.target,
                          key.entitlementsEnd >= key.entitlements, Int(key.entitlementsEnd) <= end - start else {
                        damage = "sort key bounds"
                        return
                    }
                    guard LicenseCatalog.text(text, at: start, beginsWithFolded: licenses[index].serial, length: Int(key.issuedTo) - 1, scratch: &folded) else {
                        damage = "the index of other licenses"
                        return
                    }
                    starts[index] = start
                    offsets[index] = key
                }
            }
        }
        if let damage { throw CatalogSnapshot.DamagedError(damage) }
        self.init(licenses: licenses, searchBuffer: text, searchStarts: starts, keyOffsets: offsets, serialRank: ranks.map { Int32($0) })
    }
}
