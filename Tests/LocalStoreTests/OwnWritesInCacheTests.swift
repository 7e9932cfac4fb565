import Foundation
import LicenseFixtures
import LicenseModel
import LocalStore
import Testing

/// The cache's own-writes step: a cache that cannot be opened says so at the
/// write that needed it, and the write itself goes on.
@Suite("Own writes in the cache")
struct OwnWritesInCacheTests {
    final class Warnings: @unchecked Sendable {
        private let lock = NSLock()
        private var said: [String] = []
        func add(_ text: String) { lock.withLock { said.append(text) } }
        var all: [String] { lock.withLock { said } }
    }

    @Test func aCacheThatCannotBeOpenedIsNamedAtTheWriteAndTheWriteStands() async throws {
        let directory = NSTemporaryDirectory() + "own-writes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let context = JournalContext(user: "alice", endpoint: "http://127.0.0.1:1", keyFingerprint: "0123456789abcdef")
        // The cache's file is a link: a private file is never opened through one.
        let path = LicenseCache.path(directory: directory, endpoint: context.endpoint, keyFingerprint: context.keyFingerprint)
        FileManager.default.createFile(atPath: directory + "/elsewhere", contents: Data())
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory + "/elsewhere")
        let warnings = Warnings()
        let middleware = OwnWritesInCache(directory: directory, context: context) { warnings.add($0) }
        let renewed = TestFleet.licenses(today: CalendarDate.today())[2]
        let result = try await middleware.handle(.renew(serial: renewed.serial, RenewLicenseRequest(), format: .object)) { _ in .license(renewed) }
        guard case .license(let license) = result else { Issue.record("the renew's result was lost"); return }
        #expect(license == renewed)
        #expect(warnings.all.count == 1 && warnings.all[0].contains("could not be kept in the list cache"), "\(warnings.all)")
    }
}
