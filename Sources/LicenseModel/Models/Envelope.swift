/// The status envelope around every reply:
/// `{"status_code": 0, "status_message": "Success.", "data": …, "status_fields": …}`.
public struct Envelope: Sendable, Equatable {
    /// Either a number or a string such as `"422.000"`; kept as text.
    public var statusCode: String?
    public var statusMessage: String?
    public var data: JSONValue?
    /// Validation messages per field, whatever shape the server sent them in.
    public var fieldErrors: [FieldError]

    public init(statusCode: String? = nil, statusMessage: String? = nil, data: JSONValue? = nil, fieldErrors: [FieldError] = []) {
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.data = data
        self.fieldErrors = fieldErrors
    }

    /// Reads an envelope leniently. A reply without the envelope members is
    /// treated as bare data, which some proxies and older endpoints send.
    public init(json: JSONValue) {
        guard case .object = json,
              json["status_code"] != nil || json["status_message"] != nil || json["data"] != nil
        else {
            self.init(data: json)
            return
        }
        self.init(
            statusCode: json["status_code"]?.lenientString,
            statusMessage: json["status_message"]?.lenientString ?? json["message"]?.lenientString,
            data: json["data"],
            fieldErrors: FieldError.read(from: json["status_fields"] ?? json["errors"])
        )
    }

    /// The envelope's own member names: each may be given once.
    public static let memberNames: Set<String> = ["status_code", "status_message", "message", "data", "status_fields", "errors"]

    /// The first envelope member a reply gives twice (`status_code` 0 then
    /// 401, `data` twice): such a reply says two things, and which one a
    /// reader believes would be chance, so it is unreadable. Nil when none is.
    public static func repeatedMember(in json: JSONValue) -> String? {
        guard case .object(let members) = json else { return nil }
        var seen = Set<String>()
        for member in members where memberNames.contains(member.key) {
            if !seen.insert(member.key).inserted { return member.key }
        }
        return nil
    }

    /// The words for a reply that gives an envelope member twice.
    public static func repeatedMemberReason(_ name: String) -> String {
        "the reply gives \"\(name)\" twice, so it says two different things"
    }

    /// The error the envelope reports, whatever the HTTP status said: a 200
    /// whose body says `"status_code": 401` is a 401. Nil when it reports
    /// success (0, or a 2xx) or no code at all.
    public func reportedFailure(serial: String? = nil) -> LicensingError? {
        guard let text = statusCode?.trimmingWhitespace(), !text.isEmpty else { return nil }
        // "422", "422.000" and 422.0 all name the same status.
        let whole = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        guard let code = Int(whole) else {
            return .undecodableResponse(status: 200, reason: "the reply's status_code \"\(text.safeForDisplay(limit: 20))\" is not a number", bodyExcerpt: "")
        }
        if code == 0 || (200..<300).contains(code) { return nil }
        return LicensingError.from(status: code, envelope: self, retryAfter: nil, serial: serial)
    }

    /// The envelope the sandbox writes, around data the caller writes straight
    /// into the same bytes (a list of 100,000 licenses never becomes a tree).
    public static func writeSuccess(to output: inout JSONOutput, data: (inout JSONOutput) -> Void) {
        beginSuccess(to: &output)
        data(&output)
        endSuccess(to: &output)
    }

    /// Everything of a success envelope before its data, for a reply written in pieces.
    public static func beginSuccess(to output: inout JSONOutput) {
        output.beginObject()
        output.name("status_code"); output.integer(0)
        output.name("status_message"); output.string("Success.")
        output.name("data")
    }

    public static func endSuccess(to output: inout JSONOutput) {
        output.endObject()
    }

    public static func success(_ data: JSONValue) -> JSONValue {
        var output = JSONOutput()
        writeSuccess(to: &output) { data.write(to: &$0) }
        return (try? JSONParser.parse(output.bytes)) ?? .null
    }

    public static func failure(code: Int, message: String, fields: [FieldError] = []) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "status_code", value: .integer(Int64(code))),
            (key: "status_message", value: .string(message)),
        ]
        if !fields.isEmpty {
            members.append((key: "status_fields", value: .object(fields.map { (key: $0.field, value: .string($0.message)) })))
        }
        return .object(members)
    }
}

/// One validation message about one request member: what a server says in
/// `status_fields`, and what a failed `LicenseRules` check says.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }

    /// Accepts `{"field": "msg"}`, `{"field": ["msg", …]}`, `[{"field": …, "message": …}]`
    /// and `["field: msg", …]`.
    static func read(from json: JSONValue?) -> [FieldError] {
        switch json {
        case .object(let members)?:
            return members.flatMap { member -> [FieldError] in
                switch member.value {
                case .array(let messages):
                    return messages.compactMap { $0.lenientString.map { FieldError(field: member.key, message: $0) } }
                case .object:
                    let text = member.value["message"]?.lenientString ?? member.value.serialized()
                    return [FieldError(field: member.key, message: text)]
                default:
                    return [FieldError(field: member.key, message: member.value.lenientString ?? member.value.serialized())]
                }
            }
        case .array(let items)?:
            return items.compactMap { item in
                if let text = item.stringValue {
                    guard let colon = text.firstIndex(of: ":") else { return FieldError(field: "", message: text) }
                    return FieldError(
                        field: String(text[..<colon]),
                        message: text[text.index(after: colon)...].trimmingWhitespace())
                }
                let field = item["field"]?.lenientString ?? item["name"]?.lenientString ?? ""
                guard let message = item["message"]?.lenientString ?? item["error"]?.lenientString else { return nil }
                return FieldError(field: field, message: message)
            }
        default:
            return []
        }
    }
}
