import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A stand-in for the real service on loopback: every GET is answered with the
/// same list, its bytes rendered once. Against the sandbox a client waits for
/// the sandbox to read a million rows and write them as JSON (seconds, longer
/// than the client's own work); the real service sends a list it holds. The
/// CLI and dashboard figures are taken against both, so what the client costs
/// is seen apart from what the sandbox costs.
final class StandInServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    var baseURL: String { "http://127.0.0.1:\(port)" }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let body: ByteBuffer

        func respond(to request: Request, context: Context) async throws -> Response {
            guard request.method == .get else { return Response(status: .methodNotAllowed, headers: [.allow: "GET"]) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
    }

    static func start(serving bytes: [UInt8]) async throws -> StandInServer {
        var logger = Logger(label: "netify-licenses-bench.stand-in")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: Responder(body: ByteBuffer(bytes: bytes)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "netify-licenses-bench-stand-in"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports where port > 0 {
            return StandInServer(port: port, task: task, group: group)
        }
        // No port: stopped, or running on an address it cannot say; either way it is shut down.
        await group.triggerGracefulShutdown()
        _ = await task.result
        throw External.ValidationFailure(description: "the stand-in server did not start on loopback")
    }

    private init(port: Int, task: Task<Void, any Error>, group: ServiceGroup) {
        self.port = port
        self.task = task
        self.group = group
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
