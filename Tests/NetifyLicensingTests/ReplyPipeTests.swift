import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import NetifyLicensing

/// The pipe between the task reading a list off the network and the one
/// decoding it: it reads ahead, but never more than its limit; it hands over
/// every piece in order, then the end or the failure; and neither side is
/// left waiting when the other stops.
@Suite("The reply pipe")
struct ReplyPipeTests {
    /// `count` pieces of `size` bytes (each filled with its number), counting how many were taken from it.
    struct CountedBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let count: Int
        let size: Int
        var failure: (any Error & Sendable)?
        let pulled = NIOLockedValueBox(0)

        struct Iterator: AsyncIteratorProtocol {
            let body: CountedBody
            mutating func next() async throws -> ByteBuffer? {
                let index = body.pulled.withLockedValue { pulled -> Int in
                    defer { pulled += 1 }
                    return pulled
                }
                guard index < body.count else {
                    if let failure = body.failure { throw failure }
                    return nil
                }
                return ByteBuffer(repeating: UInt8(index % 256), count: body.size)
            }
        }

        func makeAsyncIterator() -> Iterator { Iterator(body: self) }
    }

    struct Broken: Error, Equatable {}

    /// Waits (a guard against a hang, not a measure) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<30_000 where !condition() { try await Task.sleep(nanoseconds: 1_000_000) }
    }

    @Test func everyPieceComesInOrderThenTheEnd() async throws {
        let body = CountedBody(count: 200, size: 100)
        let pipe = ReplyPipe(limit: 1_000)
        async let filled: Void = pipe.fill(from: body)
        var seen: [UInt8] = []
        while let piece = try await pipe.next() {
            #expect(piece.readableBytes == 100)
            seen.append(piece.getInteger(at: piece.readerIndex)!)
        }
        await filled
        #expect(seen == (0..<200).map { UInt8($0 % 256) })
        #expect(try await pipe.next() == nil, "the end is said again")
    }

    /// The reader goes on while nobody asks, up to the limit and no further.
    @Test func theReaderStopsAtTheLimitUntilPiecesAreTaken() async throws {
        let body = CountedBody(count: 100, size: 1_000)
        let pipe = ReplyPipe(limit: 4_000)
        let filling = Task { await pipe.fill(from: body) }
        try await Self.eventually { body.pulled.withLockedValue { $0 } >= 4 }
        #expect(body.pulled.withLockedValue { $0 } == 4, "four pieces fill the pipe")
        // Left alone, a full pipe reads nothing more.
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(body.pulled.withLockedValue { $0 } == 4)
        // Each piece taken makes room for one more, never more than the limit ahead.
        var taken = 0
        while try await pipe.next() != nil {
            taken += 1
            #expect(body.pulled.withLockedValue { $0 } <= taken + 5)
        }
        await filling.value
        #expect(taken == 100)
    }

    /// A piece larger than the limit fills the pipe alone: taking it lets the
    /// reader go on, whichever of the decoder's looks finds it.
    @Test func piecesLargerThanTheLimitPassOneByOne() async throws {
        let body = CountedBody(count: 300, size: 5_000)
        let pipe = ReplyPipe(limit: 4_000)
        async let filled: Void = pipe.fill(from: body)
        var taken = 0
        while try await pipe.next() != nil { taken += 1 }
        await filled
        #expect(taken == 300)
    }

    @Test func aFailureComesAfterThePiecesBeforeIt() async throws {
        let body = CountedBody(count: 3, size: 10, failure: Broken())
        let pipe = ReplyPipe(limit: 1 << 20)
        async let filled: Void = pipe.fill(from: body)
        var taken = 0
        await #expect(throws: Broken.self) {
            while try await pipe.next() != nil { taken += 1 }
        }
        await filled
        #expect(taken == 3)
    }

    /// A decoder that stops (an error, a bound) closes the pipe: a reader
    /// waiting for room is let go, and the pieces it held are dropped.
    @Test func closingLetsAWaitingReaderGo() async throws {
        let body = CountedBody(count: 1_000_000, size: 1_000)
        let pipe = ReplyPipe(limit: 4_000)
        let filling = Task { await pipe.fill(from: body) }
        _ = try await pipe.next()
        pipe.close()
        await filling.value
        #expect(body.pulled.withLockedValue { $0 } < 10)
    }

    /// A decoder cancelled while it waits for a piece (the request's deadline)
    /// stops at once with `CancellationError`, even when the body never ends.
    @Test func aDecoderCancelledWhileWaitingStops() async throws {
        let (silent, continuation) = AsyncStream<ByteBuffer>.makeStream()
        defer { continuation.finish() }
        let pipe = ReplyPipe(limit: 1_000)
        let filling = Task { await pipe.fill(from: silent) }
        let decoding = Task { try await pipe.next() }
        try await Task.sleep(nanoseconds: 20_000_000)
        decoding.cancel()
        await #expect(throws: CancellationError.self) { _ = try await decoding.value }
        pipe.close()
        continuation.finish()
        await filling.value
    }
}
