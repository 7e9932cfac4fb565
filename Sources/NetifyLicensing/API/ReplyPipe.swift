import NIOConcurrencyHelpers
import NIOCore

/// A reply's body handed from the task that reads it off the network to the
/// task that decodes it, holding at most about `limit` bytes in between.
///
/// The HTTP client hands over one piece at a time and reads the next only
/// when asked: a decoder that works through a mebibyte at once would leave
/// the connection idle meanwhile, then wait on each piece in turn. With the
/// pipe, reading goes on while decoding does, and a decoder slower than the
/// network still holds only `limit` bytes more than it has read.
final class ReplyPipe: Sendable {
    private struct State {
        var pieces = CircularBuffer<ByteBuffer>()
        var bytes = 0
        /// The body ended (nil) or failed; said once the pieces before it are taken.
        var end: Result<Void, any Error>?
        /// The decoder left (finished, failed or cancelled): pieces are no longer wanted.
        var isClosed = false
        var waitingDecoder: CheckedContinuation<ByteBuffer?, any Error>?
        var waitingReader: CheckedContinuation<Void, Never>?

        /// The first piece, and the reader to wake if taking it made room.
        mutating func take(limit: Int) -> (piece: ByteBuffer, reader: CheckedContinuation<Void, Never>?)? {
            guard let piece = pieces.popFirst() else { return nil }
            bytes -= piece.readableBytes
            var reader: CheckedContinuation<Void, Never>?
            if bytes < limit { swap(&reader, &waitingReader) }
            return (piece, reader)
        }
    }

    private let state = NIOLockedValueBox(State())
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Reads `body` into the pipe until it ends, fails or the decoder leaves.
    func fill<Body: AsyncSequence & Sendable>(from body: Body) async where Body.Element == ByteBuffer {
        do {
            for try await piece in body {
                guard await send(piece) else { return }
            }
            end(.success(()))
        } catch {
            end(.failure(error))
        }
    }

    /// Adds a piece, then waits while the pipe is full; false once the decoder has left.
    private func send(_ piece: ByteBuffer) async -> Bool {
        enum Step { case closed, handed(CheckedContinuation<ByteBuffer?, any Error>), queued(full: Bool) }
        let step = state.withLockedValue { state -> Step in
            if state.isClosed { return .closed }
            if let decoder = state.waitingDecoder {
                state.waitingDecoder = nil
                return .handed(decoder)
            }
            state.pieces.append(piece)
            state.bytes += piece.readableBytes
            return .queued(full: state.bytes >= limit)
        }
        switch step {
        case .closed: return false
        case .handed(let decoder): decoder.resume(returning: piece)
        case .queued(full: false): break
        case .queued(full: true):
            await withCheckedContinuation { (reader: CheckedContinuation<Void, Never>) in
                let goOn = state.withLockedValue { state -> Bool in
                    if state.isClosed || state.bytes < limit { return true }
                    state.waitingReader = reader
                    return false
                }
                if goOn { reader.resume() }
            }
        }
        return !state.withLockedValue { $0.isClosed }
    }

    private func end(_ result: Result<Void, any Error>) {
        let decoder = state.withLockedValue { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            state.end = result
            defer { state.waitingDecoder = nil }
            return state.waitingDecoder
        }
        switch result {
        case .success: decoder?.resume(returning: nil)
        case .failure(let error): decoder?.resume(throwing: error)
        }
    }

    /// The next piece, nil at the body's end; throws its failure, or
    /// `CancellationError` when the decoding task is cancelled while it waits.
    func next() async throws -> ByteBuffer? {
        enum Step { case piece(ByteBuffer, reader: CheckedContinuation<Void, Never>?), ended(Result<Void, any Error>), wait }
        let step = state.withLockedValue { state -> Step in
            if let taken = state.take(limit: limit) { return .piece(taken.piece, reader: taken.reader) }
            if let end = state.end { return .ended(end) }
            return .wait
        }
        switch step {
        case .piece(let piece, let reader):
            reader?.resume()
            return piece
        case .ended(let end):
            try end.get()
            return nil
        case .wait:
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (decoder: CheckedContinuation<ByteBuffer?, any Error>) in
                    enum Now { case wait, piece(ByteBuffer, reader: CheckedContinuation<Void, Never>?), ended(Result<Void, any Error>), cancelled }
                    let now = state.withLockedValue { state -> Now in
                        if Task.isCancelled { return .cancelled }
                        // A piece may have come between the two looks, and filled the pipe alone (one larger than the limit).
                        if let taken = state.take(limit: limit) { return .piece(taken.piece, reader: taken.reader) }
                        if let end = state.end { return .ended(end) }
                        state.waitingDecoder = decoder
                        return .wait
                    }
                    switch now {
                    case .wait: break
                    case .piece(let piece, let reader):
                        reader?.resume()
                        decoder.resume(returning: piece)
                    case .ended(.success): decoder.resume(returning: nil)
                    case .ended(.failure(let error)): decoder.resume(throwing: error)
                    case .cancelled: decoder.resume(throwing: CancellationError())
                    }
                }
            } onCancel: {
                let decoder = state.withLockedValue { state in
                    defer { state.waitingDecoder = nil }
                    return state.waitingDecoder
                }
                decoder?.resume(throwing: CancellationError())
            }
        }
    }

    /// The decoder leaves: the reader stops at its next piece.
    func close() {
        let reader = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.isClosed = true
            state.pieces.removeAll()
            state.bytes = 0
            defer { state.waitingReader = nil }
            return state.waitingReader
        }
        reader?.resume()
    }
}
