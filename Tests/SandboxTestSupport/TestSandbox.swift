import AsyncHTTPClient
import Foundation
import LicenseSandbox
import NIOCore
import NIOHTTP1
import LicenseFixtures
import LicenseModel
import NetifyLicensing

/// A real sandbox on a free loopback port with a fresh SQLite file in a
/// temporary directory, and a key issued on it.
public final class TestSandbox: Sendable {
    public let running: RunningSandbox
    public let directory: String
    public let databasePath: String
    public let key: String

    public static func start(policy: KeyPolicy = .unrestricted, databasePath: String? = nil, latencyMilliseconds: Int = 0) async throws -> TestSandbox {
        let directory = databasePath.map { ($0 as NSString).deletingLastPathComponent } ?? TestSandbox.temporaryDirectory()
        let path = databasePath ?? directory + "/sandbox.sqlite"
        let running = try await RunningSandbox.start(
            SandboxConfiguration(host: "127.0.0.1", port: 0, databasePath: path, latencyMilliseconds: latencyMilliseconds))
        let key = try await running.service.issueKey(label: "test", policy: policy).key
        return TestSandbox(running: running, directory: directory, databasePath: path, key: key)
    }

    /// A sandbox holding `TestFleet`, with expiries relative to today.
    public static func startWithFleet(policy: KeyPolicy = .unrestricted, latencyMilliseconds: Int = 0) async throws -> TestSandbox {
        let sandbox = try await start(policy: policy, latencyMilliseconds: latencyMilliseconds)
        let key = try await sandbox.running.service.authenticate(sandbox.key)
        let today = CalendarDate.today()
        try await sandbox.running.service.store(TestFleet.licenses(today: today).map { license in
            StoredLicense(
                serial: license.serial, keyID: key.id, issuedTo: license.issuedTo, texts: license.texts,
                targetUID: license.targetUID, entitlements: license.entitlements,
                renewable: license.renewable ?? true, createdDay: license.createdAt?.date ?? today, expireDay: license.expireAt.date)
        })
        return sandbox
    }

    init(running: RunningSandbox, directory: String, databasePath: String, key: String) {
        self.running = running
        self.directory = directory
        self.databasePath = databasePath
        self.key = key
    }

    public var endpoint: Endpoint { Endpoint(loopbackPort: running.port, host: running.host) }
    public var baseURL: String { endpoint.baseURL }
    public var licensesURL: String { endpoint.licensesURL }

    /// A client for this sandbox with the given key (the sandbox's own by default).
    public func client(key: String? = nil, retryPolicy: RetryPolicy = .fast()) throws -> HTTPLicensingClient {
        try HTTPLicensingClient(endpoint: endpoint, apiKey: APIKey(key ?? self.key), retryPolicy: retryPolicy, requestTimeout: 10)
    }

    public func issueKey(_ policy: KeyPolicy = .unrestricted) async throws -> String {
        try await running.service.issueKey(policy: policy).key
    }

    /// Changes the key's longest term under every client, without telling them (as a real key's policy can change).
    public func changeKeyMaximum(to days: Int, key: String? = nil) async throws {
        guard let id = SandboxKey.identifier(of: key ?? self.key) else { throw SandboxError(status: 400, message: "not a sandbox key") }
        _ = try await running.service.database.changeMaximumTerm(keyID: id, days: days)
    }

    public func stop() async {
        await running.stop()
    }

    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "netify-licenses-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// One raw HTTP exchange, for asserting status codes, headers and bodies exactly.
public struct RawReply: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: String

    public var json: JSONValue? { try? JSONParser.parse(body) }
    public var envelope: Envelope? { json.map(Envelope.init(json:)) }
    public var data: JSONValue? { envelope?.data }
    public var fieldNames: [String] { envelope?.fieldErrors.map(\.field) ?? [] }
}

/// Requests exactly as written, for the tests and the benchmark: a reply
/// read as it came, never through the client under test.
public enum RawHTTP {
    /// How many bytes a GET's reply body has: the server's share of a fetch, undecoded.
    public static func byteCount(_ url: String, key: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "x-api-key", value: key)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        return try await response.body.collect(upTo: 1 << 30).readableBytes
    }

    public static func send(
        _ method: HTTPMethod, _ url: String, key: String? = nil, body: String? = nil,
        contentType: String? = "application/json", headers extra: [(String, String)] = [],
        timeout: TimeAmount = .seconds(10)
    ) async throws -> RawReply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        // One connection per exchange: tests start and stop many sandboxes, and
        // a pooled connection must never outlive the server it was opened to.
        request.headers.add(name: "Connection", value: "close")
        if let key { request.headers.add(name: "x-api-key", value: key) }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return RawReply(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }
}

extension RetryPolicy {
    /// A test's retry policy: the real rules with delays of milliseconds.
    public static func fast(attempts: Int = 3, maximumDelay: Double = 0.05, maximumRetryAfter: Double = 30) -> RetryPolicy {
        RetryPolicy(maximumAttempts: attempts, baseDelay: 0.01, maximumDelay: maximumDelay, maximumRetryAfter: maximumRetryAfter)
    }
}

/// Runs `body`, then `stop`, awaited, whether `body` returned or threw: the
/// cleanup a test's servers need (`defer` cannot await, and a `Task` in a
/// `defer` that nobody awaits can outlive the test).
public func withCleanup<T>(_ stop: () async -> Void, _ body: () async throws -> T) async rethrows -> T {
    do {
        let value = try await body()
        await stop()
        return value
    } catch {
        await stop()
        throw error
    }
}
