import LicenseModel

/// How the Licensing API has answered the exporter, refresh after refresh:
/// whether the last attempt learned the fleet, when one last did, and how
/// many failed, by reason. Monitoring alerts on these as much as on expiries:
/// an exporter that cannot see the fleet must never look like a quiet fleet.
public struct SourceHealth: Sendable, Equatable {
    public private(set) var up = false
    public private(set) var lastSuccess: Int64?
    public private(set) var errorsByReason: [FailureReason: Int] = [:]
    /// The last failure, made safe to log.
    public private(set) var lastFailure: String?

    public init() {}

    public mutating func recordSuccess(at now: Int64) {
        up = true
        lastSuccess = now
        lastFailure = nil
    }

    public mutating func recordFailure(_ error: LicensingError) {
        up = false
        errorsByReason[FailureReason(error), default: 0] += 1
        lastFailure = error.description
    }

    /// A refresh that learned the list but could not read some of it: the
    /// source is up, the unreadable ones are counted as a failure reason too.
    public mutating func recordUnreadable(_ count: Int) {
        guard count > 0 else { return }
        errorsByReason[.unreadableLicenses, default: 0] += 1
    }

    /// A small, fixed set of label values, so a failing source cannot grow the
    /// number of series without bound.
    public enum FailureReason: String, Sendable, CaseIterable, Comparable {
        case noKey = "no_key"
        case configuration
        case unauthorized
        case rateLimited = "rate_limited"
        case unreachable
        case timeout
        case serverError = "server_error"
        case unreadableReply = "unreadable_reply"
        case unreadableLicenses = "unreadable_licenses"
        case other

        public init(_ error: LicensingError) {
            switch error {
            case .missingAPIKey: self = .noKey
            case .configuration: self = .configuration
            case .unauthorized, .forbidden: self = .unauthorized
            case .rateLimited: self = .rateLimited
            case .transport, .outcomeUnknown: self = .unreachable
            case .timeout, .unfinishedReply: self = .timeout
            case .server: self = .serverError
            case .undecodableResponse, .unexpectedStatus: self = .unreadableReply
            case .badRequest, .notFound, .methodNotAllowed, .conflict, .validation: self = .other
            }
        }

        public static func < (lhs: FailureReason, rhs: FailureReason) -> Bool { lhs.rawValue < rhs.rawValue }
    }
}
