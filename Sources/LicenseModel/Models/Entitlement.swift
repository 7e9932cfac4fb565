/// A keyword naming what a license grants.
///
/// A struct rather than an enum so that a keyword the real service adds later
/// still decodes and displays; `known` is the catalogue the seed documents.
public struct Entitlement: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Entitlement, rhs: Entitlement) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let aggregator = Entitlement("netify-proc-aggregator")
    public static let flowActions = Entitlement("netify-proc-flow-actions")
    public static let deviceDiscovery = Entitlement("netify-proc-dev-discovery")
    public static let python = Entitlement("netify-proc-python")
    public static let lua = Entitlement("netify-proc-lua")
    public static let intel = Entitlement("netify-proc-intel")
    public static let mqttSink = Entitlement("netify-sink-mqtt")
    public static let ubusSink = Entitlement("netify-sink-ubus")
    public static let applicationSignatures = Entitlement("application-signatures")

    /// The nine keywords of the seed's table, in its order.
    public static let known: [Entitlement] = [
        .aggregator, .flowActions, .deviceDiscovery, .python, .lua, .intel, .mqttSink, .ubusSink,
        .applicationSignatures,
    ]

    public var isKnown: Bool { Entitlement.known.contains(self) }

    /// What the keyword grants, from the seed's table.
    public var summary: String {
        switch rawValue {
        case "netify-proc-aggregator": return "The Netify aggregator plugin."
        case "netify-proc-flow-actions": return "The Netify flow actions plugin."
        case "netify-proc-dev-discovery": return "The Netify device discovery plugin."
        case "netify-proc-python": return "The Netify Python binding plugin."
        case "netify-proc-lua": return "The Netify Lua binding plugin."
        case "netify-proc-intel": return "The Netify Intel plugin (pending release)."
        case "netify-sink-mqtt": return "The Netify message queue (MQTT) plugin."
        case "netify-sink-ubus": return "The Netify ubus plugin."
        case "application-signatures": return "Netify commercial application signature updates (5.2 and later)."
        default: return "Not in the documented catalogue."
        }
    }

    /// A short form for narrow table columns: the keyword without its family prefix.
    public var shortName: String {
        for prefix in ["netify-proc-", "netify-sink-"] where rawValue.hasPrefix(prefix) {
            return String(rawValue.dropFirst(prefix.count))
        }
        if rawValue == "application-signatures" { return "app-sigs" }
        return rawValue
    }
}
