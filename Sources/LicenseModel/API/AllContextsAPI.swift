/// Several contexts as one list (the dashboard's `:ctx all`): each context's
/// list is asked through its own client (its key, endpoint, journal, pacing
/// and read-only rule), the lists are joined, and a write goes to the context
/// the license came from. A context whose list fails keeps its last good
/// rows, named in `stale`, while the others refresh.
public actor AllContextsAPI: LicensingAPI {
    public struct Member: Sendable {
        public var name: String
        public var client: LicensePipeline
        /// The context's list as last kept (its cache): shown, marked stale, when the context does not answer.
        public var lastKnown: [License]?

        public init(name: String, client: LicensePipeline, lastKnown: [License]? = nil) {
            self.name = name
            self.client = client
            self.lastKnown = lastKnown
        }
    }

    public let members: [Member]
    /// Each serial's context, as the last list found it; and the serials found
    /// in more than one context, with all of theirs (kept apart: one array per
    /// serial of a 100,000-license view would cost more than the join).
    private var owners: [String: String] = [:]
    private var shared: [String: [String]] = [:]
    private var lastGood: [String: LicenseList] = [:]
    /// Why each context's rows are old: its last refresh failed.
    public private(set) var stale: [String: String] = [:]

    public init(_ members: [Member]) {
        self.members = members
        for member in members {
            if let known = member.lastKnown { lastGood[member.name] = LicenseList(licenses: known) }
        }
    }

    /// Each serial's context (the first, where two hold it), and the stale contexts, for the table.
    public func ownership() -> (owners: [String: String], stale: [String: String]) {
        (owners, stale)
    }

    /// Every context's whole list, merged (the selection hint is not used: whose each row is needs them all).
    public func licenseList(format: LicenseFormat, expectedCount: Int, keeping: LicenseSelection?) async throws(LicensingError) -> LicenseList {
        let members = self.members
        let share = expectedCount / max(1, members.count)
        // Each child calls a function rather than holding a typed-throws
        // do/catch inline: the inline form trapped in release builds (a bad
        // index in the results), as the renewal engine's first form did.
        let results = await withTaskGroup(of: (Int, Result<LicenseList, LicensingError>).self, returning: [Int: Result<LicenseList, LicensingError>].self) { group in
            for (index, member) in members.enumerated() {
                group.addTask { (index, await AllContextsAPI.list(from: member.client, format: format, expectedCount: share)) }
            }
            var results: [Int: Result<LicenseList, LicensingError>] = [:]
            for await reply in group { results[reply.0] = reply.1 }
            return results
        }
        var merged = LicenseList(licenses: [], unreadable: [])
        merged.licenses.reserveCapacity(expectedCount)
        var owners: [String: String] = [:]
        owners.reserveCapacity(expectedCount)
        var shared: [String: [String]] = [:]
        var firstFailure: LicensingError?
        var answered = 0
        for (index, member) in members.enumerated() {
            let list: LicenseList?
            switch results[index] {
            case .success(let fresh)?:
                answered += 1
                lastGood[member.name] = fresh
                stale[member.name] = nil
                list = fresh
            case .failure(let error)?:
                firstFailure = firstFailure ?? error
                stale[member.name] = error.description
                list = lastGood[member.name]
            case nil:
                list = lastGood[member.name]
            }
            guard let list else { continue }
            merged.licenses += list.licenses
            merged.unreadable += list.unreadable
            // A serial a context's own list names twice stays out of every bulk plan here too.
            merged.repeatedSerials += list.repeatedSerials
            for license in list.licenses {
                if let first = owners.updateValue(member.name, forKey: license.serial) {
                    owners[license.serial] = first
                    shared[license.serial, default: [first]].append(member.name)
                }
            }
        }
        // No context answered and none has rows kept: the refresh failed. With rows
        // kept, they are shown, every context marked stale (writes on them are refused).
        if answered == 0, let firstFailure, lastGood.isEmpty { throw firstFailure }
        self.owners = owners
        self.shared = shared
        return merged
    }

    static func list(from client: LicensePipeline, format: LicenseFormat, expectedCount: Int) async -> Result<LicenseList, LicensingError> {
        do {
            return .success(try await client.licenseList(format: format, expectedCount: expectedCount))
        } catch {
            return .failure(error)
        }
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        try await owner(of: serial, for: "show").license(serial: serial, format: format)
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        throw .configuration(message: "Every context is shown: choose the context to create in first (:ctx NAME).")
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        try await owner(of: serial, for: "renew").renewLicense(serial: serial, request, format: format)
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        try await owner(of: serial, for: "delete").deleteLicense(serial: serial)
    }

    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        try await owner(of: serial, for: "re-issue").reissueLicense(replacing: serial, with: request, format: format)
    }

    /// The client of the one context that holds `serial`.
    private func owner(of serial: String, for verb: String) throws(LicensingError) -> LicensePipeline {
        if let names = shared[serial] {
            throw .configuration(message: "\(serial) is in the contexts \(names.joined(separator: " and ")); choose one to \(verb) it in (:ctx NAME).")
        }
        guard let name = owners[serial], let member = members.first(where: { $0.name == name }) else {
            throw .notFound(serial: serial, message: "\(serial) is in no context's last list; refresh, then try again.")
        }
        return member.client
    }
}
