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
    /// The largest list reply read; a fleet list of 100,000 licenses is about 40 MB.
    public var maximumResponseBytes: Int
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
        maximumResponseBytes: Int = 256 * 1024 * 1024, logger: Logger = Logger(label: "netify-licenses.client")
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

    public func licenseList(format: LicenseFormat, expectedCount: Int) async throws(LicensingError) -> LicenseList {
        // Decoded as it arrives: the reply is never held whole, and decoding
        // overlaps the transfer.
        let logger = logger
        return try await send(.GET, path: "", query: format, body: nil, safety: .idempotent, serial: nil, limit: maximumResponseBytes) { response, status, limit in
            let announced = response.headers.first(name: "Content-Length").flatMap(RetryPolicy.parseContentLength) ?? 0
            var stream = LicenseListStream(status: status, expectedBytes: min(announced, limit), expectedCount: expectedCount)
            var received = 0
            for try await chunk in response.body {
                received += chunk.readableBytes
                guard received <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
                try chunk.withUnsafeReadableBytes { try stream.feed($0) }
            }
            let licenses = try stream.finish()
            for reason in stream.skipped.prefix(20) {
                logger.warning("skipped an unreadable license in the list", metadata: ["reason": "\(reason)"])
            }
            return LicenseList(licenses: licenses, unreadable: stream.skipped)
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
        let delivery = try await deliver(
            .DELETE, path: "/" + Endpoint.escapePathComponent(serial), query: .object, body: nil, safety: .idempotent, serial: serial,
            limit: HTTPLicensingClient.singleReplyBytes
        ) { response, status, limit in
            Reply(status: status, body: try await HTTPLicensingClient.collect(response, upTo: limit))
        }
        switch delivery {
        case .reply(let reply): return (try? reply.data()).flatMap { try? License(json: $0) }
        // An earlier attempt's reply was lost after the server deleted it.
        case .goneAfterEarlierAttempt: return nil
        }
    }

    // MARK: Transport

    /// A reply read whole: a single license, or an error. (A list is decoded
    /// as it arrives instead; see `listLicenses`.)
    struct Reply: Sendable {
        var status: Int
        var body: ByteBuffer

        /// nil for an empty body.
        func envelope() throws(LicensingError) -> Envelope? {
            let status = status
            return try body.withUnsafeReadableBytes { raw in
                Result { () throws(LicensingError) -> Envelope? in
                    try HTTPLicensingClient.envelope(of: raw.assumingMemoryBound(to: UInt8.self), status: status)
                }
            }.get()
        }

        /// The reply's data; an error the envelope reports is thrown, whatever the HTTP status said.
        func data() throws(LicensingError) -> JSONValue? {
            let envelope = try envelope()
            if let failure = envelope?.reportedFailure() { throw failure }
            return envelope?.data
        }

        /// The license of the reply; with `asked`, a reply about another license is an error.
        func license(asked serial: String? = nil) throws(LicensingError) -> License {
            guard let data = try data() else {
                throw .undecodableResponse(status: status, reason: "no \"data\" in the reply", bodyExcerpt: excerpt)
            }
            let license: License
            do {
                license = try License(json: data)
            } catch {
                throw .undecodableResponse(status: status, reason: error.description, bodyExcerpt: excerpt)
            }
            if let serial, license.serial != serial {
                throw .undecodableResponse(
                    status: status, reason: "it is about license \(license.serial.safeForDisplay(limit: 40)), not \(serial.safeForDisplay(limit: 40))", bodyExcerpt: "")
            }
            return license
        }

        var excerpt: String {
            body.withUnsafeReadableBytes { LicenseListDecoder.excerpt(of: $0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    /// The envelope of a reply; nil when the body is empty or only whitespace.
    static func envelope(of bytes: UnsafeBufferPointer<UInt8>, status: Int) throws(LicensingError) -> Envelope? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        do {
            return Envelope(json: try JSONParser.parse(buffer: bytes))
        } catch {
            throw .notJSON(status: status, error, bodyExcerpt: LicenseListDecoder.excerpt(of: bytes))
        }
    }

    /// Reads the body of a successful reply; a `LicensingError` it throws is
    /// the outcome, any other error is the transport's.
    typealias SuccessReader<Value: Sendable> = @Sendable (_ response: HTTPClientResponse, _ status: Int, _ limit: Int) async throws -> Value

    func send(
        _ method: HTTPMethod, path: String, query format: LicenseFormat?, body: JSONValue?,
        safety: RetryPolicy.Safety, serial: String?
    ) async throws(LicensingError) -> Reply {
        try await send(method, path: path, query: format, body: body, safety: safety, serial: serial, limit: HTTPLicensingClient.singleReplyBytes) { response, status, limit in
            Reply(status: status, body: try await HTTPLicensingClient.collect(response, upTo: limit))
        }
    }

    func send<Value: Sendable>(
        _ method: HTTPMethod, path: String, query format: LicenseFormat?, body: JSONValue?,
        safety: RetryPolicy.Safety, serial: String?, limit: Int, readSuccess: @escaping SuccessReader<Value>
    ) async throws(LicensingError) -> Value {
        switch try await deliver(method, path: path, query: format, body: body, safety: safety, serial: serial, limit: limit, readSuccess: readSuccess) {
        case .reply(let value): return value
        case .goneAfterEarlierAttempt: throw .notFound(serial: serial, message: LicensingError.defaultMessage(for: 404))
        }
    }

    /// What a request came to: its reply, or, for a retried DELETE, a 404
    /// saying an earlier attempt whose reply was lost already deleted it.
    enum Delivery<Value: Sendable> {
        case reply(Value)
        case goneAfterEarlierAttempt
    }

    /// `limit` bounds the reply body by what the request can need.
    func deliver<Value: Sendable>(
        _ method: HTTPMethod, path: String, query format: LicenseFormat?, body: JSONValue?,
        safety: RetryPolicy.Safety, serial: String?, limit: Int, readSuccess: @escaping SuccessReader<Value>
    ) async throws(LicensingError) -> Delivery<Value> {
        var url = endpoint.licensesURL + path
        if let format { url += "?format=" + format.rawValue }
        let started = ContinuousClock.now
        var attempt = 1
        while true {
            let outcome: RetryPolicy.Outcome
            let failure: LicensingError
            do {
                return .reply(try await sendOnce(method, url: url, body: body, serial: serial, limit: limit, readSuccess: readSuccess))
            } catch let attemptFailure {
                failure = attemptFailure.error
                outcome = attemptFailure.outcome
            }
            if method == .DELETE, attempt > 1, failure.httpStatus == 404 {
                return .goneAfterEarlierAttempt
            }
            let elapsed = Double((ContinuousClock.now - started).components.seconds)
            let within = { (delay: Double) in elapsed + delay + self.requestTimeout <= self.retryPolicy.totalSeconds }
            guard let delay = retryPolicy.delay(after: outcome, attempt: attempt, safety: safety), within(delay) else {
                // A create or a renew by duration that may have reached the server is not
                // "could not reach": its outcome is unknown, and the words must say so.
                if safety == .notIdempotent, HTTPLicensingClient.mayHaveBeenCarriedOut(outcome) {
                    throw LicensingError.outcomeUnknown(operation: method == .POST && path.hasSuffix("/renew") ? "renew" : "create", reason: failure.shortReason)
                }
                throw failure
            }
            logger.info("retrying", metadata: ["method": "\(method)", "attempt": "\(attempt + 1)", "delay": "\(delay)", "reason": "\(failure)"])
            attempt += 1
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            if Task.isCancelled { throw failure }
        }
    }

    /// The body of a reply that had begun could not be read to its end.
    struct BodyFailure: Error {
        var status: Int
        var underlying: any Error
    }

    /// What one exchange came to before it is judged.
    enum Answer<Value: Sendable>: Sendable {
        case success(Value)
        case failure(HTTPHeaders, Reply)
    }

    /// Runs `body`, or throws `deadlineExceeded` once `seconds` have passed
    /// (cancelling it, which cancels the request and its body).
    static func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw HTTPClientError.deadlineExceeded
            }
            return value
        }
    }

    static func mayHaveBeenCarriedOut(_ outcome: RetryPolicy.Outcome) -> Bool {
        switch outcome {
        case .connectionFailed(let sent): return sent
        case .timedOut: return true
        case .status: return false
        }
    }

    struct AttemptFailure: Error {
        var error: LicensingError
        var outcome: RetryPolicy.Outcome
    }

    func sendOnce<Value: Sendable>(
        _ method: HTTPMethod, url: String, body: JSONValue?, serial: String?, limit: Int, readSuccess: @escaping SuccessReader<Value>
    ) async throws(AttemptFailure) -> Value {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "netify-licenses")
        if let apiKey { request.headers.add(name: "x-api-key", value: apiKey.secret) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let sealed = request
        let answer: Answer<Value>
        // The status of a reply whose head has arrived: a deadline after it is a
        // reply that did not finish, not a server that did not answer.
        let headStatus = NIOLockedValueBox<Int?>(nil)
        do {
            // One deadline for the whole exchange, body included: a reply that
            // trickles or never ends fails like one that never starts.
            answer = try await HTTPLicensingClient.withDeadline(seconds: requestTimeout) {
                let response = try await HTTPLicensingClient.transport.execute(sealed, timeout: .milliseconds(Int64(self.requestTimeout * 1000)))
                let status = Int(response.status.code)
                headStatus.withLockedValue { $0 = status }
                // From here a reply has arrived: a failure reading its body is an
                // unreadable reply, not a server that could not be reached.
                do {
                    if (200..<300).contains(status) {
                        return .success(try await readSuccess(response, status, limit))
                    }
                    return .failure(response.headers, Reply(status: status, body: try await HTTPLicensingClient.collect(response, upTo: min(limit, HTTPLicensingClient.singleReplyBytes))))
                } catch let error as LicensingError {
                    throw error
                } catch is CancellationError {
                    throw HTTPClientError.deadlineExceeded
                } catch {
                    throw BodyFailure(status: status, underlying: error)
                }
            }
        } catch let error as LicensingError {
            throw AttemptFailure(error: error, outcome: .status(200, retryAfter: nil))
        } catch {
            var failure = HTTPLicensingClient.classify(error, timeout: requestTimeout, maximumResponseBytes: limit, endpoint: endpoint)
            if case .timeout = failure.error, let status = headStatus.withLockedValue({ $0 }) {
                failure.error = .unfinishedReply(status: status, seconds: requestTimeout)
            }
            throw failure
        }
        let headers: HTTPHeaders
        let reply: Reply
        switch answer {
        case .success(let value): return value
        case .failure(let replyHeaders, let failedReply):
            headers = replyHeaders
            reply = failedReply
        }
        let status = reply.status
        let retryAfter = headers.first(name: "Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
        // An error page from a proxy is not JSON: the status still tells what happened.
        let envelope = try? reply.envelope()
        var error = LicensingError.from(status: status, envelope: envelope ?? nil, retryAfter: retryAfter, serial: serial)
        if case .methodNotAllowed(_, let message) = error {
            let allowed = headers.first(name: "Allow")?.split(separator: ",").map { $0.trimmingWhitespace() } ?? []
            error = .methodNotAllowed(allowed: allowed, message: message)
        }
        throw AttemptFailure(error: error, outcome: .status(status, retryAfter: retryAfter))
    }

    /// The whole body, in one buffer sized from Content-Length when the server
    /// sends it, so a 40 MB list is not copied again each time the buffer grows.
    static func collect(_ response: HTTPClientResponse, upTo limit: Int) async throws -> ByteBuffer {
        let announced = response.headers.first(name: "Content-Length").flatMap(RetryPolicy.parseContentLength) ?? 0
        guard announced <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
        var buffer = ByteBufferAllocator().buffer(capacity: max(announced, 1024))
        for try await var chunk in response.body {
            guard buffer.readableBytes + chunk.readableBytes <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
            buffer.writeBuffer(&chunk)
        }
        return buffer
    }

    /// "1 MiB", "256 MiB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? "\(bytes / 1_048_576) MiB" : "\(bytes / 1024) KiB"
    }

    /// Names a failure from the error values AsyncHTTPClient and NIO give
    /// (never from their message text), and says whether the request may
    /// have reached the server, which decides whether it may be retried.
    static func classify(_ error: any Error, timeout: Double, maximumResponseBytes: Int, endpoint: Endpoint) -> AttemptFailure {
        let place = endpoint.host + (endpoint.port.map { ":\($0)" } ?? "")
        func notSent(_ reason: String) -> AttemptFailure {
            AttemptFailure(error: .transport(message: "could not connect to \(place): \(reason)"), outcome: .connectionFailed(requestMayHaveBeenSent: false))
        }
        func broken(_ reason: String) -> AttemptFailure {
            AttemptFailure(error: .transport(message: "the connection to \(place) broke before a reply arrived: \(reason)"), outcome: .connectionFailed(requestMayHaveBeenSent: true))
        }
        func unreadable(_ reason: String) -> AttemptFailure {
            AttemptFailure(error: .undecodableResponse(status: 0, reason: reason, bodyExcerpt: ""), outcome: .status(0, retryAfter: nil))
        }
        func errno(_ code: Int32, sent: Bool) -> AttemptFailure {
            let reason: String
            switch code {
            case ECONNREFUSED: reason = "connection refused"
            case ECONNRESET: reason = "connection reset by the server"
            case EPIPE: reason = "connection closed by the server"
            case ETIMEDOUT: reason = "timed out"
            case EHOSTUNREACH, ENETUNREACH: reason = "no route to the host"
            default: reason = "system error \(code)"
            }
            return sent && code != ECONNREFUSED ? broken(reason) : notSent(reason)
        }
        switch error {
        case let clientError as HTTPClientError:
            // A struct of static values, not an enum: compared one by one.
            if [.deadlineExceeded, .readTimeout, .writeTimeout].contains(clientError) {
                return AttemptFailure(error: .timeout(seconds: timeout), outcome: .timedOut)
            }
            if clientError == .connectTimeout {
                return AttemptFailure(error: .timeout(seconds: timeout), outcome: .connectionFailed(requestMayHaveBeenSent: false))
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(clientError) {
                return AttemptFailure(
                    error: .configuration(message: "The endpoint URL is not usable (\(clientError)); set a URL such as https://agents.netify.ai."),
                    outcome: .status(0, retryAfter: nil))
            }
            if clientError == .remoteConnectionClosed { return broken("the server closed the connection") }
            if clientError == .bodyLengthMismatch { return unreadable("the reply ended before its announced length") }
            return broken("\(clientError)")
        case let failure as BodyFailure:
            if failure.underlying is NIOTooManyBytesError {
                return AttemptFailure(
                    error: .undecodableResponse(status: failure.status, reason: "the reply is larger than \(HTTPLicensingClient.size(maximumResponseBytes)), more than this request can need", bodyExcerpt: ""),
                    outcome: .status(0, retryAfter: nil))
            }
            if let clientError = failure.underlying as? HTTPClientError,
               [.deadlineExceeded, .readTimeout].contains(clientError) {
                return AttemptFailure(error: .timeout(seconds: timeout), outcome: .timedOut)
            }
            let reason = failure.underlying is NIOHTTPDecompression.DecompressionError
                ? "its compressed body could not be expanded within the limits"
                : "it broke off before its end"
            return AttemptFailure(
                error: .undecodableResponse(status: failure.status, reason: "the reply arrived but \(reason)", bodyExcerpt: ""),
                outcome: .status(0, retryAfter: nil))
        case let decompression as NIOHTTPDecompression.DecompressionError:
            return unreadable("its compressed body could not be expanded (\(decompression))")
        case is NIOTooManyBytesError:
            return AttemptFailure(
                error: .undecodableResponse(status: 0, reason: "the reply is larger than \(HTTPLicensingClient.size(maximumResponseBytes)), more than this request can need", bodyExcerpt: ""),
                outcome: .status(0, retryAfter: nil))
        case let connectionError as NIOConnectionError:
            if connectionError.connectionErrors.isEmpty {
                return notSent("the host name \(endpoint.host) could not be resolved")
            }
            if let first = connectionError.connectionErrors.first?.error as? IOError {
                return errno(first.errnoCode, sent: false)
            }
            return notSent("no connection could be made")
        case let ioError as IOError:
            return errno(ioError.errnoCode, sent: true)
        case let channelError as ChannelError:
            switch channelError {
            case .connectTimeout: return AttemptFailure(error: .timeout(seconds: timeout), outcome: .connectionFailed(requestMayHaveBeenSent: false))
            case .connectPending: return notSent("the connection did not open")
            default: return broken("the connection closed")
            }
        case is HTTPParserError:
            return unreadable("the reply is not valid HTTP")
        default:
            return broken("\(type(of: error))")
        }
    }
}
