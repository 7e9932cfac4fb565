import LicenseModel

/// What an API key may do, as the real service's keys carry it.
public struct KeyPolicy: Sendable, Equatable {
    /// The longest term a license it creates or renews may have; also the
    /// default term when a request names none.
    public var maximumTermDays: Int
    public var requiresTargetUID: Bool
    public var allowedEntitlements: Set<Entitlement>
    /// Sustained requests per minute; bursts of a tenth of that are allowed.
    public var requestsPerMinute: Int

    public static let termRange = LicenseRules.keyTermDays
    public static let rateRange = 1...1_000_000

    public init(
        maximumTermDays: Int = LicenseRules.keyTermDays.upperBound, requiresTargetUID: Bool = false,
        allowedEntitlements: Set<Entitlement> = Set(Entitlement.known), requestsPerMinute: Int = 600
    ) {
        self.maximumTermDays = maximumTermDays
        self.requiresTargetUID = requiresTargetUID
        self.allowedEntitlements = allowedEntitlements
        self.requestsPerMinute = requestsPerMinute
    }

    /// The policy with no options given: every entitlement, up to a year, no
    /// target required, and a rate a person clicking never meets but a tight
    /// loop of requests does (10 per second, bursts of 60).
    public static let unrestricted = KeyPolicy()

    /// The one refusal of a term outside `termRange`, naming the option to fix.
    static func termRefusal(_ days: Int) -> SandboxError {
        .usage("--max-term-days must be from \(LicenseRules.keyTermWords), not \(days).")
    }

    /// Checks the ranges; the message names the option to fix.
    public func validate() throws(SandboxError) {
        guard KeyPolicy.termRange.contains(maximumTermDays) else {
            throw KeyPolicy.termRefusal(maximumTermDays)
        }
        guard KeyPolicy.rateRange.contains(requestsPerMinute) else {
            throw .usage("--requests-per-minute must be from 1 to 1000000, not \(requestsPerMinute).")
        }
        guard !allowedEntitlements.isEmpty else {
            throw .usage("A key must be allowed at least one entitlement.")
        }
        if let unknown = allowedEntitlements.first(where: { !$0.isKnown }) {
            throw .usage("\(unknown) is not an entitlement; choose from \(Entitlement.known.map(\.rawValue).joined(separator: ", ")).")
        }
    }
}
