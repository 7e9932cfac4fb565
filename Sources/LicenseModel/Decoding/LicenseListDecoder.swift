/// Reads a list reply (`{"status_code": …, "data": [license, …]}`) into licenses.
///
/// Two paths give the same result for every input. The general path parses
/// the whole reply into `JSONValue`s and reads each license from its tree: it
/// accepts every shape api-notes.md allows. The fast path (`LicenseListStream`)
/// reads the reply in one pass, as it arrives, and a license straight into its
/// fields when it is written exactly as `License.writeObjectDocument` or
/// `writeNetifydDocument` would write it (what the sandbox serves, whitespace
/// and escapes aside); any other license, and any reply it does not
/// recognise, goes the general way.
public enum LicenseListDecoder {
    public enum Path: String, CaseIterable, Sendable {
        case fast
        case general
    }

    /// A decoded list: the licenses, and those that could not be read.
    public struct Decoded: Sendable {
        public var licenses: [License]
        /// Why each unreadable license was left out.
        public var skipped: [LicenseDecodingError]
        /// Licenses the fast path handed to the general path (0 on the general path).
        public var fallbacks: Int
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, status: Int = 200, path: Path = .fast) throws(LicensingError) -> [License] {
        try decodeList(bytes, status: status, path: path).licenses
    }

    public static func decode(_ bytes: [UInt8], status: Int = 200, path: Path = .fast) throws(LicensingError) -> [License] {
        try decodeList(bytes, status: status, path: path).licenses
    }

    public static func decodeList(_ bytes: [UInt8], status: Int = 200, path: Path = .fast) throws(LicensingError) -> Decoded {
        try bytes.withUnsafeBufferPointer { buffer throws(LicensingError) -> Decoded in
            try decodeList(buffer, status: status, path: path)
        }
    }

    public static func decodeList(_ bytes: UnsafeBufferPointer<UInt8>, status: Int = 200, path: Path = .fast) throws(LicensingError) -> Decoded {
        guard path == .fast else { return try decodeGenerally(bytes, status: status) }
        var stream = LicenseListStream(status: status, expectedBytes: bytes.count)
        // In pieces, as from the network: the stream then never copies the whole reply.
        let raw = UnsafeRawBufferPointer(bytes)
        for start in stride(from: 0, to: raw.count, by: 65_536) {
            try stream.feed(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + 65_536)]))
        }
        let licenses = try stream.finish()
        return Decoded(licenses: licenses, skipped: stream.skipped, fallbacks: stream.fallbacks)
    }

    static func decodeGenerally(_ bytes: UnsafeBufferPointer<UInt8>, status: Int) throws(LicensingError) -> Decoded {
        let json: JSONValue
        do {
            json = try JSONParser.parse(buffer: bytes)
        } catch {
            throw .notJSON(status: status, error, bodyExcerpt: excerpt(of: bytes))
        }
        if let repeated = Envelope.repeatedMember(in: json) {
            throw .undecodableResponse(status: status, reason: Envelope.repeatedMemberReason(repeated), bodyExcerpt: excerpt(of: bytes))
        }
        let envelope = Envelope(json: json)
        if let failure = envelope.reportedFailure() { throw failure }
        guard let items = envelope.data?.arrayValue else {
            throw .undecodableResponse(status: status, reason: "expected a list of licenses in \"data\"", bodyExcerpt: excerpt(of: bytes))
        }
        var decoded = Decoded(licenses: [], skipped: [], fallbacks: 0)
        decoded.licenses.reserveCapacity(items.count)
        for item in items {
            switch readGenerally(item) {
            case .success(let license): decoded.licenses.append(license)
            case .failure(let error): decoded.skipped.append(error)
            }
        }
        return decoded
    }

    /// One unreadable entry must not hide the whole fleet: it is reported and skipped.
    static func readGenerally(_ item: JSONValue) -> Result<License, LicenseDecodingError> {
        Result { () throws(LicenseDecodingError) -> License in try License(json: item) }
    }

    /// The first 120 bytes of a reply, safe to print.
    package static func excerpt(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes.prefix(120), as: UTF8.self).replacingControlCharacters()
    }
}
