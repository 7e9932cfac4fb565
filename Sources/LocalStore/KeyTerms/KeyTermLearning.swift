import LicenseModel

/// Every reply that shows the key's maximum term
/// remembered: a create or renew sent with the key's default term teaches it
/// (the result minus the day it was sent), and a term the key refused (403 to
/// a renew) forgets a learned value it contradicts. It stands in every front
/// end's chain, so every path teaches.
public struct KeyTermLearning: LicenseMiddleware {
    private let store: KeyTermStore
    private let context: JournalContext
    private let warn: @Sendable (String) -> Void
    private let today: @Sendable () -> CalendarDate

    public init(
        store: KeyTermStore, context: JournalContext,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }, warn: @escaping @Sendable (String) -> Void
    ) {
        self.store = store
        self.context = context
        self.today = today
        self.warn = warn
    }

    public func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
        let day = today()
        switch operation {
        case .create(let request, _):
            let result = try await next(operation)
            if request.expiry == .keyMaximum, case .license(let license) = result { learn(sentOn: day, result: license.expireAt.date) }
            return result
        case .renew(_, let request, _):
            do {
                let result = try await next(operation)
                if request.expiry == .keyMaximum, case .license(let license) = result { learn(sentOn: day, result: license.expireAt.date) }
                return result
            } catch .forbidden(let message) {
                forgetIfRefuted(request.expiry, sentOn: day)
                throw .forbidden(message: message)
            }
        // A re-issue passes whole: the journal records it as one change.
        case .list, .show, .delete, .reissue:
            return try await next(operation)
        }
    }

    private func learn(sentOn day: CalendarDate, result: CalendarDate) {
        guard let taught = KeyMaximum.learn(sentOn: day, result: result), taught.days != store.learned(context)?.days else { return }
        do {
            try store.remember(taught, for: context)
        } catch {
            warn("\(taught.description) could not be kept in \(store.path) (\(error)); it will be learned again.")
        }
    }

    /// A renew's 403 is about its term: a learned maximum at or above the refused term is wrong.
    private func forgetIfRefuted(_ expiry: ExpiryRequest, sentOn day: CalendarDate) {
        let days: Int
        switch expiry {
        case .date(let date): days = date.days(since: day)
        case .durationDays(let count): days = count
        case .keyMaximum: return
        }
        guard let kept = store.learned(context)?.days, kept >= days else { return }
        try? store.forget(context)
    }
}
