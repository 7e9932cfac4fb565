import Foundation
import LicenseModel
@testable import netify_licenses_fuzz
import Testing

/// Every input in Tests/Fuzz/corpus (the seeds, and what the fuzzer found and
/// was fixed) goes through the fuzz target's own check: both decoding paths
/// agree and the licenses survive being written back.
@Suite("List decoder fuzz corpus")
struct FuzzCorpusTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")
    }

    @Test func everySavedInputDecodesAlikeOnBothPaths() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(files.count >= 4)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            let reason = bytes.withUnsafeBufferPointer { ListDecoderFuzz.disagreement($0) }
            #expect(reason == nil, "\(file): \(reason ?? "")")
        }
    }

    @Test func licensesAsTheServerSendsThemSurviveBeingWrittenBack() {
        let day = CalendarDate("2100-01-01")!
        let license = License(
            serial: "2026-0001-00000001", issuedTo: "A", version: "1", renewable: false, description: "d", notes: "n\u{1B}",
            targetUID: "dev-1", entitlements: [.lua, .intel], createdAt: LicenseInstant(date: day.adding(days: -9)), expireAt: LicenseInstant(date: day))
        #expect(ListDecoderFuzz.writtenBackDisagreement([license]) == nil)
        var netifyd = license
        netifyd.format = .netifyd
        #expect(ListDecoderFuzz.writtenBackDisagreement([netifyd]) != nil, "a netifyd document does not carry every field, so it reads back with fewer")
    }
}
