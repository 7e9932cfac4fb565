import LicenseModel
import NetifyLicensing

/// `--all-contexts`: every context of the settings file asked at once, each
/// through its own client, key and endpoint; one that fails is reported with
/// its name and the others still answer.
enum AllContexts {
    struct Fetched: Sendable {
        var name: String
        /// Nil when the context's settings could not be resolved (the result says why).
        var settings: Settings?
        var result: Result<LicenseList, LicensingError>

        var thresholds: ExpiryThresholds { settings?.thresholds ?? .standard }
    }

    typealias Context = (name: String, settings: Result<Settings, LicensingError>)

    static func fetch(_ contexts: [Context]) async -> [Fetched] {
        // Each child calls a function, and the replies are kept by index in a
        // dictionary: the inline form of such a group trapped in release builds.
        let replies = await withTaskGroup(of: (Int, Fetched).self, returning: [Int: Fetched].self) { group in
            for (index, context) in contexts.enumerated() {
                group.addTask { (index, await fetch(context)) }
            }
            var replies: [Int: Fetched] = [:]
            for await reply in group { replies[reply.0] = reply.1 }
            return replies
        }
        return contexts.indices.compactMap { replies[$0] }
    }

    static func fetch(_ context: Context) async -> Fetched {
        let settings: Settings
        switch context.settings {
        case .success(let resolved): settings = resolved
        case .failure(let error): return Fetched(name: context.name, settings: nil, result: .failure(error))
        }
        do {
            let (client, _, _) = try await Connection.httpClient(settings, forceSandbox: false, requireKey: true)
            return Fetched(name: context.name, settings: settings, result: .success(try await client.licenseList(format: .object, expectedCount: 0)))
        } catch let error as LicensingError {
            return Fetched(name: context.name, settings: settings, result: .failure(error))
        } catch {
            return Fetched(name: context.name, settings: settings, result: .failure(.configuration(message: "\(error)")))
        }
    }

    /// Every license with its context's name, in the contexts' order.
    struct Merged {
        var licenses: [License] = []
        var contexts: [String] = []
        var unreadable: [LicenseDecodingError] = []
        /// Each context whose list named a serial twice, said as `LicenseList.repeatedWarning` says it.
        var repeatedWarnings: [String] = []
        var repeatedWarning: String? { repeatedWarnings.isEmpty ? nil : repeatedWarnings.joined(separator: "\nwarning: ") }
        var failures: [(name: String, error: LicensingError)] = []
        var succeeded = 0

        init(_ fetched: [Fetched]) {
            for item in fetched {
                switch item.result {
                case .success(let list):
                    succeeded += 1
                    licenses += list.licenses
                    contexts += Array(repeating: item.name, count: list.licenses.count)
                    unreadable += list.unreadable
                    if let warning = list.repeatedWarning { repeatedWarnings.append("[\(item.name)] " + warning) }
                case .failure(let error):
                    failures.append((item.name, error))
                }
            }
        }

        /// The context of each of `shown` (a selection of `licenses`), matched by serial:
        /// the same serial in two contexts takes each context once.
        func contexts(of shown: [License]) -> [String] {
            // One owner per serial; only a serial in several contexts keeps a list
            // (an array per serial would cost more than the list at 100,000).
            var first: [String: String] = [:], more: [String: [String]] = [:]
            first.reserveCapacity(licenses.count)
            for (license, context) in zip(licenses, contexts) {
                if first[license.serial] == nil { first[license.serial] = context } else { more[license.serial, default: []].append(context) }
            }
            var seen: Set<String> = []
            return shown.map { license in
                if seen.insert(license.serial).inserted { return first[license.serial] ?? "-" }
                guard var rest = more[license.serial], !rest.isEmpty else { return "-" }
                let next = rest.removeFirst()
                more[license.serial] = rest
                return next
            }
        }

        /// Each failed context on stderr, named; the exit status when some failed.
        func reportFailures() -> ExitStatus? {
            for failure in failures { Terminal.standardError("error [\(failure.name)]: \(failure.error)") }
            guard let first = failures.first else { return nil }
            return succeeded == 0 ? ExitStatus.of(first.error) : .partialFailure
        }
    }
}
