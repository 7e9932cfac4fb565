import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// The Licensing API over HTTPS (or plain HTTP to a loopback sandbox).
public struct HTTPLicensingClient: LicensingAPI {
    public let endpoint: Endpoint
    let apiKey: APIKey?
    public var retryPolicy: RetryPolicy
    /// Whole-request deadline per attempt, connection included.
    public var requestTimeout: Double
    /// The largest reply read; a fleet list of 100,000 licenses is about 40 MB.
    public var maximumResponseBytes: Int
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
        maximumResponseBytes: Int = 512 * 1024 * 1024, logger: Logger = Logger(label: "netify-licenses.client")
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
        try self.init(endpoint: settings.endpoint, apiKey: settings.apiKey, requestTimeout: settings.requestTimeout, logger: logger)
    }

    // MARK: Operations

    public func listLicenses(format: LicenseFormat) async throws(LicensingError) -> [License] {
        let reply = try await send(.GET, path: "", query: format, body: nil, safety: .idempotent, serial: nil)
        return try HTTPLicensingClient.licenses(in: reply, logger: logger)
    }

    /// Decodes a whole list reply as the client does, for tests and benchmarks.
    public static func decodeList(_ bytes: [UInt8]) throws(LicensingError) -> [License] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .undecodableResponse(status: 200, reason: "not JSON (\(error))", bodyExcerpt: Reply.excerpt(of: bytes))
        }
        return try licenses(in: Reply(status: 200, data: Envelope(json: json).data, excerpt: Reply.excerpt(of: bytes)), logger: nil)
    }

    static func licenses(in reply: Reply, logger: Logger?) throws(LicensingError) -> [License] {
        guard let items = reply.data?.arrayValue else {
            throw .undecodableResponse(status: reply.status, reason: "expected a list of licenses in \"data\"", bodyExcerpt: reply.excerpt)
        }
        var licenses: [License] = []
        licenses.reserveCapacity(items.count)
        for item in items {
            do {
                licenses.append(try License(json: item))
            } catch {
                // One unreadable entry must not hide the whole fleet.
                logger?.warning("skipped an unreadable license in the list", metadata: ["reason": "\(error)"])
            }
        }
        return licenses
    }

    public func license(serial: String, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(.GET, path: "/" + Endpoint.escapePathComponent(serial), query: format, body: nil, safety: .idempotent, serial: serial)
        return try reply.license()
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(.POST, path: "", query: format, body: request.json(format: format), safety: .notIdempotent, serial: nil)
        return try reply.license()
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> License {
        let reply = try await send(
            .POST, path: "/" + Endpoint.escapePathComponent(serial) + "/renew", query: format, body: request.json,
            safety: request.isIdempotent ? .idempotent : .notIdempotent, serial: serial)
        return try reply.license()
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        do {
            let reply = try await send(.DELETE, path: "/" + Endpoint.escapePathComponent(serial), query: .object, body: nil, safety: .idempotent, serial: serial)
            return reply.data.flatMap { try? License(json: $0) }
        } catch let error where error.isRetriedDeleteOfGoneLicense {
            // An earlier attempt's reply was lost after the server deleted it.
            return nil
        }
    }

    // MARK: Transport

    struct Reply {
        var status: Int
        var data: JSONValue?
        var excerpt: String

        func license() throws(LicensingError) -> License {
            guard let data else {
                throw .undecodableResponse(status: status, reason: "no \"data\" in the reply", bodyExcerpt: excerpt)
            }
            do {
                return try License(json: data)
            } catch {
                throw .undecodableResponse(status: status, reason: error.description, bodyExcerpt: excerpt)
            }
        }
    }

    func send(
        _ method: HTTPMethod, path: String, query format: LicenseFormat?, body: JSONValue?,
        safety: RetryPolicy.Safety, serial: String?
    ) async throws(LicensingError) -> Reply {
        var url = endpoint.licensesURL + path
        if let format { url += "?format=" + format.rawValue }
        var attempt = 1
        while true {
            let outcome: RetryPolicy.Outcome
            let failure: LicensingError
            do {
                return try await sendOnce(method, url: url, body: body, serial: serial)
            } catch let attemptFailure {
                failure = attemptFailure.error
                outcome = attemptFailure.outcome
            }
            if method == .DELETE, attempt > 1, failure.httpStatus == 404 {
                throw LicensingError.notFound(serial: serial, message: LicensingError.retriedDeleteMarker)
            }
            guard let delay = retryPolicy.delay(after: outcome, attempt: attempt, safety: safety) else {
                throw failure
            }
            logger.info("retrying", metadata: ["method": "\(method)", "attempt": "\(attempt + 1)", "delay": "\(delay)", "reason": "\(failure)"])
            attempt += 1
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            if Task.isCancelled { throw failure }
        }
    }

    struct AttemptFailure: Error {
        var error: LicensingError
        var outcome: RetryPolicy.Outcome
    }

    func sendOnce(_ method: HTTPMethod, url: String, body: JSONValue?, serial: String?) async throws(AttemptFailure) -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "netify-licenses")
        if let apiKey { request.headers.add(name: "x-api-key", value: apiKey.secret) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let response: HTTPClientResponse
        var bytes: [UInt8]
        do {
            response = try await HTTPLicensingClient.transport.execute(request, timeout: .milliseconds(Int64(requestTimeout * 1000)))
            let buffer = try await response.body.collect(upTo: maximumResponseBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw HTTPLicensingClient.classify(error, timeout: requestTimeout, maximumResponseBytes: maximumResponseBytes)
        }
        let status = Int(response.status.code)
        let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
        let excerpt = Reply.excerpt(of: bytes)
        let json: JSONValue?
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            json = nil
        } else {
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                guard (200..<300).contains(status) else {
                    // An error page from a proxy: the status still tells what happened.
                    throw AttemptFailure(
                        error: LicensingError.from(status: status, envelope: nil, retryAfter: retryAfter, serial: serial),
                        outcome: .status(status, retryAfter: retryAfter))
                }
                throw AttemptFailure(
                    error: .undecodableResponse(status: status, reason: "not JSON (\(error))", bodyExcerpt: excerpt),
                    outcome: .status(status, retryAfter: retryAfter))
            }
        }
        bytes = []
        let envelope = json.map(Envelope.init(json:))
        guard (200..<300).contains(status) else {
            var error = LicensingError.from(status: status, envelope: envelope, retryAfter: retryAfter, serial: serial)
            if case .methodNotAllowed(_, let message) = error {
                let allowed = response.headers.first(name: "Allow")?.split(separator: ",").map { $0.trimmingWhitespace() } ?? []
                error = .methodNotAllowed(allowed: allowed, message: message)
            }
            throw AttemptFailure(error: error, outcome: .status(status, retryAfter: retryAfter))
        }
        return Reply(status: status, data: envelope?.data, excerpt: excerpt)
    }

    static func classify(_ error: any Error, timeout: Double, maximumResponseBytes: Int) -> AttemptFailure {
        if let clientError = error as? HTTPClientError {
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
        }
        if error is NIOTooManyBytesError {
            return AttemptFailure(
                error: .undecodableResponse(status: 200, reason: "reply larger than \(maximumResponseBytes / 1_048_576) MiB", bodyExcerpt: ""),
                outcome: .status(200, retryAfter: nil))
        }
        let text = String(describing: error)
        // Refused or unresolvable connections never carried the request.
        let beforeSending = ["connectionRefused", "Connection refused", "ECONNREFUSED", "NIOConnectionError", "connect(descriptor", "getaddrinfo", "resolve"]
            .contains { text.contains($0) }
        return AttemptFailure(error: .transport(message: text), outcome: .connectionFailed(requestMayHaveBeenSent: !beforeSending))
    }
}

extension HTTPLicensingClient.Reply {
    static func excerpt(of bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return text.replacingControlCharacters()
    }
}

extension String {
    /// Newlines and other control characters become spaces, so a server's text
    /// cannot break a one-line message or inject terminal escapes.
    public func replacingControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}

extension LicensingError {
    static let retriedDeleteMarker = "already deleted by an earlier attempt"

    var isRetriedDeleteOfGoneLicense: Bool {
        if case .notFound(_, let message) = self { return message == LicensingError.retriedDeleteMarker }
        return false
    }
}
