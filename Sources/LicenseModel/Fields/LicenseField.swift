/// The field table: every member a license has, its JSON name, its place in
/// each format's document, its label and how a person sees it.
///
/// The document writers, the list decoder's fast reader, the CLI's `show` and
/// CSV cells, the dashboard's detail pane, change detection (`ListChanges`)
/// and the create that restores a license read this table (the last three in
/// `LicenseField+Values.swift`, exhaustive switches a new field must answer).
/// A free text (a note, a description) is one case, `.text`, with its own
/// table in `FreeText.swift`: a new one is added there. Not through this
/// table: the CLI's table columns and the dashboard's columns, which choose
/// what fits on a line.
public enum LicenseField: CaseIterable, Sendable, Hashable, RawRepresentable {
    case version, serial, issuedTo, renewable
    case text(FreeText)
    case targetUID, entitlements, createdAt, expireAt

    /// Every field, in the object format's order.
    public static let allCases: [LicenseField] =
        [.version, .serial, .issuedTo, .renewable] + FreeText.allCases.map(LicenseField.text) + [.targetUID, .entitlements, .createdAt, .expireAt]

    /// The field's place in `allCases`: the decoders keep seen fields as bits,
    /// and the fast reader packs member orders four bits a field, so there are
    /// at most 13 fields (`FreeTextTableTests` holds it).
    public var rawValue: Int {
        switch self {
        case .version: return 0
        case .serial: return 1
        case .issuedTo: return 2
        case .renewable: return 3
        case .text(let text): return 4 + text.rawValue
        case .targetUID: return 4 + FreeText.allCases.count
        case .entitlements: return 5 + FreeText.allCases.count
        case .createdAt: return 6 + FreeText.allCases.count
        case .expireAt: return 7 + FreeText.allCases.count
        }
    }

    public init?(rawValue: Int) {
        guard LicenseField.allCases.indices.contains(rawValue) else { return nil }
        self = LicenseField.allCases[rawValue]
    }

    /// The member name in both formats.
    public var jsonName: String {
        switch self {
        case .version: return "version"
        case .serial: return "serial"
        case .issuedTo: return "issued_to"
        case .renewable: return "renewable"
        case .text(let text): return text.jsonName
        case .targetUID: return "target_uid"
        case .entitlements: return "entitlements"
        case .createdAt: return "created_at"
        case .expireAt: return "expire_at"
        }
    }

    /// How the field is named to a person (table headers, the detail pane, `show`).
    public var label: String {
        switch self {
        case .version: return "Version"
        case .serial: return "Serial"
        case .issuedTo: return "Issued to"
        case .renewable: return "Renewable"
        case .text(let text): return text.label
        case .targetUID: return "Target UID"
        case .entitlements: return "Entitlements"
        case .createdAt: return "Created"
        case .expireAt: return "Expires"
        }
    }

    /// Where a field goes in a format's document.
    public enum Placement: Sendable, Equatable {
        /// Always written, with a default when the license has no value.
        case always
        /// Written only when the license has a value.
        case whenPresent
        /// Written as one member per entitlement (`"keyword": {"not_valid_after": …}`).
        case entitlementMembers
        /// Not part of the format.
        case absent
    }

    public func placement(in format: LicenseFormat) -> Placement {
        switch (format, self) {
        case (.object, _): return .always
        case (.netifyd, .version), (.netifyd, .serial), (.netifyd, .issuedTo), (.netifyd, .expireAt): return .always
        case (.netifyd, .targetUID): return .whenPresent
        case (.netifyd, .entitlements): return .entitlementMembers
        case (.netifyd, _): return .absent
        }
    }

    /// The order of the members each format's writer uses.
    public static func documentOrder(_ format: LicenseFormat) -> [LicenseField] {
        switch format {
        case .object: return objectOrder
        case .netifyd: return netifydOrder
        }
    }

    static let objectOrder: [LicenseField] = allCases
    static let netifydOrder: [LicenseField] = [.version, .serial, .issuedTo, .targetUID, .expireAt, .entitlements]

    /// The field a member name spells, compared as bytes (the decoder never
    /// builds the name as a String; the field it expects next it tries first, as a token).
    static func named(utf8 bytes: UnsafeBufferPointer<UInt8>) -> LicenseField? {
        // Names differ in length or first byte, so most candidates fail on the first comparison.
        guard let first = bytes.first else { return nil }
        for field in allCases where namesUTF8[field.rawValue].count == bytes.count && namesUTF8[field.rawValue][0] == first {
            if namesUTF8[field.rawValue].withUnsafeBufferPointer({ ByteOrder.equal($0, bytes) }) { return field }
        }
        return nil
    }

    /// The field a member name spells: the table read backwards.
    public init?(jsonName: String) {
        guard let field = LicenseField.byJSONName[jsonName] else { return nil }
        self = field
    }

    private static let byJSONName: [String: LicenseField] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.jsonName, $0) })

    private static let namesUTF8: [[UInt8]] = allCases.map { Array($0.jsonName.utf8) }

    /// Names that are never a netifyd entitlement member: the fields, and the
    /// envelope-like members a netifyd document may carry.
    static let netifydReservedMembers: Set<String> = Set(allCases.map(\.jsonName)).union(["format", "signature"])
}

// MARK: Writing

extension LicenseField {
    /// Writes this field's member(s) of `license` as `format` places them.
    func write(_ license: License, format: LicenseFormat, to output: inout JSONOutput) {
        let placement = placement(in: format)
        switch placement {
        case .absent:
            return
        case .entitlementMembers:
            let notValidAfter = license.expireAt.date
            for entitlement in license.entitlements {
                output.name(entitlement.rawValue)
                output.beginObject()
                output.name("not_valid_after"); output.date(notValidAfter)
                output.endObject()
            }
            return
        case .whenPresent:
            guard hasValue(in: license) else { return }
        case .always:
            break
        }
        output.name(jsonName)
        switch self {
        case .version: output.string(license.version ?? "1")
        case .serial: output.string(license.serial)
        case .issuedTo: output.string(license.issuedTo)
        case .renewable: output.bool(license.renewable ?? true)
        case .text(let text): output.string(license.texts[text] ?? "")
        case .targetUID:
            if let target = license.targetUID { output.string(target) } else { output.null() }
        case .entitlements:
            output.beginArray()
            for entitlement in license.entitlements { output.string(entitlement.rawValue) }
            output.endArray()
        case .createdAt: (license.createdAt ?? license.expireAt).write(to: &output)
        case .expireAt: license.expireAt.write(to: &output)
        }
    }

    func hasValue(in license: License) -> Bool {
        switch self {
        case .version: return license.version != nil
        case .serial, .issuedTo, .expireAt, .entitlements: return true
        case .renewable: return license.renewable != nil
        case .text(let text): return license.texts[text] != nil
        case .targetUID: return license.targetUID != nil
        case .createdAt: return license.createdAt != nil
        }
    }
}

// MARK: Showing

extension LicenseField {
    /// The field as a person reads it, the same in the CLI and the dashboard.
    /// Dates are `YYYY-MM-DD`; a value the server did not send is `unknownText`.
    public func displayText(of license: License) -> String {
        switch self {
        case .version: return license.version ?? LicenseField.unknownText
        case .serial: return license.serial
        case .issuedTo: return license.issuedTo
        case .renewable:
            switch license.renewable {
            case true?: return "yes"
            case false?: return "no"
            case nil: return LicenseField.unknownText
            }
        case .text(let text): return license.texts[text] ?? ""
        case .targetUID: return license.targetUID ?? "none (any device)"
        case .entitlements: return license.entitlements.map(\.rawValue).joined(separator: ", ")
        case .createdAt: return license.createdAt.map { $0.date.description } ?? LicenseField.unknownText
        case .expireAt: return license.expireAt.date.description
        }
    }

    /// What a value the server did not send reads as, everywhere.
    public static let unknownText = "unknown"
}

/// The lines of a license's detail, as `show` prints them and the dashboard's
/// detail pane draws them: one label and value per field, dates with how far
/// away they are, each entitlement with what it grants.
public struct LicenseDetail: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var value: String
        /// The field the line shows; nil for derived lines (status, format).
        public var field: LicenseField?
        /// Whether the line speaks of the expiry status, and is drawn in its colour.
        public var showsStatus = false
    }

    public var lines: [Line]

    public init(_ license: License, now: Int64, thresholds: ExpiryThresholds) {
        var lines: [Line] = []
        let status = thresholds.status(of: license.expireAt, now: now)
        let today = CalendarDate(unixSeconds: now)
        for field in LicenseField.detailOrder {
            switch field {
            case .expireAt:
                let date = license.expireAt.date
                lines.append(Line(label: field.label, value: "\(date) (\(RelativeDate.describe(date, today: today)))", field: field, showsStatus: true))
                lines.append(Line(label: "Status", value: "\(status.symbol) \(status.label)", field: nil, showsStatus: true))
            case .createdAt:
                let value = license.createdAt.map { "\($0.date) (\(RelativeDate.describe($0.date, today: today)))" } ?? LicenseField.unknownText
                lines.append(Line(label: field.label, value: value, field: field))
            case .entitlements:
                if license.entitlements.isEmpty {
                    lines.append(Line(label: field.label, value: "none", field: field))
                }
                for (index, entitlement) in license.entitlements.enumerated() {
                    lines.append(Line(label: index == 0 ? field.label : "", value: "\(entitlement.rawValue): \(entitlement.summary)", field: field))
                }
            default:
                lines.append(Line(label: field.label, value: field.displayText(of: license), field: field))
            }
        }
        lines.append(Line(label: "Format", value: license.format.rawValue, field: nil))
        self.lines = lines
    }

    /// The widest label, for aligning values.
    public var labelWidth: Int { lines.map(\.label.count).max() ?? 0 }
}

extension LicenseField {
    /// The order fields are listed in a license's detail: what identifies it, then its term.
    public static let detailOrder: [LicenseField] = [
        .serial, .issuedTo, .expireAt, .renewable, .entitlements, .targetUID,
    ] + FreeText.allCases.map(LicenseField.text) + [.createdAt, .version]
}
