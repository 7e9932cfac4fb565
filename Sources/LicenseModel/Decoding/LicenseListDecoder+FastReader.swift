extension LicenseListDecoder {
    /// Reads one license straight into its fields, members in any order,
    /// driven by the field table (`LicenseField`). Every method returns nil
    /// (or false) as soon as the input is not a shape it reads exactly as the
    /// general path would, or runs out; the caller then reads the license
    /// the general way.
    struct FastReader {
        var reader: JSONParser.Reader
        var shared = SharedValues()
        /// The tokens it looks for, held here: a global's lazy check and a
        /// retain at each of millions of comparisons were a tenth of reading.
        let tokens = Tokens.all

        /// Whether the license read so far is written compactly, exactly as
        /// the general path would write it back (no whitespace, no escapes,
        /// no member read whole): then its bytes are kept as they are,
        /// without normalising them.
        var isCompact = true

        init(bytes: UnsafeBufferPointer<UInt8>) {
            reader = JSONParser.Reader(bytes: bytes)
        }

        mutating func skipWhitespace() {
            let start = reader.position
            reader.skipWhitespace()
            if reader.position != start { isCompact = false }
        }

        var bytes: UnsafeBufferPointer<UInt8> { reader.bytes }

        /// The members in the order they came, four bits each (the field's
        /// raw value + 1, `entitlementMember` or `otherMember`), for telling
        /// a canonical document from one that must be kept as sent.
        struct MemberSequence {
            static let entitlementMember: UInt64 = 14
            static let otherMember: UInt64 = 15
            var packed: UInt64 = 0
            var count = 0

            mutating func append(_ code: UInt64) {
                count += 1
                if count <= 16 { packed = packed << 4 | code }
            }

            static func code(_ rawValue: Int) -> UInt64 { UInt64(rawValue + 1) }

            /// The object writer's sequence: every field, in table order.
            static let object: MemberSequence = {
                var sequence = MemberSequence()
                for field in LicenseField.objectOrder { sequence.append(code(field.rawValue)) }
                return sequence
            }()

            /// Whether this is the netifyd writer's sequence for a license with
            /// (or without) a target and `entitlementCount` entitlements.
            func isNetifyd(hasTarget: Bool, entitlementCount: Int) -> Bool {
                var expected = MemberSequence()
                for field in LicenseField.netifydOrder {
                    switch field.placement(in: .netifyd) {
                    case .always: expected.append(MemberSequence.code(field.rawValue))
                    case .whenPresent: if hasTarget { expected.append(MemberSequence.code(field.rawValue)) }
                    case .entitlementMembers:
                        for _ in 0..<entitlementCount { expected.append(MemberSequence.entitlementMember) }
                    case .absent: break
                    }
                }
                return count <= 16 && expected.count == count && expected.packed == packed
            }
        }

        /// A license of the list at the reader's position, read fast; its
        /// document kept as bytes when its fields would not write it back
        /// exactly. Nil when it must be read the general way (the position is
        /// then undefined).
        mutating func readLicense() -> License? {
            let itemStart = reader.position
            isCompact = true
            guard consume(UInt8(ascii: "{")) else { return nil }
            var version: String?, serial: String?, issuedTo: String?, renewable: Bool?
            var texts = FreeTexts(), targetUID: String?, targetWasNull = false
            var entitlements: [Entitlement]?, createdAt: LicenseInstant?, expireAt: LicenseInstant?
            var instantsCanonical = true
            var seen = 0
            var sequence = MemberSequence()
            // Netifyd entitlement members, and the one day they all give (canonical
            // only when each is `{"not_valid_after": <the expiry date>}`).
            var agentEntitlements: [Entitlement] = []
            var previousField: Int?
            var agentDay: CalendarDate?
            var agentDaysDiffer = false
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    // The field that followed this one in the last license is tried
                    // first, as whole quoted bytes: a server that writes members in
                    // one order, whatever it is, is read without scanning a name.
                    let expected = shared.predictedField(after: previousField)
                    var matched: LicenseField?, number = 0
                    if let expected, literal(tokens.fieldNames[expected]) {
                        matched = tokens.fields[expected]
                        number = expected
                    } else {
                        guard let name = rawString() else { return nil }
                        matched = LicenseField.named(utf8: name)
                        number = matched?.rawValue ?? 0
                        if matched == nil {
                            guard consume(UInt8(ascii: ":")) else { return nil }
                            // Not a field: a netifyd entitlement when its value is an object, else a member kept only in the document.
                            skipWhitespace()
                            let isObject = reader.position < bytes.count && bytes[reader.position] == UInt8(ascii: "{")
                            // A documented keyword shares its text; only another name is built as a String.
                            let known = Entitlement.known(utf8: name)
                            guard let text = known?.rawValue ?? String(validUTF8: name) else { return nil }
                            if isObject, known != nil || !LicenseField.netifydReservedMembers.contains(text) {
                                let entitlement = known ?? Entitlement(text)
                                // A repeated name: the general path's first-wins reading decides.
                                guard !agentEntitlements.contains(entitlement) else { return nil }
                                agentEntitlements.append(entitlement)
                                switch notValidAfter() {
                                case .canonical(let day):
                                    if agentDay == nil { agentDay = day } else if agentDay != day { agentDaysDiffer = true }
                                case .other: agentDaysDiffer = true
                                case .unreadable: return nil
                                }
                                sequence.append(MemberSequence.entitlementMember)
                            } else {
                                guard (try? reader.readValue(depth: 2)) != nil else { return nil }
                                isCompact = false
                                sequence.append(MemberSequence.otherMember)
                            }
                            continue
                        }
                    }
                    guard let field = matched, consume(UInt8(ascii: ":")) else { return nil }
                    shared.learn(number, after: previousField)
                    previousField = number
                    let bit = 1 << number
                    // A repeated member: the general path's first-wins reading decides.
                    guard seen & bit == 0 else { return nil }
                    seen |= bit
                    sequence.append(MemberSequence.code(number))
                    switch field {
                    case .version: guard let text = string() else { return nil }; version = text
                    case .serial: guard let text = string(), !text.isEmpty else { return nil }; serial = text
                    case .issuedTo: guard let text = sharedString() else { return nil }; issuedTo = text
                    case .text(let freeText): guard let text = sharedString() else { return nil }; texts[freeText] = text
                    case .renewable: guard let flag = bool() else { return nil }; renewable = flag
                    case .targetUID:
                        if literal(tokens.null) {
                            targetWasNull = true
                        } else {
                            guard let text = string() else { return nil }
                            targetUID = text
                        }
                    case .entitlements:
                        guard consume(UInt8(ascii: "[")) else { return nil }
                        // Documented keywords are read as their positions, and the list shared
                        // by them; an array is built only for a list with another keyword.
                        var key = EntitlementKey()
                        var list: [Entitlement]?
                        if !consume(UInt8(ascii: "]")) {
                            repeat {
                                skipWhitespace()
                                let start = reader.position
                                if list == nil, let raw = rawString(), let index = Entitlement.knownIndex(utf8: raw), key.append(index) {
                                    continue
                                }
                                reader.position = start
                                if list == nil { list = key.entitlements }
                                guard let entitlement = entitlement() else { return nil }
                                list!.append(entitlement)
                            } while consume(UInt8(ascii: ","))
                            guard consume(UInt8(ascii: "]")) else { return nil }
                        }
                        entitlements = list.map { shared.entitlements($0) } ?? shared.entitlements(key)
                    case .createdAt:
                        guard let read = instant() else { return nil }
                        createdAt = read.instant
                        instantsCanonical = instantsCanonical && read.isCanonical
                    case .expireAt:
                        guard let read = instant() else { return nil }
                        expireAt = read.instant
                        instantsCanonical = instantsCanonical && read.isCanonical
                    }
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { return nil }
            }
            // What the general path would refuse, it refuses with its own words.
            guard let serial, let expireAt else { return nil }
            let format: LicenseFormat = entitlements == nil ? .netifyd : .object
            let entitlementList = entitlements ?? shared.entitlements(agentEntitlements)
            let isCanonical: Bool
            switch format {
            case .object:
                isCanonical = instantsCanonical && sequence.count == MemberSequence.object.count
                    && sequence.packed == MemberSequence.object.packed
            case .netifyd:
                let day = expireAt.date
                isCanonical = instantsCanonical && !targetWasNull && !agentDaysDiffer && (agentDay == nil || agentDay == day)
                    && sequence.isNetifyd(hasTarget: targetUID != nil, entitlementCount: agentEntitlements.count)
            }
            // Whether its document is exactly what its fields write (then it is not kept as bytes).
            var storage = License.DocumentStorage.canonical
            if !isCanonical {
                let document = UnsafeBufferPointer(rebasing: bytes[itemStart..<reader.position])
                storage = .compact(isCompact ? shared.documents.append(UnsafeRawBufferPointer(document)) : shared.documents.append(LicenseListDecoder.compactDocument(document)))
            }
            return License(
                serial: serial, issuedTo: issuedTo ?? "", version: version, renewable: renewable,
                texts: texts, targetUID: targetUID,
                entitlements: entitlementList, createdAt: createdAt, expireAt: expireAt,
                format: format, storage: storage)
        }

        enum EntitlementObject {
            /// Exactly `{"not_valid_after": "YYYY-MM-DD"}`.
            case canonical(CalendarDate)
            /// Some other object, read whole.
            case other
            /// Not JSON: the general path reports it.
            case unreadable
        }

        /// An entitlement member's object.
        mutating func notValidAfter() -> EntitlementObject {
            let start = reader.position
            if consume(UInt8(ascii: "{")), member(tokens.notValidAfter), let day = dateString(), consume(UInt8(ascii: "}")) {
                return .canonical(day)
            }
            reader.position = start
            isCompact = false
            return (try? reader.readValue(depth: 2)) == nil ? .unreadable : .other
        }

        /// `{"unix": N, "date": "YYYY-MM-DD"}` in either order, read as
        /// `LicenseInstant(json:)` reads it; canonical when written as the
        /// writer writes it (unix first, the date N's UTC day).
        mutating func instant() -> (instant: LicenseInstant, isCanonical: Bool)? {
            guard consume(UInt8(ascii: "{")) else { return nil }
            var unix: Int64?, day: CalendarDate?, unixFirst = false
            repeat {
                skipWhitespace()
                if unix == nil, member(tokens.unix) {
                    guard let value = integer() else { return nil }
                    unix = value
                    unixFirst = day == nil
                } else if day == nil, member(tokens.date) {
                    guard let value = dateString() else { return nil }
                    day = value
                } else {
                    return nil
                }
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { return nil }
            if let unix {
                // Out of range: the general path reports the license unreadable.
                guard let instant = LicenseInstant(checkedUnixSeconds: unix) else { return nil }
                return (instant, unixFirst && day == instant.date)
            }
            guard let day else { return nil }
            return (LicenseInstant(date: day), false)
        }

        // MARK: Tokens

        /// Skips whitespace and takes `byte` if it is next.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard reader.position < bytes.count, bytes[reader.position] == byte else { return false }
            reader.position += 1
            return true
        }

        /// `"name":`, with the name's bytes exactly as given (an escaped name is not ours).
        mutating func member(_ quotedName: Literal) -> Bool {
            skipWhitespace()
            let start = reader.position
            guard literal(quotedName) else { return false }
            guard consume(UInt8(ascii: ":")) else {
                reader.position = start
                return false
            }
            return true
        }

        mutating func literal(_ expected: Literal) -> Bool {
            skipWhitespace()
            let end = reader.position + expected.count
            guard end <= bytes.count, expected.isSpelled(at: UnsafeRawPointer(bytes.baseAddress! + reader.position)) else { return false }
            reader.position = end
            return true
        }

        mutating func string() -> String? {
            skipWhitespace()
            guard reader.position < bytes.count, bytes[reader.position] == UInt8(ascii: "\"") else { return nil }
            let start = reader.position
            if let raw = rawString() {
                if let text = String(validUTF8: raw) { return text }
                reader.position = start
                return nil
            }
            isCompact = false
            return try? reader.readString()
        }

        /// A string many licenses have in common, kept once (see `SharedValues`).
        mutating func sharedString() -> String? {
            skipWhitespace()
            let start = reader.position
            if let raw = rawString(), let text = shared.string(utf8: raw) { return text }
            // Escapes, or not UTF-8: read (or refused) as any other string.
            reader.position = start
            return string()
        }

        /// A keyword; the documented ones share one copy of their text instead of one per license.
        mutating func entitlement() -> Entitlement? {
            skipWhitespace()
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
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while end < count {
                // Eight plain bytes at a time: none a quote, a backslash, a control or above 0x7E.
                if end + 8 <= count, !LicenseListDecoder.mayEndOrEscape(base.loadUnaligned(fromByteOffset: end, as: UInt64.self)) {
                    end += 8
                    continue
                }
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[(reader.position + 1)..<end])
                    reader.position = end + 1
                    return raw
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 || (byte >= 0x7F && JSONOutput.escapedSequenceLength(bytes, at: end) > 0) { return nil }
                end += 1
            }
            return nil
        }

        mutating func dateString() -> CalendarDate? {
            skipWhitespace()
            return rawString().flatMap(CalendarDate.init(utf8:))
        }

        mutating func bool() -> Bool? {
            if literal(tokens.true) { return true }
            if literal(tokens.false) { return false }
            return nil
        }

        /// An integer written plainly (no fraction, exponent, leading zero or
        /// minus zero), at most 17 digits: written back, it is the same bytes.
        mutating func integer() -> Int64? {
            skipWhitespace()
            guard let (value, end) = LicenseListDecoder.plainInteger(in: bytes, at: reader.position) else { return nil }
            reader.position = end
            return value
        }
    }

    /// Whether any of the eight bytes of `word` is a quote, a backslash, a
    /// control character or at least 0x7F: what ends a plain string or needs
    /// a closer look. Exact (no byte is missed), by the usual word tricks.
    @inline(__always)
    static func mayEndOrEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        let delete = hasZeroByte(word ^ (ones &* 0x7F))
        let control = (word &- ones &* 0x20) & ~word & highs
        return (quote | backslash | delete | control | (word & highs)) != 0
    }

    /// The integer at `position` when it is written plainly, and where it ends.
    static func plainInteger(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int64, Int)? {
        var position = start
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
        if negative, value == 0 { return nil }
        if position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return (negative ? -value : value, position)
    }

    /// A license's bytes as the general path keeps them (its tree written
    /// compactly), without building the tree: whitespace between tokens goes,
    /// strings without escapes and every number are copied, and other strings
    /// are read and written again by the same reader and writer the general
    /// path uses. The bytes were read whole once already, so they are JSON.
    static func compactDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var reader = JSONParser.Reader(bytes: bytes)
        while reader.position < bytes.count {
            let byte = bytes[reader.position]
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                reader.position += 1
            case UInt8(ascii: "\""):
                var end = reader.position + 1
                // A string the writer would escape (a DEL, a C1 control, a bidi override) is written again, not copied.
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"),
                      bytes[end] < 0x7F || JSONOutput.escapedSequenceLength(bytes, at: end) == 0 { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[reader.position...end]))
                    reader.position = end + 1
                } else if let text = try? reader.readString() {
                    JSONOutput.appendString(text, to: &output)
                } else {
                    return Array(bytes)
                }
            case UInt8(ascii: "-"), 48...57:
                // Every number is written back as it was spelled (see JSONValue.number).
                let start = reader.position
                guard (try? reader.readNumber()) != nil else { return Array(bytes) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<reader.position]))
            default:
                output.append(byte)
                reader.position += 1
            }
        }
        return output
    }

    /// A token of 4 to 24 bytes (a quoted member name, a keyword) as the words
    /// it is compared by: passing and comparing it takes no retain and no call.
    struct Literal {
        let count: Int
        /// The first eight bytes, the next eight, and the last eight (overlapping
        /// the others when shorter); for a token under eight bytes, its first and last four.
        private let first: UInt64, second: UInt64, last: UInt64

        init(_ text: String) {
            let bytes = Array(text.utf8)
            precondition((4...24).contains(bytes.count), "a token a Literal cannot hold: \(text)")
            count = bytes.count
            func word(_ offset: Int, _ size: Int) -> UInt64 {
                bytes.withUnsafeBytes { raw in
                    size == 8 ? raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) : UInt64(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                }
            }
            if count >= 8 {
                first = word(0, 8)
                second = count > 16 ? word(8, 8) : 0
                last = word(count - 8, 8)
            } else {
                first = word(0, 4)
                second = 0
                last = word(count - 4, 4)
            }
        }

        static func quoted(_ name: String) -> Literal { Literal("\"" + name + "\"") }

        /// Whether the `count` bytes at `start` spell this token.
        @inline(__always)
        func isSpelled(at start: UnsafeRawPointer) -> Bool {
            guard count >= 8 else {
                return UInt64(start.loadUnaligned(as: UInt32.self)) == first
                    && UInt64(start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) == last
            }
            return start.loadUnaligned(as: UInt64.self) == first
                && (count <= 16 || start.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == second)
                && start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == last
        }
    }

    /// The tokens the fast reader compares: each field's member name with its
    /// quotes (by the field's raw value) and the others, as the writers spell them.
    struct Tokens {
        /// The fields by raw value, and each one's member name with its quotes.
        var fields = LicenseField.allCases
        var fieldNames: [Literal]
        var unix = Literal.quoted("unix")
        var date = Literal.quoted("date")
        var notValidAfter = Literal.quoted("not_valid_after")
        var null = Literal("null")
        var `true` = Literal("true")
        var `false` = Literal("false")

        static let all = Tokens(fieldNames: LicenseField.allCases.map { Literal.quoted($0.jsonName) })
    }
}
