import LicenseModel

/// Where the team journal lives: a libpq-style URI,
/// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`.
/// The password is a secret: `shown` is the URL without it, and that is all
/// any message or `config show` ever prints.
public struct JournalURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or nothing, the certificate not checked.
        case require
        /// TLS, the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// The URL without its password, for every message.
    public var shown: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user.safeForDisplay(limit: 63))@\(hostPart.safeForDisplay(limit: 255)):\(port)/\(database.safeForDisplay(limit: 63))?sslmode=\(sslMode.rawValue)"
    }

    /// Reads the URI; a message about a bad one never repeats what stood where
    /// the password goes.
    public init(parsing text: String) throws(LicensingError) {
        func fail(_ why: String) -> LicensingError {
            .configuration(message: "journal_url is not usable: \(why); write it as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full].")
        }
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= 2_048 else { throw fail("it is longer than 2,048 bytes") }
        var rest: Substring
        if trimmed.hasPrefix("postgresql://") {
            rest = trimmed.dropFirst("postgresql://".count)
        } else if trimmed.hasPrefix("postgres://") {
            rest = trimmed.dropFirst("postgres://".count)
        } else {
            throw fail("it does not start with postgresql://")
        }
        // The password may hold `?` and `/`: the query begins after the last `@`.
        guard let at = rest.lastIndex(of: "@") else { throw fail("it names no user (USER@HOST)") }
        var query: Substring = ""
        if let mark = rest[at...].firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let credentials = rest[..<at]
        var location = rest[rest.index(after: at)...]
        let userPart: Substring
        var passwordPart: Substring?
        if let colon = credentials.firstIndex(of: ":") {
            userPart = credentials[..<colon]
            passwordPart = credentials[credentials.index(after: colon)...]
        } else {
            userPart = credentials
        }
        guard let user = JournalURL.percentDecoded(userPart), !user.isEmpty, user.isSafeForDisplay() else { throw fail("its user is empty or not readable") }
        var password: String?
        if let passwordPart {
            guard let decoded = JournalURL.percentDecoded(passwordPart) else { throw fail("its password is not readable (percent-encode special characters)") }
            password = decoded.isEmpty ? nil : decoded
        }
        guard let slash = location.firstIndex(of: "/") else { throw fail("it names no database (HOST/DATABASE)") }
        let databasePart = location[location.index(after: slash)...]
        location = location[..<slash]
        guard let database = JournalURL.percentDecoded(databasePart), !database.isEmpty, database.isSafeForDisplay(), !database.contains("/") else {
            throw fail("its database name is empty or not readable")
        }
        var host: Substring
        var portText: Substring?
        if location.hasPrefix("[") {
            guard let close = location.firstIndex(of: "]") else { throw fail("its IPv6 host has no closing ]") }
            host = location[location.index(after: location.startIndex)..<close]
            let after = location[location.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw fail("text follows its IPv6 host") }
        } else if let colon = location.lastIndex(of: ":") {
            host = location[..<colon]
            portText = location[location.index(after: colon)...]
        } else {
            host = location
        }
        guard !host.isEmpty, host.utf8.count <= 255,
              host.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ".-:_".unicodeScalars.contains($0)) })
        else { throw fail("its host is empty or not a host name or address") }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else { throw fail("its port is not a number from 1 to 65535") }
            port = value
        }
        var sslMode = SSLMode.prefer
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == "sslmode" else {
                throw fail("\(String(parts[0]).safeForDisplay(limit: 30)) is not a parameter it reads (only sslmode)")
            }
            guard let mode = SSLMode(rawValue: String(parts[1])) else {
                throw fail("sslmode=\(String(parts[1]).safeForDisplay(limit: 30)) is not disable, prefer, require or verify-full")
            }
            sslMode = mode
        }
        self.init(user: user, password: password, host: String(host), port: port, database: database, sslMode: sslMode)
    }

    /// `%XX` decoded; nil for a broken escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
