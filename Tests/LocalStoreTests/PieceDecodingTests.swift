import LicenseFixtures
import LicenseModel
@testable import LocalStore
import Testing

/// A cached launch hands the pieces it reads to a second thread: they come
/// back whole and in order whatever the room for waiting pieces, a piece
/// larger than all of that room included (it waits alone, never forever).
@Suite("Piece decoding")
struct PieceDecodingTests {
    static func fleet() -> [License] {
        var fleet = TestFleet.varied()
        for number in 0..<3_000 {
            let entitlements: [Entitlement] = number % 2 == 0 ? [.lua] : [.lua, .ubusSink]
            let expiry = LicenseInstant(unixSeconds: 1_790_000_000 + Int64(number))
            fleet.append(License(serial: "piece-\(number)", issuedTo: "Customer \(number % 37)", texts: [.description: "d\(number % 5)"],
                                 entitlements: entitlements, expireAt: expiry))
        }
        return fleet
    }

    @Test(arguments: [1, 64 << 10, 1 << 20, PieceDecoding.waitingBytes])
    func piecesComeBackWholeAndInOrder(waitingBytes: Int) throws {
        let fleet = PieceDecodingTests.fleet()
        // Pieces of a few licenses and one far larger than a small room.
        var writer = CatalogSnapshot.Writer()
        var pieces: [[UInt8]] = []
        for (position, license) in fleet.enumerated() {
            writer.append(license)
            if position < 40 ? position % 3 == 2 : position == fleet.count - 1 { pieces.append(writer.takePiece()) }
        }
        if !writer.bytes.isEmpty { pieces.append(writer.takePiece()) }
        #expect(pieces.contains { $0.count > 64 << 10 })
        let decoding = PieceDecoding(expectedCount: fleet.count, waitingBytes: waitingBytes)
        for piece in pieces { piece.withUnsafeBytes { decoding.decode($0) } }
        #expect(try decoding.finish() == fleet)
    }

    @Test func aDamagedPieceIsAnErrorAfterTheRestAreRead() throws {
        var pieces = CatalogSnapshotTests.write(TestFleet.varied(), everyLicenses: 2)
        pieces[1] = Array(pieces[1].dropLast(3))
        let decoding = PieceDecoding(expectedCount: 0, waitingBytes: 1)
        for piece in pieces { piece.withUnsafeBytes { decoding.decode($0) } }
        #expect(throws: CatalogSnapshot.DamagedError.self) { try decoding.finish() }
    }
}
