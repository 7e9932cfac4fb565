/// Several contexts as one list (the dashboard's `:ctx all`): each context's
/// list is asked through its own client (its key, endpoint, journal, pacing
/// and read-only rule), the lists are joined, and a write goes to the context
/// the license came from. A context whose list fails keeps its last good
/// rows, named in `stale`, while the others refresh.
public actor AllContextsAPI: LicensingAPI {
    public struct Member: Sendable {
        public var name: String
        public var client: any LicensingAPI

        public init(name: String, client: any LicensingAPI) {
            self.name = name
            self.client = client
        }
    }

    public let members: [Member]
    /// Each serial's contexts, as the last list found it (two when a serial is in two contexts).
    private var owners: [String: [String]] = [:]
    private var lastGood: [String: LicenseList] = [:]
    /// Why each context's rows are old: its last refresh failed.
    public private(set) var stale: [String: String] = [:]

    public init(_ members: [Member]) {
        self.members = members
    }

    /// Each serial's context (the first, where two hold it), and the stale contexts, for the table.
    public func ownership() -> (owners: [String: String], stale: [String: String]) {
        (owners.compactMapValues(\.first), stale)
    }

    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        let members = self.members
        let results = await withTaskGroup(of: (Int, Result<LicenseList, LicensingError>).self, returning: [Result<LicenseList, LicensingError>?].self) { group in
            for (index, member) in members.enumerated() {
                group.addTask {
                    do throws(LicensingError) {
                        return (index, .success(try await member.client.licenseList(format: format, expectedCount: expectedCount / max(1, members.count))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<LicenseList, LicensingError>?](repeating: nil, count: members.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var merged = LicenseList(licenses: [], unreadable: [])
        merged.licenses.reserveCapacity(expectedCount)
        var owners: [String: [String]] = [:]
        owners.reserveCapacity(expectedCount)
        var firstFailure: LicensingError?
        var answered = 0
        for (member, result) in zip(members, results) {
            let list: LicenseList?
            switch result {
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
            for license in list.licenses { owners[license.serial, default: []].append(member.name) }
        }
        if answered == 0, let firstFailure, lastGood.isEmpty { throw firstFailure }
        self.owners = owners
        return merged
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
    private func owner(of serial: String, for verb: String) throws(LicensingError) -> any LicensingAPI {
        let names = owners[serial] ?? []
        guard names.count == 1, let member = members.first(where: { $0.name == names[0] }) else {
            if names.isEmpty { throw .notFound(serial: serial, message: "\(serial) is in no context's last list; refresh, then try again.") }
            throw .configuration(message: "\(serial) is in the contexts \(names.joined(separator: " and ")); choose one to \(verb) it in (:ctx NAME).")
        }
        return member.client
    }
}
