import LicenseModel
import Prometheus

/// The fleet and the health of its source in the Prometheus text exposition
/// format: what `metrics` prints and `exporter` serves. Built through
/// swift-prometheus's registry, which writes the format and escapes label
/// values; a fresh registry per snapshot, so a license that is gone leaves
/// no series behind.
public enum FleetMetrics {
    /// The names, in Prometheus's conventions (base units, `_total` counters,
    /// `_info` for a constant 1 that carries labels). The README's alert rules use them.
    public enum Name {
        public static let expiry = "netify_license_expiry_timestamp_seconds"
        public static let expired = "netify_license_expired"
        public static let renewable = "netify_license_renewable"
        public static let entitlement = "netify_license_entitlement_info"
        public static let licenses = "netify_licenses"
        public static let sourceUp = "netify_license_source_up"
        public static let sourceErrors = "netify_license_source_errors_total"
        public static let sourceLastSuccess = "netify_license_source_last_success_timestamp_seconds"
    }

    /// What one refresh learned: the licenses and how many entries could not be read.
    public struct Snapshot: Sendable {
        public var licenses: [License]
        public var unreadableCount: Int

        public init(licenses: [License], unreadableCount: Int) {
            self.licenses = licenses
            self.unreadableCount = unreadableCount
        }
    }

    /// The exposition of `snapshot` (nil when no refresh has succeeded: only
    /// the source's own metrics are written then, so an alert on
    /// `netify_license_source_up == 0` fires instead of a quiet fleet).
    public static func exposition(
        _ snapshot: Snapshot?, health: SourceHealth, thresholds: ExpiryThresholds, now: Int64
    ) -> [UInt8] {
        exposition([Source(context: nil, snapshot: snapshot, health: health, thresholds: thresholds)], now: now)
    }

    /// One source of licenses: a context (nil for the plain settings), its last list and its health.
    public struct Source: Sendable {
        public var context: String?
        public var snapshot: Snapshot?
        public var health: SourceHealth
        public var thresholds: ExpiryThresholds

        public init(context: String?, snapshot: Snapshot?, health: SourceHealth, thresholds: ExpiryThresholds) {
            self.context = context
            self.snapshot = snapshot
            self.health = health
            self.thresholds = thresholds
        }

        /// `context="NAME"` first on every series of a named context.
        var labels: [(String, String)] { context.map { [("context", labelValue($0, limit: 64))] } ?? [] }
    }

    /// Several sources in one exposition (`--all-contexts`): each family
    /// written once, every series carrying its source's `context` label.
    public static func exposition(_ sources: [Source], now: Int64) -> [UInt8] {
        let registry = OrderedRegistry()
        for source in sources { register(source.health, labels: source.labels, in: registry) }
        var perLicense: [(labels: [(String, String)], licenses: [License], statuses: [ExpiryStatus])] = []
        for source in sources {
            guard let snapshot = source.snapshot else { continue }
            perLicense.append((source.labels, snapshot.licenses, register(snapshot, thresholds: source.thresholds, now: now, labels: source.labels, in: registry)))
        }
        if !perLicense.isEmpty { registry.append(perLicenseFamilies(perLicense)) }
        return registry.emit()
    }

    /// One swift-prometheus registry per metric family, emitted in the order
    /// the families were first written: a registry alone emits its families in
    /// hash order, which changes from run to run and makes a textfile's diff noise.
    final class OrderedRegistry {
        private var families: [(name: String, registry: PrometheusCollectorRegistry)] = []

        private func registry(for name: String) -> PrometheusCollectorRegistry {
            if let found = families.last(where: { $0.name == name }) { return found.registry }
            let registry = PrometheusCollectorRegistry()
            families.append((name, registry))
            return registry
        }

        func makeGauge(name: String, help: String) -> Gauge {
            registry(for: name).makeGauge(name: name, help: help)
        }

        func makeGauge(name: String, labels: [(String, String)], help: String) -> Gauge {
            labels.isEmpty ? makeGauge(name: name, help: help) : registry(for: name).makeGauge(name: name, labels: labels, help: help)
        }

        func makeCounter(name: String, labels: [(String, String)], help: String) -> Counter {
            registry(for: name).makeCounter(name: name, labels: labels, help: help)
        }

        /// Text written outside the registry, emitted after the registry's families.
        private var appended: [UInt8] = []

        func append(_ text: [UInt8]) { appended += text }

        /// Each family's series in one order from run to run (the registry writes
        /// a family's series in hash order): its comment lines, then its samples sorted.
        func emit() -> [UInt8] {
            var buffer: [UInt8] = []
            for family in families {
                var text: [UInt8] = []
                family.registry.emit(into: &text)
                let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
                let comments = lines.filter { $0.first == UInt8(ascii: "#") }
                let samples = lines.filter { $0.first != UInt8(ascii: "#") }.sorted { $0.lexicographicallyPrecedes($1) }
                for line in comments + samples {
                    buffer += line
                    buffer.append(UInt8(ascii: "\n"))
                }
            }
            return buffer + appended
        }
    }

    /// The counts, in the registry; returns each license's status for the per-license families.
    static func register(_ snapshot: Snapshot, thresholds: ExpiryThresholds, now: Int64, labels: [(String, String)], in registry: OrderedRegistry) -> [ExpiryStatus] {
        // The counts first: they are what a reader of the text looks for.
        let statuses = snapshot.licenses.map { thresholds.status(of: $0.expireAt, now: now) }
        var counts: [ExpiryStatus: Int] = [:]
        for status in statuses { counts[status, default: 0] += 1 }
        let statusHelp = "Licenses by expiry status (expired, critical, warning, ok by the configured thresholds; unreadable: in the reply but not readable)."
        for status in ExpiryStatus.allCases {
            registry.makeGauge(name: Name.licenses, labels: labels + [("status", status.rawValue)], help: statusHelp).set(Int64(counts[status] ?? 0))
        }
        registry.makeGauge(name: Name.licenses, labels: labels + [("status", "unreadable")], help: statusHelp).set(Int64(snapshot.unreadableCount))
        return statuses
    }

    /// One series per license and family. The registry adds a series by
    /// copying its family, which is quadratic at fleet scale (100,000
    /// licenses never finished), so these are written here, a family at a
    /// time, with the exposition format's escaping.
    static func perLicenseFamilies(_ sources: [(labels: [(String, String)], licenses: [License], statuses: [ExpiryStatus])]) -> [UInt8] {
        var text = ExpositionText()
        let serials = sources.map { source in source.licenses.map { labelValue($0.serial, limit: 64) } }
        text.family(Name.expiry, help: "When the license expires, as a Unix timestamp (seconds).")
        for (source, serials) in zip(sources, serials) {
            for (license, serial) in zip(source.licenses, serials) {
                text.sample(Name.expiry, source.labels + [("serial", serial), ("issued_to", labelValue(license.issuedTo, limit: 200)), ("target_uid", labelValue(license.targetUID ?? "", limit: 64))], license.expireAt.unixSeconds)
            }
        }
        text.family(Name.expired, help: "1 if the license has expired, else 0.")
        for (source, serials) in zip(sources, serials) {
            for (status, serial) in zip(source.statuses, serials) {
                text.sample(Name.expired, source.labels + [("serial", serial)], status == .expired ? 1 : 0)
            }
        }
        // Unknown is not "no": a license whose renewability the server did not say has no series.
        text.family(Name.renewable, help: "1 if the license can be renewed, else 0.")
        for (source, serials) in zip(sources, serials) {
            for (license, serial) in zip(source.licenses, serials) {
                if let renewable = license.renewable { text.sample(Name.renewable, source.labels + [("serial", serial)], renewable ? 1 : 0) }
            }
        }
        text.family(Name.entitlement, help: "An entitlement the license carries (always 1).")
        for (source, serials) in zip(sources, serials) {
            for (license, serial) in zip(source.licenses, serials) {
                for entitlement in license.entitlements {
                    text.sample(Name.entitlement, source.labels + [("serial", serial), ("entitlement", labelValue(entitlement.rawValue, limit: 64))], 1)
                }
            }
        }
        return text.bytes
    }

    static func register(_ health: SourceHealth, labels: [(String, String)], in registry: OrderedRegistry) {
        registry.makeGauge(name: Name.sourceUp, labels: labels, help: "1 if the last refresh from the Licensing API succeeded, else 0.")
            .set(Int64(health.up ? 1 : 0))
        // Every reason is written, 0 included, so rate() and increase() see a series from the start.
        for reason in SourceHealth.FailureReason.allCases {
            registry.makeCounter(
                name: Name.sourceErrors, labels: labels + [("reason", reason.rawValue)],
                help: "Refreshes from the Licensing API that failed, by reason.")
                .increment(by: Int64(health.errorsByReason[reason] ?? 0))
        }
        if let lastSuccess = health.lastSuccess {
            registry.makeGauge(name: Name.sourceLastSuccess, labels: labels, help: "When a refresh last succeeded, as a Unix timestamp (seconds).")
                .set(lastSuccess)
        }
    }

    /// A label value from a server: line breaks are kept (the exposition
    /// escapes them, and a parser gives them back), every other control
    /// character is replaced visibly, so `cat` or `curl` of the output cannot
    /// drive the operator's terminal; the length is capped.
    static func labelValue(_ text: String, limit: Int) -> String {
        text.safeForDisplay(limit: limit, keepingLineBreaks: true)
    }
}
