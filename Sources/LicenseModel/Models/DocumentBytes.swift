/// A license's document as the server sent it (compact JSON), kept when its
/// fields would not write it back exactly: a server that orders members its
/// own way has one for every license.
///
/// Documents read together share blocks of memory (`Writer`): an allocation
/// of its own for each was a tenth of reading such a list, and of letting it
/// go. A block's bytes before its `used` mark never change, and only the
/// writer that made it appends past the mark, so a document may be read on any
/// thread while its block takes more.
package struct DocumentBytes: Sendable, Equatable {
    private let block: Block
    private let offset: Int
    package let count: Int

    /// A document in a block of its own, of its size.
    package init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { DocumentBytes(bytes: $0) }
    }

    private init(bytes: UnsafeRawBufferPointer) {
        block = Block(capacity: bytes.count)
        offset = 0
        count = bytes.count
        block.append(bytes)
    }

    private init(block: Block, offset: Int, count: Int) {
        self.block = block
        self.offset = offset
        self.count = count
    }

    package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(block.memory)[offset..<(offset + count)]))
    }

    package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The size of the block it lies in (what it keeps alive).
    package var blockCapacity: Int { block.memory.count }

    package static func == (left: DocumentBytes, right: DocumentBytes) -> Bool {
        left.count == right.count && left.withUnsafeBytes { a in right.withUnsafeBytes { b in ByteOrder.equal(a, b) } }
    }

    final class Block: @unchecked Sendable {
        let memory: UnsafeMutableRawBufferPointer
        private(set) var used = 0

        init(capacity: Int) {
            memory = .allocate(byteCount: max(capacity, 1), alignment: 1)
            // Bound once, as bytes: readers view it as UInt8 (`JSONOutput.rawValue`).
            memory.bindMemory(to: UInt8.self)
        }

        deinit { memory.deallocate() }

        var room: Int { memory.count - used }

        func append(_ bytes: UnsafeRawBufferPointer) {
            precondition(bytes.count <= room, "a document larger than its block's room")
            if let source = bytes.baseAddress, !bytes.isEmpty {
                (memory.baseAddress! + used).copyMemory(from: source, byteCount: bytes.count)
            }
            used += bytes.count
        }
    }

    /// Lays documents one after another in blocks that double from the first
    /// document's size up to 64 KiB (a writer of one document holds just it);
    /// a document larger than that has a block of its own.
    package struct Writer {
        private var block: Block?
        static let blockBytes = 64 << 10

        package init() {}

        package mutating func append(_ bytes: UnsafeRawBufferPointer) -> DocumentBytes {
            guard bytes.count <= Writer.blockBytes else { return DocumentBytes(bytes: bytes) }
            let current: Block
            if let block, block.room >= bytes.count {
                current = block
            } else {
                current = Block(capacity: min(Writer.blockBytes, max(bytes.count, 2 * (block?.memory.count ?? 0))))
                block = current
            }
            let offset = current.used
            current.append(bytes)
            return DocumentBytes(block: current, offset: offset, count: bytes.count)
        }

        package mutating func append(_ bytes: [UInt8]) -> DocumentBytes {
            bytes.withUnsafeBytes { append($0) }
        }

        /// The document moved into this writer's blocks: kept apart from the
        /// documents read with it, so that letting those go frees their blocks.
        package mutating func append(_ document: DocumentBytes) -> DocumentBytes {
            document.withUnsafeBytes { append($0) }
        }
    }
}
