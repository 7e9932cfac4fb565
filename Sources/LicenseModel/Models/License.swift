/// One license, read from either format.
///
/// Members a format does not carry are nil (a netifyd document has no
/// `renewable` or free texts). Unknown members are ignored for the
/// fields, but kept in `document`, so a license is exported as the server
/// sent it.
public struct License: Sendable, Equatable, Identifiable {
    // Stored widest first, the one-byte fields last: a fleet holds a million
    // of these, and declared in the fields' own order they took 152 bytes
    // each, 16 of them padding around the optional flag and moment.
    public var serial: String
    public var issuedTo: String
    public var version: String?
    /// The free texts (description, notes): see `FreeText`.
    public var texts: FreeTexts
    public var targetUID: String?
    public var entitlements: [Entitlement]
    public var expireAt: LicenseInstant
    /// How the server's document is kept; see `DocumentStorage`.
    package var storage: DocumentStorage
    public var createdAt: LicenseInstant?
    public var renewable: Bool?
    /// The format the server answered in.
    public var format: LicenseFormat

    /// A fleet list holds 100,000 licenses: a document that is exactly what the
    /// fields would write again is not kept twice, and one that is not is kept
    /// as compact bytes rather than a tree of values.
    package enum DocumentStorage: Sendable, Equatable {
        /// The document is the canonical one for `format`, written from the fields.
        case canonical
        /// The server's document, compact JSON.
        case compact(DocumentBytes)
    }

    public var id: String { serial }

    public init(
        serial: String, issuedTo: String, version: String? = nil, renewable: Bool? = nil,
        texts: FreeTexts = [:], targetUID: String? = nil,
        entitlements: [Entitlement], createdAt: LicenseInstant? = nil, expireAt: LicenseInstant,
        format: LicenseFormat = .object, document: JSONValue? = nil
    ) {
        self.init(
            serial: serial, issuedTo: issuedTo, version: version, renewable: renewable, texts: texts,
            targetUID: targetUID, entitlements: entitlements, createdAt: createdAt, expireAt: expireAt, format: format, storage: .canonical)
        if let document { keep(document) }
    }

    /// Every field as it is stored, the document's storage given: for the
    /// readers that decode a license into its fields (the fast reader, the
    /// cache), a million times over, with nothing to decide about a document.
    package init(
        serial: String, issuedTo: String, version: String?, renewable: Bool?, texts: FreeTexts,
        targetUID: String?, entitlements: [Entitlement], createdAt: LicenseInstant?, expireAt: LicenseInstant,
        format: LicenseFormat, storage: DocumentStorage
    ) {
        self.serial = serial
        self.issuedTo = issuedTo
        self.version = version
        self.renewable = renewable
        self.texts = texts
        self.targetUID = targetUID
        self.entitlements = entitlements
        self.createdAt = createdAt
        self.expireAt = expireAt
        self.format = format
        self.storage = storage
    }

    /// Keeps `document` unless it is the canonical document of the fields.
    mutating func keep(_ document: JSONValue) {
        let sent = document.serializedBytes()
        var canonical = JSONOutput(reservingCapacity: sent.count)
        writeCanonicalDocument(to: &canonical)
        storage = canonical.bytes == sent ? .canonical : .compact(DocumentBytes(sent))
    }

    /// The license as the server sent it.
    public var document: JSONValue {
        var output = JSONOutput()
        writeDocument(to: &output)
        return License.tree(output.bytes)
    }

    /// Writes the license as the server sent it.
    public func writeDocument(to output: inout JSONOutput) {
        switch storage {
        case .canonical: writeCanonicalDocument(to: &output)
        case .compact(let bytes): output.rawValue(bytes)
        }
    }

    /// Reads a license from either format; throws a message naming the
    /// member that is missing or unreadable.
    public init(json: JSONValue) throws(LicenseDecodingError) {
        guard let members = json.objectValue else {
            throw LicenseDecodingError("expected a license object, got \(json.typeName)")
        }
        // One pass over the members (a list holds 100,000 of these), by the
        // field table. A field given twice is unreadable: the license would be
        // classified by one value and printed with both.
        var serial: String?, expireAt: JSONValue?, issuedTo: String?, version: String?, renewable: Bool?
        var texts = FreeTexts(), targetUID: String?, createdAt: JSONValue?, entitlements: JSONValue?
        var seenFields = 0
        var seen = Set<String>()
        var agentEntitlements: [Entitlement] = []
        for member in members {
            guard let field = LicenseField(jsonName: member.key) else {
                if !LicenseField.netifydReservedMembers.contains(member.key), case .object = member.value, seen.insert(member.key).inserted {
                    agentEntitlements.append(Entitlement(member.key))
                }
                continue
            }
            guard seenFields & (1 << field.rawValue) == 0 else {
                let shown = (serial ?? "").safeForDisplay(limit: 40)
                throw LicenseDecodingError("license \(shown.isEmpty ? "" : shown + " ")gives \"\(field.jsonName)\" twice")
            }
            seenFields |= 1 << field.rawValue
            switch field {
            case .serial: serial = member.value.lenientString ?? ""
            case .expireAt: expireAt = member.value
            case .issuedTo: issuedTo = member.value.lenientString
            case .version: version = member.value.lenientString
            case .renewable: renewable = member.value.lenientBool
            case .text(let text): texts[text] = member.value.lenientString
            case .targetUID: targetUID = member.value.lenientString
            case .createdAt: createdAt = member.value
            case .entitlements: entitlements = member.value
            }
        }
        guard let serial, !serial.isEmpty else {
            throw LicenseDecodingError("license has no \"serial\"")
        }
        guard let expireAt, let expiry = LicenseInstant(json: expireAt) else {
            throw LicenseDecodingError("license \(serial.safeForDisplay(limit: 40)) has no readable \"expire_at\"")
        }
        self.serial = serial
        self.expireAt = expiry
        self.issuedTo = issuedTo ?? ""
        self.version = version
        self.renewable = renewable
        self.texts = texts
        self.targetUID = targetUID
        self.createdAt = createdAt.flatMap(LicenseInstant.init(json:))
        if let list = entitlements?.arrayValue {
            self.format = .object
            self.entitlements = list.compactMap { $0.lenientString.map(Entitlement.init(rawValue:)) }
        } else if let map = entitlements?.objectValue {
            self.format = .object
            self.entitlements = map.map { Entitlement($0.key) }
        } else {
            self.format = .netifyd
            self.entitlements = agentEntitlements
        }
        self.storage = .canonical
        keep(json)
    }

    /// The netifyd-format document: what the agent loads. When the server sent
    /// this format, its own document is returned unchanged.
    public var netifydDocument: JSONValue {
        var output = JSONOutput()
        writeNetifydDocument(to: &output)
        return License.tree(output.bytes)
    }

    /// Our own writer's output always parses; `.null` only guards against a defect there.
    private static func tree(_ bytes: [UInt8]) -> JSONValue {
        (try? JSONParser.parse(bytes)) ?? .null
    }

    /// Fills the members a netifyd document lacks from an object-format copy of the same license.
    public func merging(metadataFrom other: License) -> License {
        var merged = self
        merged.renewable = renewable ?? other.renewable
        merged.texts = texts.filled(from: other.texts)
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
