import LicenseModel
import Testing

@Suite("Lenient decoding")
struct DecodingTests {
    @Test func calendarDatesRoundTripAndRejectImpossibleDays() {
        #expect(CalendarDate("2025-10-13")?.description == "2025-10-13")
        #expect(CalendarDate("1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDate("2024-02-29") != nil)
        for bad in ["2025-02-29", "2025-13-01", "2025-1-01", "13/10/2025", "2025-10-13T00:00", "", "abcd-ef-gh"] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        let day = CalendarDate(year: 2000, month: 3, day: 1)!
        #expect(CalendarDate(unixSeconds: day.unixSeconds + 86_399) == day)
        #expect(day.adding(days: -1).description == "2000-02-29")
    }

    @Test func parserAcceptsJSONAndRejectsEverythingElse() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5e3, true, null, "\u00e9\ud83d\ude00\n"], "b": {}}"#)
        #expect(value["a"]?.arrayValue?.count == 5)
        #expect(value["a"]?.arrayValue?[4].stringValue == "é😀\n")
        #expect(value["a"]?.arrayValue?[1] == .number("-2.5e3"))
        for bad in ["", "{", "[1,]", "{\"a\":1,}", "01", "\"\\x\"", "\"\\ud800\"", "tru", "{} {}", String(repeating: "[", count: 300)] {
            #expect(throws: JSONSyntaxError.self, "\(bad.prefix(10))") { try JSONParser.parse(bad) }
        }
    }

    @Test func writerRoundTripsThroughTheParser() throws {
        let value: JSONValue = ["name": "Zürich \"Mesh\"\n\u{01}", "list": [1, 2.5, false, nil], "nested": ["x": []]]
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serialized(pretty: true)) == value)
        // Every character that must be escaped, at every position of strings
        // longer than the eight bytes the writer tests at a time.
        for special in ["\"", "\\", "\n", "\u{1F}", "\u{00}", "é", "😀"] {
            for length in 0...20 {
                for position in 0...length {
                    let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position)
                    #expect(try JSONParser.parse(JSONValue.string(text).serialized()) == .string(text), "\(text.debugDescription)")
                }
            }
        }
        for number: Int64 in [0, 7, -7, 10, 1_760_313_600, -1_760_313_600, Int64.max, Int64.min + 1] {
            #expect(JSONValue.integer(number).serialized() == String(number))
        }
    }

    @Test(arguments: [
        #"{"unix": 1760313600, "date": "2025-10-13"}"#,
        #"{"unix": "1760313600"}"#,
        #"{"date": "2025-10-13"}"#,
        "1760313600",
        #""2025-10-13""#,
        #""1760313600""#,
    ])
    func expiryReadsInEveryKnownShape(expireAt: String) throws {
        let license = try License(json: JSONParser.parse(#"{"serial": "2025-7546-23742565", "issued_to": "Acme", "expire_at": \#(expireAt), "future_member": {"x": 1}}"#))
        #expect(license.expireAt.date.description == "2025-10-13")
    }

    @Test func netifydLicenseYieldsItsEntitlementsFromTopLevelMembers() throws {
        let license = try License(json: JSONParser.parse("""
            {"version": "1", "serial": "2025-7546-23742565", "issued_to": "Acme Inc.", "target_uid": "dev-9",
             "expire_at": {"unix": 1760313600, "date": "2025-10-13"},
             "netify-proc-flow-actions": {"not_valid_after": "2025-10-13"},
             "netify-sink-mqtt": {"not_valid_after": "2025-10-13"}}
            """))
        #expect(license.format == .netifyd)
        #expect(license.entitlements == [.flowActions, .mqttSink])
        #expect(license.targetUID == "dev-9")
        #expect(license.renewable == nil)
        #expect(license.netifydDocument == license.document)
    }

    @Test func objectLicenseReadsEveryDocumentedMember() throws {
        let license = try License(json: JSONParser.parse("""
            {"version": "1", "serial": "2025-7546-23742565", "issued_to": "Acme", "renewable": false,
             "description": "d", "notes": "n", "target_uid": null, "entitlements": ["netify-proc-lua", "something-new"],
             "created_at": {"unix": 1757721600, "date": "2025-09-13"}, "expire_at": {"unix": 1760313600, "date": "2025-10-13"}}
            """))
        #expect(license.renewable == false)
        #expect(license.targetUID == nil)
        #expect(license.entitlements == [.lua, Entitlement("something-new")])
        #expect(license.createdAt?.date.description == "2025-09-13")
        let agent = license.netifydDocument
        #expect(agent["netify-proc-lua"]?["not_valid_after"] == "2025-10-13")
        #expect(agent["renewable"] == nil)
    }

    @Test func aLicenseWithoutSerialOrExpiryIsATypedError() {
        #expect(throws: LicenseDecodingError.self) { try License(json: ["issued_to": "x", "expire_at": 1]) }
        #expect(throws: LicenseDecodingError.self) { try License(json: ["serial": "x", "expire_at": "soon"]) }
        #expect(throws: LicenseDecodingError.self) { try License(json: [1, 2]) }
    }

    @Test func envelopeReadsStatusCodesAndFieldsInEveryShape() throws {
        let stringCode = Envelope(json: try JSONParser.parse(#"{"status_code": "422.000", "status_message": "Invalid", "status_fields": {"issued_to": ["is required", "is too short"], "expire_at": "bad"}}"#))
        #expect(stringCode.statusCode == "422.000")
        #expect(stringCode.fieldErrors == [
            FieldError(field: "issued_to", message: "is required"), FieldError(field: "issued_to", message: "is too short"),
            FieldError(field: "expire_at", message: "bad"),
        ])
        let arrayFields = Envelope(json: try JSONParser.parse(#"{"status_code": 422, "status_fields": [{"field": "notes", "message": "too long"}, "target_uid: required"]}"#))
        #expect(arrayFields.statusCode == "422")
        #expect(arrayFields.fieldErrors == [FieldError(field: "notes", message: "too long"), FieldError(field: "target_uid", message: "required")])
        let bare = Envelope(json: try JSONParser.parse("[1]"))
        #expect(bare.data == [1])
    }

    @Test func errorsSayWhatHappenedAndWhatToDo() {
        let validation = LicensingError.from(
            status: 422, envelope: Envelope(statusMessage: "Invalid", fieldErrors: [FieldError(field: "expire_at", message: "is in the past")]),
            retryAfter: nil, serial: nil)
        #expect(validation.fieldErrors.map(\.field) == ["expire_at"])
        // The headline names the field; its message is listed once, beneath or beside it.
        #expect(validation.description == "The server rejected expire_at (422); correct it and submit again.")
        #expect(validation.fieldErrors.map(\.message) == ["is in the past"])
        for status in [400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503, 504, 418] {
            let error = LicensingError.from(status: status, envelope: nil, retryAfter: 3, serial: "2025-7546-23742565")
            #expect(error.httpStatus == status)
            #expect(error.description.contains(";"), "\(status) has no advice")
        }
        #expect(LicensingError.from(status: 429, envelope: nil, retryAfter: 3, serial: nil).description.contains("wait 3 s"))
    }
}
