import GRDB
import LicenseModel

/// The Licensing API's rules, independent of HTTP: who may see what, what a
/// valid request is, and what each operation changes.
public struct LicenseService: Sendable {
    public let database: SandboxDatabase
    let now: @Sendable () -> Int64

    public init(database: SandboxDatabase, now: @escaping @Sendable () -> Int64 = currentUnixSeconds) {
        self.database = database
        self.now = now
    }

    var today: CalendarDate { CalendarDate(unixSeconds: now()) }

    // MARK: Keys

    /// The key that `x-api-key` names, or 401.
    public func authenticate(_ presented: String?) async throws(SandboxError) -> SandboxKey {
        guard let presented, !presented.isEmpty else {
            throw .unauthorized("No API key: send it in the x-api-key header.")
        }
        guard let id = SandboxKey.identifier(of: presented), let key = try await database.key(id: id), key.matches(presented) else {
            throw .unauthorized("The API key is not recognised: check it, or issue one with `netify-licenses sandbox keys add`.")
        }
        return key
    }

    /// Issues a key; the returned text is the only time the key exists in the clear.
    public func issueKey(label: String = "", policy: KeyPolicy = .unrestricted) async throws(SandboxError) -> (key: String, record: SandboxKey) {
        try policy.validate()
        let (text, id) = SandboxKey.generate()
        let record = SandboxKey(id: id, secretHash: SandboxKey.hash(text), label: label, policy: policy, createdAt: now())
        try await database.insert(record)
        return (text, record)
    }

    // MARK: Licenses

    public func list(key: SandboxKey) async throws(SandboxError) -> [StoredLicense] {
        try await database.licenses(keyID: key.id)
    }

    /// Writes the key's list reply, handing it over in pieces of about
    /// `pieceBytes` as they are written: the first bytes leave while later rows
    /// are still being read, and a 100k list is never held whole.
    /// `emit` returns false when nobody wants more.
    public func writeList(key: SandboxKey, format: LicenseFormat, pieceBytes: Int = 256 * 1024, emit: @escaping @Sendable ([UInt8]) -> Bool) async throws(SandboxError) {
        let writer = ListWriter(format: format, pieceBytes: pieceBytes, emit: emit)
        try await database.forEachLicense(keyID: key.id) { writer.write($0) }
        writer.finish()
    }

    public func view(serial: String, key: SandboxKey) async throws(SandboxError) -> StoredLicense {
        try LicenseService.validateSerial(serial)
        guard let license = try await database.license(serial: serial, keyID: key.id) else { throw LicenseService.unknownSerial(serial) }
        return license
    }

    public func create(_ body: JSONValue, key: SandboxKey) async throws(SandboxError) -> StoredLicense {
        var problems: [FieldError] = []
        let issuedTo = text(body, .issuedTo, problems: &problems)
        let targetUID = text(body, .targetUID, problems: &problems)
        var texts = FreeTexts()
        for freeText in FreeText.allCases { texts[freeText] = text(body, .text(freeText), problems: &problems) }
        let entitlements = readEntitlements(body["entitlements"], problems: &problems)
        var renewable = true
        if let value = body["renewable"], !value.isNull {
            if let flag = value.boolValue { renewable = flag } else {
                problems.append(FieldError(field: "renewable", message: "must be true or false, not \(value.typeName)"))
            }
        }
        let term = readExpiry(body, problems: &problems)
        if key.policy.requiresTargetUID, targetUID?.isEmpty ?? true, !problems.contains(where: { $0.field == "target_uid" }) {
            problems.append(FieldError(field: "target_uid", message: "is required: this API key may only issue licenses bound to a device"))
        }
        guard problems.isEmpty, let issuedTo, let entitlements, let term else { throw .invalid(problems) }

        let expireDay = try checkedExpiry(term, key: key)
        if let outside = entitlements.first(where: { !key.policy.allowedEntitlements.contains($0) }) {
            throw .forbidden("This API key may not grant \(outside); it may grant \(key.policy.allowedEntitlements.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        let today = self.today
        let keyID = key.id
        let draft = StoredLicense(
            serial: "", keyID: keyID, issuedTo: issuedTo, texts: texts,
            targetUID: (targetUID?.isEmpty ?? true) ? nil : targetUID, entitlements: entitlements, renewable: renewable,
            createdDay: today, expireDay: expireDay)
        return try await database.write { db in
            if let target = draft.targetUID {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT serial, entitlements FROM license WHERE key_id = ? AND target_uid = ? AND expire_day > ?",
                    arguments: [keyID, target, today.daysSinceEpoch])
                for row in rows {
                    let held = Set((row["entitlements"] as String).split(separator: " ").map { Entitlement(String($0)) })
                    if let overlap = draft.entitlements.first(where: held.contains) {
                        let serial: String = row["serial"]
                        throw SandboxError.conflict("Device \(target) already holds \(overlap) through license \(serial); renew that license instead of issuing another.")
                    }
                }
            }
            var license = draft
            repeat {
                license.serial = LicenseService.newSerial(year: today.components.year)
            } while try Row.fetchOne(db, sql: "SELECT 1 FROM license WHERE serial = ?", arguments: [license.serial]) != nil
            try SandboxDatabase.insert(license, db: db)
            return license
        }
    }

    public func renew(serial: String, _ body: JSONValue, key: SandboxKey) async throws(SandboxError) -> StoredLicense {
        var problems: [FieldError] = []
        let term = readExpiry(body, problems: &problems)
        guard problems.isEmpty, let term else { throw .invalid(problems) }
        let existing = try await view(serial: serial, key: key)
        guard existing.renewable else {
            throw .conflict("License \(serial) is not renewable; issue a new license instead.")
        }
        let expireDay = try checkedExpiry(term, key: key)
        let keyID = key.id
        return try await database.write { db in
            try db.execute(sql: "UPDATE license SET expire_day = ? WHERE serial = ? AND key_id = ?", arguments: [expireDay.daysSinceEpoch, serial, keyID])
            guard db.changesCount == 1 else { throw LicenseService.unknownSerial(serial) }
            var renewed = existing
            renewed.expireDay = expireDay
            return renewed
        }
    }

    public func delete(serial: String, key: SandboxKey) async throws(SandboxError) -> StoredLicense {
        let existing = try await view(serial: serial, key: key)
        let keyID = key.id
        try await database.write { db in
            try db.execute(sql: "DELETE FROM license WHERE serial = ? AND key_id = ?", arguments: [serial, keyID])
            guard db.changesCount == 1 else { throw LicenseService.unknownSerial(serial) }
        }
        return existing
    }

    // MARK: Validation

    /// A value that cannot be a serial is answered as a license that does not exist.
    static func validateSerial(_ serial: String) throws(SandboxError) {
        if let violation = LicenseRules.check(serial: serial) {
            throw .notFound("\(violation.message); list licenses to find it.")
        }
    }

    static func unknownSerial(_ serial: String) -> SandboxError {
        .notFound("No license with serial \(serial) exists for this API key.")
    }

    static func newSerial(year: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + generator.next() % 10))) })
        }
        return "\(year)-\(digits(4))-\(digits(8))"
    }

    /// Reads a free-text member and checks it by `LicenseRules`, noting what is wrong with it.
    func text(_ body: JSONValue, _ field: LicenseRules.TextField, problems: inout [FieldError]) -> String? {
        guard let value = body[field.apiName], !value.isNull else {
            if field.isRequired { problems.append(FieldError(field: field.apiName, message: "is required")) }
            return nil
        }
        guard let text = value.stringValue else {
            problems.append(FieldError(field: field.apiName, message: "must be a string, not \(value.typeName)"))
            return nil
        }
        if let violation = LicenseRules.check(text, as: field) {
            problems.append(violation)
            return nil
        }
        return text.trimmingWhitespace()
    }

    func readEntitlements(_ value: JSONValue?, problems: inout [FieldError]) -> [Entitlement]? {
        guard let value, !value.isNull else {
            problems.append(FieldError(field: "entitlements", message: "is required"))
            return nil
        }
        guard let items = value.arrayValue else {
            problems.append(FieldError(field: "entitlements", message: "must be an array of keywords, not \(value.typeName)"))
            return nil
        }
        var result: [Entitlement] = []
        var seen: Set<Entitlement> = []
        for item in items {
            guard let keyword = item.stringValue else {
                problems.append(FieldError(field: "entitlements", message: "must hold only strings, not \(item.typeName)"))
                return nil
            }
            let entitlement = Entitlement(keyword)
            // The first unknown keyword decides the reply: the rest of a long array is not read.
            guard entitlement.isKnown else {
                problems.append(LicenseRules.unknownEntitlement(keyword))
                return nil
            }
            if seen.insert(entitlement).inserted { result.append(entitlement) }
        }
        if let violation = LicenseRules.check(entitlements: result) {
            problems.append(violation)
            return nil
        }
        return result
    }

    /// The requested term: an explicit date, a number of days, or the key's maximum.
    enum Term {
        case date(CalendarDate)
        case days(Int)
        case keyMaximum
    }

    func readExpiry(_ body: JSONValue, problems: inout [FieldError]) -> Term? {
        let date = body.present("expire_at")
        let days = body.present("duration_days")
        switch (date, days) {
        case (.some, .some):
            problems.append(LicenseRules.bothExpiryMembers)
            return nil
        case (let value?, nil):
            // The member is exactly YYYY-MM-DD (`format: date` in the OpenAPI document); only typed input is trimmed.
            let text = value.stringValue ?? value.serialized()
            guard text == text.trimmingWhitespace() else {
                problems.append(LicenseRules.dateShapeViolation)
                return nil
            }
            switch LicenseRules.expiryDate(text, today: today) {
            case .success(let date): return .date(date)
            case .failure(let violation):
                problems.append(violation)
                return nil
            }
        case (nil, let value?):
            // A number, or a string of digits (some clients send every member as text).
            let text: String
            switch value {
            case .integer(let number): text = String(number)
            case .string(let digits): text = digits
            default: text = ""
            }
            switch LicenseRules.durationDays(text) {
            case .success(let days): return .days(days)
            case .failure(let violation):
                problems.append(violation)
                return nil
            }
        case (nil, nil):
            return .keyMaximum
        }
    }

    /// Applies the key's policy to a term: the day the license will expire, or 403.
    func checkedExpiry(_ term: Term, key: SandboxKey) throws(SandboxError) -> CalendarDate {
        let today = self.today
        let days: Int
        switch term {
        case .date(let date): days = date.days(since: today)
        case .days(let count): days = count
        case .keyMaximum: days = key.policy.maximumTermDays
        }
        guard days <= key.policy.maximumTermDays else {
            throw .forbidden("A term of \(days) days is beyond this API key's maximum of \(key.policy.maximumTermDays) days; ask for \(key.policy.maximumTermDays) days or fewer.")
        }
        return today.adding(days: days)
    }
}

/// The state of one list reply being written, row by row, on the database's reader queue.
private final class ListWriter: @unchecked Sendable {
    // One reader queue calls `write` for every row in turn, then `finish`: never concurrently.
    private var output: JSONOutput
    private let format: LicenseFormat
    private let pieceBytes: Int
    private let emit: @Sendable ([UInt8]) -> Bool
    private var wanted = true

    init(format: LicenseFormat, pieceBytes: Int, emit: @escaping @Sendable ([UInt8]) -> Bool) {
        self.format = format
        self.pieceBytes = pieceBytes
        self.emit = emit
        output = JSONOutput(reservingCapacity: pieceBytes + 4096)
        Envelope.beginSuccess(to: &output)
        output.beginArray()
    }

    /// Returns whether to go on.
    func write(_ license: StoredLicense) -> Bool {
        license.write(format, to: &output)
        if output.bytes.count >= pieceBytes { wanted = emit(output.takeBytes()) }
        return wanted
    }

    func finish() {
        guard wanted else { return }
        output.endArray()
        Envelope.endSuccess(to: &output)
        _ = emit(output.takeBytes())
    }
}
