import AsyncHTTPClient
import Crypto
import LicenseModel
import NIOCore
import NIOHTTP1
import ProcessSpawning

/// One named destination (`notify.NAME.*`). Its URL is a secret (a Slack
/// webhook URL is itself a credential), as is its token: neither is ever
/// printed; messages name the destination.
public struct NotificationDestination: Sendable, Equatable {
    public var name: String
    public var url: String?
    public var format: NotificationFormat
    public var level: NotificationLevel
    /// Mail recipients.
    public var to: [String]
    /// A Matrix access token, read from `token_file`.
    public var token: String?

    public init(name: String, url: String? = nil, format: NotificationFormat, level: NotificationLevel = .changes, to: [String] = [], token: String? = nil) {
        self.name = name
        self.url = url
        self.format = format
        self.level = level
        self.to = to
        self.token = token
    }
}

/// Sends messages, each destination within its own time, the run within a
/// bound: 5xx and 429 retried with backoff (Retry-After honoured, within
/// the time), other 4xx not; redirects never followed. A destination that
/// fails never stops another.
public struct Notifier: Sendable {
    public var perDestinationSeconds: Double
    public var wholeRunSeconds: Double
    /// The mail transfer agent, given the whole message on standard input.
    public var sendmailCommand: [String]

    public init(perDestinationSeconds: Double = 10, wholeRunSeconds: Double = 30, sendmailCommand: [String] = ["/usr/sbin/sendmail", "-t", "-i"]) {
        self.perDestinationSeconds = perDestinationSeconds
        self.wholeRunSeconds = wholeRunSeconds
        self.sendmailCommand = sendmailCommand
    }

    public struct Failure: Sendable, Equatable {
        public var destination: String
        public var reason: String
    }

    static let transport: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Sends the report to every destination whose level wants it, at once;
    /// returns the failures (by destination name, never URL).
    public func send(_ report: NotificationReport, to destinations: [NotificationDestination], forced: Bool = false) async -> (sent: [String], failures: [Failure]) {
        let chosen = destinations.filter { forced || report.isSent(at: $0.level) }
        let results = await withTaskGroup(of: (String, String?).self, returning: [(String, String?)].self) { group in
            for destination in chosen {
                let message = NotificationMessage(report, format: destination.format, mailTo: destination.to)
                group.addTask { await Notifier.deliver(message, to: destination, notifier: self) }
            }
            var results: [(String, String?)] = []
            for await result in group { results.append(result) }
            return results
        }
        let order = chosen.map(\.name)
        let sorted = results.sorted { (order.firstIndex(of: $0.0) ?? 0) < (order.firstIndex(of: $1.0) ?? 0) }
        return (sorted.filter { $0.1 == nil }.map(\.0), sorted.compactMap { result in result.1.map { Failure(destination: result.0, reason: $0) } })
    }

    /// One destination, within its time: nil when it took the message, else why not.
    static func deliver(_ message: NotificationMessage, to destination: NotificationDestination, notifier: Notifier) async -> (String, String?) {
        let seconds = min(notifier.perDestinationSeconds, notifier.wholeRunSeconds)
        do {
            try await Notifier.within(seconds: seconds) {
                if destination.format == .mail {
                    try await notifier.mail(message)
                } else {
                    try await notifier.post(message, to: destination, deadline: ContinuousClock.now + .milliseconds(Int64(seconds * 1000)))
                }
            }
            return (destination.name, nil)
        } catch let failure as DeliveryFailure {
            return (destination.name, failure.reason)
        } catch is TimedOut {
            return (destination.name, "no answer within \(Int(seconds)) s")
        } catch {
            return (destination.name, "could not be reached")
        }
    }

    struct DeliveryFailure: Error { var reason: String }
    struct TimedOut: Error {}

    static func within(seconds: Double, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else { throw TimedOut() }
        }
    }

    /// An HTTP destination: POST (Matrix: PUT to its transaction's URL, so a
    /// retried send is one the server drops as a duplicate).
    func post(_ message: NotificationMessage, to destination: NotificationDestination, deadline: ContinuousClock.Instant) async throws {
        guard var url = destination.url else { throw DeliveryFailure(reason: "it has no url") }
        var method = HTTPMethod.POST
        if destination.format == .matrix {
            let digest = SHA256.hash(data: message.body + Array(destination.name.utf8))
            let transaction = digest.prefix(16).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
            url = (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/send/m.room.message/netify-" + transaction
            method = .PUT
        }
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "netify-licenses")
            if let token = destination.token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
            request.body = .bytes(ByteBuffer(bytes: message.body))
            let status: Int
            var retryAfter: Double?
            do {
                let response = try await Notifier.transport.execute(request, timeout: .seconds(10))
                status = Int(response.status.code)
                retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                // The body is read (bounded) and let go: nothing in it is shown.
                _ = try? await response.body.collect(upTo: 65_536)
            } catch {
                throw DeliveryFailure(reason: "could not be reached (\(Notifier.reason(error)))")
            }
            if (200..<300).contains(status) { return }
            guard status == 429 || (500..<600).contains(status), attempt < 4 else {
                throw DeliveryFailure(reason: "HTTP \(status)" + (attempt > 1 ? " after \(attempt) attempts" : ""))
            }
            let wait = min(max(retryAfter ?? Double(1 << (attempt - 1)) * 0.5, 0), 10)
            guard ContinuousClock.now + .milliseconds(Int64(wait * 1000)) < deadline else {
                throw DeliveryFailure(reason: "HTTP \(status) after \(attempt) attempts (no time left to retry)")
            }
            try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
        }
    }

    /// The error's kind, without its text (which may hold the URL).
    static func reason(_ error: any Error) -> String {
        if let client = error as? HTTPClientError {
            if client == .redirectLimitReached || client == .redirectCycleDetected { return "it redirected; redirects are not followed" }
            if client == .deadlineExceeded || client == .readTimeout || client == .connectTimeout { return "timed out" }
            return "an HTTP error"
        }
        return "a network error"
    }

    /// Mail: the whole message to the configured sendmail on standard input.
    func mail(_ message: NotificationMessage) async throws {
        guard !sendmailCommand.isEmpty else { throw DeliveryFailure(reason: "sendmail_command is empty") }
        let command = sendmailCommand
        let text = String(decoding: message.body, as: UTF8.self)
        let result: Spawn.Result
        do {
            result = try await Spawn.offCooperativePool { try Spawn.runBlocking(command, input: text) }
        } catch {
            throw DeliveryFailure(reason: "sendmail_command could not be run (\(command[0].safeForDisplay(limit: 200)))")
        }
        guard result.status == 0 else {
            throw DeliveryFailure(reason: "sendmail_command exited with \(result.status)")
        }
    }
}
