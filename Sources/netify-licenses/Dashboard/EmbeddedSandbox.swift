import LicenseSandbox
import LicenseModel
import LocalStore
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#endif

/// The sandbox the dashboard runs in-process when no API key is configured:
/// a database and a key of its own under `$XDG_DATA_HOME/netify-licenses/`,
/// seeded with a realistic fleet on first run. Both are private files of this
/// user's, made and opened as the journal and the cache are (never through a
/// link planted under their names).
enum EmbeddedSandbox {
    static let seedCount = 240

    static func start(environment: [String: String]) async throws -> (RunningSandbox, APIKey) {
        let directory = try ToolDirectories(environment: environment).require(.data, for: "the embedded sandbox")
        let databasePath = directory + "/sandbox.sqlite"
        let keyPath = directory + "/sandbox.key"
        do {
            try PrivateFiles.ensureDirectory(directory, for: "the embedded sandbox")
            close(try PrivateFiles.open(databasePath, for: "the embedded sandbox's database"))
            try PrivateFiles.refuseLinkedCompanions(of: databasePath, for: "the embedded sandbox's database")
        } catch {
            throw LicensingError.configuration(message: error.description)
        }
        let sandbox = try await RunningSandbox.start(SandboxConfiguration(host: "127.0.0.1", port: 0, databasePath: databasePath))
        let keyFile: Int32
        do {
            keyFile = try PrivateFiles.open(keyPath, for: "the embedded sandbox's key")
        } catch {
            await sandbox.stop()
            throw LicensingError.configuration(message: error.description)
        }
        defer { close(keyFile) }
        if let stored = PrivateFiles.read(keyFile, limit: 4096), let key = APIKey(String(decoding: stored, as: UTF8.self)),
           (try? await sandbox.service.authenticate(key.secret)) != nil {
            return (sandbox, key)
        }
        // First run, or the key was removed: issue one, keep it private, and seed a fleet
        // if the database is empty.
        let (text, record) = try await sandbox.service.issueKey(label: "dashboard")
        let hasLicenses = try await sandbox.service.database.keys().contains { $0.licenseCount > 0 }
        if !hasLicenses { try await sandbox.service.seed(count: seedCount, key: record) }
        guard PrivateFiles.replaceContents(keyFile, with: Array((text + "\n").utf8)) else {
            await sandbox.stop()
            throw LicensingError.configuration(message: "The embedded sandbox's key could not be saved in \(keyPath) (\(String(cString: strerror(errno)))); free some space and start again.")
        }
        return (sandbox, APIKey(text)!)
    }
}
