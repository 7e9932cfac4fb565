import NIOConcurrencyHelpers
import NIOCore

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
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if let admitted { registry.release(admitted) }
        admitted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if deadline == nil {
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: .seconds(requestSeconds)) { channel.close(promise: nil) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // The reply has begun: the request was read in time.
        deadline?.cancel()
        deadline = nil
        context.write(data, promise: promise)
    }
}
