import Foundation
import LicenseSandbox
import LicenseModel
import NetifyLicensing

/// The sandbox the dashboard runs in-process when no API key is configured:
/// a database and a key of its own under `$XDG_DATA_HOME/netify-licenses/`,
/// seeded with a realistic fleet on first run.
enum EmbeddedSandbox {
    static let seedCount = 240

    static func start(environment: [String: String]) async throws -> (RunningSandbox, APIKey) {
        let directory = XDGDirectories(environment: environment).data + "/netify-licenses"
        let sandbox = try await RunningSandbox.start(
            SandboxConfiguration(host: "127.0.0.1", port: 0, databasePath: directory + "/sandbox.sqlite"))
        let keyPath = directory + "/sandbox.key"
        if let stored = try? String(contentsOfFile: keyPath, encoding: .utf8), let key = APIKey(stored),
           (try? await sandbox.service.authenticate(key.secret)) != nil {
            return (sandbox, key)
        }
        // First run, or the key was removed: issue one, keep it private, and seed a fleet
        // if the database is empty.
        let (text, record) = try await sandbox.service.issueKey(label: "dashboard")
        let hasLicenses = try await sandbox.service.database.keys().contains { $0.licenseCount > 0 }
        if !hasLicenses { try await sandbox.service.seed(count: seedCount, key: record) }
        FileManager.default.createFile(atPath: keyPath, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return (sandbox, APIKey(text)!)
    }
}
