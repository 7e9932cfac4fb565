import Hummingbird
import HummingbirdCore
import NIOConcurrencyHelpers
import NIOCore

/// The guards every server the tool runs keeps (the sandbox, the exporter):
/// an idle deadline, a deadline for each request, a cap on connections and a
/// cap per client address. Slow clients then cannot take every descriptor.
public struct ServerGuards: Sendable {
    /// A connection that sends nothing for this long is closed.
    public var idleTimeoutSeconds: Int64
    /// Connections beyond this wait to be accepted until others close.
    public var maximumConnections: Int
    /// A request must be read whole and answered within this long of the
    /// connection opening or the last reply (a head trickled a byte at a time
    /// is cut off, however often its bytes come).
    public var requestSeconds: Int64
    /// Connections one client address may hold at once.
    public var connectionsPerAddress: Int

    public init(idleTimeoutSeconds: Int64 = 10, maximumConnections: Int = 1_024, requestSeconds: Int64 = 20, connectionsPerAddress: Int? = nil) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maximumConnections = maximumConnections
        self.requestSeconds = requestSeconds
        self.connectionsPerAddress = connectionsPerAddress ?? max(1, maximumConnections / 4)
    }

    /// HTTP/1.1 with the deadlines and the per-address cap.
    public var server: HTTPServerBuilder {
        let registry = ConnectionGuard.Registry(perAddress: connectionsPerAddress)
        return .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuard(registry: registry, requestSeconds: requestSeconds)],
            idleTimeout: .seconds(idleTimeoutSeconds)))
    }

    /// The cap on connections, for `ApplicationConfiguration`.
    public var connectionsDelegate: MaximumAvailableConnections {
        MaximumAvailableConnections(maximumConnections)
    }
}

/// Keeps one client from holding the sandbox: a request that has begun must be
/// answered within `requestSeconds` (a body trickled a byte at a time is cut
/// off), and one client address holds at most `perAddress` connections, so
/// connections held open on purpose (slowloris) cannot take every slot.
/// It sits after the HTTP decoder and never looks inside a request: the first
/// part read starts the clock, the reply's first write stops it.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    /// Open connections per client address, shared by every connection of one server.
    final class Registry: Sendable {
        private let counts = NIOLockedValueBox<[String: Int]>([:])
        let perAddress: Int

        init(perAddress: Int) {
            self.perAddress = perAddress
        }

        func admit(_ address: String) -> Bool {
            counts.withLockedValue { counts in
                guard counts[address, default: 0] < perAddress else { return false }
                counts[address, default: 0] += 1
                return true
            }
        }

        func release(_ address: String) {
            counts.withLockedValue { counts in
                counts[address, default: 1] -= 1
                if counts[address] == 0 { counts[address] = nil }
            }
        }
    }

    private let registry: Registry
    private let requestSeconds: Int64
    private var admitted: String?
    private var deadline: Scheduled<Void>?

    init(registry: Registry, requestSeconds: Int64) {
        self.registry = registry
        self.requestSeconds = requestSeconds
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if registry.admit(address) {
            admitted = address
            // The first request's clock starts with the connection: a head
            // trickled a byte at a time never reaches channelRead.
            startDeadline(context)
        } else {
            context.close(promise: nil)
        }
    }

    private func startDeadline(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: .seconds(requestSeconds)) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if let admitted { registry.release(admitted) }
        admitted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if deadline == nil { startDeadline(context) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // The reply is being written: the request was read in time. The next
        // request's clock starts once this reply stops being written (each
        // write moves it on, so a long reply to a slow reader is not cut).
        deadline?.cancel()
        deadline = nil
        if admitted != nil {
            let channel = context.channel
            let seconds = requestSeconds
            deadline = context.eventLoop.scheduleTask(in: .seconds(seconds)) { channel.close(promise: nil) }
        }
        context.write(data, promise: promise)
    }
}
