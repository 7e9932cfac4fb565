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
        block = Block(capacity: bytes.count)
        offset = 0
        count = bytes.count
        bytes.withUnsafeBytes { block.append($0) }
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

    package static func == (left: DocumentBytes, right: DocumentBytes) -> Bool {
        left.count == right.count && left.withUnsafeBytes { a in right.withUnsafeBytes { b in ByteOrder.equal(a, b) } }
    }

    final class Block: @unchecked Sendable {
        let memory: UnsafeMutableRawBufferPointer
        private(set) var used = 0

        init(capacity: Int) {
            memory = .allocate(byteCount: max(capacity, 1), alignment: 1)
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

    /// Lays documents one after another in blocks of 64 KiB (a larger one in its own).
    package struct Writer {
        private var block: Block?
        static let blockBytes = 64 << 10

        package init() {}

        package mutating func append(_ bytes: UnsafeRawBufferPointer) -> DocumentBytes {
            let current: Block
            if let block, block.room >= bytes.count {
                current = block
            } else {
                current = Block(capacity: max(Writer.blockBytes, bytes.count))
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
