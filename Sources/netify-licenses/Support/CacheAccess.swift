import Foundation
import LocalStore
import LicenseModel
import NetifyLicensing

/// Where the list cache lives and how the front ends reach it.
enum CacheAccess {
    static func directory(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.cache, for: "the list cache")
    }

    /// The cache of this endpoint and key, saying on stderr (or through `warn`) what it set aside.
    static func open(
        context: JournalContext, environment: [String: String] = ProcessEnvironment.current,
        warn: (String) -> Void = { Terminal.standardError("warning: \($0)") }
    ) -> LicenseCache? {
        do {
            let cache = try LicenseCache(directory: directory(environment: environment), endpoint: context.endpoint, keyFingerprint: context.keyFingerprint)
            for warning in cache.warnings { warn(warning) }
            return cache
        } catch {
            warn("\(error) The list is not cached.")
            return nil
        }
    }

    /// The cached list, with its age said on stderr; an error that says what to do when there is none.
    static func cachedList(_ connection: Connection) throws -> LicenseCache.Snapshot {
        guard let cache = connection.cache() else {
            throw LicensingError.configuration(message: "The list cache cannot be opened; run without --cached to ask the API.")
        }
        let snapshot: LicenseCache.Snapshot?
        do {
            snapshot = try cache.load()
        } catch {
            throw LicensingError.configuration(message: "The list cache \(cache.path) cannot be read (\(error)); run without --cached to ask the API.")
        }
        guard let snapshot else {
            throw LicensingError.configuration(
                message: "Nothing is cached yet for \(connection.context.endpoint) and this key; open the dashboard or run `netify-licenses list --changes` once while the API is reachable.")
        }
        let age = Age.describe(seconds: currentUnixSeconds() - snapshot.fetchedAt)
        Terminal.standardError("cached list of \(snapshot.licenses.count) licenses, fetched \(age) (\(UTCTime.stamp(snapshot.fetchedAt))); not asked of the API")
        return snapshot
    }

    /// Keeps a full list for next time; a failure costs a warning, never the command.
    static func store(_ licenses: [License], fetchedAt: Int64, in cache: LicenseCache?) {
        guard let cache else { return }
        do {
            try cache.store(licenses, fetchedAt: fetchedAt)
        } catch {
            Terminal.standardError("warning: the list could not be cached in \(cache.path) (\(error)).")
        }
    }
}
