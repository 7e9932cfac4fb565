/// One license, read from either format.
///
/// Members a format does not carry are nil (a netifyd document has no
/// `renewable`, `description` or `notes`). Unknown members are ignored; the
/// netifyd document itself is kept in `document` so it can be exported
/// byte-for-byte in meaning.
public struct License: Sendable, Equatable, Identifiable {
    public var serial: String
    public var issuedTo: String
    public var version: String?
    public var renewable: Bool?
    public var description: String?
    public var notes: String?
    public var targetUID: String?
    public var entitlements: [Entitlement]
    public var createdAt: LicenseInstant?
    public var expireAt: LicenseInstant
    /// The format the server answered in.
    public var format: LicenseFormat
    /// The license as the server sent it.
    public var document: JSONValue

    public var id: String { serial }

    public init(
        serial: String, issuedTo: String, version: String? = nil, renewable: Bool? = nil,
        description: String? = nil, notes: String? = nil, targetUID: String? = nil,
        entitlements: [Entitlement], createdAt: LicenseInstant? = nil, expireAt: LicenseInstant,
        format: LicenseFormat = .object, document: JSONValue? = nil
    ) {
        self.serial = serial
        self.issuedTo = issuedTo
        self.version = version
        self.renewable = renewable
        self.description = description
        self.notes = notes
        self.targetUID = targetUID
        self.entitlements = entitlements
        self.createdAt = createdAt
        self.expireAt = expireAt
        self.format = format
        self.document = .null
        self.document = document ?? objectDocument
    }

    /// Members of a netifyd document that are not entitlements.
    static let netifydReservedMembers: Set<String> = [
        "version", "serial", "issued_to", "target_uid", "expire_at", "created_at", "description", "notes",
        "renewable", "entitlements", "format", "signature",
    ]

    /// Reads a license from either format; throws a message naming the
    /// member that is missing or unreadable.
    public init(json: JSONValue) throws(LicenseDecodingError) {
        guard let members = json.objectValue else {
            throw LicenseDecodingError("expected a license object, got \(json.typeName)")
        }
        guard let serial = json["serial"]?.lenientString, !serial.isEmpty else {
            throw LicenseDecodingError("license has no \"serial\"")
        }
        guard let expireValue = json["expire_at"], let expireAt = LicenseInstant(json: expireValue) else {
            throw LicenseDecodingError("license \(serial) has no readable \"expire_at\"")
        }
        self.serial = serial
        self.expireAt = expireAt
        self.issuedTo = json["issued_to"]?.lenientString ?? ""
        self.version = json["version"]?.lenientString
        self.renewable = json["renewable"]?.lenientBool
        self.description = json["description"]?.lenientString
        self.notes = json["notes"]?.lenientString
        self.targetUID = json["target_uid"]?.lenientString
        self.createdAt = json["created_at"].flatMap(LicenseInstant.init(json:))
        self.document = json
        if let list = json["entitlements"]?.arrayValue {
            self.format = .object
            self.entitlements = list.compactMap { $0.lenientString.map(Entitlement.init(rawValue:)) }
        } else if let map = json["entitlements"]?.objectValue {
            self.format = .object
            self.entitlements = map.map { Entitlement($0.key) }
        } else {
            self.format = .netifyd
            self.entitlements = members.compactMap { member in
                guard !License.netifydReservedMembers.contains(member.key), case .object = member.value else { return nil }
                return Entitlement(member.key)
            }
        }
    }

    /// The object-format representation (what the sandbox serves for `format=object`).
    public var objectDocument: JSONValue {
        .object([
            (key: "version", value: .string(version ?? "1")),
            (key: "serial", value: .string(serial)),
            (key: "issued_to", value: .string(issuedTo)),
            (key: "renewable", value: .bool(renewable ?? true)),
            (key: "description", value: .string(description ?? "")),
            (key: "notes", value: .string(notes ?? "")),
            (key: "target_uid", value: targetUID.map(JSONValue.string) ?? .null),
            (key: "entitlements", value: .array(entitlements.map { .string($0.rawValue) })),
            (key: "created_at", value: (createdAt ?? expireAt).json),
            (key: "expire_at", value: expireAt.json),
        ])
    }

    /// The netifyd-format document: what the agent loads. When the server sent
    /// this format, its own document is returned unchanged.
    public var netifydDocument: JSONValue {
        if format == .netifyd, case .object = document { return document }
        var members: [(key: String, value: JSONValue)] = [
            (key: "version", value: .string(version ?? "1")),
            (key: "serial", value: .string(serial)),
            (key: "issued_to", value: .string(issuedTo)),
        ]
        if let targetUID { members.append((key: "target_uid", value: .string(targetUID))) }
        members.append((key: "expire_at", value: expireAt.json))
        let notValidAfter = JSONValue.object([(key: "not_valid_after", value: .string(expireAt.date.description))])
        for entitlement in entitlements {
            members.append((key: entitlement.rawValue, value: notValidAfter))
        }
        return .object(members)
    }

    /// Fills the members a netifyd document lacks from an object-format copy of the same license.
    public func merging(metadataFrom other: License) -> License {
        var merged = self
        merged.renewable = renewable ?? other.renewable
        merged.description = description ?? other.description
        merged.notes = notes ?? other.notes
        merged.createdAt = createdAt ?? other.createdAt
        merged.version = version ?? other.version
        merged.targetUID = targetUID ?? other.targetUID
        return merged
    }
}

/// A license member that could not be read, described for a person.
public struct LicenseDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
