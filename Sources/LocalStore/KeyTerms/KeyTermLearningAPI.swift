import LicenseModel

/// The Licensing API with every reply that shows the key's maximum term
/// remembered: a create or renew sent with the key's default term teaches it
/// (the result minus the day it was sent), and a term the key refused (403 to
/// a renew) forgets a learned value it contradicts. Every front end's client
/// passes through it, so every path teaches.
public final class KeyTermLearningAPI: LicensingAPI, @unchecked Sendable {
    private let base: any LicensingAPI
    private let store: KeyTermStore
    private let context: JournalContext
    private let warn: @Sendable (String) -> Void
    private let today: @Sendable () -> CalendarDate

    public init(
        _ base: any LicensingAPI, store: KeyTermStore, context: JournalContext,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }, warn: @escaping @Sendable (String) -> Void
    ) {
        self.base = base
        self.store = store
        self.context = context
        self.today = today
        self.warn = warn
    }

    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        try await base.licenseList(format: format, expectedCount: expectedCount)
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        try await base.license(serial: serial, format: format)
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let day = today()
        let license = try await base.createLicense(request, format: format)
        if request.expiry == .keyMaximum { learn(sentOn: day, result: license.expireAt.date) }
        return license
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let day = today()
        do {
            let license = try await base.renewLicense(serial: serial, request, format: format)
            if request.expiry == .keyMaximum { learn(sentOn: day, result: license.expireAt.date) }
            return license
        } catch .forbidden(let message) {
            forgetIfRefuted(request.expiry, sentOn: day)
            throw .forbidden(message: message)
        }
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        try await base.deleteLicense(serial: serial)
    }

    /// Passed whole to the journal, which records a re-issue as one change.
    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        try await base.reissueLicense(replacing: serial, with: request, format: format)
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
