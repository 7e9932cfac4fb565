import HTTPTypes
import Hummingbird
import Logging
import LicenseModel

/// Routes every request by hand, so that each path answers 405 with an
/// `Allow` header for methods it lacks, and no request can fall through to a
/// framework default that does not speak the status envelope.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let service: LicenseService
    let rateLimiter = RateLimiter()
    let logger: Logger
    let latency: Duration
    let monotonicSeconds: @Sendable () -> Double

    static let collectionPath = "/api/v2/integrator/licenses"
    static let openAPIPaths: Set<String> = ["/openapi.yaml", "/api/v2/integrator/openapi.yaml"]
    static let maximumBodyBytes = 1_048_576

    enum Route {
        case collection
        case license(serial: String)
        case renew(serial: String)

        var allowedMethods: [HTTPRequest.Method] {
            switch self {
            case .collection: return [.get, .head, .post]
            // POST to the bare serial renews: the seed's own examples do this.
            case .license: return [.get, .head, .post, .delete]
            case .renew: return [.post]
            }
        }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        if latency > .zero { try? await Task.sleep(for: latency) }
        do {
            // HEAD is GET without a body: same status and headers, the body never produced.
            if request.method == .head {
                let response = try await route(request, as: .get)
                return Response(status: response.status, headers: response.headers, body: .init())
            }
            return try await route(request, as: request.method)
        } catch let error as SandboxError {
            if error.status >= 500 {
                logger.error("internal fault", metadata: ["error": "\(error.message)"])
                return SandboxResponder.reply(status: 500, Envelope.failure(code: 500, message: "Internal server error; the sandbox log has the details."))
            }
            return SandboxResponder.reply(
                status: error.status, Envelope.failure(code: error.status, message: error.message, fields: error.fields), headers: error.headers)
        } catch {
            logger.error("internal fault", metadata: ["error": "\(error)"])
            return SandboxResponder.reply(status: 500, Envelope.failure(code: 500, message: "Internal server error; the sandbox log has the details."))
        }
    }

    func route(_ request: Request, as method: HTTPRequest.Method) async throws -> Response {
        let path = request.uri.path
        if SandboxResponder.openAPIPaths.contains(path) {
            guard method == .get || method == .head else {
                throw SandboxError(status: 405, message: "Only GET is supported here.", headers: [("Allow", "GET")])
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        let route = try SandboxResponder.parse(path: path)
        guard route.allowedMethods.contains(method) else {
            let allowed = route.allowedMethods.map(\.rawValue).joined(separator: ", ")
            throw SandboxError(status: 405, message: "\(method.rawValue) is not supported on \(path); use \(allowed).", headers: [("Allow", allowed)])
        }
        let key = try await service.authenticate(request.headers[.init("x-api-key")!])
        if let wait = rateLimiter.admit(keyID: key.id, requestsPerMinute: key.policy.requestsPerMinute, now: monotonicSeconds()) {
            throw SandboxError(
                status: 429, message: "Too many requests for this API key; retry after \(wait) s.", headers: [("Retry-After", String(wait))])
        }
        var request = request
        let body = method == .post ? try await SandboxResponder.readBody(&request) : nil
        let format = try SandboxResponder.format(query: request.uri.query, body: body)
        switch (route, method) {
        case (.collection, .get):
            return try await SandboxResponder.streamedList(service: service, key: key, format: format, logger: logger)
        case (.collection, .post):
            guard let body else { throw SandboxError.badRequest("The request has no body; send a JSON object with issued_to and entitlements.") }
            return SandboxResponder.success(try await service.create(body, key: key), format)
        case (.license(let serial), .get):
            return SandboxResponder.success(try await service.view(serial: serial, key: key), format)
        case (.license(let serial), .post), (.renew(let serial), .post):
            return SandboxResponder.success(try await service.renew(serial: serial, body ?? .object([]), key: key), format)
        case (.license(let serial), .delete):
            return SandboxResponder.success(try await service.delete(serial: serial, key: key), format)
        default:
            throw SandboxError(status: 500, message: "unrouted \(method) \(path)")
        }
    }

    static func parse(path: String) throws(SandboxError) -> Route {
        let notFound = SandboxError.notFound("Nothing is served at \(String(path.prefix(80)).replacingControlCharacters()); the API lives under \(collectionPath).")
        guard path.hasPrefix(collectionPath) else { throw notFound }
        let rest = path.dropFirst(collectionPath.count)
        if rest.isEmpty || rest == "/" { return .collection }
        guard rest.hasPrefix("/") else { throw notFound }
        let segments = rest.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        // Serial rules (digits and dashes only) are checked by the service, so that
        // `..`, escapes and the like get the same message naming the serial.
        switch segments.count {
        case 1: return .license(serial: String(segments[0]))
        case 2 where segments[1] == "renew": return .renew(serial: String(segments[0]))
        default:
            // The same words as any other value that is not a serial (`LicenseService.validateSerial`).
            try LicenseService.validateSerial(String(rest.dropFirst()))
            throw notFound
        }
    }

    /// The JSON object in a POST body, nil when the body is empty.
    static func readBody(_ request: inout Request) async throws(SandboxError) -> JSONValue? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            throw .badRequest("The request body is larger than 1 MiB; send only the license fields.")
        }
        let bytes = Array(buffer.readableBytesView)
        // Only no body at all is "no body": white space alone is not JSON, and is refused as such.
        if bytes.isEmpty { return nil }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.split(separator: ";").first?.trimmingCharacters() == "application/json" else {
            throw .badRequest("Content-Type must be application/json, not \(contentType.isEmpty ? "missing" : "\"\(contentType.prefix(60))\"").")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .badRequest("The request body is not valid JSON (\(error)); check quotes and commas.")
        }
        guard case .object(let members) = json else {
            throw .badRequest("The request body must be a JSON object, not \(json.typeName).")
        }
        // A member given twice says two things; which one a server believes would be chance.
        var names = Set<String>()
        for member in members where !names.insert(member.key).inserted {
            throw .badRequest("The request body gives \"\(String(member.key.prefix(40)).safeForDisplay(limit: 40))\" twice; send each member once.")
        }
        return json
    }

    /// `format` from the query string or, for POST, the body; the query wins.
    /// A body's `format` is checked even when the query decides: a request
    /// that carries an invalid member is refused, whichever one is used.
    static func format(query: String?, body: JSONValue?) throws(SandboxError) -> LicenseFormat {
        var fromQuery: String?
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == "format" { fromQuery = parts.count > 1 ? String(parts[1]) : "" }
        }
        var fromBody: LicenseFormat?
        if let value = body?["format"], !value.isNull {
            guard let text = value.stringValue else { throw .invalid("format", "must be \"netifyd\" or \"object\", not \(value.typeName)") }
            fromBody = try checked(text)
        }
        if let fromQuery { return try checked(fromQuery) }
        return fromBody ?? .default
    }

    static func checked(_ requested: String) throws(SandboxError) -> LicenseFormat {
        guard let format = LicenseFormat(rawValue: requested) else {
            throw .invalid("format", "must be \"netifyd\" or \"object\", not \"\(String(requested.prefix(40)).replacingControlCharacters())\"")
        }
        return format
    }

    /// The list reply, sent while it is read and written: pieces go out as the
    /// database's reader queue produces them. The status waits for the first
    /// piece, so a database failure before any row is still a 500; one after
    /// the status line has gone can only cut the reply short, which a client
    /// reports as unreadable.
    static func streamedList(service: LicenseService, key: SandboxKey, format: LicenseFormat, logger: Logger) async throws -> Response {
        let (pieces, continuation) = AsyncStream<[UInt8]>.makeStream()
        let reading = Task {
            defer { continuation.finish() }
            try await service.writeList(key: key, format: format) { piece in
                // A client gone away ends the stream: stop reading rows for it.
                if case .terminated = continuation.yield(piece) { return false }
                return true
            }
        }
        // One consumer at a time: here for the first piece, then the body writer.
        nonisolated(unsafe) var iterator = pieces.makeAsyncIterator()
        guard let first = await iterator.next() else {
            try await reading.value
            throw SandboxError(status: 500, message: "internal: the list reply produced no bytes")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = ResponseBody { writer in
            do {
                try await writer.write(ByteBuffer(bytes: first))
                while let piece = await iterator.next() {
                    try await writer.write(ByteBuffer(bytes: piece))
                }
                try await reading.value
            } catch {
                continuation.finish()
                logger.info("list reply cut short", metadata: ["error": "\(error)"])
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func success(_ license: StoredLicense, _ format: LicenseFormat) -> Response {
        success { license.write(format, to: &$0) }
    }

    static func success(data: (inout JSONOutput) -> Void) -> Response {
        var output = JSONOutput(reservingCapacity: 1024)
        Envelope.writeSuccess(to: &output, data: data)
        return reply(status: 200, bytes: output.bytes)
    }

    static func reply(status: Int, _ json: JSONValue, headers extra: [(String, String)] = []) -> Response {
        reply(status: status, bytes: json.serializedBytes(), headers: extra)
    }

    static func reply(status: Int, bytes: [UInt8], headers extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Substring {
    func trimmingCharacters() -> String { trimmingWhitespace() }
}
