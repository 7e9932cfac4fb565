import AsyncHTTPClient
import LicenseSandbox
import NIOCore
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// The list reply is written and sent in pieces as rows are read.
@Suite("Streamed list replies")
struct ListStreamingTests {
    static let fleetSize = 3_000

    static func fleet() async throws -> (TestSandbox, [StoredLicense]) {
        let sandbox = try await TestSandbox.start()
        let key = try await sandbox.running.service.authenticate(sandbox.key)
        try await sandbox.running.service.seed(count: fleetSize, key: key)
        return (sandbox, try await sandbox.running.service.list(key: key))
    }

    @Test func aListOfManyPiecesArrivesWholeInBothFormats() async throws {
        let (sandbox, rows) = try await ListStreamingTests.fleet()
        try await withCleanup({ await sandbox.stop() }) {
            for format in LicenseFormat.allCases {
                let raw = try await RawHTTP.send(.GET, sandbox.licensesURL + "?format=\(format.rawValue)", key: sandbox.key)
                #expect(raw.status == 200)
                // About 1 MB: several 256 KB pieces, joined without a seam.
                #expect(raw.body.utf8.count > 3 * 256 * 1024)
                #expect(raw.data?.arrayValue?.count == ListStreamingTests.fleetSize)
                let listed = try await sandbox.client().readableLicenses(format: format)
                #expect(listed.map(\.serial) == rows.map(\.serial))
                if format == .object {
                    #expect(listed == rows.map(\.license))
                }
            }
        }
    }

    @Test func aClientThatLeavesMidListLeavesTheSandboxServing() async throws {
        let (sandbox, _) = try await ListStreamingTests.fleet()
        try await withCleanup({ await sandbox.stop() }) {
            var request = HTTPClientRequest(url: sandbox.licensesURL + "?format=object")
            request.headers.add(name: "x-api-key", value: sandbox.key)
            request.headers.add(name: "Connection", value: "close")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            // Read one piece, then walk away: the rest of the body is never read.
            await #expect(throws: (any Error).self) { _ = try await response.body.collect(upTo: 1024) }
            let again = try await sandbox.client().readableLicenses(format: .object)
            #expect(again.count == ListStreamingTests.fleetSize)
        }
    }
}
