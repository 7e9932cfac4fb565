import LicenseModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A coverage-guided fuzz target for the list decoder. Each input goes
/// through the fast path and the general path, which must agree (the same
/// licenses, the same unreadable count, or both refusing the reply); then the
/// licenses are written back as a list and read again, which must give them
/// back unchanged. Any disagreement aborts, so libFuzzer keeps the input.
///
/// One of the targets in `FuzzTarget`; `Tests/Fuzz/fuzz` says how to run them.
enum ListDecoderFuzz {
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let reason = disagreement(bytes) { fail(reason, bytes) }
    }

    /// What is wrong with how the decoder reads `bytes`, or nil when both paths agree.
    static func disagreement(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let fast = Result { () throws(LicensingError) in try LicenseListDecoder.decodeList(bytes, path: .fast) }
        let general = Result { () throws(LicensingError) in try LicenseListDecoder.decodeList(bytes, path: .general) }
        switch (fast, general) {
        case (.success(let fast), .success(let general)):
            guard fast.licenses == general.licenses else { return "the fast and general paths read different licenses" }
            guard fast.skipped.count == general.skipped.count else {
                return "the fast path skipped \(fast.skipped.count) licenses, the general path \(general.skipped.count)"
            }
            return writtenBackDisagreement(fast.licenses)
        case (.failure, .failure):
            return nil
        case (.success, .failure(let error)):
            return "only the general path refused the reply: \(error)"
        case (.failure(let error), .success):
            return "only the fast path refused the reply: \(error)"
        }
    }

    /// The licenses written as a list, as the CLI's JSON output writes them, must read back unchanged.
    static func writtenBackDisagreement(_ licenses: [License]) -> String? {
        var output = JSONOutput()
        Envelope.writeSuccess(to: &output) { output in
            output.beginArray()
            for license in licenses { license.writeDocument(to: &output) }
            output.endArray()
        }
        for path in LicenseListDecoder.Path.allCases {
            guard let again = try? LicenseListDecoder.decodeList(output.bytes, path: path) else {
                return "the \(path) path refused the licenses written back"
            }
            guard again.licenses == licenses, again.skipped.isEmpty else {
                return "the \(path) path read the written-back licenses differently"
            }
        }
        return nil
    }

    static func fail(_ reason: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never {
        let excerpt = String(decoding: bytes.prefix(400), as: UTF8.self).safeForDisplay(limit: 400)
        let report = Array("list decoder disagreement: \(reason)\ninput (\(bytes.count) bytes): \(excerpt)\n".utf8)
        _ = report.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
}

