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

// The transport: one request with its retries and deadline, one attempt, and the body read within its limit.
extension HTTPLicensingClient {

    /// A reply read whole: a single license, or an error. (A list is decoded
    /// as it arrives instead; see `licenseList`.)
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
        if bytes.allSatisfy(JSONParser.isWhitespace) { return nil }
        let json: JSONValue
        do {
            json = try JSONParser.parse(buffer: bytes)
        } catch {
            throw .notJSON(status: status, error, bodyExcerpt: LicenseListDecoder.excerpt(of: bytes))
        }
        if let repeated = Envelope.repeatedMember(in: json) {
            throw .undecodableResponse(status: status, reason: Envelope.repeatedMemberReason(repeated), bodyExcerpt: LicenseListDecoder.excerpt(of: bytes))
        }
        return Envelope(json: json)
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
        switch try await sendRetrying(method, path: path, query: format, body: body, safety: safety, serial: serial, limit: limit, readSuccess: readSuccess) {
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

    /// One request as the retry policy allows it: `sendAttempt` as many times
    /// as the outcome and the time left permit. `limit` bounds the reply body
    /// by what the request can need. (`send` is the same, its outcome unwrapped.)
    func sendRetrying<Value: Sendable>(
        _ method: HTTPMethod, path: String, query format: LicenseFormat?, body: JSONValue?,
        safety: RetryPolicy.Safety, serial: String?, limit: Int, readSuccess: @escaping SuccessReader<Value>
    ) async throws(LicensingError) -> Delivery<Value> {
        var url = endpoint.licensesURL + path
        if let format { url += "?format=" + format.rawValue }
        let started = ContinuousClock.now
        // One budget for the operation, whoever retries: this client's own, or
        // less when a front end re-sending the operation set one (OperationBudget).
        let ownDeadline = started + .nanoseconds(Int64(retryPolicy.totalSeconds * 1e9))
        let deadline = OperationBudget.deadline.map { min($0, ownDeadline) } ?? ownDeadline
        var attempt = 1
        // Whether any attempt so far may have reached the server and acted: the
        // last failure alone cannot say (a timeout, then a refused connection).
        var mayHaveActed = false
        while true {
            let outcome: RetryPolicy.Outcome
            let failure: LicensingError
            // An attempt never runs past the deadline; none starts once it has passed.
            var bounded = self
            bounded.requestTimeout = min(requestTimeout, OperationBudget.seconds(until: deadline))
            guard bounded.requestTimeout > 0.05 else {
                if method != .GET, mayHaveActed {
                    throw LicensingError.outcomeUnknown(operation: method == .DELETE ? "delete" : path.hasSuffix("/renew") ? "renew" : "create", reason: "the operation's time budget ran out")
                }
                throw LicensingError.timeout(seconds: retryPolicy.totalSeconds)
            }
            do {
                return .reply(try await bounded.sendAttempt(method, url: url, body: body, serial: serial, limit: limit, readSuccess: readSuccess))
            } catch let attemptFailure {
                failure = attemptFailure.error
                outcome = attemptFailure.outcome
            }
            if method == .DELETE, attempt > 1, failure.httpStatus == 404 {
                return .goneAfterEarlierAttempt
            }
            mayHaveActed = mayHaveActed || HTTPLicensingClient.mayHaveBeenCarriedOut(outcome)
            let within = { (delay: Double) in delay + self.requestTimeout <= OperationBudget.seconds(until: deadline) }
            guard let delay = retryPolicy.delay(after: outcome, attempt: attempt, safety: safety), within(delay) else {
                // A write that may have reached the server (on any attempt) is not
                // "could not reach": its outcome is unknown, and the words must say so.
                if method != .GET, mayHaveActed {
                    let operation = method == .DELETE ? "delete" : path.hasSuffix("/renew") ? "renew" : "create"
                    throw LicensingError.outcomeUnknown(operation: operation, reason: failure.shortReason)
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

    func sendAttempt<Value: Sendable>(
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

    /// "1 MiB", "256 MiB", "2 GiB".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        return bytes >= 1_048_576 ? "\(bytes / 1_048_576) MiB" : "\(bytes / 1024) KiB"
    }
}
