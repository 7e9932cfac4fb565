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

    /// Applies a command's own creates, renews and deletes to the cached list
    /// (when there is one), keeping the time that list was fetched: `list
    /// --changes` and the dashboard's markers then mean changes made elsewhere.
    /// A failure costs a warning, never the command.
    static func applyOwnWrites(_ connection: Connection, upserted: [License], deleted: [String] = []) {
        guard !upserted.isEmpty || !deleted.isEmpty else { return }
        guard let directory = try? directory() else { return }
        let path = LicenseCache.path(directory: directory, endpoint: connection.context.endpoint, keyFingerprint: connection.context.keyFingerprint)
        guard FileManager.default.fileExists(atPath: path), let cache = open(context: connection.context) else { return }
        do {
            guard let snapshot = try cache.load() else { return }
            var licenses = snapshot.licenses
            var position: [String: Int] = [:]
            for (index, license) in licenses.enumerated() { position[license.serial] = index }
            for license in upserted {
                if let index = position[license.serial] {
                    licenses[index] = license
                } else {
                    position[license.serial] = licenses.count
                    licenses.append(license)
                }
            }
            let gone = Set(deleted)
            licenses.removeAll { gone.contains($0.serial) }
            try cache.store(licenses, fetchedAt: snapshot.fetchedAt)
        } catch {
            Terminal.standardError("warning: this command's changes could not be applied to the list cache \(cache.path) (\(error)); the next list refreshes it.")
        }
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
