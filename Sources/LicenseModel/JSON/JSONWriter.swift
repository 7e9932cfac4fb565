/// Writes JSON text straight into UTF-8 bytes, one token at a time.
///
/// Both `JSONValue` and `License` write through this one type, so a license
/// list of tens of megabytes goes to the wire or the terminal without first
/// becoming a tree of values, and commas, indentation and escaping are decided
/// in one place.
public struct JSONOutput {
    public private(set) var bytes: [UInt8] = []
    /// Indents by two spaces like `jq`.
    public let pretty: Bool
    private var depth = 0
    /// Whether the open container has no element yet (no comma before the next one).
    private var atContainerStart = true
    /// A member name was just written: its value follows on the same line.
    private var afterMemberName = false

    public init(pretty: Bool = false, reservingCapacity capacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// Hands over the bytes written so far and goes on where they ended
    /// (commas and indentation continue correctly in the next bytes).
    public mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []
        bytes.reserveCapacity(taken.capacity)
        return taken
    }

    /// Lets go of the bytes written so far (once they are written out), keeping
    /// the buffer; commas and indentation continue correctly after them.
    public mutating func removeWrittenBytes() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// The bytes written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() { beginContainer(UInt8(ascii: "{")) }
    public mutating func endObject() { endContainer(UInt8(ascii: "}")) }
    public mutating func beginArray() { beginContainer(UInt8(ascii: "[")) }
    public mutating func endArray() { endContainer(UInt8(ascii: "]")) }

    public mutating func name(_ name: String) {
        beforeValue()
        JSONOutput.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterMemberName = true
    }

    public mutating func string(_ text: String) {
        beforeValue()
        JSONOutput.appendString(text, to: &bytes)
    }

    /// A `YYYY-MM-DD` string, written without forming a String first (a list has two per license).
    public mutating func date(_ day: CalendarDate) {
        beforeValue()
        bytes.append(UInt8(ascii: "\""))
        day.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func integer(_ value: Int64) {
        beforeValue()
        JSONOutput.appendInteger(value, to: &bytes)
    }

    /// A number exactly as a document spelled it (already checked to be JSON).
    public mutating func rawNumber(_ text: String) {
        beforeValue()
        bytes += Array(text.utf8)
    }

    public mutating func bool(_ flag: Bool) {
        beforeValue()
        bytes += flag ? JSONOutput.trueBytes : JSONOutput.falseBytes
    }

    public mutating func null() {
        beforeValue()
        bytes += JSONOutput.nullBytes
    }

    /// A license document kept as the server sent it (`rawValue(_: [UInt8])`).
    package mutating func rawValue(_ document: DocumentBytes) {
        document.withUnsafeBytes { raw in
            let json = raw.assumingMemoryBound(to: UInt8.self)
            if pretty, let value = try? JSONParser.parse(buffer: json) {
                value.write(to: &self)
                return
            }
            beforeValue()
            bytes.append(contentsOf: json)
        }
    }

    /// One complete, compact JSON value written elsewhere (a license document
    /// kept as the server sent it). In pretty output it is re-indented.
    public mutating func rawValue(_ json: [UInt8]) {
        if pretty, let value = try? JSONParser.parse(json) {
            value.write(to: &self)
            return
        }
        beforeValue()
        bytes += json
    }

    /// Text written without any JSON meaning (a newline between documents).
    public mutating func appendText(_ text: String) {
        bytes += text.utf8
    }

    private mutating func beginContainer(_ opening: UInt8) {
        beforeValue()
        bytes.append(opening)
        depth += 1
        atContainerStart = true
    }

    private mutating func endContainer(_ closing: UInt8) {
        depth -= 1
        if pretty, !atContainerStart { newline() }
        bytes.append(closing)
        atContainerStart = false
    }

    private mutating func beforeValue() {
        if afterMemberName {
            afterMemberName = false
            return
        }
        guard depth > 0 else { return }
        if !atContainerStart { bytes.append(UInt8(ascii: ",")) }
        if pretty { newline() }
        atContainerStart = false
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    static let nullBytes = Array("null".utf8)
    static let trueBytes = Array("true".utf8)
    static let falseBytes = Array("false".utf8)

    /// Decimal digits, zero-padded to `minimumDigits` (dates use 4 and 2).
    static func appendInteger(_ value: Int64, minimumDigits: Int = 1, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        // Digits come out last first: into a small buffer, then appended in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var magnitude = value.magnitude
            var start = 24
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0 || 24 - start < min(minimumDigits, 20)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<24]))
        }
    }

    /// Whether any of the eight bytes in `word` must be escaped in a JSON
    /// string (a control character, a quote or a backslash): eight bytes per
    /// test instead of one, for the common text that needs no escape at all.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word & high
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & high
        let hasBackslash = (backslash &- ones) & ~backslash & high
        let delete = word ^ (ones &* 0x7F)
        let hasDelete = (delete &- ones) & ~delete & high
        // Any byte of a multi-byte character: a C1 control or a bidi override may be among them.
        let nonASCII = word & high
        return below20 | hasQuote | hasBackslash | hasDelete | nonASCII != 0
    }

    /// How many bytes at `index` the writer escapes as one `\uXXXX` (two,
    /// a surrogate pair, above U+FFFF): the scalar there when it is hidden or
    /// controlling by the one safe-text rule (DEL, a C1 control, a line
    /// separator, a bidi or zero-width character); 0 when the bytes there are
    /// written as they are (apart from the ASCII escapes). The decoders' fast
    /// copies ask the same rule, so a copied string is byte for byte what the
    /// writer would write.
    public static func escapedSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        escapedScalar(bytes, at: index)?.length ?? 0
    }

    /// The lead bytes of every scalar the rule hides: U+007F; U+0080…U+00AD (C2);
    /// U+061C (D8); U+180E (E1); U+200B…U+206F (E2); U+FEFF, U+FFF9…U+FFFB (EF);
    /// U+E0000…U+E007F (F3).
    @inline(__always)
    static func mayLeadEscapedScalar(_ byte: UInt8) -> Bool {
        byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE1 || byte == 0xE2 || byte == 0xEF || byte == 0xF3
    }

    static func escapedScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int)? {
        let lead = bytes[index]
        guard mayLeadEscapedScalar(lead) else { return nil }
        if lead == 0x7F { return (0x7F, 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value), scalar.isHiddenOrControlling else { return nil }
        return (value, length)
    }

    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var clean = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while clean + 8 <= bytes.count, !needsEscape(base.loadUnaligned(fromByteOffset: clean, as: UInt64.self)) { clean += 8 }
            }
            while clean < bytes.count, bytes[clean] >= 0x20, bytes[clean] < 0x7F, bytes[clean] != 0x22, bytes[clean] != 0x5C { clean += 1 }
            if clean == bytes.count {
                output.append(contentsOf: bytes)
                return
            }
            var runStart = 0
            let hex = Array("0123456789abcdef".utf8)
            for index in clean..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || mayLeadEscapedScalar(byte) else { continue }
                // What the safe-text rule hides (DEL, C1 controls, line
                // separators, bidi and zero-width characters) is escaped as
                // \uXXXX: lossless, and inert on a terminal that shows the JSON.
                if byte >= 0x7F {
                    guard let (scalar, length) = escapedScalar(bytes, at: index) else { continue }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    func unicodeEscape(_ unit: UInt32) -> [UInt8] {
                        [0x5C, UInt8(ascii: "u")] + [12, 8, 4, 0].map { hex[Int((unit >> UInt32($0)) & 0xF)] }
                    }
                    if scalar > 0xFFFF {
                        output += unicodeEscape(0xD800 + ((scalar - 0x10000) >> 10)) + unicodeEscape(0xDC00 + ((scalar - 0x10000) & 0x3FF))
                    } else {
                        output += unicodeEscape(scalar)
                    }
                    runStart = index + length
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 0x22: output += [0x5C, 0x22]
                case 0x5C: output += [0x5C, 0x5C]
                case 0x0A: output += [0x5C, UInt8(ascii: "n")]
                case 0x0D: output += [0x5C, UInt8(ascii: "r")]
                case 0x09: output += [0x5C, UInt8(ascii: "t")]
                default:
                    output += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Serialises to JSON text; `pretty` indents by two spaces like `jq`.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// Serialises straight into UTF-8 bytes: bytes are what goes on the wire.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var output = JSONOutput(pretty: pretty)
        write(to: &output)
        return output.bytes
    }

    public func write(to output: inout JSONOutput) {
        switch self {
        case .null: output.null()
        case .bool(let flag): output.bool(flag)
        case .integer(let value): output.integer(value)
        case .number(let text): output.rawNumber(text)
        case .string(let text): output.string(text)
        case .array(let items):
            output.beginArray()
            for item in items { item.write(to: &output) }
            output.endArray()
        case .object(let members):
            output.beginObject()
            for member in members {
                output.name(member.key)
                member.value.write(to: &output)
            }
            output.endObject()
        }
    }
}
