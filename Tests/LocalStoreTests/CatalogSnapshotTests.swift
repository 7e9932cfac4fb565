import LicenseFixtures
import LicenseModel
import LocalStore
import Testing

/// The list cache's binary form: every license comes back exactly as it was
/// (its document too), a stored index answers exactly as a rebuilt one, and
/// damaged bytes throw rather than read out of bounds.
@Suite("Catalog snapshot")
struct CatalogSnapshotTests {
    /// Every shape a license can have: each optional member absent or present,
    /// both formats, a server document kept as sent, text beyond ASCII.
    static func varied() throws -> [License] {
        var licenses = TestFleet.varied()
        licenses.append(License(serial: "bare-1", issuedTo: "", entitlements: [], expireAt: LicenseInstant(unixSeconds: -86_400)))
        licenses.append(License(
            serial: "日本-2", issuedTo: "Zürich ✓ \u{202E}rtl", version: "5.2", renewable: false, texts: [.description: "", .notes: "tab\there"],
            targetUID: "", entitlements: [Entitlement("vendor-extension"), .lua], createdAt: LicenseInstant(unixSeconds: Int64.min),
            expireAt: LicenseInstant(unixSeconds: Int64.max), format: .netifyd))
        // Members the fields do not carry: the document is kept as the server sent it.
        let sent = try JSONParser.parse(#"{"serial":"kept-3","issued_to":"Acme 1","expire_at":{"unix":1790000000,"date":"2026-09-21"},"entitlements":["netify-proc-lua"],"extra":[1,-0,1e400,"x"]}"#)
        licenses.append(try License(json: sent))
        let netifyd = try JSONParser.parse(#"{"serial":"agent-4","issued_to":"Acme 1","expire_at":"2027-01-01","netify-proc-lua":{"enabled":true}}"#)
        licenses.append(try License(json: netifyd))
        return licenses
    }

    static func write(_ licenses: [License], everyLicenses pieceSize: Int) -> [[UInt8]] {
        var writer = CatalogSnapshot.Writer()
        var pieces: [[UInt8]] = []
        for (position, license) in licenses.enumerated() {
            writer.append(license)
            if (position + 1) % pieceSize == 0 { pieces.append(writer.takePiece()) }
        }
        if !writer.bytes.isEmpty { pieces.append(writer.takePiece()) }
        return pieces
    }

    static func read(_ pieces: [[UInt8]]) throws -> [License] {
        var reader = CatalogSnapshot.Reader(expectedCount: 0)
        for piece in pieces { try piece.withUnsafeBytes { try reader.read($0) } }
        return reader.finish()
    }

    static func documents(_ licenses: [License]) -> [String] {
        licenses.map { license in
            var output = JSONOutput()
            license.writeDocument(to: &output)
            return output.text
        }
    }

    /// A snapshot's bytes are the cache file's format: free texts' presence
    /// in flag bits 1 and 2 (description, notes) as the layout has always had
    /// them, and a flagged byte of further texts that names none is damage.
    @Test func freeTextsKeepTheirPlaceInTheLayout() throws {
        let day = LicenseInstant(unixSeconds: 1_790_000_000)
        let licenses = [
            License(serial: "s-1", issuedTo: "A", texts: [.description: "d", .notes: "n"], entitlements: [.lua], expireAt: day),
            License(serial: "s-2", issuedTo: "A", texts: [.notes: "n"], entitlements: [.lua], expireAt: day),
            License(serial: "s-3", issuedTo: "A", entitlements: [.lua], expireAt: day),
        ]
        let bytes = Array(CatalogSnapshotTests.write(licenses, everyLicenses: 10).joined())
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(hex == CatalogSnapshotTests.layoutOfFreeTexts, "\(hex)")
        #expect(try CatalogSnapshotTests.read([bytes]) == licenses)
        var flagged = bytes
        flagged[0] |= 0x80
        flagged.insert(0, at: 2)
        #expect(throws: CatalogSnapshot.DamagedError.self) { try CatalogSnapshotTests.read([flagged]) }
    }

    /// Flags 06 (description and notes), 04 (notes), 00 (none): bits 1 and 2,
    /// where the cache had them before free texts had a table.
    static let layoutOfFreeTexts = "060003000000732d3102010000004102010000006402010000006e0201000000020f0000006e65746966792d70726f632d6c7561803bb16a00000000040003000000732d32010000000001020000000100000000803bb16a00000000000003000000732d3301000000000100000000803bb16a00000000"

    @Test(arguments: [1, 3, 1_000])
    func everyLicenseComesBackExactlyWithItsDocument(everyLicenses pieceSize: Int) throws {
        let licenses = try CatalogSnapshotTests.varied()
        let read = try CatalogSnapshotTests.read(CatalogSnapshotTests.write(licenses, everyLicenses: pieceSize))
        #expect(read == licenses)
        #expect(CatalogSnapshotTests.documents(read) == CatalogSnapshotTests.documents(licenses))
        #expect(CatalogSnapshotTests.documents(read).contains { $0.contains(#""extra":[1,-0,1e400,"x"]"#) })
    }

    @Test func textAndEntitlementSetsBeyondTheSharingLimitComeBackToo() throws {
        // More distinct customers and entitlement sets than are shared: the rest are written in full.
        let licenses = (0..<20_000).map { index in
            License(
                serial: "s-\(index)", issuedTo: "Customer \(index)", texts: [.notes: index % 2 == 0 ? "Customer \(index - 2)" : nil],
                entitlements: [Entitlement("e-\(index % 18_000)"), .lua], expireAt: LicenseInstant(unixSeconds: Int64(index)))
        }
        #expect(try CatalogSnapshotTests.read(CatalogSnapshotTests.write(licenses, everyLicenses: 4_096)) == licenses)
    }

    @Test func aStoredIndexSortsAndFiltersAsTheRebuiltOne() throws {
        let licenses = try CatalogSnapshotTests.varied()
        let built = LicenseCatalog(licenses)
        let restored = try LicenseCatalog(licenses: licenses, indexSections: Dictionary(uniqueKeysWithValues: built.indexSections().map { ($0.name, $0.bytes) }))
        let now: Int64 = 1_790_000_000
        for field in LicenseSortField.allCases {
            for ascending in [true, false] {
                let sort = LicenseSort(field, ascending: ascending)
                #expect(restored.indices(filter: LicenseFilter(), sort: sort, thresholds: .standard, now: now)
                    == built.indices(filter: LicenseFilter(), sort: sort, thresholds: .standard, now: now), "\(field)")
            }
        }
        for query in ["zurich", "acme !flow", "ent:lua", "days<30", "dev-1", "日本", "status:expired"] {
            let filter = LicenseFilter(query: query)
            #expect(restored.matching(filter: filter, thresholds: .standard, now: now) == built.matching(filter: filter, thresholds: .standard, now: now), "\(query)")
        }
    }

    @Test func anIndexThatDoesNotFitItsLicensesIsRefused() throws {
        let licenses = try CatalogSnapshotTests.varied()
        let sections = Dictionary(uniqueKeysWithValues: LicenseCatalog(licenses).indexSections().map { ($0.name, $0.bytes) })
        func refused(_ change: (inout [String: [UInt8]]) -> Void) -> Bool {
            var damaged = sections
            change(&damaged)
            return (try? LicenseCatalog(licenses: licenses, indexSections: damaged)) == nil
        }
        #expect(!refused { _ in })
        #expect(refused { $0["serial_rank"] = nil })
        #expect(refused { $0["search_text"]?.removeLast() })
        #expect(refused { $0["search_starts"]?.removeLast(8) })
        // The second license's text starting beyond the buffer.
        #expect(refused { $0["search_starts"]?[8 + 6] = 0x7F })
        // A sort key beyond its license's text.
        #expect(refused { $0["key_offsets"]?[2] = 0x7F })
        // Two licenses with the same serial rank.
        #expect(refused { sections in
            let first = Array(sections["serial_rank"]![0..<4])
            sections["serial_rank"]!.replaceSubrange(4..<8, with: first)
        })
        // The index of another fleet of the same size.
        #expect(refused { $0 = Dictionary(uniqueKeysWithValues: LicenseCatalog(licenses.reversed()).indexSections().map { ($0.name, $0.bytes) }) })
    }

    @Test func damagedBytesThrowOrReadWhatIsWholeNeverOutOfBounds() throws {
        let licenses = try CatalogSnapshotTests.varied()
        let bytes = CatalogSnapshotTests.write(licenses, everyLicenses: 1_000).joined().map { $0 }
        // Cut anywhere: a whole license or an error, never a partial one.
        for length in 0..<bytes.count {
            if let read = try? CatalogSnapshotTests.read([Array(bytes[..<length])]) {
                #expect(read == Array(licenses.prefix(read.count)))
            }
        }
        // Any byte changed: an error or some licenses, and no crash.
        for position in bytes.indices {
            for value: UInt8 in [0, 1, 2, 3, 0x7F, 0xFF, bytes[position] &+ 1] where value != bytes[position] {
                var damaged = bytes
                damaged[position] = value
                _ = try? CatalogSnapshotTests.read([damaged])
            }
        }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try CatalogSnapshotTests.read([[0, 0, 0xFF, 0xFF, 0xFF, 0xFF]]) }
    }
}
