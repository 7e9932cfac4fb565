/// A parsed JSON document.
///
/// The client and the sandbox both read JSON through this type instead of
/// `Codable`: the real service's shapes vary (numbers as strings, objects or
/// arrays for the same member), and the sandbox must name the exact member that
/// has the wrong type. Objects keep their member order so that a netifyd
/// license written back to disk reads like the one the server sent.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// Any other JSON number, kept as the text the document spelled it with
    /// (a fraction, an exponent, more digits than 64 bits hold), so it is
    /// written back byte for byte: `1e400` stays `1e400`, a 30-digit integer
    /// keeps every digit. Compared by value where both sides are finite.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)):
            if a == b { return true }
            guard let x = Double(a), let y = Double(b), x.isFinite, y.isFinite else { return false }
            return x == y
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)):
            guard let value = Double(b), value.isFinite else { return false }
            return Double(a) == value
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// A member that is there and not null: the OpenAPI document's "null means
    /// absent". (Written out because `nil` in a closure returning JSONValue is
    /// `.null`, this type being ExpressibleByNilLiteral: the trap that made the
    /// sandbox read `"duration_days": null` as given.)
    public func present(_ key: String) -> JSONValue? {
        guard let value = self[key], !value.isNull else { return Optional<JSONValue>.none }
        return value
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// An integer given as a JSON number without fraction, or as a string of digits.
    public var lenientInteger: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let text):
            guard let value = Double(text), value.rounded() == value, abs(value) < 9e15 else { return nil }
            return Int64(value)
        case .string(let text):
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else { return nil }
            if let value = Int64(trimmed) { return value }
            if let value = Double(trimmed), value.rounded() == value, abs(value) < 9e15 { return Int64(value) }
            return nil
        default: return nil
        }
    }

    /// Text for display of a scalar in any of its JSON forms.
    public var lenientString: String? {
        switch self {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// A boolean given as true/false, 1/0, or "true"/"false"/"yes"/"no"/"1"/"0".
    public var lenientBool: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .integer(let value): return value != 0
        case .string(let text):
            switch text.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A short name for the JSON type, used in messages ("expected a string, got a number").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace, without Foundation.
    public func trimmingWhitespace() -> String {
        // Most text has nothing to trim: it is returned as it is, not copied.
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !first.properties.isWhitespace, !last.properties.isWhitespace {
            return String(self)
        }
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(floatLiteral value: Double) { self = value.rounded() == value && abs(value) < 9e15 ? .integer(Int64(value)) : .number(String(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
    public init(nilLiteral: ()) { self = .null }
}
