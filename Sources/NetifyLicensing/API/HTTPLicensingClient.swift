import LicenseModel
import AsyncHTTPClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// The Licensing API over HTTPS (or plain HTTP to a loopback sandbox).
public struct HTTPLicensingClient: LicensingAPI {
    public let endpoint: Endpoint
    let apiKey: APIKey?
    public var retryPolicy: RetryPolicy
    /// Whole-request deadline per attempt, connection included.
    public var requestTimeout: Double
    /// The most a list reply may leave kept: its licenses' bytes, and
    /// `LicenseListStream.entryCharge` for each (`LicenseListStream.keptBytes`).
    /// A list is decoded as it arrives and its bytes let go, so this bounds
    /// what the list holds, not the reply's length: 2,000,000 object-format
    /// licenses (about 390 bytes each, 570 pretty-printed) keep about 1.3 GB
    /// (1.7 GB), within 2 GiB. A reply whose Content-Length announces more is
    /// refused from its head.
    public var maximumResponseBytes: Int
    /// The most a list reply may hold unread at once (`LicenseListStream.heldBytes`):
    /// one license or envelope member in progress, or a reply kept whole for the
    /// general path. No license comes near it; an endless value stops here.
    public var maximumHeldBytes = 256 << 20
    /// How far the network is read ahead of a list's decoding.
    static let readingAheadBytes = 4 << 20
    public static let defaultMaximumListBytes = 2 << 30
    /// The largest reply to a request about one license (show, create, renew,
    /// delete) or an error: a license is a few hundred bytes, so anything near
    /// this is hostile, and eight endless renew replies cannot take the memory.
    public static let singleReplyBytes = 1 << 20
    var logger: Logger

    /// One connection pool per process: `HTTPClient` must be shut down before
    /// it is released, which a process-lifetime instance never is.
    static let transport: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            // A redirect could carry the key to another host: never follow one.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(60)),
            decompression: .enabled(limit: .ratio(50))
        )
        // RetryPolicy owns every retry, so a refused connection fails now
        // instead of being retried silently until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(
        endpoint: Endpoint, apiKey: APIKey?, retryPolicy: RetryPolicy = .standard, requestTimeout: Double = 30,
        maximumResponseBytes: Int = HTTPLicensingClient.defaultMaximumListBytes, logger: Logger = Logger(label: "netify-licenses.client")
    ) throws(LicensingError) {
        if apiKey != nil, !endpoint.mayCarryKeys {
            throw .configuration(message: "Refusing to send the API key over plain http:// to \(endpoint.host); use https://, or a loopback address for a local sandbox.")
        }
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.logger = logger
    }

    public init(settings: Settings, logger: Logger = Logger(label: "netify-licenses.client")) throws(LicensingError) {
        var policy = RetryPolicy.standard
        policy.totalSeconds = settings.totalTimeout
        try self.init(endpoint: settings.endpoint, apiKey: settings.apiKey, retryPolicy: policy, requestTimeout: settings.requestTimeout, logger: logger)
    }

    // MARK: Operations

    public func licenseList(format: LicenseFormat, expectedCount: Int, keeping: LicenseSelection?) async throws(LicensingError) -> LicenseList {
        // Decoded as it arrives: the reply is never held whole, and decoding
        // overlaps the transfer.
        let logger = logger
        let heldLimit = maximumHeldBytes
        return try await send(.GET, path: "", query: format, body: nil, safety: .idempotent, serial: nil, limit: maximumResponseBytes) { response, status, limit in
            let announced = response.headers.first(name: "Content-Length").flatMap(RetryPolicy.parseContentLength) ?? 0
            // A reply that announces more than the bound is refused from its head, not read first.
            guard announced <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
            // Read ahead on a second core in pieces well within what may be held.
            let readAhead = LicenseListStream.standardReadAhead.map { min($0, heldLimit / 4) }
            var stream = LicenseListStream(status: status, expectedBytes: min(announced, limit), expectedCount: expectedCount, keeping: keeping, readAheadFrom: readAhead)
            // The network is read on while the list is decoded (`ReplyPipe`).
            let pipe = ReplyPipe(limit: HTTPLicensingClient.readingAheadBytes)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await pipe.fill(from: response.body) }
                defer { pipe.close() }
                while let chunk = try await pipe.next() {
                    try chunk.withUnsafeReadableBytes { try stream.feed($0) }
                    // Bounded by what the list keeps and holds, not by what went past.
                    guard stream.keptBytes <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
                    guard stream.heldBytes <= heldLimit else { throw NIOTooManyBytesError(maxBytes: heldLimit) }
                }
            }
            let licenses = try stream.finish()
            for reason in stream.skipped.prefix(20) {
                logger.warning("skipped an unreadable license in the list", metadata: ["reason": "\(reason)"])
            }
            var list = LicenseList(licenses: licenses, unreadable: stream.skipped)
            list.leftOut = stream.leftOut
            // A serial listed twice where a copy was left out is still said to be repeated.
            var told = Set(list.repeatedSerials)
            for serial in stream.repeatedAmongLeftOut where told.insert(serial).inserted { list.repeatedSerials.append(serial) }
            return list
        }
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(.GET, path: "/" + Endpoint.escapePathComponent(serial), query: format, body: nil, safety: .idempotent, serial: serial)
        return try reply.license(asked: serial)
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(.POST, path: "", query: format, body: request.json(format: format), safety: .notIdempotent, serial: nil)
        return try reply.license()
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(
            .POST, path: "/" + Endpoint.escapePathComponent(serial) + "/renew", query: format, body: request.json,
            safety: request.isIdempotent ? .idempotent : .notIdempotent, serial: serial)
        return try reply.license(asked: serial)
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        let delivery = try await sendRetrying(
            .DELETE, path: "/" + Endpoint.escapePathComponent(serial), query: .object, body: nil, safety: .idempotent, serial: serial,
            limit: HTTPLicensingClient.singleReplyBytes
        ) { response, status, limit in
            Reply(status: status, body: try await HTTPLicensingClient.collect(response, upTo: limit))
        }
        switch delivery {
        case .reply(let reply):
            // An error envelope in a 200 is that error: the server did not delete it.
            // (A body that is not JSON at all says nothing against the status.)
            let json = reply.body.withUnsafeReadableBytes { try? JSONParser.parse(buffer: $0.assumingMemoryBound(to: UInt8.self)) }
            // A JSON reply is read as every reply is (a member given twice is unreadable).
            let envelope = try json.map { _ throws(LicensingError) in try reply.envelope() } ?? nil
            if let failure = envelope?.reportedFailure(serial: serial) { throw failure }
            return envelope?.data.flatMap { try? License(json: $0) }
        // An earlier attempt's reply was lost after the server deleted it.
        case .goneAfterEarlierAttempt: return nil
        }
    }
}
