import LicenseFixtures
@testable import LicenseModel
import Testing

/// The fast reader follows the field table by member name, so a server that
/// orders members otherwise, or pretty-prints, still takes the fast path.
@Suite("List decoding: the fast path in any member order")
struct FastPathTests {
    /// The list written as our writers write it, then with every license's
    /// members (and the envelope's, and each instant's) in reverse order.
    static func replies(format: LicenseFormat) throws -> (canonical: [UInt8], reordered: [UInt8], pretty: [UInt8]) {
        func write(_ output: inout JSONOutput) {
            Envelope.writeSuccess(to: &output) { output in
                output.beginArray()
                for license in TestFleet.varied() {
                    switch format {
                    case .object: license.writeObjectDocument(to: &output)
                    case .netifyd: license.writeNetifydDocument(to: &output)
                    }
                }
                output.endArray()
            }
        }
        var canonical = JSONOutput()
        var pretty = JSONOutput(pretty: true)
        write(&canonical)
        write(&pretty)
        func reversed(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members): return .object(members.reversed().map { (key: $0.key, value: reversed($0.value)) })
            case .array(let items): return .array(items.map(reversed))
            default: return value
            }
        }
        let reordered = reversed(try JSONParser.parse(canonical.bytes)).serializedBytes()
        return (canonical.bytes, reordered, pretty.bytes)
    }

    @Test(arguments: LicenseFormat.allCases)
    func canonicalReorderedAndPrettyListsAllTakeTheFastPath(format: LicenseFormat) throws {
        let (canonical, reordered, pretty) = try FastPathTests.replies(format: format)
        for (name, reply) in [("canonical", canonical), ("reordered", reordered), ("pretty", pretty)] {
            let fast = try LicenseListDecoder.decodeList(reply, path: .fast)
            #expect(fast.fallbacks == 0, "\(name)")
            #expect(fast.skipped.isEmpty, "\(name)")
            #expect(fast.licenses.count == TestFleet.varied().count, "\(name)")
            // Identical to the general path, the document kept as sent included.
            #expect(fast.licenses == (try LicenseListDecoder.decode(reply, path: .general)), "\(name)")
        }
        let fromReordered = try LicenseListDecoder.decode(reordered)
        let fromCanonical = try LicenseListDecoder.decode(canonical)
        #expect(fromReordered.map(\.serial) == fromCanonical.map(\.serial))
        #expect(fromReordered.map(\.expireAt) == fromCanonical.map(\.expireAt))
        // Netifyd entitlements are members, so they come in the server's order.
        #expect(fromReordered.map { Set($0.entitlements) } == fromCanonical.map { Set($0.entitlements) })
        // A reordered document is kept as the server sent it, in its own order.
        let first = try JSONParser.parse(reordered)["data"]?.arrayValue?.first
        #expect(fromReordered.first?.document == first)
    }

    @Test func membersTheTableDoesNotKnowAreSkippedAndKept() throws {
        let item = #"{"expire_at":{"date":"2026-10-13","unix":1791849600},"extra":{"nested":[1,2.5e3,"\u00e9"]},"serial":"2026-0001-00000001","issued_to":"X","entitlements":["netify-proc-lua"],"count":-0}"#
        let reply = Array("[\(item)]".utf8)
        let fast = try LicenseListDecoder.decodeList(reply)
        #expect(fast.fallbacks == 0)
        #expect(fast.licenses == (try LicenseListDecoder.decode(reply, path: .general)))
        #expect(fast.licenses.first?.document == (try JSONParser.parse(item)))
    }

    /// Numbers a 64-bit value cannot hold, or spelled otherwise than a writer
    /// would spell them, come back byte for byte on both paths, pretty or compact.
    @Test func numbersArePassedThroughByteForByte() throws {
        let spelled = [#""big":123456789012345678901234567890"#, #""far":1e400"#, #""tiny":-1E-400"#, #""kept":1.50"#, #""zero":-0"#, #""int":-12"#]
        let item = #"{"serial":"2026-0001-00000001","issued_to":"X","entitlements":["netify-proc-lua"],"expire_at":{"unix":1791849600,"date":"2026-10-13"},"# + spelled.joined(separator: ",") + "}"
        for reply in ["[" + item + "]", "[\n  " + item.replacingOccurrences(of: ",", with: ",\n    ") + "\n]"] {
            for path in LicenseListDecoder.Path.allCases {
                let license = try #require(try LicenseListDecoder.decode(Array(reply.utf8), path: path).first)
                let written = license.document.serialized()
                for member in spelled { #expect(written.contains(member), "\(path): \(member) in \(written)") }
            }
        }
    }

    @Test func unreadableLicensesAreCountedWithTheirReason() throws {
        let reply = Array(#"[{"serial":null,"expire_at":{"unix":1}},{"serial":"2026-0001-00000002","expire_at":"soon"},{"serial":"2026-0001-00000003","expire_at":{"unix":1791849600}}]"#.utf8)
        for path in LicenseListDecoder.Path.allCases {
            let decoded = try LicenseListDecoder.decodeList(reply, path: path)
            #expect(decoded.licenses.map(\.serial) == ["2026-0001-00000003"])
            #expect(decoded.skipped.count == 2)
            #expect(decoded.skipped.last?.description.contains("2026-0001-00000002") == true)
        }
    }
}

@Suite("The field table")
struct FieldTableTests {
    @Test func eachFormatsWriterFollowsTheTable() throws {
        let license = TestFleet.varied()[1]
        var object = JSONOutput()
        license.writeObjectDocument(to: &object)
        let objectNames = try JSONParser.parse(object.bytes).objectValue?.map(\.key)
        #expect(objectNames == LicenseField.documentOrder(.object).map(\.jsonName))
        var netifyd = JSONOutput()
        license.writeNetifydDocument(to: &netifyd)
        let netifydNames = try JSONParser.parse(netifyd.bytes).objectValue?.map(\.key) ?? []
        let expected = LicenseField.documentOrder(.netifyd).flatMap { field -> [String] in
            switch field.placement(in: .netifyd) {
            case .entitlementMembers: return license.entitlements.map(\.rawValue)
            case .whenPresent: return license.targetUID == nil ? [] : [field.jsonName]
            case .always: return [field.jsonName]
            case .absent: return []
            }
        }
        #expect(netifydNames == expected)
    }

    @Test func detailLinesShowEveryFieldOnceWithOneWordForUnknown() {
        var license = TestFleet.varied()[2]
        license.renewable = nil
        let detail = LicenseDetail(license, now: CalendarDate("2026-05-01")!.unixSeconds, thresholds: .standard)
        for field in LicenseField.allCases {
            #expect(detail.lines.contains { $0.field == field && !$0.label.isEmpty }, "\(field)")
        }
        #expect(detail.lines.first { $0.field == .renewable }?.value == LicenseField.unknownText)
        #expect(detail.lines.contains { $0.label == "Status" && $0.showsStatus })
    }
}

@Suite("List decoding: linear whatever the shape")
struct LinearDecodingTests {
    /// One license whose description is `size` bytes, fed in 1 KiB pieces as a
    /// slow server would send it.
    static func examined(stringOf size: Int) throws -> (examined: Int, total: Int) {
        let item = #"{"serial":"2026-0001-00000001","issued_to":"X","description":""# + String(repeating: "a", count: size)
            + #"","entitlements":["netify-proc-lua"],"expire_at":{"unix":1791849600,"date":"2026-10-13"}}"#
        let reply = Array("{\"status_code\":0,\"data\":[\(item)]}".utf8)
        var stream = LicenseListStream()
        for start in stride(from: 0, to: reply.count, by: 1024) {
            try stream.feed(Array(reply[start..<min(reply.count, start + 1024)]))
        }
        let licenses = try stream.finish()
        #expect(licenses.first?.texts[.description]?.count == size)
        return (stream.bytesExamined, reply.count)
    }

    @Test func oneHugeValueIsReadANearlyConstantNumberOfTimesOver() throws {
        let small = try LinearDecodingTests.examined(stringOf: 1 << 20)
        let large = try LinearDecodingTests.examined(stringOf: 16 << 20)
        // Re-reading from the start on every piece would examine about size²/2048 bytes.
        #expect(small.examined <= 4 * small.total, "\(small)")
        #expect(large.examined <= 4 * large.total, "\(large)")
    }
}

@Suite("Envelopes that report an error")
struct ReportedErrorTests {
    @Test(arguments: LicenseListDecoder.Path.allCases)
    func aSuccessStatusWithAnErrorEnvelopeIsAnError(path: LicenseListDecoder.Path) {
        for text in [
            #"{"status_code": 401, "status_message": "Bad key", "data": []}"#,
            #"{"data": [], "status_code": "401.000", "status_message": "Bad key"}"#,
            #"{"status_message": "Bad key", "status_code": 401}"#,
        ] {
            #expect(performing: { try LicenseListDecoder.decode(Array(text.utf8), path: path) }, throws: { error in
                guard case .unauthorized(let message) = error as? LicensingError else { return false }
                return message == "Bad key"
            })
        }
        #expect((try? LicenseListDecoder.decode(Array(#"{"status_code": "0.000", "data": []}"#.utf8), path: path))?.isEmpty == true)
        #expect((try? LicenseListDecoder.decode(Array(#"{"status_code": 200, "data": []}"#.utf8), path: path))?.isEmpty == true)
    }
}

/// The word-at-a-time shortcuts of the fast reader agree with byte-at-a-time
/// reading everywhere: a shortcut that missed a byte would read an escape as text.
@Suite("List decoding: word-at-a-time shortcuts")
struct WordShortcutTests {
    /// Every byte value at every position of an otherwise plain word.
    @Test func aWordMayEndOrEscapeExactlyWhenOneOfItsBytesDoes() {
        func special(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x7F }
        let plain = Array("abcdefgh".utf8)
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = plain
                bytes[position] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(LicenseListDecoder.mayEndOrEscape(word) == special(UInt8(value)), "byte \(value) at \(position)")
            }
        }
        // Neighbours that borrow across bytes (0x20 after 0x00, 0x7E beside 0x80) do not hide or invent one.
        for pair: [UInt8] in [[0x20, 0x00], [0x21, 0x1F], [0x7E, 0x80], [0x23, 0x21], [0x5B, 0x5D]] {
            var bytes = plain
            bytes.replaceSubrange(3..<5, with: pair)
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(LicenseListDecoder.mayEndOrEscape(word) == pair.contains(where: special), "\(pair)")
        }
    }

    @Test func shortEqualityAgreesWithComparingEveryByte() {
        var random = SystemRandomNumberGenerator()
        for count in 0...40 {
            for _ in 0..<200 {
                let left = (0..<count).map { _ in UInt8.random(in: 0...3, using: &random) }
                var right = left
                if count > 0, Bool.random(using: &random) { right[Int.random(in: 0..<count, using: &random)] ^= 1 }
                let equal = left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in ByteOrder.equal(l, r) } }
                #expect(equal == (left == right), "\(left) \(right)")
            }
        }
        let longer: [UInt8] = [1, 2, 3], shorter: [UInt8] = [1, 2]
        #expect(!longer.withUnsafeBufferPointer { l in shorter.withUnsafeBufferPointer { r in ByteOrder.equal(l, r) } })
    }

    /// A token kept as words is spelled by its own bytes and by no others: every
    /// length it holds, each byte changed in turn, and every token the reader uses.
    @Test func aTokenIsSpelledExactlyByItsOwnBytes() {
        let tokens = LicenseListDecoder.Tokens.all
        var texts = LicenseField.allCases.map { "\"\($0.jsonName)\"" } + ["\"unix\"", "\"date\"", "\"not_valid_after\"", "null", "true", "false"]
        texts += (4...24).map { count in String((0..<count).map { Character(UnicodeScalar(UInt8(0x61 + $0))) }) }
        for text in texts {
            let literal = LicenseListDecoder.Literal(text)
            let bytes = Array(text.utf8)
            #expect(literal.count == bytes.count)
            #expect(bytes.withUnsafeBytes { literal.isSpelled(at: $0.baseAddress!) }, "\(text)")
            for position in bytes.indices {
                for change: UInt8 in [0x01, 0x20, 0x80] {
                    var other = bytes
                    other[position] ^= change
                    #expect(!other.withUnsafeBytes { literal.isSpelled(at: $0.baseAddress!) }, "\(text) changed at \(position)")
                }
            }
        }
        #expect(tokens.fieldNames.count == LicenseField.allCases.count)
        for field in LicenseField.allCases {
            let quoted = Array("\"\(field.jsonName)\"".utf8)
            #expect(quoted.withUnsafeBytes { tokens.fieldNames[field.rawValue].isSpelled(at: $0.baseAddress!) })
        }
    }

    /// Known keywords are read as positions; a list with another keyword among
    /// them keeps every keyword, in order, exactly as the general path does.
    @Test func entitlementListsOfKnownAndOtherKeywordsReadAsTheGeneralPathReadsThem() throws {
        let lists = [
            #"[]"#, #"["netify-proc-lua"]"#, #"["netify-proc-lua","netify-sink-mqtt","application-signatures"]"#,
            #"["netify-proc-lua","custom-plugin","netify-sink-mqtt"]"#, #"["custom-plugin","netify-proc-lua"]"#,
            #"["netify-proc-lux"]"#, #"["netify-proc-lua ","netify-proc-lu\u0061"]"#,
            "[" + Array(repeating: #""netify-proc-lua""#, count: 17).joined(separator: ",") + "]",
        ]
        var items: [String] = []
        for (index, list) in lists.enumerated() {
            items.append(#"{"serial":"2026-0001-0000000\#(index)","issued_to":"X","entitlements":\#(list),"expire_at":{"unix":1791849600,"date":"2026-10-13"}}"#)
        }
        let reply = Array(("[" + items.joined(separator: ",") + "]").utf8)
        let fast = try LicenseListDecoder.decodeList(reply)
        #expect(fast.licenses.count == lists.count)
        #expect(fast.licenses == (try LicenseListDecoder.decode(reply, path: .general)))
        #expect(fast.licenses[3].entitlements.map(\.rawValue) == ["netify-proc-lua", "custom-plugin", "netify-sink-mqtt"])
        #expect(fast.licenses[7].entitlements.count == 17)
    }
}
