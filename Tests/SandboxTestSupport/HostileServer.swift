import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP server on 127.0.0.1 that answers every connection the same
/// scripted way, for the replies a real sandbox never sends: a connection
/// dropped after the request, a reply that never ends or trickles, bytes that
/// are not HTTP. One thread per connection; `stop()` closes everything.
public final class HostileServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Reads the whole request, then closes without a byte of reply.
        case hangUpAfterRequest
        /// Sends these bytes, then closes.
        case reply([UInt8])
        /// Sends `head`, then one byte of `body` every `interval` seconds, for ever (until stopped).
        case trickle(head: [UInt8], interval: Double)
        /// Sends `head`, then nothing, holding the connection open (until stopped): a hung server.
        case stall(head: [UInt8])
        /// Sends `head`, then `body(0)`, `body(1)`, … as fast as they are taken,
        /// until `body` returns nil (then closes) or for ever (until stopped or
        /// the client hangs up): a reply generated as it is sent, never held whole.
        case stream(head: [UInt8], body: @Sendable (Int) -> [UInt8]?)
        /// The first `failures` requests get an empty 503, every later one `then`: a
        /// server failing for a while (`reset(failures:)` starts the count again).
        case failFirst(Int, then: [UInt8])
        /// A scripted API: each request's reply chosen from its method and
        /// path (query included), e.g. a list that names a serial twice and
        /// a renew that answers as a real server would. No bytes: the
        /// connection is held open and never answered (a hung server).
        case routed(@Sendable (_ method: String, _ path: String) -> [UInt8])
        /// Every request kept whole (`recorded`), each answered by the script
        /// (no bytes: held open, never answered): a webhook receiver that can
        /// take, fail or hang.
        case recording(@Sendable (_ request: RecordedRequest) -> [UInt8])

        /// A complete JSON reply with this status line, then the connection closed.
        public static func json(_ body: String, status: String = "200 OK") -> Behaviour {
            .reply(jsonBytes(body, status: status))
        }

        public static func jsonBytes(_ body: String, status: String = "200 OK") -> [UInt8] {
            Array("HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
        }
    }

    /// A request as it arrived.
    public struct RecordedRequest: Sendable {
        public var method: String
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        public var body: [UInt8]
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int
    private let listener: Int32
    private var recordedRequests: [RecordedRequest] = []
    /// Every request a `.recording` server was sent, in order.
    public var recorded: [RecordedRequest] { lock.withLock { recordedRequests } }
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var stopped = false
    private var requestCount = 0
    private var failuresLeft = 0

    public var requests: Int { lock.withLock { requestCount } }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        if case .failFirst(let failures, _) = behaviour { failuresLeft = failures }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Counts requests from zero again, the next `failures` of them failing.
    public func reset(failures: Int) {
        lock.withLock {
            requestCount = 0
            failuresLeft = failures
        }
    }

    public func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            lock.withLock { requestCount += 1 }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        let (requestLine, raw) = readRequest(connection)
        switch behaviour {
        case .recording(let answer):
            guard let request = HostileServer.parse(raw) else { return }
            lock.withLock { recordedRequests.append(request) }
            let reply = answer(request)
            if reply.isEmpty {
                while !isStopped { usleep(50_000) }
                return
            }
            send(reply, to: connection)
        case .routed(let answer):
            let parts = requestLine.split(separator: " ")
            guard parts.count >= 2 else { return }
            let reply = answer(String(parts[0]), String(parts[1]))
            if reply.isEmpty {
                while !isStopped { usleep(50_000) }
                return
            }
            send(reply, to: connection)
        case .hangUpAfterRequest:
            return
        case .reply(let bytes):
            send(bytes, to: connection)
        case .failFirst(_, let then):
            let fail = lock.withLock { () -> Bool in
                guard failuresLeft > 0 else { return false }
                failuresLeft -= 1
                return true
            }
            send(fail ? Behaviour.jsonBytes("", status: "503 Service Unavailable") : then, to: connection)
        case .stall(let head):
            send(head, to: connection)
            while !isStopped { usleep(50_000) }
        case .stream(let head, let body):
            // A client that stops reading without hanging up must not hold this
            // thread and its socket for the rest of the run: sends wait at most
            // 200 ms at a time, and `stop()` ends them.
            var wait = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            guard sendUntilStopped(head, to: connection) else { return }
            var piece = 0
            while !isStopped, let bytes = body(piece) {
                guard sendUntilStopped(bytes, to: connection) else { return }
                piece += 1
            }
        case .trickle(let head, let interval):
            send(head, to: connection)
            while !isStopped {
                guard send([UInt8(ascii: "[")], to: connection) else { return }
                usleep(useconds_t(interval * 1_000_000))
            }
        }
    }

    static func parse(_ raw: [UInt8]) -> RecordedRequest? {
        guard let end = (0..<max(0, raw.count - 3)).first(where: { raw[$0] == 13 && raw[$0 + 1] == 10 && raw[$0 + 2] == 13 && raw[$0 + 3] == 10 }) else { return nil }
        let head = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = head.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RecordedRequest(method: String(parts[0]), path: String(parts[1]), headers: headers, body: Array(raw[(end + 4)...]))
    }

    /// Reads the head and as much body as Content-Length announces; returns the request line and every byte read.
    @discardableResult
    private func readRequest(_ connection: Int32) -> (String, [UInt8]) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return ("", received) }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.distance(from: text.utf8.startIndex, to: headEnd.upperBound) + length <= received.count {
                return (String(text[..<headEnd.lowerBound].split(separator: "\r\n").first ?? ""), received)
            }
        }
    }

    /// As `send`, a send that timed out tried again until the server is stopped.
    private func sendUntilStopped(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK, !isStopped {
                continue
            } else {
                return false
            }
        }
        return true
    }

    @discardableResult
    private func send(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
