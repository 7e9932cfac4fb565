import LicenseModel
import Testing

/// The list decoder's two paths must agree on every input: these tests run
/// each case on both and compare with each other and with what is expected.
@Suite("List decoding, fast and general paths")
struct ListDecodingTests {
    static let canonicalObject = #"{"version":"1","serial":"2025-7546-23742565","issued_to":"Acme Inc.","renewable":true,"description":"Flow Actions","notes":"","target_uid":null,"entitlements":["netify-proc-flow-actions","netify-sink-mqtt"],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#
    static let canonicalNetifyd = #"{"version":"1","serial":"2025-7546-23742566","issued_to":"Acme Inc.","target_uid":"dev-9","expire_at":{"unix":1760313600,"date":"2025-10-13"},"netify-proc-flow-actions":{"not_valid_after":"2025-10-13"},"custom-plugin":{"not_valid_after":"2025-10-13"}}"#

    /// Licenses in every shape api-notes.md allows, each with what must be read from it.
    static let shapes: [(name: String, json: String, serial: String?, expires: String?)] = [
        ("canonical object", canonicalObject, "2025-7546-23742565", "2025-10-13"),
        ("canonical netifyd", canonicalNetifyd, "2025-7546-23742566", "2025-10-13"),
        ("pretty printed", """
            {
              "version" : "1", "serial" : "2025-0001-00000001", "issued_to" : "Pretty", "renewable" : false,
              "description" : "", "notes" : "n", "target_uid" : "uid", "entitlements" : [ ],
              "created_at" : { "unix" : 1757721600, "date" : "2025-09-13" },
              "expire_at" : { "unix" : 1760313600, "date" : "2025-10-13" }
            }
            """, "2025-0001-00000001", "2025-10-13"),
        ("escapes and unicode", #"{"version":"1","serial":"2025-0001-00000002","issued_to":"Z\u00fcrich \"Mesh\"\n","renewable":true,"description":"caf\u00e9 \ud83d\ude00","notes":"a\/b","target_uid":null,"entitlements":["netify-proc-lua","n\u0065tify-proc-python"],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, "2025-0001-00000002", "2025-10-13"),
        ("members in another order", #"{"serial":"2025-0001-00000003","version":"1","issued_to":"Order","renewable":true,"description":"","notes":"","target_uid":null,"entitlements":[],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, "2025-0001-00000003", "2025-10-13"),
        ("an extra member", #"{"version":"1","serial":"2025-0001-00000004","issued_to":"Extra","renewable":true,"description":"","notes":"","target_uid":null,"entitlements":[],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"},"future":{"x":[1,2]}}"#, "2025-0001-00000004", "2025-10-13"),
        ("numbers and booleans as strings", #"{"version":1,"serial":20250001,"issued_to":"Strings","renewable":"yes","expire_at":{"unix":"1760313600"},"entitlements":["netify-proc-lua"]}"#, "20250001", "2025-10-13"),
        ("expiry as a bare date", #"{"serial":"2025-0001-00000005","issued_to":"Bare","expire_at":"2025-10-13","entitlements":[]}"#, "2025-0001-00000005", "2025-10-13"),
        ("expiry as epoch seconds", #"{"serial":"2025-0001-00000006","issued_to":"Epoch","expire_at":1760313600,"netify-proc-lua":{"not_valid_after":"2025-10-13"}}"#, "2025-0001-00000006", "2025-10-13"),
        ("a date that disagrees with unix", #"{"version":"1","serial":"2025-0001-00000007","issued_to":"Skew","renewable":true,"description":"","notes":"","target_uid":null,"entitlements":[],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-14"}}"#, "2025-0001-00000007", "2025-10-13"),
        ("unix with a fraction", #"{"version":"1","serial":"2025-0001-00000008","issued_to":"Fraction","renewable":true,"description":"","notes":"","target_uid":null,"entitlements":[],"created_at":{"unix":1757721600.0,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, "2025-0001-00000008", "2025-10-13"),
        ("netifyd with a signature", #"{"version":"1","serial":"2025-0001-00000009","issued_to":"Signed","expire_at":{"unix":1760313600,"date":"2025-10-13"},"netify-sink-mqtt":{"not_valid_after":"2025-10-13"},"signature":"abc"}"#, "2025-0001-00000009", "2025-10-13"),
        ("netifyd entitlement ending earlier", #"{"version":"1","serial":"2025-0001-00000010","issued_to":"Early","expire_at":{"unix":1760313600,"date":"2025-10-13"},"netify-sink-mqtt":{"not_valid_after":"2025-09-01"}}"#, "2025-0001-00000010", "2025-10-13"),
        ("netifyd entitlement twice", #"{"version":"1","serial":"2025-0001-00000011","issued_to":"Twice","expire_at":{"unix":1760313600,"date":"2025-10-13"},"netify-sink-mqtt":{"not_valid_after":"2025-10-13"},"netify-sink-mqtt":{"not_valid_after":"2025-10-13"}}"#, "2025-0001-00000011", "2025-10-13"),
        ("netifyd with a null target", #"{"version":"1","serial":"2025-0001-00000012","issued_to":"Null","target_uid":null,"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, "2025-0001-00000012", "2025-10-13"),
        ("a repeated serial: skipped", #"{"version":"1","serial":"2025-0001-00000013","serial":"2025-9999-99999999","issued_to":"Repeat","expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, nil, nil),
        ("a repeated expiry: skipped", #"{"version":"1","serial":"2025-0001-00000016","expire_at":{"unix":1760313600,"date":"2025-10-13"},"expire_at":{"unix":0,"date":"1970-01-01"}}"#, nil, nil),
        ("a moment given twice: skipped", #"{"version":"1","serial":"2025-0001-00000017","expire_at":{"unix":1760313600,"unix":0}}"#, nil, nil),
        ("no serial: skipped", #"{"version":"1","issued_to":"None","expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, nil, nil),
        ("empty serial: skipped", #"{"version":"1","serial":"","issued_to":"Empty","renewable":true,"description":"","notes":"","target_uid":null,"entitlements":[],"created_at":{"unix":1757721600,"date":"2025-09-13"},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, nil, nil),
        ("unreadable expiry: skipped", #"{"version":"1","serial":"2025-0001-00000014","issued_to":"Soon","expire_at":"soon"}"#, nil, nil),
        ("not an object: skipped", #"["2025-0001-00000015"]"#, nil, nil),
        // Beyond year 9999 or before year 1: unreadable, never a number that overflows a sort or a day count.
        ("expiry at the largest integer: skipped", #"{"version":"1","serial":"2025-0001-00000018","issued_to":"Max","expire_at":{"unix":9223372036854775807}}"#, nil, nil),
        ("expiry at the smallest integer: skipped", #"{"version":"1","serial":"2025-0001-00000019","issued_to":"Min","expire_at":{"unix":-9223372036854775808}}"#, nil, nil),
        ("expiry past year 9999 as a bare number: skipped", #"{"version":"1","serial":"2025-0001-00000020","issued_to":"Far","expire_at":253402300800}"#, nil, nil),
        ("creation beyond range: ignored", #"{"version":"1","serial":"2025-0001-00000021","issued_to":"Created","created_at":{"unix":-9223372036854775808},"expire_at":{"unix":1760313600,"date":"2025-10-13"}}"#, "2025-0001-00000021", "2025-10-13"),
    ]

    static func reply(_ items: [String]) -> String {
        #"{"status_code":0,"status_message":"Success.","data":["# + items.joined(separator: ",") + "]}"
    }

    static func decode(_ text: String, _ path: LicenseListDecoder.Path) throws -> [License] {
        try LicenseListDecoder.decode(Array(text.utf8), path: path)
    }

    /// The fast path as the client runs it: the reply fed in pieces as they arrive.
    static func stream(_ bytes: [UInt8], chunkSizes: [Int]) throws -> [License] {
        var stream = LicenseListStream()
        var offset = 0
        var turn = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + max(1, chunkSizes[turn % chunkSizes.count]))
            try stream.feed(Array(bytes[offset..<end]))
            offset = end
            turn += 1
        }
        return try stream.finish()
    }

    @Test(arguments: [[1], [2, 3], [7], [64, 1, 300]])
    func aReplyFedInPiecesReadsAsAWholeOne(chunkSizes: [Int]) throws {
        let reply = Array(ListDecodingTests.reply(ListDecodingTests.shapes.map(\.json)).utf8)
        #expect(try ListDecodingTests.stream(reply, chunkSizes: chunkSizes) == (try LicenseListDecoder.decode(reply, path: .general)))
        for shape in ListDecodingTests.shapes {
            let bare = Array("[\(shape.json)]".utf8)
            #expect(try ListDecodingTests.stream(bare, chunkSizes: chunkSizes) == (try LicenseListDecoder.decode(bare, path: .general)), "\(shape.name)")
        }
    }

    @Test(arguments: LicenseListDecoder.Path.allCases)
    func everyShapeReadsTheSameOnBothPaths(path: LicenseListDecoder.Path) throws {
        for shape in ListDecodingTests.shapes {
            let licenses = try ListDecodingTests.decode(ListDecodingTests.reply([shape.json]), path)
            #expect(licenses.map(\.serial) == (shape.serial.map { [$0] } ?? []), "\(shape.name)")
            #expect(licenses.first?.expireAt.date.description == shape.expires, "\(shape.name)")
            // Each license is the one the single-license reader gives, document included.
            if let license = licenses.first {
                #expect(license == (try License(json: JSONParser.parse(shape.json))), "\(shape.name)")
                #expect(license.document == (try JSONParser.parse(shape.json)), "\(shape.name): the document is kept as sent")
            }
        }
        let all = try ListDecodingTests.decode(ListDecodingTests.reply(ListDecodingTests.shapes.map(\.json)), path)
        #expect(all.count == ListDecodingTests.shapes.filter { $0.serial != nil }.count)
        #expect(all == (try ListDecodingTests.decode(ListDecodingTests.reply(ListDecodingTests.shapes.map(\.json)), .general)))
    }

    @Test(arguments: LicenseListDecoder.Path.allCases)
    func canonicalLicensesReadEveryField(path: LicenseListDecoder.Path) throws {
        let licenses = try ListDecodingTests.decode(ListDecodingTests.reply([ListDecodingTests.canonicalObject, ListDecodingTests.canonicalNetifyd]), path)
        let object = try #require(licenses.first)
        #expect(object.format == .object)
        #expect(object.version == "1" && object.issuedTo == "Acme Inc." && object.renewable == true)
        #expect(object.texts[.description] == "Flow Actions" && object.texts[.notes] == "" && object.targetUID == nil)
        #expect(object.entitlements == [.flowActions, .mqttSink])
        #expect(object.createdAt?.date.description == "2025-09-13")
        #expect(object.documentText(pretty: false) == ListDecodingTests.canonicalObject)
        let agent = try #require(licenses.last)
        #expect(agent.format == .netifyd)
        #expect(agent.targetUID == "dev-9" && agent.renewable == nil && agent.createdAt == nil)
        #expect(agent.entitlements == [.flowActions, Entitlement("custom-plugin")])
        #expect(agent.netifydDocumentText(pretty: false) == ListDecodingTests.canonicalNetifyd)
    }

    @Test(arguments: LicenseListDecoder.Path.allCases)
    func envelopeShapesAreReadLeniently(path: LicenseListDecoder.Path) throws {
        let license = ListDecodingTests.canonicalObject
        for text in [
            "[\(license)]",
            " \n{\"data\": [\(license)], \"status_code\": \"0.000\"}\n",
            "{\"status_message\": \"ok\", \"status_fields\": {\"a\": [1]}, \"data\": [\(license)], \"other\": []}",
        ] {
            #expect(try ListDecodingTests.decode(text, path).map(\.serial) == ["2025-7546-23742565"], "\(text.prefix(30))")
        }
        #expect(try ListDecodingTests.decode(#"{"status_code": 0, "data": []}"#, path).isEmpty)
        // An envelope member given twice says two things: unreadable, whichever comes first.
        #expect(throws: LicensingError.self) { try ListDecodingTests.decode("{\"data\": [\(license)], \"data\": []}", path) }
    }

    @Test(arguments: LicenseListDecoder.Path.allCases)
    func repliesThatAreNotAListAreTypedErrors(path: LicenseListDecoder.Path) {
        let cases: [(String, String)] = [
            ("{\"data\": [\(ListDecodingTests.canonicalObject)", "not JSON"),
            ("{\"data\": [\(ListDecodingTests.canonicalObject)]} trailing", "not JSON"),
            ("{\"data\": [{\"serial\": \"x\u{01}\"}]}", "not JSON"),
            ("", "not JSON"),
            (#"{"status_code": 0, "data": {"serial": "2025-0001-00000001"}}"#, "expected a list"),
            (#"{"status_code": 0}"#, "expected a list"),
            (#"{"serial": "2025-0001-00000001"}"#, "expected a list"),
            ("\"licenses\"", "expected a list"),
        ]
        for (text, reason) in cases {
            do {
                _ = try ListDecodingTests.decode(text, path)
                Issue.record("\(text.prefix(40)) decoded")
            } catch {
                #expect("\(error)".contains(reason), "\(text.prefix(40)): \(error)")
            }
        }
    }

    /// Damage a canonical list byte by byte: whatever each path makes of it, the other makes the same.
    @Test func bothPathsAgreeOnDamagedReplies() throws {
        let text = ListDecodingTests.reply([ListDecodingTests.canonicalObject, ListDecodingTests.canonicalNetifyd, ListDecodingTests.canonicalObject])
        let original = Array(text.utf8)
        let replacements = Array(#"{}[]",:0119-e.\ "nutlx"#.utf8) + [0x00, 0xFF]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<3_000 {
            var damaged = original
            for _ in 0...(round % 3) {
                let position = next() % damaged.count
                switch next() % 3 {
                case 0: damaged[position] = replacements[next() % replacements.count]
                case 1: damaged.remove(at: position)
                default: damaged.insert(replacements[next() % replacements.count], at: position)
                }
            }
            let general = Result { try LicenseListDecoder.decode(damaged, path: .general) }
            let fast = Result { try LicenseListDecoder.decode(damaged, path: .fast) }
            let streamed = Result { try ListDecodingTests.stream(damaged, chunkSizes: [1 + next() % 40, 1 + next() % 200]) }
            for (name, result) in [("fast", fast), ("streamed", streamed)] {
                switch (result, general) {
                case let (.success(a), .success(b)):
                    #expect(a == b, "round \(round), \(name): \(String(decoding: damaged, as: UTF8.self))")
                case let (.failure(a), .failure(b)):
                    #expect("\(a)" == "\(b)", "round \(round), \(name): \(String(decoding: damaged, as: UTF8.self))")
                default:
                    Issue.record("round \(round): \(name) and general disagree on \(String(decoding: damaged, as: UTF8.self)): \(result) vs \(general)")
                }
            }
        }
    }

    @Test func theSandboxWritersOutputIsReadOnTheFastPathUnchanged() throws {
        let license = License(
            serial: "2026-0042-00000042", issuedTo: "Tab\tand \"quote\"", version: "1", renewable: false,
            texts: [.description: "d", .notes: "ü"], targetUID: "uid-1", entitlements: Entitlement.known,
            createdAt: LicenseInstant(date: CalendarDate("2026-01-01")!), expireAt: LicenseInstant(date: CalendarDate("2027-01-01")!))
        for format in LicenseFormat.allCases {
            var output = JSONOutput()
            Envelope.writeSuccess(to: &output) { output in
                output.beginArray()
                switch format {
                case .object: license.writeObjectDocument(to: &output)
                case .netifyd: license.writeNetifydDocument(to: &output)
                }
                output.endArray()
            }
            let fast = try LicenseListDecoder.decode(output.bytes, path: .fast)
            #expect(fast == (try LicenseListDecoder.decode(output.bytes, path: .general)))
            #expect(fast.first?.entitlements == Entitlement.known)
            #expect(fast.first?.issuedTo == license.issuedTo)
        }
    }
}
