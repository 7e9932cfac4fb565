import Dispatch

/// The fast path of `LicenseListDecoder`, fed a reply as it arrives.
///
/// A license is read as soon as its bytes are in, and its bytes are then let
/// go: a 40 MB list is never held whole, and decoding runs while the rest is
/// still on the wire. Each license is read straight into its fields by the
/// field table (`FastReader`), members in any order; one it cannot read
/// exactly as the general path would is parsed as a `JSONValue` and read
/// leniently, like the general path (counted in `fallbacks`).
///
/// The result is the general path's for every input, errors included: until
/// the first license of `data` is reached, nothing is let go, and anything
/// unexpected there (no `data`, `data` not a list, a syntax error) switches to
/// keeping the whole reply for the general path. From the first license on,
/// the same `JSONParser.Reader` code reads the same bytes in the same order,
/// so the first syntax error is found at the same byte with the same words.
/// With a second core, the second half of the list in hand is read on
/// another thread from a guessed entry boundary, and used only when this
/// reading arrives exactly there (`ReadAhead`): the result is the same.
public struct LicenseListStream {
    private var pending: [UInt8] = []
    /// The first byte of `pending` not yet read into a license or skipped.
    private var start = 0
    /// How many bytes of the reply were let go before `pending[0]`.
    private var released = 0
    private var phase: Phase = .opening
    private var licenses: [License] = []
    private var shared = SharedValues()
    /// Licenses being read on another thread from a guessed boundary (`ReadAhead`), and the values it shares.
    private var readAhead: ReadAhead?
    /// Whether this reading of what is in hand has considered reading ahead (once, at its first entry).
    private var readAheadTried = false
    private var aheadShared = SharedValues()
    /// The share of the bytes in hand read ahead: the stream also keeps every
    /// entry, so the other thread's share grows while it is done first.
    private var aheadShare = 0.5
    private var aheadQueue: DispatchQueue?
    /// Bytes in hand from which the second half is read ahead; nil on one core.
    private let readAheadFrom: Int?
    /// The reply's first bytes, for error messages.
    private var excerptBytes: [UInt8] = []
    /// The first syntax error, at its offset in the whole reply. It is thrown
    /// once the excerpt has its 120 bytes, so the message reads as the general path's.
    private var failure: JSONSyntaxError?
    private let status: Int
    /// An unfinished piece is read again from its start only once the bytes
    /// held have grown by as much again (64 KiB at least): one huge value
    /// arriving in small pieces is then read a bounded number of times over,
    /// linear in the reply's size instead of quadratic.
    private var retryAt = 0
    /// The envelope's own status, read on the way past: an error reported in
    /// a 200 is still an error.
    private var envelope = Envelope()
    /// Envelope members read so far, and the first given twice (the general path's rule: such a reply is unreadable).
    /// (A piece that runs out of bytes is read again from its start: a member is
    /// known by where its name starts in the reply, so a re-read is not a repeat.)
    private var envelopeMembers: [String: Int] = [:]
    private var repeatedMember: String?
    private var plainMessage: String?
    private var plainErrors: [FieldError] = []
    /// Bytes the reader started over, summed over every attempt: stays within
    /// a small multiple of the reply's size whatever its shape.
    public private(set) var bytesExamined = 0
    /// Licenses in the list that could not be read, and why; the list goes on without them.
    public private(set) var skipped: [LicenseDecodingError] = []
    /// Licenses the fast reader handed to the general path.
    public private(set) var fallbacks = 0
    /// Pieces read ahead on another thread and used, and those passed by (a guess inside a value).
    public private(set) var readAheadsTaken = 0
    public private(set) var readAheadsPassed = 0
    /// What the list keeps so far: each entry's bytes in the reply (a license
    /// read, or one skipped as unreadable) plus `entryCharge` for the entry
    /// itself, and the envelope's members. Whitespace between entries, and
    /// bytes already let go, are not kept and not counted. A client bounds a
    /// list reply by this and by `heldBytes`, not by the reply's length: a
    /// fleet of any size whose licenses fit is read whole, and an endless or
    /// bombed reply still stops at the bound.
    public private(set) var keptBytes = 0
    /// Every entry costs about this much memory beyond its bytes (its fields,
    /// its row of the catalog's index), so an endless list of tiny entries
    /// reaches the bound as a list of real licenses does.
    public static let entryCharge = 256
    /// Bytes of the reply held in memory: the piece in progress (and what
    /// before it is not yet let go), or the whole reply while it is kept for
    /// the general path (before the list begins, or a shape this path does
    /// not stream).
    public var heldBytes: Int { pending.count }

    enum Phase {
        /// Before the reply's first value.
        case opening
        /// Envelope members before `data`; nothing let go yet.
        case prefixMember
        /// Just after the `[` of the list; `depth` is that array's nesting depth.
        case firstItem(depth: Int, inEnvelope: Bool)
        case item(depth: Int, inEnvelope: Bool)
        /// After the list, in the envelope: `,` and more members, or `}`.
        case afterList
        case suffixMember
        /// After the reply's value: only whitespace may follow.
        case end
        /// Not a shape this path streams: the whole reply goes to the general path.
        case keepingWholeReply
    }

    /// Not enough bytes yet to finish the current piece.
    private struct NeedMoreBytes: Error {}

    /// Which licenses are kept; the rest are counted and let go as they are read.
    private let keeping: LicenseSelection?
    /// Readable licenses `keeping` let go.
    public private(set) var leftOut = 0
    /// The serials of those let go, by hash, each with the copy the whole list
    /// would show among them (the latest expiry, the first of a tie): a serial
    /// listed twice is still told when one copy was let go, and a kept copy that
    /// a let-go copy outranks is not shown (the whole list would show that one,
    /// which the selection does not want). A hash shared by two serials, about
    /// one in 10^13 at a million, would name one wrongly as repeated (said in
    /// the warning); a second, independent hash must match too before a kept
    /// copy is left out, so none is hidden by a collision.
    private var leftOutSerials: [Int: LetGoCopy] = [:]
    private var repeatedLeftOut: [String] = []
    /// Where each kept license stood among the list's entries (with a selection only).
    private var keptPositions: [Int] = []
    private var keptDocuments = DocumentBytes.Writer()
    /// Kept licenses whose serial a let-go copy shares, in list order (once the list is finished).
    private var repeatedAmongKept: [String]?
    private var entriesRead = 0

    private struct LetGoCopy {
        var expiry: Int64
        var position: Int
        var check: UInt64
    }

    /// What is kept of a license the selection let go (made on whichever thread read it).
    struct LetGo {
        var key: Int
        var serial: String
        var expiry: Int64
        var check: UInt64

        init(_ license: borrowing License) {
            key = license.serial.hashValue
            serial = license.serial
            expiry = license.expireAt.unixSeconds
            check = LicenseListStream.check(license.serial)
        }
    }

    /// A license read, kept or let go by the selection.
    enum Entry {
        case kept(License)
        case letGo(LetGo)

        init(_ license: consuming License, keeping: LicenseSelection?) {
            if let keeping, !keeping(license) { self = .letGo(LetGo(license)) } else { self = .kept(license) }
        }
    }

    /// FNV-1a of the serial's bytes: independent of `hashValue`.
    private static func check(_ serial: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in serial.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return hash
    }

    /// Read ahead on a second core once this much of the list is in hand:
    /// a thread's hand-over costs microseconds, a mebibyte takes milliseconds to read.
    public static let standardReadAhead: Int? = ReadAhead.isWorthwhile ? 1 << 20 : nil

    /// `expectedBytes` (a Content-Length) or `expectedCount` size the list up front;
    /// `keeping` keeps only the licenses it accepts (the list is then sized for fewer).
    /// `readAheadFrom` (bytes; nil: never) reads the second half of what is in hand on another thread.
    public init(status: Int = 200, expectedBytes: Int = 0, expectedCount: Int = 0, keeping: LicenseSelection? = nil, readAheadFrom: Int? = LicenseListStream.standardReadAhead) {
        self.status = status
        self.keeping = keeping
        self.readAheadFrom = readAheadFrom.map { max(1, $0) }
        // A license takes about 350 bytes in either format; a few percent more
        // than last time leaves room for new licenses without a regrowth.
        if keeping == nil {
            licenses.reserveCapacity(min(max(expectedBytes / 320, expectedCount + expectedCount / 32), 4_000_000))
        }
    }

    /// Keeps a license read whole, or lets it go when the selection does not want it.
    /// Takes the license (`consuming`): it moves into the list, its fields not retained again.
    private mutating func keep(_ license: consuming License) {
        if let keeping, !keeping(license) { return letGo(LetGo(license)) }
        append(license)
    }

    /// An entry read ahead, in list order: it was chosen on its own thread.
    private mutating func record(_ entry: consuming Entry) {
        switch consume entry {
        case .kept(let license): append(license)
        case .letGo(let letGo): self.letGo(letGo)
        }
    }

    private mutating func append(_ license: consuming License) {
        let position = entriesRead
        entriesRead += 1
        if keeping != nil {
            keptPositions.append(position)
            // A kept document moves to blocks of kept ones: the let-go licenses' documents, read beside it, are then freed.
            if case .compact(let document) = license.storage { license.storage = .compact(keptDocuments.append(document)) }
        }
        licenses.append(license)
    }

    private mutating func letGo(_ letGo: LetGo) {
        let position = entriesRead
        entriesRead += 1
        leftOut += 1
        let copy = LetGoCopy(expiry: letGo.expiry, position: position, check: letGo.check)
        guard let earlier = leftOutSerials[letGo.key] else {
            leftOutSerials[letGo.key] = copy
            return
        }
        repeatedLeftOut.append(letGo.serial)
        // As `LicenseList.keepingEachSerialOnce`: a later copy wins only when it expires later.
        if copy.expiry > earlier.expiry { leftOutSerials[letGo.key] = copy }
    }

    /// Leaves out of the kept licenses those a let-go copy of the same serial
    /// outranks: it expires later, or as late and stood first (the whole list's rule).
    private mutating func dropOutranked() {
        guard !leftOutSerials.isEmpty, keptPositions.count == licenses.count else { return }
        // In place, by index: a license is moved, never copied (a retain of every field).
        var kept = 0
        var repeated: [String] = []
        for index in licenses.indices {
            let serial = licenses[index].serial
            if leftOutSerials[serial.hashValue] != nil { repeated.append(serial) }
            if let letGo = leftOutSerials[serial.hashValue], letGo.check == LicenseListStream.check(serial) {
                let expiry = licenses[index].expireAt.unixSeconds
                if letGo.expiry > expiry || (letGo.expiry == expiry && letGo.position < keptPositions[index]) { continue }
            }
            if kept != index { licenses.swapAt(kept, index) }
            kept += 1
        }
        licenses.removeLast(licenses.count - kept)
        keptPositions = []
        repeatedAmongKept = repeated
    }

    /// Serials listed more than once where a copy was let go by the selection
    /// (repeats among the kept ones are found by `LicenseList` as ever).
    public var repeatedAmongLeftOut: [String] {
        guard !leftOutSerials.isEmpty else { return [] }
        var repeated = repeatedLeftOut
        if let repeatedAmongKept {
            repeated += repeatedAmongKept
        } else {
            for index in licenses.indices where leftOutSerials[licenses[index].serial.hashValue] != nil { repeated.append(licenses[index].serial) }
        }
        var seen = Set<String>()
        return repeated.filter { seen.insert($0).inserted }
    }

    /// Reads what `bytes` completes; throws at the first thing that makes the reply unreadable.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(LicensingError) {
        if excerptBytes.count < 120 { excerptBytes += bytes.prefix(120 - excerptBytes.count) }
        if failure == nil {
            pending += bytes
            if pending.count >= retryAt { advance(finished: false) }
        }
        if let failure, excerptBytes.count >= 120 { throw unreadable(failure) }
    }

    public mutating func feed(_ bytes: [UInt8]) throws(LicensingError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(LicensingError) in try feed(buffer) } }.get()
    }

    /// The licenses, once the whole reply has been fed.
    public mutating func finish() throws(LicensingError) -> [License] {
        if failure == nil { advance(finished: true) }
        if let failure { throw unreadable(failure) }
        if case .keepingWholeReply = phase {
            let status = status
            let decoded = try pending.withUnsafeBufferPointer { buffer in
                Result { () throws(LicensingError) -> LicenseListDecoder.Decoded in try LicenseListDecoder.decodeGenerally(buffer, status: status) }
            }.get()
            skipped = decoded.skipped
            guard keeping != nil else { return decoded.licenses }
            for license in decoded.licenses { keep(license) }
            dropOutranked()
            return licenses
        }
        if let repeatedMember {
            throw .undecodableResponse(status: status, reason: Envelope.repeatedMemberReason(repeatedMember), bodyExcerpt: excerpt)
        }
        var reported = envelope
        reported.statusMessage = reported.statusMessage ?? plainMessage
        if reported.fieldErrors.isEmpty { reported.fieldErrors = plainErrors }
        if let failure = reported.reportedFailure() { throw failure }
        dropOutranked()
        return licenses
    }

    /// Keeps the envelope's status members (the first of each, as the general path reads them).
    private mutating func note(member name: String, at offset: Int, _ value: JSONValue?) {
        if Envelope.memberNames.contains(name) {
            if let earlier = envelopeMembers[name], earlier != offset, repeatedMember == nil { repeatedMember = name }
            if envelopeMembers[name] == nil { envelopeMembers[name] = offset }
        }
        guard let value else { return }
        switch name {
        case "status_code": if envelope.statusCode == nil { envelope.statusCode = value.lenientString }
        case "status_message": if envelope.statusMessage == nil { envelope.statusMessage = value.lenientString }
        case "message": if plainMessage == nil { plainMessage = value.lenientString }
        case "status_fields": if envelope.fieldErrors.isEmpty { envelope.fieldErrors = FieldError.read(from: value) }
        case "errors": if plainErrors.isEmpty { plainErrors = FieldError.read(from: value) }
        default: break
        }
    }

    private func unreadable(_ error: JSONSyntaxError) -> LicensingError {
        .notJSON(status: status, error, bodyExcerpt: excerpt)
    }

    private mutating func advance(finished: Bool) {
        if case .keepingWholeReply = phase { return }
        bytesExamined += pending.count - start
        let result = pending.withUnsafeBufferPointer { buffer -> Result<Bool, JSONSyntaxError> in
            var reader = LicenseListDecoder.FastReader(bytes: buffer)
            reader.reader.position = start
            // Moved in and out, not copied: the table is used across every piece of the reply.
            swap(&reader.shared, &shared)
            readAheadTried = false
            defer {
                start = reader.reader.position
                swap(&reader.shared, &shared)
                // The other thread reads `buffer`: it is done before the buffer may change.
                if let readAhead {
                    if let handed = readAhead.finish() { aheadShared = handed }
                    self.readAhead = nil
                }
            }
            do {
                while try step(&reader, finished: finished) {}
                return .success(false)
            } catch let error as JSONSyntaxError {
                return .failure(error)
            } catch {
                // NeedMoreBytes: the reader is back at the start of the unfinished piece.
                return .success(true)
            }
        }
        if case .failure(let error) = result {
            failure = JSONSyntaxError(offset: released + error.offset, reason: error.reason)
            pending = []
            return
        }
        // Let go of what is read, once the list has begun (before, the general path may need it all).
        switch phase {
        case .opening, .prefixMember, .keepingWholeReply: break
        default:
            if start > 0, start >= pending.count / 2 || finished {
                pending.removeSubrange(0..<start)
                released += start
                start = 0
            }
        }
        if case .success(true) = result {
            // In the list, bytes gather until there is enough to read ahead.
            var batch = 65_536
            if case .item = phase, let readAheadFrom { batch = max(batch, min(readAheadFrom, 1 << 20)) }
            retryAt = pending.count + max(batch, pending.count - start)
        }
    }

    var excerpt: String {
        excerptBytes.withUnsafeBufferPointer { LicenseListDecoder.excerpt(of: $0) }
    }

    /// Reads one piece (a license, a member, a bracket) and returns whether to go on.
    /// On running out of bytes it leaves the reader where the piece began.
    private mutating func step(_ fast: inout LicenseListDecoder.FastReader, finished: Bool) throws -> Bool {
        let pieceStart = fast.reader.position
        do {
            return try readPiece(&fast, finished: finished)
        } catch let error as JSONSyntaxError {
            // An error this close to the end may only be the piece running past it.
            let count = fast.bytes.count
            if !finished, count - error.offset < 16 {
                fast.reader.position = pieceStart
                throw NeedMoreBytes()
            }
            if case .prefixMember = phase { return keepWholeReply() }
            if case .opening = phase { return keepWholeReply() }
            throw error
        } catch {
            fast.reader.position = pieceStart
            throw error
        }
    }

    /// Starts reading the last part of the bytes from `entry` on another thread, when there are
    /// enough of them: at least `readAheadFrom`, and at most 16 MiB (more in hand means one huge
    /// value in progress, inside which only wrong guesses are to be made).
    private mutating func startReadAhead(in buffer: UnsafeBufferPointer<UInt8>, from entry: Int) {
        let unread = buffer.count - entry
        guard let readAheadFrom, unread >= readAheadFrom, unread <= 16 << 20,
            let guess = ReadAhead.guessEntryStart(in: buffer, from: entry + Int(Double(unread) * (1 - aheadShare)))
        else { return }
        var handed = SharedValues()
        swap(&handed, &aheadShared)
        let queue = aheadQueue ?? DispatchQueue(label: "netify-licenses.read-ahead", qos: .userInitiated)
        aheadQueue = queue
        readAhead = ReadAhead(bytes: buffer, start: guess, shared: handed, keeping: keeping, queue: queue)
    }

    private mutating func keepWholeReply() -> Bool {
        phase = .keepingWholeReply
        return false
    }

    private mutating func readPiece(_ fast: inout LicenseListDecoder.FastReader, finished: Bool) throws -> Bool {
        let bytes = fast.bytes
        func next() throws -> UInt8? {
            fast.reader.skipWhitespace()
            guard fast.reader.position < bytes.count else {
                if finished { return nil }
                throw NeedMoreBytes()
            }
            return bytes[fast.reader.position]
        }
        switch phase {
        case .keepingWholeReply:
            return false

        case .opening:
            switch try next() {
            case UInt8(ascii: "[")?:
                fast.reader.position += 1
                phase = .firstItem(depth: 0, inEnvelope: false)
            case UInt8(ascii: "{")?:
                fast.reader.position += 1
                phase = .prefixMember
            default:
                return keepWholeReply()
            }
            return true

        case .prefixMember:
            guard try next() == UInt8(ascii: "\"") else { return keepWholeReply() }
            let memberOffset = released + fast.reader.position
            let name = try fast.reader.readString()
            guard try next() == UInt8(ascii: ":") else { return keepWholeReply() }
            fast.reader.position += 1
            if name == "data" {
                guard try next() == UInt8(ascii: "[") else { return keepWholeReply() }
                note(member: name, at: memberOffset, nil)
                fast.reader.position += 1
                phase = .firstItem(depth: 1, inEnvelope: true)
                return true
            }
            _ = try next()
            let value = try fast.reader.readValue(depth: 1)
            // Noted once the value is known to be whole (a number cut by the buffer's end is read again).
            guard try next() == UInt8(ascii: ",") else { return keepWholeReply() }
            note(member: name, at: memberOffset, value)
            fast.reader.position += 1
            keptBytes += released + fast.reader.position - memberOffset
            return true

        case .firstItem(let depth, let inEnvelope):
            // As JSONParser.Reader.readArray: `]` at once is an empty list.
            if try next() == UInt8(ascii: "]") {
                fast.reader.position += 1
                phase = inEnvelope ? .afterList : .end
                return true
            }
            phase = .item(depth: depth, inEnvelope: inEnvelope)
            return true

        case .item(let depth, let inEnvelope):
            _ = try next()
            let itemStart = fast.reader.position
            if !readAheadTried {
                readAheadTried = true
                startReadAhead(in: bytes, from: itemStart)
            }
            if let readAhead, !readAhead.isSettled, itemStart >= readAhead.start {
                readAhead.isSettled = true
                // Arrived exactly where the other thread began: its licenses are the ones here.
                if itemStart != readAhead.start {
                    readAheadsPassed += 1
                } else {
                    readAheadsTaken += 1
                    if let handed = readAhead.finish() { aheadShared = handed }
                    aheadShare = readAhead.keptTheStreamWaiting ? max(0.2, aheadShare - 0.02) : min(0.8, aheadShare + 0.02)
                    keptBytes += readAhead.entryBytes + readAhead.count * LicenseListStream.entryCharge
                    readAhead.take { record($0) }
                    fast.reader.position = readAhead.end
                    return true
                }
            }
            var read = fast.readLicense()
            var other: JSONValue?
            if read == nil {
                fast.reader.position = itemStart
                other = try fast.reader.readValue(depth: depth + 1)
            }
            guard let separator = try next() else { throw fast.reader.error("unexpected end of input") }
            switch separator {
            case UInt8(ascii: ","): break
            case UInt8(ascii: "]"): phase = inEnvelope ? .afterList : .end
            default: throw fast.reader.error("expected ',' or ']'")
            }
            fast.reader.position += 1
            keptBytes += fast.reader.position - itemStart + LicenseListStream.entryCharge
            // Read only once the piece is complete, so an unreadable entry is reported once.
            if read != nil {
                keep(read.take()!)
            } else if let other {
                fallbacks += 1
                switch LicenseListDecoder.readGenerally(other) {
                case .success(let license): keep(license)
                case .failure(let error): skipped.append(error)
                }
            }
            return true

        case .afterList:
            guard let separator = try next() else { throw fast.reader.error("unexpected end of input") }
            switch separator {
            case UInt8(ascii: ","): phase = .suffixMember
            case UInt8(ascii: "}"): phase = .end
            default: throw fast.reader.error("expected ',' or '}'")
            }
            fast.reader.position += 1
            return true

        case .suffixMember:
            // As JSONParser.Reader.readObject, word for word in its errors.
            guard try next() == UInt8(ascii: "\"") else { throw fast.reader.error("expected a member name") }
            let memberOffset = released + fast.reader.position
            let name = try fast.reader.readString()
            guard try next() == UInt8(ascii: ":") else { throw fast.reader.error("expected ':'") }
            fast.reader.position += 1
            _ = try next()
            note(member: name, at: memberOffset, try fast.reader.readValue(depth: 1))
            keptBytes += released + fast.reader.position - memberOffset
            phase = .afterList
            return true

        case .end:
            guard try next() != nil else { return false }
            throw fast.reader.error("unexpected text after the JSON value")
        }
    }
}

