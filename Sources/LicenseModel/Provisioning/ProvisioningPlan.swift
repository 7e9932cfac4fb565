/// What applying a provisioning file would do to the key's licenses, row by
/// row, decided before anything is sent (`apply`'s plan, printed and confirmed).
///
/// - A row is matched to a license by its serial, else by its device (`target_uid`).
/// - No license: **create**. Entitlements, issued-to or device differ: **re-issue**
///   (the API has no update: a new license with the same expiry, then the old
///   one deleted). A later `expire_at`: **renew**. Otherwise **unchanged**: a
///   term in days never renews, or the same file would renew every day.
/// - An earlier `expire_at` is a **skip** with the reason, unless `allowEarlier`.
/// - Two licenses for one device, one matching the row, the other the old half
///   of a re-issue whose delete failed (as the change journal recorded it):
///   the old one is **deleted**, finishing it. Any other license of the device
///   (its own entitlements) is left alone.
/// - A move to a device that already holds a license with an entitlement in
///   common is a **skip**: the server would refuse the new license.
/// - With `prune`, every license bound to a device that no row names is **deleted**.
public struct ProvisioningPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case create(CreateLicenseRequest)
        case renew(serial: String, from: CalendarDate, to: CalendarDate)
        case reissue(serial: String, current: CalendarDate, CreateLicenseRequest)
        /// Deletes licenses: a pruned device's, or the leftover of a half-done re-issue.
        case delete(serials: [String], keeping: String?)
        case unchanged(serial: String)
        case skip(serial: String?, reason: String)

        public var name: String {
            switch self {
            case .create: return "create"
            case .renew: return "renew"
            case .reissue: return "re-issue"
            case .delete: return "delete"
            case .unchanged: return "unchanged"
            case .skip: return "skip"
            }
        }

        /// The action sends a request.
        public var sends: Bool {
            switch self {
            case .create, .renew, .reissue, .delete: return true
            case .unchanged, .skip: return false
            }
        }
    }

    public struct Step: Sendable, Equatable {
        /// The device's target UID, or the serial, as the report names it.
        public var device: String
        /// Where the row is in the file; nil for a pruned license no row names.
        public var location: String?
        public var action: Action
        /// The expiry the license will have after this step, when known.
        public var expiry: CalendarDate?
        /// Why, in a few words ("entitlements differ: +lua").
        public var detail: String
    }

    public var steps: [Step]
    /// Rows that will act every time the file is applied, and the like.
    public var warnings: [String]
    public var today: CalendarDate

    public func count(_ name: String) -> Int { steps.filter { $0.action.name == name }.count }
    public var deletes: Int { steps.reduce(0) { total, step in if case .delete(let serials, _) = step.action { return total + serials.count }; return total } }
    public var sendsAnything: Bool { steps.contains { $0.action.sends } }

    /// `N to create, N to renew, …` for the confirmation.
    public var summary: String {
        let parts = [("create", "to create"), ("renew", "to renew"), ("re-issue", "to re-issue"), ("delete", "to delete"), ("unchanged", "unchanged"), ("skip", "skipped")]
        return parts.map { name, label in "\(name == "delete" ? deletes : count(name)) \(label)" }.joined(separator: ", ")
    }

    /// Plans `rows` against the key's `licenses`. Throws when a row would send
    /// a date the rules refuse, so nothing is sent for a file with such a row.
    /// `leftovers`: serials the change journal names as the old half of a
    /// re-issue whose delete failed; only those are deleted to finish one.
    public static func make(
        rows: [DeviceRow], licenses: [License], path: String, today: CalendarDate, prune: Bool = false, allowEarlier: Bool = false,
        leftovers: Set<String> = []
    ) throws(ProvisioningFileError) -> ProvisioningPlan {
        var bySerial: [String: License] = [:]
        bySerial.reserveCapacity(licenses.count)
        var byDevice: [String: [License]] = [:]
        byDevice.reserveCapacity(licenses.count)
        for license in licenses {
            bySerial[license.serial] = license
            if let uid = license.targetUID, !uid.isEmpty { byDevice[uid, default: []].append(license) }
        }
        // A license a serial row names is that row's, whatever device it is bound to.
        let claimedBySerial = Set(rows.compactMap(\.serial))
        var steps: [Step] = []
        steps.reserveCapacity(rows.count)
        var warnings: [String] = []
        for row in rows {
            var step: Step
            if let serial = row.serial {
                if let license = bySerial[serial] {
                    step = compare(row, with: license, today: today, allowEarlier: allowEarlier)
                } else {
                    step = Step(device: row.device, location: row.location, action: .skip(serial: serial, reason: "no license \(serial) for this key"), expiry: nil, detail: "")
                }
            } else if let uid = row.targetUID {
                let found = (byDevice[uid] ?? []).filter { !claimedBySerial.contains($0.serial) }
                switch found.count {
                case 0: step = create(row, today: today)
                case 1: step = compare(row, with: found[0], today: today, allowEarlier: allowEarlier)
                default: step = settle(row, licenses: found, leftovers: leftovers, today: today, allowEarlier: allowEarlier)
                }
            } else {
                warnings.append("\(row.location) names neither a device (target_uid) nor a serial: it creates a new license every time the file is applied.")
                step = create(row, today: today)
            }
            if case .reissue(let serial, _, let request) = step.action, let device = request.targetUID,
               let other = (byDevice[device] ?? []).first(where: { $0.serial != serial && !Set($0.entitlements).isDisjoint(with: request.entitlements) }) {
                // A move onto a device that already holds one of these entitlements: the server would refuse it.
                step = Step(
                    device: row.device, location: row.location,
                    action: .skip(serial: serial, reason: "device \(device.safeForDisplay(limit: 60)) already holds \(other.serial) with an entitlement in common; delete or change that one first"),
                    expiry: nil, detail: "")
            }
            try check(step, row: row, path: path, today: today)
            steps.append(step)
        }
        if prune {
            let named = Set(rows.compactMap(\.targetUID))
            for license in licenses where !claimedBySerial.contains(license.serial) {
                guard let uid = license.targetUID, !uid.isEmpty, !named.contains(uid) else { continue }
                steps.append(Step(
                    device: uid, location: nil, action: .delete(serials: [license.serial], keeping: nil), expiry: nil,
                    detail: "no row names this device (--prune); was to expire \(license.expireAt.date)"))
            }
        }
        return ProvisioningPlan(steps: steps, warnings: warnings, today: today)
    }

    static func create(_ row: DeviceRow, today: CalendarDate) -> Step {
        var expiry: CalendarDate?
        switch row.expiry {
        case .date(let date): expiry = date
        case .durationDays(let days): expiry = today.adding(days: days)
        case .keyMaximum: expiry = nil
        }
        let detail = expiry == nil ? "the key's longest term" : ""
        return Step(device: row.device, location: row.location, action: .create(row.createRequest(expiry: row.expiry)), expiry: expiry, detail: detail)
    }

    /// What differs between a row and its license, in the fields a license cannot change.
    static func differences(_ row: DeviceRow, _ license: License) -> [String] {
        var differences: [String] = []
        if row.issuedTo != license.issuedTo, row.issuedTo != license.issuedTo.trimmingWhitespace() { differences.append("issued to differs") }
        // The same list in the same order is the common case: no sets to build.
        if row.entitlements != license.entitlements, Set(row.entitlements) != Set(license.entitlements) {
            let wanted = Set(row.entitlements), held = Set(license.entitlements)
            let added = wanted.subtracting(held).sorted().map { "+" + $0.shortName }
            let removed = held.subtracting(wanted).sorted().map { "-" + $0.shortName }
            differences.append("entitlements differ: " + (added + removed).joined(separator: " "))
        }
        if let uid = row.targetUID, uid != license.targetUID { differences.append("moves to device \(uid)") }
        return differences
    }

    static func compare(_ row: DeviceRow, with license: License, today: CalendarDate, allowEarlier: Bool) -> Step {
        let current = license.expireAt.date
        var wanted: CalendarDate?
        if case .date(let date) = row.expiry { wanted = date }
        func step(_ action: Action, _ expiry: CalendarDate?, _ detail: String) -> Step {
            Step(device: row.device, location: row.location, action: action, expiry: expiry, detail: detail)
        }
        let differences = differences(row, license)
        if let wanted, wanted < current, !allowEarlier {
            return step(
                .skip(serial: license.serial, reason: "the file asks for \(wanted), earlier than the license's \(current); pass --allow-earlier to mean it"),
                current, "")
        }
        if !differences.isEmpty {
            // The new license keeps the old one's expiry (or the file's, when later).
            let target = max(current, wanted ?? current)
            var expiry = ExpiryRequest.date(target)
            if target <= today {
                guard case .durationDays(let days) = row.expiry else {
                    return step(.skip(serial: license.serial, reason: "expired on \(current): give the row an expire_at or duration_days to re-issue it"), current, "")
                }
                expiry = .durationDays(days)
            }
            let after = expiry == .date(target) ? target : today.adding(days: row.expiry.durationDays ?? 0)
            return step(.reissue(serial: license.serial, current: current, row.createRequest(expiry: expiry)), after, differences.joined(separator: "; "))
        }
        guard let wanted, wanted != current else { return step(.unchanged(serial: license.serial), current, "") }
        if license.renewable == false {
            return step(.skip(serial: license.serial, reason: "the license is not renewable; re-issue it by changing the row, or delete it"), current, "")
        }
        let change = wanted.days(since: current)
        return step(.renew(serial: license.serial, from: current, to: wanted), wanted, "\(current) → \(wanted), \(change > 0 ? "+" : "")\(change) days")
    }

    /// Several licenses for one device. A re-issue whose delete failed leaves
    /// the new one (matching the row) and the old one, which the journal
    /// names: the old one is deleted, when the kept license lasts at least as
    /// long. Any other license of the device is its own and stays.
    static func settle(_ row: DeviceRow, licenses: [License], leftovers: Set<String>, today: CalendarDate, allowEarlier: Bool) -> Step {
        let serials = licenses.map(\.serial).sorted().joined(separator: ", ")
        let matching = licenses.filter { differences(row, $0).isEmpty }.max { $0.expireAt < $1.expireAt }
        let old = licenses.filter { leftovers.contains($0.serial) && $0.serial != matching?.serial }
        guard let keep = matching ?? licenses.first(where: { !leftovers.contains($0.serial) }) else {
            return Step(
                device: row.device, location: row.location,
                action: .skip(serial: nil, reason: "\(licenses.count) licenses for this device (\(serials)) and none matches the row; delete the extra ones by hand"),
                expiry: nil, detail: "")
        }
        guard !old.isEmpty, matching != nil else {
            // Nothing left over from a re-issue: the row is about the license that matches it, or the one it would change.
            let own = licenses.filter { !leftovers.contains($0.serial) }
            if own.count == 1 || matching != nil { return compare(row, with: keep, today: today, allowEarlier: allowEarlier) }
            return Step(
                device: row.device, location: row.location,
                action: .skip(serial: nil, reason: "\(licenses.count) licenses for this device (\(serials)) and none matches the row; give the row the serial it is about"),
                expiry: nil, detail: "")
        }
        if let longer = old.first(where: { $0.expireAt > keep.expireAt }) {
            return Step(
                device: row.device, location: row.location,
                action: .skip(serial: keep.serial, reason: "\(longer.serial) for this device lasts longer (\(longer.expireAt.date)) than \(keep.serial), which matches the row; delete one by hand"),
                expiry: nil, detail: "")
        }
        return Step(
            device: row.device, location: row.location, action: .delete(serials: old.map(\.serial), keeping: keep.serial), expiry: keep.expireAt.date,
            detail: "finishes a re-issue: keeps \(keep.serial), deletes \(old.map(\.serial).joined(separator: ", "))")
    }

    /// A date that would be sent must pass the rules the server applies.
    static func check(_ step: Step, row: DeviceRow, path: String, today: CalendarDate) throws(ProvisioningFileError) {
        let expiry: ExpiryRequest
        switch step.action {
        case .create(let request), .reissue(_, _, let request): expiry = request.expiry
        case .renew(_, _, let to): expiry = .date(to)
        default: return
        }
        if let violation = LicenseRules.check(expiry, today: today) {
            throw ProvisioningFileError(path: path, location: row.location, field: violation.field, message: violation.message)
        }
    }
}

extension ExpiryRequest {
    var durationDays: Int? {
        if case .durationDays(let days) = self { return days }
        return nil
    }
}
