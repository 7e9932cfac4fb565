import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import LicenseModel
import ServiceLifecycle

/// How to run a sandbox.
public struct SandboxConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var databasePath: String
    /// Added to every reply, to try the client over a slow link (`--latency`).
    public var latencyMilliseconds: Int
    /// The guards against slow and greedy clients: an idle deadline (half-open
    /// connections, or a request head trickled a byte at a time, cannot pile
    /// up), a deadline for each request, a cap on connections and a quarter of
    /// them per client address.
    public var guards: ServerGuards
    /// The event loops it serves on; nil: the process's shared ones. A test
    /// that times the server's own work gives it loops of its own, so other
    /// tests' servers and clients in the same process cannot hold them up.
    public var eventLoopGroup: (any EventLoopGroup)? = nil

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String, latencyMilliseconds: Int = 0,
        idleTimeoutSeconds: Int64 = 10, maximumConnections: Int = 1_024, requestSeconds: Int64 = 20, connectionsPerAddress: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.latencyMilliseconds = latencyMilliseconds
        guards = ServerGuards(
            idleTimeoutSeconds: idleTimeoutSeconds, maximumConnections: maximumConnections, requestSeconds: requestSeconds,
            connectionsPerAddress: connectionsPerAddress)
    }
}

/// Builds the sandbox's HTTP application: the Hummingbird way, a function of
/// a configuration, so the command and every test start the same server.
public func buildSandboxApplication(
    service: LicenseService, configuration: SandboxConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let clock = ContinuousClock()
    let start = clock.now
    let responder = SandboxResponder(service: service, logger: logger, latency: .milliseconds(configuration.latencyMilliseconds)) {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    // The added latency is the sandbox's own wait, not the client's: it does not count against a request's deadline.
    var guards = configuration.guards
    guards.requestSeconds += Int64(configuration.latencyMilliseconds / 1000)
    return Application(
        responder: responder,
        server: guards.server,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "netify-licenses-sandbox",
            availableConnectionsDelegate: guards.connectionsDelegate),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        eventLoopGroupProvider: configuration.eventLoopGroup.map { .shared($0) } ?? .singleton,
        logger: logger)
}

/// A sandbox running in this process, for the dashboard's embedded mode and for tests.
public final class RunningSandbox: Sendable {
    public let port: Int
    public let host: String
    public let service: LicenseService
    private let task: Task<Void, any Error>
    private let serviceGroup: ServiceGroup

    /// Where a client reaches this sandbox: `http://host:port`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Opens the database, starts serving, and returns once the port is bound.
    public static func start(_ configuration: SandboxConfiguration, logger: Logger = RunningSandbox.quietLogger) async throws -> RunningSandbox {
        let service = LicenseService(database: try SandboxDatabase(path: configuration.databasePath))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = buildSandboxApplication(service: service, configuration: configuration, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await serviceGroup.run()
        }
        for await port in ports {
            return RunningSandbox(port: port, host: configuration.host, service: service, task: task, serviceGroup: serviceGroup)
        }
        // The stream ended without a port: the server failed to start.
        let result = await task.result
        if case .failure(let error) = result {
            throw SandboxError.usage("The sandbox could not listen on \(configuration.host):\(configuration.port): \(error); choose another --port.")
        }
        throw SandboxError.usage("The sandbox stopped before it was listening on \(configuration.host):\(configuration.port).")
    }

    /// In-process sandboxes share the terminal or a test's output: only faults are worth a line.
    public static var quietLogger: Logger {
        var logger = Logger(label: "netify-licenses.sandbox")
        logger.logLevel = .critical
        return logger
    }

    private init(port: Int, host: String, service: LicenseService, task: Task<Void, any Error>, serviceGroup: ServiceGroup) {
        self.port = port
        self.host = host
        self.service = service
        self.task = task
        self.serviceGroup = serviceGroup
    }

    /// Stops serving and waits until the port is released. Graceful: idle
    /// keep-alive connections are closed, so no client is left waiting on a
    /// connection to a server that will never answer.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = await task.result
    }
}
