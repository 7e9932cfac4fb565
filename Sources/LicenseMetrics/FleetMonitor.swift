import LicenseModel

/// What `metrics` and `exporter` know between refreshes: the last list
/// learned and the source's health. A failed refresh keeps the last good
/// list (its expiries are still true, and expiry alerts keep working through
/// an outage) and marks the source down.
public struct FleetMonitor: Sendable {
    public private(set) var snapshot: FleetMetrics.Snapshot?
    public private(set) var health = SourceHealth()
    public var thresholds: ExpiryThresholds

    public init(thresholds: ExpiryThresholds) {
        self.thresholds = thresholds
    }

    /// Asks the API for the list once. Separate from `record` so an actor can
    /// await the fetch and then update its state without holding it across the wait.
    public static func fetch(from api: some LicensingAPI) async -> Result<LicenseList, LicensingError> {
        do {
            return .success(try await api.licenseList(format: .object, expectedCount: 0))
        } catch {
            return .failure(error)
        }
    }

    public mutating func record(_ result: Result<LicenseList, LicensingError>, now: Int64) {
        switch result {
        case .success(let list):
            snapshot = FleetMetrics.Snapshot(licenses: list.licenses, unreadableCount: list.unreadable.count)
            health.recordSuccess(at: now)
            health.recordUnreadable(list.unreadable.count)
        case .failure(let error):
            health.recordFailure(error)
        }
    }

    public func exposition(now: Int64) -> [UInt8] {
        FleetMetrics.exposition(snapshot, health: health, thresholds: thresholds, now: now)
    }

    /// This monitor as one source of an exposition across contexts.
    public func source(context: String?) -> FleetMetrics.Source {
        FleetMetrics.Source(context: context, snapshot: snapshot, health: health, thresholds: thresholds)
    }
}
