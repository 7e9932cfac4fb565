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

extension HTTPLicensingClient {
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
            if let tooMany = failure.underlying as? NIOTooManyBytesError {
                return AttemptFailure(
                    error: .undecodableResponse(status: failure.status, reason: "the reply is larger than \(HTTPLicensingClient.size(tooMany.maxBytes ?? maximumResponseBytes)), more than this request can need", bodyExcerpt: ""),
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
        case let tooMany as NIOTooManyBytesError:
            return AttemptFailure(
                error: .undecodableResponse(status: 0, reason: "the reply is larger than \(HTTPLicensingClient.size(tooMany.maxBytes ?? maximumResponseBytes)), more than this request can need", bodyExcerpt: ""),
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
