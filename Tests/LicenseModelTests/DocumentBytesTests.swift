import Testing

@testable import LicenseModel

/// Documents kept as sent share blocks of memory: each reads back exactly
/// its own bytes, whatever was laid beside it and after it.
@Suite("Documents kept as sent")
struct DocumentBytesTests {
    @Test func eachDocumentReadsBackItsOwnBytesAcrossBlocks() {
        var writer = DocumentBytes.Writer()
        // Sizes around and beyond a block (64 KiB), and empty ones.
        let sizes = [0, 1, 300, 65_535, 65_536, 65_537, 200_000, 7, 0, 40_000, 40_000]
        let sources = sizes.enumerated().map { index, size in (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) } }
        let documents = sources.map { writer.append($0) }
        // Written after: nothing laid later changes what was laid before.
        for index in 0..<500 { _ = writer.append([UInt8](repeating: UInt8(index % 256), count: index)) }
        for (document, source) in zip(documents, sources) {
            #expect(document.count == source.count)
            #expect(document.bytes == source)
        }
        #expect(DocumentBytes(sources[2]) == documents[2])
        #expect(documents[9] == documents[9] && documents[9] != DocumentBytes(sources[10].dropLast() + [0]))
        // Moved to another writer: the same bytes.
        var kept = DocumentBytes.Writer()
        #expect(kept.append(documents[5]) == documents[5])
    }

    /// A writer's blocks grow from its first document's size: one document
    /// (an own write read back from the cache) keeps only its own bytes; a
    /// larger one than a block has its own, and the block being filled goes on.
    @Test func blocksGrowFromTheFirstDocumentAndALargeOneStandsApart() {
        var single = DocumentBytes.Writer()
        #expect(single.append([UInt8](repeating: 1, count: 350)).blockCapacity == 350)
        var writer = DocumentBytes.Writer()
        let first = writer.append([UInt8](repeating: 2, count: 400))
        var capacities: [Int] = []
        for _ in 0..<1_000 { capacities.append(writer.append([UInt8](repeating: 3, count: 400)).blockCapacity) }
        #expect(first.blockCapacity == 400)
        #expect(capacities.max() == 64 << 10 && capacities == capacities.sorted())
        let large = writer.append([UInt8](repeating: 4, count: 100_000))
        #expect(large.blockCapacity == 100_000)
        let after = writer.append([UInt8](repeating: 5, count: 400))
        #expect(after.blockCapacity == 64 << 10, "the block being filled goes on after a large document")
    }

    /// A list whose members come in another order keeps every license's
    /// document; each is the license's own, written back byte for byte.
    @Test func aReorderedListWritesEachLicenseBackAsSent() throws {
        let item = { (index: Int) in
            #"{"expire_at":{"date":"2026-10-13","unix":1791849600},"entitlements":["netify-proc-lua"],"issued_to":"Fleet \#(index % 7)","serial":"2026-0001-\#(String(10_000_000 + index))","version":"1"}"#
        }
        let items = (0..<2_000).map(item)
        let reply = Array(("[" + items.joined(separator: ",") + "]").utf8)
        let licenses = try LicenseListDecoder.decode(reply)
        #expect(licenses.count == items.count)
        for (license, text) in zip(licenses, items) {
            var output = JSONOutput()
            license.writeDocument(to: &output)
            #expect(output.text == text)
        }
    }
}

/// Serials are ranked by their bytes (the tie-breaker of every sort), whatever
/// their length, shared beginnings or bytes the padding of a word could hide.
@Suite("Serial order")
struct SerialOrderTests {
    @Test func serialsRankByTheirBytes() {
        let long = String(repeating: "2026-0001-", count: 3)
        let serials = [
            "2026-0001-00000002", "2026-0001-00000001", "2026-0001-00000010", "b", "a", "ab", "a\u{0}", "a\u{0}b", "",
            long + "x", long + "a", long, long + "\u{0}", "2026-0001-0000000", "2026-0001-000000011", "Zürich-1", "Zurich-1", "zz",
            "\u{7f}", "é", "e\u{301}", String(repeating: "\u{0}", count: 30), String(repeating: "\u{0}", count: 29),
        ]
        let licenses = serials.map { License(serial: $0, issuedTo: "X", entitlements: [], expireAt: LicenseInstant(unixSeconds: 1_800_000_000)) }
        let sorted = LicenseCatalog.select(licenses, filter: LicenseFilter(), sort: LicenseSort(.serial, ascending: true), thresholds: .standard, now: 1_790_000_000)
        #expect(sorted.map(\.serial) == serials.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
