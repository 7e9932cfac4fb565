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
