/// Everything that can go wrong talking to the Licensing API, each with a
/// sentence that says what happened and what to do next.
public enum LicensingError: Error, Sendable, Equatable {
    /// A server's Retry-After is read into 0 s to one day: a longer wait is
    /// not one anybody waits for, and no arithmetic on the value can overflow.
    public static let longestRetryAfter = 86_400.0

    /// 400: the request was malformed (bad JSON, wrong content type).
    case badRequest(message: String)
    /// 401: no key, or the server does not know it.
    case unauthorized(message: String)
    /// 403: the key is valid but its policy does not allow this.
    case forbidden(message: String)
    /// 404: no such license for this key.
    case notFound(serial: String?, message: String)
    /// 405: the path does not support the method.
    case methodNotAllowed(allowed: [String], message: String)
    /// 409: the request conflicts with the license's state.
    case conflict(message: String)
    /// 422: validation failed; `fields` name what to fix.
    case validation(message: String, fields: [FieldError])
    /// 429: over the key's request rate.
    case rateLimited(retryAfterSeconds: Double?, message: String)
    /// 5xx.
    case server(status: Int, message: String)
    /// A status outside the documented table.
    case unexpectedStatus(status: Int, message: String)
    /// A reply that could not be read even leniently.
    case undecodableResponse(status: Int, reason: String, bodyExcerpt: String)
    /// No connection could be made, or it broke before a reply arrived.
    case transport(message: String)
    /// No reply within the time allowed.
    case timeout(seconds: Double)
    /// A reply began (its status arrived) but its body did not finish in time: it trickled or never ended.
    case unfinishedReply(status: Int, seconds: Double)
    /// A create or renew went out and no reply came back: it may or may not
    /// have been carried out, and sending it again could do it twice.
    case outcomeUnknown(operation: String, reason: String)
    /// Settings that cannot be used (bad endpoint, key over plain http, unreadable config).
    case configuration(message: String)
    /// A command needs a key and none is configured.
    case missingAPIKey(configFilePath: String)

    /// The request reached the server and no answer says it was refused: a
    /// write the client gave up on after an attempt that may have acted
    /// (`outcomeUnknown`), or a success whose body never finished or could
    /// not be read. (A plain `timeout` is one that was never sent, or a
    /// read's.) The journal records it as `outcome unknown` until the next
    /// list decides.
    public var mayHaveBeenCarriedOut: Bool {
        switch self {
        case .outcomeUnknown: return true
        case .unfinishedReply(let status, _), .undecodableResponse(let status, _, _): return (200..<300).contains(status)
        default: return false
        }
    }

    /// The HTTP status behind the error, if a reply arrived.
    public var httpStatus: Int? {
        switch self {
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .conflict: return 409
        case .validation: return 422
        case .rateLimited: return 429
        case .server(let status, _), .unexpectedStatus(let status, _), .undecodableResponse(let status, _, _), .unfinishedReply(let status, _):
            return status
        case .transport, .timeout, .outcomeUnknown, .configuration, .missingAPIKey: return nil
        }
    }

    /// Per-field messages, for forms to show beside the field they name.
    public var fieldErrors: [FieldError] {
        if case .validation(_, let fields) = self { return fields }
        return []
    }

    /// Builds the error for a non-2xx reply.
    public static func from(status: Int, envelope: Envelope?, retryAfter: Double?, serial: String?) -> LicensingError {
        // The one boundary where a server's words enter an error: made safe here, once.
        let serverMessage = envelope?.statusMessage?.trimmingWhitespace().safeForDisplay(limit: 300)
        let message = (serverMessage?.isEmpty == false ? serverMessage : nil) ?? defaultMessage(for: status)
        switch status {
        case 400: return .badRequest(message: message)
        case 401: return .unauthorized(message: message)
        case 403: return .forbidden(message: message)
        case 404: return .notFound(serial: serial, message: message)
        case 405: return .methodNotAllowed(allowed: [], message: message)
        case 409: return .conflict(message: message)
        case 422:
            let fields = (envelope?.fieldErrors ?? []).prefix(50).map {
                FieldError(field: $0.field.safeForDisplay(limit: 60), message: $0.message.safeForDisplay(limit: 300))
            }
            return .validation(message: message, fields: Array(fields))
        case 429: return .rateLimited(retryAfterSeconds: retryAfter, message: message)
        case 500...599: return .server(status: status, message: message)
        default: return .unexpectedStatus(status: status, message: message)
        }
    }

    package static func defaultMessage(for status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 422: return "Validation Error"
        case 429: return "Too Many Requests"
        case 500: return "Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(status)"
        }
    }
}

extension LicensingError: CustomStringConvertible {
    /// One line: what happened, then what to do next.
    public var description: String {
        switch self {
        case .badRequest(let message):
            return "The server rejected the request as malformed (400: \(message)); this is likely a bug in netify-licenses, please report it with the command you ran."
        case .unauthorized(let message):
            return "The API key was not accepted (401: \(message)); check NETIFY_API_KEY, --api-key-file or the config file."
        case .forbidden(let message):
            return "The API key is not allowed to do this (403: \(message)); ask for a key whose policy permits it, or stay within the key's limits."
        case .notFound(let serial, let message):
            if let serial {
                return "No license \(serial.safeForDisplay(limit: 40)) exists for this API key (404); check the serial with `netify-licenses list`."
            }
            return "Not found (404: \(message)); check the endpoint URL."
        case .methodNotAllowed(let allowed, let message):
            let hint = allowed.isEmpty ? "" : " (allowed: \(allowed.joined(separator: ", ")))"
            return "The server does not support this request here (405: \(message))\(hint); check the endpoint URL."
        case .conflict(let message):
            return "The request conflicts with the license's current state (409: \(message)); refresh and review the license before trying again."
        case .validation(let message, let fields):
            // The fields are listed beneath (CLI) or beside each field (forms): the headline does not repeat them.
            if fields.isEmpty { return "The server rejected the request (422: \(message)); correct it and submit again." }
            let named = fields.map(\.field).filter { !$0.isEmpty }
            let which = named.isEmpty ? "some fields" : named.joined(separator: ", ")
            return "The server rejected \(which) (422); correct \(named.count == 1 ? "it" : "them") and submit again."
        case .rateLimited(let retryAfter, let message):
            let wait = retryAfter.map { "wait \(Int(min(max($0, 0), LicensingError.longestRetryAfter).rounded(.up))) s" } ?? "wait a moment"
            return "Too many requests for this API key (429: \(message)); \(wait) and try again."
        case .server(let status, let message):
            return "The licensing server failed (\(status): \(message)); try again shortly, and contact the service if it persists."
        case .unexpectedStatus(let status, let message):
            return "The server answered with an unexpected status \(status) (\(message)); check the endpoint URL points at the Licensing API."
        case .undecodableResponse(let status, let reason, let excerpt):
            let which = status > 0 ? "The server's reply (HTTP \(status))" : "The server's reply"
            let start = excerpt.isEmpty ? "" : ", starting \"\(excerpt)\""
            return "\(which) could not be read: \(reason)\(start); check the endpoint URL points at the Licensing API."
        case .transport(let message):
            return message.prefix(1).uppercased() + message.dropFirst() + ". Is the server running? Check the endpoint URL and the network, then try again."
        case .outcomeUnknown(let operation, let reason):
            return "The \(operation) was sent but no reply came back (\(reason)), so whether the server carried it out is unknown; check with `netify-licenses list` before trying again, or it may happen twice."
        case .timeout(let seconds):
            return "The licensing server did not answer within \(Int(seconds)) s; check the network, or try again later."
        case .unfinishedReply(let status, let seconds):
            return "The licensing server's reply (HTTP \(status)) did not finish within \(Int(seconds)) s; check the network, or try again later."
        case .configuration(let message):
            return message
        case .missingAPIKey(let path):
            return "No API key is configured; set NETIFY_API_KEY, pass --api-key-file, or add api_key to \(path) (chmod 600). To try things on the local sandbox instead, pass --sandbox."
        }
    }
}

extension LicensingError {
    /// What went wrong in a few words, for inside another sentence.
    public var shortReason: String {
        switch self {
        case .transport(let message): return message
        case .timeout(let seconds): return "no answer within \(Int(seconds)) s"
        case .unfinishedReply(_, let seconds): return "the reply did not finish within \(Int(seconds)) s"
        default: return description
        }
    }

    /// A reply that is not JSON at all; `bodyExcerpt` shows what came instead.
    package static func notJSON(status: Int, _ error: JSONSyntaxError, bodyExcerpt: String) -> LicensingError {
        .undecodableResponse(status: status, reason: "not JSON (\(error))", bodyExcerpt: bodyExcerpt)
    }
}
