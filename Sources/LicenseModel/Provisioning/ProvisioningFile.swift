/// Reads a provisioning file: CSV with a header, or a JSON array of the same
/// objects (the shape `list --output json` writes is one). Every row is checked
/// by `LicenseRules` here; every bad row (up to `ProvisioningFileError.reportedRows`)
/// is named in one error, with the file, the row and the field, so a file with
/// one bad row sends nothing at all and a file with several is fixed in one pass.
public enum ProvisioningFile {
    /// The largest file read: 100,000 devices in CSV are about 15 MB.
    public static let maximumBytes = 64 << 20
    /// The columns a CSV may have. The extra columns `list --output csv`
    /// writes are read past, so an exported list can be edited and applied.
    public static let columns = [LicenseField.serial, .targetUID, .issuedTo, .entitlements, .expireAt].map(\.jsonName)
        + ["duration_days"] + FreeText.allCases.map(\.jsonName)
    static let exportedColumns: Set<String> = Set([LicenseField.renewable, .createdAt, .version].map(\.jsonName)).union(["days_left", "status", "format", "context"])

    public static func read(_ bytes: [UInt8], path: String) throws(ProvisioningFileError) -> [DeviceRow] {
        guard bytes.count <= maximumBytes else {
            throw ProvisioningFileError(path: path, location: "", field: "", message: "is \(bytes.count) bytes; the limit is \(maximumBytes) (split it into several files)")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let rows = first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? try json(body, path: path) : try csv(body, path: path)
        try checkDevicesUnique(rows, path: path)
        return rows
    }

    // MARK: CSV

    static func csv(_ bytes: [UInt8], path: String) throws(ProvisioningFileError) -> [DeviceRow] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ProvisioningFileError(path: path, location: "", field: "", message: "is not UTF-8 text; save it as UTF-8 CSV or JSON")
        }
        let records = CSVRecords.parse(text)
        guard let header = records.first else {
            throw ProvisioningFileError(path: path, location: "", field: "", message: "is empty; give a header line (\(columns.joined(separator: ","))) and a line per device")
        }
        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        for name in names where !columns.contains(name) && !exportedColumns.contains(name) {
            throw ProvisioningFileError(
                path: path, location: "line \(header.line)", field: "",
                message: "has a column \"\(name.safeForDisplay(limit: 40))\" that is not one of \(columns.joined(separator: ", "))")
        }
        for required in [LicenseField.issuedTo, .entitlements].map(\.jsonName) where !names.contains(required) {
            throw ProvisioningFileError(path: path, location: "line \(header.line)", field: "", message: "has no \(required) column; the header needs \(required)")
        }
        var position: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard position[name] == nil else {
                throw ProvisioningFileError(path: path, location: "line \(header.line)", field: "", message: "has the column \(name) twice; keep one")
            }
            position[name] = index
        }
        var rows: [DeviceRow] = []
        var problems: [ProvisioningFileError] = []
        rows.reserveCapacity(records.count)
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].trimmingWhitespace().isEmpty) {
            let location = "line \(record.line)"
            guard !record.unclosedQuote else {
                problems.append(ProvisioningFileError(path: path, location: location, field: "", message: "has a quoted field that is never closed (a \" without its pair); close it or remove the quote"))
                continue
            }
            guard record.fields.count == names.count else {
                problems.append(ProvisioningFileError(path: path, location: location, field: "", message: "has \(record.fields.count) fields; the header has \(names.count) (leave a field empty, but keep its comma)"))
                continue
            }
            do throws(ProvisioningFileError) {
                rows.append(try row(path: path, location: location) { name in
                    guard let column = position[name], column < record.fields.count else { return .absent }
                    let cell = record.fields[column]
                    guard !cell.isEmpty, !cell.trimmingWhitespace().isEmpty else { return .absent }
                    return .text(CSVRecords.unneutralised(cell))
                })
            } catch {
                problems.append(error)
            }
        }
        if let every = ProvisioningFileError(problems) { throw every }
        return rows
    }

    // MARK: JSON

    static func json(_ bytes: [UInt8], path: String) throws(ProvisioningFileError) -> [DeviceRow] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ProvisioningFileError(path: path, location: "", field: "", message: "is not valid JSON (\(error)); give an array of devices")
        }
        guard let items = document.arrayValue ?? document["devices"]?.arrayValue else {
            throw ProvisioningFileError(path: path, location: "", field: "", message: "is not a JSON array; give an array of devices, as list --output json writes")
        }
        var rows: [DeviceRow] = []
        var problems: [ProvisioningFileError] = []
        rows.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let location = "item \(index + 1)"
            guard let members = item.objectValue else {
                problems.append(ProvisioningFileError(path: path, location: location, field: "", message: "is not an object; each device is {\"target_uid\": …, \"issued_to\": …, \"entitlements\": […]}"))
                continue
            }
            // A misspelt member ("targetUid") must not turn a device into a new license every run.
            if let unknown = members.first(where: { !columns.contains($0.key) && !exportedColumns.contains($0.key) }) {
                problems.append(ProvisioningFileError(
                    path: path, location: location, field: "",
                    message: "has a member \"\(unknown.key.safeForDisplay(limit: 40))\" that is not one of \(columns.joined(separator: ", "))"))
                continue
            }
            do throws(ProvisioningFileError) {
                rows.append(try row(path: path, location: location) { name in
                    guard let value = item[name], !value.isNull else { return .absent }
                    switch value {
                    case .string(let text): return text.trimmingWhitespace().isEmpty ? .absent : .text(text)
                    case .integer(let number): return .text(String(number))
                    case .number(let text): return .text(text)
                    case .array(let items):
                        var names: [String] = []
                        for item in items {
                            guard let name = item.stringValue else { return .wrongType("must be an array of strings") }
                            names.append(name)
                        }
                        return .list(names)
                    case .object:
                        // A listed license's expire_at: {"unix": …, "date": "YYYY-MM-DD"}.
                        if let date = value["date"]?.stringValue { return .text(date) }
                        if let instant = LicenseInstant(json: value) { return .text(instant.date.description) }
                        return .wrongType("must be a string")
                    case .bool: return .wrongType("must be a string")
                    case .null: return .absent
                    }
                })
            } catch {
                problems.append(error)
            }
        }
        if let every = ProvisioningFileError(problems) { throw every }
        return rows
    }

    // MARK: One row

    enum Cell {
        case absent
        case text(String)
        case list([String])
        case wrongType(String)
    }

    /// Builds and checks one row from its cells, whatever the file's format.
    static func row(path: String, location: String, _ cell: (String) -> Cell) throws(ProvisioningFileError) -> DeviceRow {
        func fail(_ field: String, _ message: String) -> ProvisioningFileError {
            ProvisioningFileError(path: path, location: location, field: field, message: message)
        }
        func text(_ field: String) throws(ProvisioningFileError) -> String? {
            switch cell(field) {
            case .absent: return nil
            case .text(let text): return text
            case .list: throw fail(field, "must be a string, not an array")
            case .wrongType(let message): throw fail(field, message)
            }
        }
        func checked(_ field: LicenseRules.TextField) throws(ProvisioningFileError) -> String? {
            let value = try text(field.apiName)
            if let violation = LicenseRules.check(value ?? "", as: field) { throw fail(violation.field, violation.message) }
            // A free text is kept as written; a name or a device is trimmed.
            if case .text = field { return value }
            return value.map { $0.trimmingWhitespace() }
        }
        let issuedTo = try checked(.issuedTo) ?? ""
        let targetUID = try checked(.targetUID)
        var texts = FreeTexts()
        for text in FreeText.allCases { texts[text] = try checked(.text(text)) }
        var serial: String?
        if let given = try text("serial")?.trimmingWhitespace() {
            if let violation = LicenseRules.check(serial: given) { throw fail("serial", violation.message) }
            serial = given
        }
        let names: [String]
        switch cell("entitlements") {
        case .absent: names = []
        case .text(let text): names = text.split { $0 == ";" || $0 == " " || $0 == "," || $0 == "\t" }.map(String.init)
        case .list(let list): names = list
        case .wrongType(let message): throw fail("entitlements", message)
        }
        var entitlements: [Entitlement] = []
        for name in names {
            guard let entitlement = LicenseRules.entitlement(named: name) else {
                throw fail("entitlements", LicenseRules.unknownEntitlement(name).message)
            }
            if !entitlements.contains(entitlement) { entitlements.append(entitlement) }
        }
        if let violation = LicenseRules.check(entitlements: entitlements) { throw fail(violation.field, violation.message) }
        var expiry = ExpiryRequest.keyMaximum
        let date = try text("expire_at"), days = try text("duration_days")
        if date != nil, days != nil { throw fail("expire_at", LicenseRules.bothExpiryMembers.message) }
        if let date {
            // A listed license's date may carry a time ("2027-01-01 00:00:00"); the day is what counts.
            let day = date.trimmingWhitespace().prefix(10)
            guard day.count == 10, let parsed = CalendarDate(day) else {
                // Written as a date, but not one the calendar has (2027-02-30).
                let shaped = day.count == 10 && day.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 ? $0.element == "-" : $0.element.isASCII && $0.element.isNumber }
                throw fail("expire_at", shaped ? "is \(day), which is not a day of the calendar" : LicenseRules.dateShapeViolation.message)
            }
            expiry = .date(parsed)
        }
        if let days {
            switch LicenseRules.durationDays(days) {
            case .success(let value): expiry = .durationDays(value)
            case .failure(let violation): throw fail("duration_days", violation.message)
            }
        }
        var row = DeviceRow(
            location: location, serial: serial, targetUID: targetUID, issuedTo: issuedTo, entitlements: entitlements,
            expiry: expiry, texts: texts)
        row.context = try text("context")?.trimmingWhitespace()
        return row
    }

    /// A device, or a serial, named twice: the file cannot say which row wins.
    static func checkDevicesUnique(_ rows: [DeviceRow], path: String) throws(ProvisioningFileError) {
        var devices: [String: String] = [:], serials: [String: String] = [:]
        for row in rows {
            if let uid = row.targetUID {
                if let earlier = devices[uid] {
                    throw ProvisioningFileError(
                        path: path, location: row.location, field: "target_uid",
                        message: "\"\(uid.safeForDisplay(limit: 60))\" is also on \(earlier); a device has one row")
                }
                devices[uid] = row.location
            }
            if let serial = row.serial {
                if let earlier = serials[serial] {
                    throw ProvisioningFileError(path: path, location: row.location, field: "serial", message: "\(serial) is also on \(earlier); a license has one row")
                }
                serials[serial] = row.location
            }
        }
    }
}

/// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line
/// breaks; a record ends at CRLF or LF outside quotes. Each record remembers
/// the line it starts on, for messages.
package enum CSVRecords {
    package struct Record {
        var line: Int
        var fields: [String]
        /// The file ended inside this record's quoted field.
        var unclosedQuote = false
    }

    /// Works on the UTF-8 bytes: every delimiter is ASCII, so a field is a run
    /// of bytes decoded once (a scalar at a time was most of a 100,000-row plan).
    package static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, afterQuote = false
        var line = 1, recordLine = 1
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var utf8 = Array(text.utf8)
        utf8.append(0)  // a sentinel, so a look at the next byte never runs off the end
        var index = 0
        let end = utf8.count - 1
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < end {
            let byte = utf8[index]
            index += 1
            if quoted {
                if byte == quote {
                    if utf8[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !afterQuote:
                quoted = true
            case comma:
                endField()
                afterQuote = false
            case cr:
                // CRLF ends the record at the LF; a lone CR is kept out of fields.
                break
            case lf:
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                afterQuote = false
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
        }
        if !field.isEmpty || !fields.isEmpty || quoted {
            endField()
            records.append(Record(line: recordLine, fields: fields, unclosedQuote: quoted))
        }
        return records
    }

    /// Undoes the quote `list --output csv` puts before a leading formula
    /// character (`= + - @`, tab, CR), so an exported list reads back as written.
    static func unneutralised(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, "=+-@\t\r".unicodeScalars.contains(second) else { return field }
        return String(String.UnicodeScalarView(scalars.dropFirst()))
    }
}
