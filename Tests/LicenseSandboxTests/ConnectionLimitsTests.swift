import Foundation
import LicenseModel
import LicenseSandbox
import NetifyLicensing
import ProcessSpawning
import SandboxTestSupport
import NIOPosix
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Connections and methods")
struct ConnectionLimitsTests {
    @Test func headIsGetWithoutABody() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            for url in [sandbox.licensesURL, sandbox.licensesURL + "/2026-0000-00000001"] {
                let head = try await RawHTTP.send(.HEAD, url, key: sandbox.key)
                #expect(head.status == 200, "\(url)")
                #expect(head.body.isEmpty, "\(url)")
                #expect(head.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true, "\(url)")
            }
            #expect(try await RawHTTP.send(.HEAD, sandbox.licensesURL + "/2025-7546-23742565", key: sandbox.key).status == 404)
            #expect(try await RawHTTP.send(.HEAD, sandbox.licensesURL).status == 401)
        }
    }

    @Test func aConnectionThatSendsNothingIsClosed() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let running = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", idleTimeoutSeconds: 1))
        try await withCleanup({ await running.stop() }) {
            let closed = try await Spawn.offCooperativePool { () -> Bool in
                let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(descriptor) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                address.sin_port = UInt16(running.port).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { return false }
                // Wait for the server to hang up: recv returns 0 once it closes; give up after 30 s
                // (the idle timeout is 1 s; the margin is for a machine under load).
                var timeout = timeval(tv_sec: 30, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var byte: UInt8 = 0
                return recv(descriptor, &byte, 1, 0) == 0
            }
            #expect(closed, "an idle connection is closed by the sandbox")
        }
    }

    @Test func latencyIsAddedToEveryReply() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let running = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", latencyMilliseconds: 300))
        try await withCleanup({ await running.stop() }) {
            let start = ContinuousClock.now
            let reply = try await RawHTTP.send(.GET, Endpoint(loopbackPort: running.port).licensesURL)
            #expect(reply.status == 401)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }
}

@Suite("Paths that cannot name a license")
struct SerialPathTests {
    @Test func everyPathThatIsNotASerialGetsTheRulesWords() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            for path in ["/garbage", "/2026-0000-00000001/renew/again", "/a/b/c"] {
                let reply = try await RawHTTP.send(.GET, sandbox.licensesURL + path, key: sandbox.key)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.envelope?.statusMessage?.contains("a serial looks like 2026-0123-45678901 (YYYY-NNNN-NNNNNNNN)") == true, "\(path): \(reply.body)")
            }
        }
    }
}

/// One client cannot hold the sandbox: a cap per address, a deadline per request.
@Suite("Slow and greedy clients")
struct SlowClientTests {
    /// A TCP connection to the sandbox from the given loopback address (127/8 all reach `lo`).
    static func connect(from source: String, to port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        _ = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0 {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    /// A sandbox on an event loop of its own: what is timed is this server's
    /// closing, not how busy the process's shared loops are with the other
    /// tests' servers and clients.
    static func onItsOwnLoop(_ configuration: SandboxConfiguration, _ body: (RunningSandbox) async throws -> Void) async throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = configuration
        configuration.eventLoopGroup = loops
        let running = try await RunningSandbox.start(configuration)
        try await withCleanup({
            await running.stop()
            try? await loops.shutdownGracefully()
        }) {
            try await body(running)
        }
    }

    /// Slowloris from one address: it gets a quarter of the slots, the rest of
    /// its connections are closed at once, and another client is served.
    @Test func oneClientCannotTakeEveryConnection() async throws {
        let directory = TestSandbox.temporaryDirectory()
        try await Self.onItsOwnLoop(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", maximumConnections: 64)) { running in
            let held = try await Spawn.offCooperativePool { () -> [Int32] in
                (0..<80).map { _ in SlowClientTests.connect(from: "127.0.0.2", to: running.port) }.filter { $0 >= 0 }
            }
            defer { held.forEach { close($0) } }
            // Look at every connection without waiting on any, until the refused ones are seen closed.
            // The server accepts as fast as its accept loop is given the cooperative pool: alone that
            // is under a second, in a full parallel run on 2 cores it was measured at 11–18 s and once
            // over 20. The ceiling only bounds a broken server; a working one ends the wait early.
            let refused = try await Spawn.offCooperativePool { () -> Int in
                var closed = Set<Int32>()
                let deadline = ContinuousClock.now + .seconds(90)
                var byte: UInt8 = 0
                while closed.count < held.count - 16, ContinuousClock.now < deadline {
                    for descriptor in held where !closed.contains(descriptor) {
                        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
                        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { closed.insert(descriptor) }
                    }
                    usleep(20_000)
                }
                return closed.count
            }
            // Counted against the connections made: on a loaded machine a few of the 80 connects can fail
            // at the accept queue, and a connection never made cannot be closed.
            #expect(held.count > 16, "more connections than one address's 16 slots were made: \(held.count)")
            #expect(refused >= held.count - 16, "beyond its 16 slots, one address's connections are closed: \(refused) of \(held.count) closed")
            // Another client is served: without the cap, 80 held connections would fill all 64 slots
            // and this request would wait in the accept queue until its 10 s timeout.
            let reply = try await RawHTTP.send(.GET, Endpoint(loopbackPort: running.port).licensesURL, timeout: .seconds(60))
            #expect(reply.status == 401)
        }
    }

    /// A request whose body trickles is cut off at the request deadline, key or not.
    @Test func aTrickledBodyIsCutOffAtTheRequestDeadline() async throws {
        let directory = TestSandbox.temporaryDirectory()
        try await Self.onItsOwnLoop(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", requestSeconds: 1)) { running in
            let key = try await running.service.issueKey().key
            let cutOff = try await Spawn.offCooperativePool { () -> Bool in
                let descriptor = SlowClientTests.connect(from: "127.0.0.1", to: running.port)
                defer { close(descriptor) }
                let head = "POST /api/v2/integrator/licenses HTTP/1.1\r\nHost: x\r\nx-api-key: \(key)\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
                _ = head.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                // Trickle for up to 120 s: the 1 s deadline must end it while the client still trickles.
                // (The deadline starts when the server accepts, which in a full parallel run on
                // 2 cores waits for the cooperative pool, as above: the bound only guards a hang.)
                for _ in 0..<1_200 {
                    if send(descriptor, " ", 1, Int32(MSG_NOSIGNAL)) < 0 { return true }
                    usleep(100_000)
                }
                return false
            }
            #expect(cutOff, "the server cut the trickled request off before the client stopped")
        }
    }
}
