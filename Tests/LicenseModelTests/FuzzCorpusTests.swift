import Foundation
import LicenseModel
@testable import FuzzTargets
import Testing

/// Every input in Tests/Fuzz/corpus/TARGET (the seeds, and what the fuzzer
/// found and was fixed) goes through its fuzz target's own check: for the list
/// decoder, both decoding paths agree and the licenses survive being written
/// back; for every target, nothing traps and no promise is broken.
@Suite("Fuzz corpora")
struct FuzzCorpusTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")
    }

    @Test(arguments: FuzzTarget.allCases)
    func everySavedInputPassesItsTargetsCheck(_ target: FuzzTarget) throws {
        let directory = Self.corpus.appendingPathComponent(target.rawValue)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count >= (target == .listDecoder ? 4 : 1))
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
            let reason = bytes.withUnsafeBufferPointer { target.disagreement($0) }
            #expect(reason == nil, "\(target.rawValue)/\(file): \(reason ?? "")")
        }
    }

    /// The settings target's own promise, checked where it can fail: a key in a bad line is never repeated.
    @Test func theSettingsTargetCatchesARepeatedKey() {
        let text = "api_key = \"sbx-12345678-ssssssssssssssssssssssssssssssssssssssss\" trailing\n"
        #expect(Array(text.utf8).withUnsafeBufferPointer { FuzzTarget.settings.disagreement($0) } == nil)
    }

    @Test func licensesAsTheServerSendsThemSurviveBeingWrittenBack() {
        let day = CalendarDate("2100-01-01")!
        let license = License(
            serial: "2026-0001-00000001", issuedTo: "A", version: "1", renewable: false, texts: FreeTextTableTests.everyText,
            targetUID: "dev-1", entitlements: [.lua, .intel], createdAt: LicenseInstant(date: day.adding(days: -9)), expireAt: LicenseInstant(date: day))
        #expect(ListDecoderFuzz.writtenBackDisagreement([license]) == nil)
        // Free texts holding an escape and a line break are written back escaped and read the same.
        var escaped = license
        for text in FreeText.allCases { escaped.texts[text] = "\(text.label)\u{1B}[2J\nend" }
        #expect(ListDecoderFuzz.writtenBackDisagreement([escaped]) == nil)
        var netifyd = license
        netifyd.format = .netifyd
        #expect(ListDecoderFuzz.writtenBackDisagreement([netifyd]) != nil, "a netifyd document does not carry every field, so it reads back with fewer")
    }
}
