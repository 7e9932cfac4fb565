import Foundation
import GRDB
import LicenseModel
import LocalStore
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#endif

/// Every parser of outside input, as a libFuzzer target. Each takes any bytes
/// and must neither trap nor break its promise; what it finds wrong it
/// returns, and the driver aborts so libFuzzer keeps the input. The corpus of
/// each lives in `Tests/Fuzz/corpus/NAME/` and is replayed by `swift test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A list reply: both decoding paths agree, and what they read survives being written back.
    case listDecoder = "list-decoder"
    /// The dashboard's and `--filter`'s query language, and matching with it.
    case filter
    /// The settings file: parsed or refused, never trapping, and never repeating a key in a message.
    case settings
    /// Header values from a server: Retry-After and Content-Length, read into their bounds.
    case headers
    /// The list cache's pieces and stored order, as read back from disk.
    case cacheSnapshot = "cache-snapshot"
    /// A change journal row holding any values of any types.
    case journalRows = "journal-rows"
    /// A provisioning file for `apply`: read or refused, and every row read passes the rules; planned against a fleet.
    case provisioningFile = "provisioning-file"

    /// What is wrong with how the target handles `bytes`, or nil.
    func disagreement(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch self {
        case .listDecoder: return ListDecoderFuzz.disagreement(bytes)
        case .filter: return FuzzTarget.filter(String(decoding: bytes, as: UTF8.self))
        case .settings: return FuzzTarget.settings(String(decoding: bytes, as: UTF8.self))
        case .headers: return FuzzTarget.headers(String(decoding: bytes, as: UTF8.self))
        case .cacheSnapshot: return FuzzTarget.cacheSnapshot(bytes)
        case .journalRows: return FuzzTarget.journalRow(bytes)
        case .provisioningFile: return FuzzTarget.provisioningFile(Array(bytes))
        }
    }

    public func check(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let reason = disagreement(bytes) { ListDecoderFuzz.fail("\(rawValue): \(reason)", bytes) }
    }

    // MARK: The targets

    static let fleet: [License] = (0..<12).map { index in
        let today = CalendarDate(unixSeconds: 1_796_256_000)
        return License(
            serial: "2026-0000-000000\(10 + index)", issuedTo: index % 2 == 0 ? "Café Müller" : "東京 \(index)", version: "1",
            renewable: index % 3 != 0, texts: [.description: "d\(index)", .notes: ""], targetUID: index % 4 == 0 ? "dev-\(index)" : nil,
            entitlements: [Entitlement.known[index % Entitlement.known.count]],
            createdAt: LicenseInstant(date: today.adding(days: -30)), expireAt: LicenseInstant(date: today.adding(days: index * 37 - 100)))
    }

    static func filter(_ query: String) -> String? {
        _ = LicenseFilter.problem(in: query)
        let filter = LicenseFilter(query: query)
        let now: Int64 = 1_796_256_000 + 3_600
        for field in LicenseSortField.allCases {
            let chosen = LicenseCatalog.select(fleet, filter: filter, sort: LicenseSort(field, ascending: field.hashValue % 2 == 0), thresholds: .standard, now: now)
            guard chosen.count <= fleet.count, chosen.allSatisfy({ license in fleet.contains { $0.serial == license.serial } }) else {
                return "selecting by \(field) gave licenses that are not in the fleet"
            }
        }
        return nil
    }

    static func settings(_ text: String) -> String? {
        // CRLF, CR and a byte-order mark are line ends and nothing: the same
        // lines with other ends read the same (the same error, or none).
        let lines = text.lineContents()
        let plain = lines.joined(separator: "\n")
        let message = settingsError(plain)
        // (A BOM put before text that already begins with one would be read as
        // the mark and leave the text's own: not the same lines.)
        var variants = [lines.joined(separator: "\r\n"), lines.joined(separator: "\r")]
        if plain.unicodeScalars.first != "\u{FEFF}" { variants.append("\u{FEFF}" + plain) }
        for variant in variants where settingsError(variant) != message {
            return "the same lines with other line ends read differently"
        }
        // The message may name the line and the setting, never the key's value.
        guard !message.isEmpty else { return nil }
        // A context's key (`context.NAME.api_key`) is as secret as the plain one.
        let keyLines = lines.filter { line in
            let name = line.split(separator: "=", maxSplits: 1).first?.trimmingWhitespace() ?? ""
            return name == "api_key" || (name.hasPrefix("context.") && name.hasSuffix(".api_key"))
        }
        for line in keyLines {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = String(parts[1].trimmingWhitespace().drop { $0 == "\"" }.prefix { $0 != "\"" && $0 != " " })
            // A leak is the key's text in the message when nothing but api_key lines holds that text,
            // and the text is not part of a setting's name (a message may name any setting).
            let names = lines.compactMap { $0.split(separator: "=", maxSplits: 1).first }
            guard value.count >= 12, !names.contains(where: { occurs(value, in: $0) }) else { continue }
            let elsewhere = lines.contains { line in !keyLines.contains(line) && occurs(value, in: line) }
            guard !elsewhere, occurs(value, in: message) else { continue }
            // The same text may come from the message's own words (a key
            // that reads "https://agents.netify.ai" meets the endpoint's
            // example): it is a leak only when the message loses it once
            // the key's lines hold some other value.
            let replaced = lines.map { line in
                keyLines.contains(line) ? (line.split(separator: "=", maxSplits: 1).first.map { String($0) + "= placeholder-0000" } ?? String(line)) : String(line)
            }
            if occurs(value, in: settingsError(replaced.joined(separator: "\n"))) { continue }
            return "a settings error repeated the API key"
        }
        return nil
    }

    static func provisioningFile(_ bytes: [UInt8]) -> String? {
        let rows: [DeviceRow]
        do {
            rows = try ProvisioningFile.read(bytes, path: "fuzz.csv")
        } catch {
            return nil
        }
        let today = CalendarDate(unixSeconds: 1_796_256_000)
        for row in rows {
            let request = row.createRequest(expiry: .keyMaximum)
            if let violation = LicenseRules.violations(in: request, today: today).first {
                return "\(row.location) was read but breaks a rule: \(violation.field) \(violation.message)"
            }
        }
        guard let plan = try? ProvisioningPlan.make(rows: rows, licenses: fleet, path: "fuzz.csv", today: today, prune: true) else { return nil }
        let serials = Set(fleet.map(\.serial))
        for step in plan.steps {
            if case .delete(let deleted, _) = step.action, !deleted.allSatisfy(serials.contains) { return "a plan deletes a license that is not in the fleet" }
        }
        return nil
    }

    /// The file read, and its current context chosen as a command would (where a context's key is read).
    static func settingsError(_ text: String) -> String {
        do {
            var settings = try Settings.fromFile(text: text, path: "fuzz.conf", isPrivate: true) { $0.hasPrefix("key.") || $0 == "theme" }
            if let current = settings.currentContext { try settings.select(context: current, source: "fuzz") }
            return ""
        } catch { return "\(error)" }
    }

    /// Byte search, without Foundation: its `contains` on a Substring traps on
    /// some inputs (UTF-16 index arithmetic in swift-corelibs-foundation), which
    /// this very target found; the product's code does not use it on outside text.
    static func occurs(_ needle: String, in haystack: some StringProtocol) -> Bool {
        let needle = Array(needle.utf8), haystack = Array(haystack.utf8)
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    static func headers(_ value: String) -> String? {
        if let wait = RetryPolicy.parseRetryAfter(value, now: 1_796_256_000) {
            guard wait.isFinite, (0...LicensingError.longestRetryAfter).contains(wait) else { return "Retry-After read as \(wait)" }
            _ = RenewalRun.pacing(retryAfter: wait)
            _ = LicensingError.rateLimited(retryAfterSeconds: wait, message: "").description
        }
        if let length = RetryPolicy.parseContentLength(value), length < 0 { return "Content-Length read as \(length)" }
        return nil
    }

    static func cacheSnapshot(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var reader = CatalogSnapshot.Reader(expectedCount: Int(bytes.first ?? 0))
        if (try? reader.read(UnsafeRawBufferPointer(bytes))) != nil {
            let licenses = reader.finish()
            for license in licenses { _ = license.document.serialized() }
        }
        let count = bytes.count / 4
        if let order = CatalogSnapshot.permutation(Array(bytes), count: count) {
            guard order.count == count, Set(order).count == count, order.allSatisfy({ (0..<count).contains($0) }) else {
                return "a stored order was accepted that is not each position once"
            }
        }
        return nil
    }

    /// The bytes choose a type and a value for each column of a journal row.
    static func journalRow(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let columns = ["id", "time", "user", "endpoint", "key_fingerprint", "action", "serial", "request", "before", "after", "outcome", "status", "detail", "process_id"]
        var cursor = 0
        func next() -> UInt8 {
            defer { cursor += 1 }
            return cursor < bytes.count ? bytes[cursor] : 0
        }
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for column in columns {
            let kind = next() % 5
            let size = Int(next() % 16)
            var raw: [UInt8] = []
            for _ in 0..<size { raw.append(next()) }
            switch kind {
            // A missing column (a damaged or foreign table) as well as NULL.
            case 0: if raw.first.map({ $0 & 1 == 0 }) ?? true { values[column] = DatabaseValue.null }
            case 1: values[column] = raw.reduce(Int64(0)) { $0 &* 256 &+ Int64($1) }
            case 2: values[column] = String(decoding: raw, as: UTF8.self)
            case 3: values[column] = Data(raw)
            default: values[column] = Double(bitPattern: raw.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            }
        }
        guard let entry = ChangeJournal.storedEntry(Row(values)) else { return nil }
        _ = UTCTime.stamp(entry.time)
        _ = entry.changeSummary
        return nil
    }
}
