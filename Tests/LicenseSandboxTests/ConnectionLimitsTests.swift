import Foundation
import LicenseModel
import LicenseSandbox
import NetifyLicensing
import ProcessSpawning
import SandboxTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Connections and methods")
struct ConnectionLimitsTests {
    @Test func headIsGetWithoutABody() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        defer { Task { await sandbox.stop() } }
        for url in [sandbox.licensesURL, sandbox.licensesURL + "/2026-0000-00000001"] {
            let head = try await RawHTTP.send(.HEAD, url, key: sandbox.key)
            #expect(head.status == 200, "\(url)")
            #expect(head.body.isEmpty, "\(url)")
            #expect(head.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true, "\(url)")
        }
        #expect(try await RawHTTP.send(.HEAD, sandbox.licensesURL + "/2025-7546-23742565", key: sandbox.key).status == 404)
        #expect(try await RawHTTP.send(.HEAD, sandbox.licensesURL).status == 401)
    }

    @Test func aConnectionThatSendsNothingIsClosed() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let running = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", idleTimeoutSeconds: 1))
        defer { Task { await running.stop() } }
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
            // Wait for the server to hang up: recv returns 0 once it closes; give up after 10 s.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, 0) == 0
        }
        #expect(closed, "an idle connection is closed by the sandbox")
    }

    @Test func latencyIsAddedToEveryReply() async throws {
        let directory = TestSandbox.temporaryDirectory()
        let running = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/s.sqlite", latencyMilliseconds: 300))
        defer { Task { await running.stop() } }
        let start = ContinuousClock.now
        let reply = try await RawHTTP.send(.GET, Endpoint(loopbackPort: running.port).licensesURL)
        #expect(reply.status == 401)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }
}

@Suite("Paths that cannot name a license")
struct SerialPathTests {
    @Test func everyPathThatIsNotASerialGetsTheRulesWords() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        defer { Task { await sandbox.stop() } }
        for path in ["/garbage", "/2026-0000-00000001/renew/again", "/a/b/c"] {
            let reply = try await RawHTTP.send(.GET, sandbox.licensesURL + path, key: sandbox.key)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.envelope?.statusMessage?.contains("a serial looks like 2026-0123-45678901 (YYYY-NNNN-NNNNNNNN)") == true, "\(path): \(reply.body)")
        }
    }
}
