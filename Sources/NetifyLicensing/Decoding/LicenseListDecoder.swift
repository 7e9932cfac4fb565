import Logging

/// Reads a list reply (`{"status_code": …, "data": [license, …]}`) into licenses.
///
/// Two paths give the same result for every input. The general path parses
/// the whole reply into `JSONValue`s and reads each license from its tree: it
/// accepts every shape api-notes.md allows. The fast path (`LicenseListStream`)
/// reads the reply in one pass, as it arrives, and a license straight into its
/// fields when it is written exactly as `License.writeObjectDocument` or
/// `writeNetifydDocument` would write it (what the sandbox serves, whitespace
/// and escapes aside); any other license, and any reply it does not
/// recognise, goes the general way.
public enum LicenseListDecoder {
    public enum Path: String, CaseIterable, Sendable {
        case fast
        case general
    }

    public static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, status: Int = 200, path: Path = .fast, logger: Logger? = nil
    ) throws(LicensingError) -> [License] {
        guard path == .fast else { return try decodeGenerally(bytes, status: status, logger: logger) }
        var stream = LicenseListStream(status: status, expectedBytes: bytes.count, logger: logger)
        // In pieces, as from the network: the stream then never copies the whole reply.
        let raw = UnsafeRawBufferPointer(bytes)
        for start in stride(from: 0, to: raw.count, by: 65_536) {
            try stream.feed(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + 65_536)]))
        }
        return try stream.finish()
    }

    public static func decode(_ bytes: [UInt8], status: Int = 200, path: Path = .fast, logger: Logger? = nil) throws(LicensingError) -> [License] {
        try bytes.withUnsafeBufferPointer { buffer throws(LicensingError) -> [License] in
            try decode(buffer, status: status, path: path, logger: logger)
        }
    }

    static func decodeGenerally(_ bytes: UnsafeBufferPointer<UInt8>, status: Int, logger: Logger?) throws(LicensingError) -> [License] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(buffer: bytes)
        } catch {
            throw .notJSON(status: status, error, bodyExcerpt: excerpt(of: bytes))
        }
        guard let items = Envelope(json: json).data?.arrayValue else {
            throw .undecodableResponse(status: status, reason: "expected a list of licenses in \"data\"", bodyExcerpt: excerpt(of: bytes))
        }
        var licenses: [License] = []
        licenses.reserveCapacity(items.count)
        for item in items {
            if let license = readGenerally(item, logger: logger) { licenses.append(license) }
        }
        return licenses
    }

    /// One unreadable entry must not hide the whole fleet: it is logged and skipped.
    static func readGenerally(_ item: JSONValue, logger: Logger?) -> License? {
        do {
            return try License(json: item)
        } catch {
            logger?.warning("skipped an unreadable license in the list", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// The first 120 bytes of a reply, safe to print.
    static func excerpt(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes.prefix(120), as: UTF8.self).replacingControlCharacters()
    }
}

extension LicenseListDecoder {
    /// Reads one license in the canonical shape. Every method returns nil (or
    /// false) as soon as the input is not that shape, or runs out.
    struct FastReader {
        var reader: JSONParser.Reader
        var shared = SharedValues()

        init(bytes: UnsafeBufferPointer<UInt8>) {
            reader = JSONParser.Reader(bytes: bytes)
        }

        var bytes: UnsafeBufferPointer<UInt8> { reader.bytes }

        /// A license whose document is exactly what its fields write, in either format.
        mutating func readCanonicalLicense() -> License? {
            guard consume(UInt8(ascii: "{")), member(LicenseListDecoder.version), let version = string(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.serial), let serial = string(), !serial.isEmpty,
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.issuedTo), let issuedTo = sharedString(),
                  consume(UInt8(ascii: ","))
            else { return nil }
            reader.skipWhitespace()
            if member(LicenseListDecoder.renewable) {
                return readObjectFormatRest(version: version, serial: serial, issuedTo: issuedTo)
            }
            return readNetifydFormatRest(version: version, serial: serial, issuedTo: issuedTo)
        }

        mutating func readObjectFormatRest(version: String, serial: String, issuedTo: String) -> License? {
            guard let renewable = bool(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.description), let description = sharedString(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.notes), let notes = sharedString(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.targetUID)
            else { return nil }
            let targetUID: String?
            if literal(JSONOutput.nullBytes) {
                targetUID = nil
            } else {
                guard let text = string() else { return nil }
                targetUID = text
            }
            guard consume(UInt8(ascii: ",")), member(LicenseListDecoder.entitlements), consume(UInt8(ascii: "[")) else { return nil }
            var entitlements: [Entitlement] = []
            if !consume(UInt8(ascii: "]")) {
                repeat {
                    guard let entitlement = entitlement() else { return nil }
                    entitlements.append(entitlement)
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "]")) else { return nil }
            }
            guard consume(UInt8(ascii: ",")), member(LicenseListDecoder.createdAt), let createdAt = instant(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.expireAt), let expireAt = instant(),
                  consume(UInt8(ascii: "}"))
            else { return nil }
            return License(
                serial: serial, issuedTo: issuedTo, version: version, renewable: renewable,
                description: description, notes: notes, targetUID: targetUID,
                entitlements: shared.entitlements(entitlements), createdAt: createdAt, expireAt: expireAt, format: .object)
        }

        mutating func readNetifydFormatRest(version: String, serial: String, issuedTo: String) -> License? {
            var targetUID: String?
            if member(LicenseListDecoder.targetUID) {
                guard let text = string(), consume(UInt8(ascii: ",")) else { return nil }
                targetUID = text
            }
            guard member(LicenseListDecoder.expireAt), let expireAt = instant() else { return nil }
            // Entitlements: `"keyword": {"not_valid_after": "<the expiry date>"}`, each once.
            var entitlements: [Entitlement] = []
            while consume(UInt8(ascii: ",")) {
                guard let entitlement = entitlement(), consume(UInt8(ascii: ":")),
                      !License.netifydReservedMembers.contains(entitlement.rawValue),
                      !entitlements.contains(entitlement),
                      consume(UInt8(ascii: "{")), member(LicenseListDecoder.notValidAfter),
                      let day = dateString(), day == expireAt.date, consume(UInt8(ascii: "}"))
                else { return nil }
                entitlements.append(entitlement)
            }
            guard consume(UInt8(ascii: "}")) else { return nil }
            return License(
                serial: serial, issuedTo: issuedTo, version: version, targetUID: targetUID,
                entitlements: shared.entitlements(entitlements), expireAt: expireAt, format: .netifyd)
        }

        /// `{"unix": N, "date": "YYYY-MM-DD"}` where the date is N's UTC day.
        mutating func instant() -> LicenseInstant? {
            guard consume(UInt8(ascii: "{")), member(LicenseListDecoder.unix), let unix = integer(),
                  consume(UInt8(ascii: ",")), member(LicenseListDecoder.date), let day = dateString(),
                  consume(UInt8(ascii: "}"))
            else { return nil }
            let instant = LicenseInstant(unixSeconds: unix)
            return instant.date == day ? instant : nil
        }

        // MARK: Tokens

        /// Skips whitespace and takes `byte` if it is next.
        mutating func consume(_ byte: UInt8) -> Bool {
            reader.skipWhitespace()
            guard reader.position < bytes.count, bytes[reader.position] == byte else { return false }
            reader.position += 1
            return true
        }

        /// `"name":`, with the name's bytes exactly as given (an escaped name is not ours).
        mutating func member(_ quotedName: [UInt8]) -> Bool {
            reader.skipWhitespace()
            guard literal(quotedName) else { return false }
            return consume(UInt8(ascii: ":"))
        }

        mutating func literal(_ expected: [UInt8]) -> Bool {
            reader.skipWhitespace()
            let end = reader.position + expected.count
            guard end <= bytes.count else { return false }
            let next = UnsafeBufferPointer(rebasing: bytes[reader.position..<end])
            guard expected.withUnsafeBufferPointer({ ByteOrder.equal($0, next) }) else { return false }
            reader.position = end
            return true
        }

        mutating func string() -> String? {
            reader.skipWhitespace()
            guard reader.position < bytes.count, bytes[reader.position] == UInt8(ascii: "\"") else { return nil }
            return try? reader.readString()
        }

        /// A string many licenses have in common, kept once (see `SharedValues`).
        mutating func sharedString() -> String? {
            reader.skipWhitespace()
            let start = reader.position
            if let raw = rawString(), let text = shared.string(utf8: raw) { return text }
            // Escapes, or not UTF-8: read (or refused) as any other string.
            reader.position = start
            return string()
        }

        /// A keyword; the documented ones share one copy of their text instead of one per license.
        mutating func entitlement() -> Entitlement? {
            reader.skipWhitespace()
            let start = reader.position
            if let raw = rawString(), let known = Entitlement.known(utf8: raw) {
                return known
            }
            reader.position = start
            return string().map(Entitlement.init(rawValue:))
        }

        /// The bytes of a string without escapes, the reader left after its closing quote;
        /// nil (the reader unmoved) for anything else.
        mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
            guard reader.position < bytes.count, bytes[reader.position] == UInt8(ascii: "\"") else { return nil }
            var end = reader.position + 1
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[(reader.position + 1)..<end])
                    reader.position = end + 1
                    return raw
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                end += 1
            }
            return nil
        }

        mutating func dateString() -> CalendarDate? {
            reader.skipWhitespace()
            return rawString().flatMap(CalendarDate.init(utf8:))
        }

        mutating func bool() -> Bool? {
            if literal(JSONOutput.trueBytes) { return true }
            if literal(JSONOutput.falseBytes) { return false }
            return nil
        }

        /// An integer written plainly (no fraction, exponent or leading zero), at most 17 digits.
        mutating func integer() -> Int64? {
            reader.skipWhitespace()
            var position = reader.position
            let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            let firstDigit = position
            var value: Int64 = 0
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                value = value * 10 + Int64(bytes[position] - 48)
                position += 1
                guard position - firstDigit <= 17 else { return nil }
            }
            let digits = position - firstDigit
            guard digits > 0, digits == 1 || bytes[firstDigit] != UInt8(ascii: "0") else { return nil }
            if position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
                default: break
                }
            }
            reader.position = position
            return negative ? -value : value
        }
    }

    // Member names with their quotes, as the writers spell them.
    static let version = quoted("version")
    static let serial = quoted("serial")
    static let issuedTo = quoted("issued_to")
    static let renewable = quoted("renewable")
    static let description = quoted("description")
    static let notes = quoted("notes")
    static let targetUID = quoted("target_uid")
    static let entitlements = quoted("entitlements")
    static let createdAt = quoted("created_at")
    static let expireAt = quoted("expire_at")
    static let unix = quoted("unix")
    static let date = quoted("date")
    static let notValidAfter = quoted("not_valid_after")

    static func quoted(_ name: String) -> [UInt8] { Array(("\"" + name + "\"").utf8) }
}

/// Values that many licenses of one fleet have in common (the customer, the
/// description, the set of entitlements), kept once rather than once per
/// license: 100,000 licenses hold a few thousand distinct ones.
struct SharedValues {
    /// By FNV-1a hash of the UTF-8, so a value seen before is found without building a String.
    private var strings: [UInt64: String] = [:]
    /// By the documented keywords' positions in `Entitlement.known`, four bits each.
    private var entitlementSets: [UInt64: [Entitlement]] = [:]
    /// Unique values (a fleet of distinct customers) stop being collected here.
    static let limit = 16_384

    /// The text of `raw`, shared when seen before; nil when it is not valid UTF-8.
    mutating func string(utf8 raw: UnsafeBufferPointer<UInt8>) -> String? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in raw { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        if var existing = strings[hash], existing.withUTF8({ ByteOrder.equal($0, raw) }) {
            return existing
        }
        guard let text = String(validating: raw, as: UTF8.self) else { return nil }
        if strings.count < SharedValues.limit, strings[hash] == nil { strings[hash] = text }
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
