import LicenseModel
import Foundation

/// Where the Licensing API lives: scheme, host, port and an optional path prefix.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    public let pathPrefix: String

    public static let production = try! Endpoint(parsing: "https://agents.netify.ai")

    /// Accepts `https://host[:port][/prefix]` and `http://…`; anything else
    /// is an error that says what a valid value looks like.
    public init(parsing text: String) throws(LicensingError) {
        let trimmed = text.trimmingWhitespace()
        func invalid(_ why: String) -> LicensingError {
            .configuration(message: "The endpoint \"\(trimmed)\" is not usable: \(why); give a URL such as https://agents.netify.ai.")
        }
        guard let schemeEnd = trimmed.range(of: "://") else { throw invalid("it has no scheme") }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("only http and https are supported") }
        let rest = trimmed[schemeEnd.upperBound...]
        let separators: Set<Character> = ["/", "?", "#"]
        let authorityEnd = rest.firstIndex(where: { separators.contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else { throw invalid("credentials in the URL are not supported") }
        var host = String(authority)
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("the IPv6 address is not closed") }
            host = String(authority[authority.startIndex...close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw invalid("the port is not a number from 1 to 65535") }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw invalid("the port is not a number from 1 to 65535")
            }
            port = value
        }
        guard !host.isEmpty else { throw invalid("it has no host") }
        let pathPart = rest[authorityEnd...]
        guard !pathPart.contains("?"), !pathPart.contains("#") else { throw invalid("query strings and fragments are not supported") }
        var prefix = String(pathPart)
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.pathPrefix = prefix
    }

    public init(loopbackPort: Int, host: String = "127.0.0.1") {
        self.scheme = "http"
        self.host = host
        self.port = loopbackPort
        self.pathPrefix = ""
    }

    public var baseURL: String {
        scheme + "://" + host + (port.map { ":\($0)" } ?? "") + pathPrefix
    }

    public var licensesURL: String { baseURL + "/api/v2/integrator/licenses" }

    public var description: String { baseURL }

    /// Loopback by the name alone only for `localhost` and literal loopback
    /// addresses: `*.localhost` would be looked up in DNS, which may answer anything.
    public var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether a URL's host is this machine (for a plain-http webhook in tests and on one host).
    public static func isLoopbackURL(_ text: String) -> Bool {
        guard text.hasPrefix("http://") else { return false }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return false }
        var host = String(authority)
        if host.hasPrefix("[") { host = String(host.prefix { $0 != "]" }) + "]" } else if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// A key may travel over TLS, or in the clear only to this machine.
    public var mayCarryKeys: Bool { scheme == "https" || isLoopback }

    /// Escapes everything but unreserved characters, so a serial can never
    /// add path segments (`/`, `..`) or smuggle escapes.
    public static func escapePathComponent(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
