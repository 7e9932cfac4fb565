import LicenseFixtures
import LicenseModel
import Testing

/// A list read on two cores (`readAheadFrom`) is read exactly as on one:
/// the same licenses in the same order, the same unreadable entries, the
/// same letting go and the same first error. Here every piece is read ahead
/// (`readAheadFrom: 1`), from a guess in the middle of what is in hand.
@Suite("A list read ahead on a second core")
struct ReadAheadTests {
    /// Everything a reading of a list comes to, for comparing two readings.
    struct Reading: Equatable {
        var licenses: [License] = []
        var skipped = ""
        var fallbacks = 0
        var leftOut = 0
        var repeatedAmongLeftOut: [String] = []
        var keptBytes = 0
        var error: String?
        var taken = 0
        var passed = 0

        /// The same result, however much was read ahead.
        func agrees(with other: Reading) -> Bool {
            var mine = self, theirs = other
            (mine.taken, mine.passed, theirs.taken, theirs.passed) = (0, 0, 0, 0)
            return mine == theirs
        }
    }

    static func read(_ bytes: [UInt8], chunk: Int, readAheadFrom: Int?, keeping: LicenseSelection? = nil) -> Reading {
        var stream = LicenseListStream(keeping: keeping, readAheadFrom: readAheadFrom)
        var reading = Reading()
        do {
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunk)
                try stream.feed(Array(bytes[offset..<end]))
                offset = end
            }
            reading.licenses = try stream.finish()
        } catch {
            reading.error = "\(error)"
        }
        reading.skipped = "\(stream.skipped)"
        reading.fallbacks = stream.fallbacks
        reading.leftOut = stream.leftOut
        reading.repeatedAmongLeftOut = stream.repeatedAmongLeftOut
        reading.keptBytes = stream.keptBytes
        reading.taken = stream.readAheadsTaken
        reading.passed = stream.readAheadsPassed
        return reading
    }

    static func reply(_ licenses: [License], format: LicenseFormat = .object, pretty: Bool = false) -> [UInt8] {
        var output = JSONOutput(pretty: pretty)
        Envelope.writeSuccess(to: &output) { output in
            output.beginArray()
            for license in licenses {
                if format == .object { license.writeObjectDocument(to: &output) } else { license.writeNetifydDocument(to: &output) }
            }
            output.endArray()
        }
        return Array(output.text.utf8)
    }

    /// A fleet large enough for many pieces: the varied forty, again and again under new serials.
    static func fleet(copies: Int) -> [License] {
        let varied = TestFleet.varied()
        return (0..<copies).flatMap { copy in
            varied.enumerated().map { index, license in
                var license = license
                license.serial = "2026-\(String(1_000 + copy))-\(String(10_000_000 + index))"
                return license
            }
        }
    }

    static let lists: [(name: String, bytes: [UInt8])] = [
        ("object", reply(fleet(copies: 60))),
        ("netifyd", reply(fleet(copies: 60), format: .netifyd)),
        ("pretty printed", reply(fleet(copies: 30), pretty: true)),
        // Every shape the general path reads (fallbacks, unreadable entries) among fast ones.
        ("every shape", Array(ListDecodingTests.reply(
            (0..<40).flatMap { _ in ListDecodingTests.shapes.map(\.json) + [ListDecodingTests.canonicalObject] }).utf8)),
    ]

    @Test(arguments: [64, 4_096, 200_000])
    func readingAheadChangesNothing(chunk: Int) {
        for list in Self.lists {
            let one = Self.read(list.bytes, chunk: chunk, readAheadFrom: nil)
            let two = Self.read(list.bytes, chunk: chunk, readAheadFrom: 1)
            #expect(one.error == nil, "\(list.name)")
            #expect(two.agrees(with: one), "\(list.name)")
            #expect(one.taken == 0 && one.passed == 0, "\(list.name): nothing is read ahead when it is off")
            #expect(two.taken > 0, "\(list.name): pieces were read ahead and used")
        }
        // Beside the general path's reading of the same list.
        let bytes = Self.lists[0].bytes
        #expect(Self.read(bytes, chunk: chunk, readAheadFrom: 1).licenses == (try? LicenseListDecoder.decode(bytes, path: .general)))
    }

    /// The selection chooses on the other thread; what is let go, repeated or
    /// outranked is decided in list order as before, across the halves.
    @Test(arguments: [64, 4_096])
    func aSelectionReadAheadKeepsAndLetsGoTheSame(chunk: Int) {
        var fleet = Self.fleet(copies: 40)
        // Copies of one serial on both sides of every middle: early and late, kept and let go.
        let twice = fleet[5].serial
        for index in stride(from: 7, to: fleet.count, by: 97) {
            fleet[index].serial = twice
            fleet[index].renewable = index % 2 == 0
        }
        let bytes = Self.reply(fleet)
        let renewable: LicenseSelection = { $0.renewable == true }
        let one = Self.read(bytes, chunk: chunk, readAheadFrom: nil, keeping: renewable)
        let two = Self.read(bytes, chunk: chunk, readAheadFrom: 1, keeping: renewable)
        #expect(one.leftOut > 0 && one.repeatedAmongLeftOut == [twice])
        #expect(two.agrees(with: one))
        #expect(two.taken > 0)
    }

    /// `},{` inside a text is where a guess goes wrong: what was read from
    /// there is never used, and the list reads as it is.
    @Test func aGuessInsideATextIsNeverUsed() {
        var fleet = Self.fleet(copies: 4)
        for index in fleet.indices {
            fleet[index].texts[.notes] = String(repeating: "},{\"version\":\"1\"} }, {", count: 400)
        }
        let bytes = Self.reply(fleet)
        let one = Self.read(bytes, chunk: 4_096, readAheadFrom: nil)
        let two = Self.read(bytes, chunk: 4_096, readAheadFrom: 1)
        #expect(one.error == nil && one.licenses == fleet)
        #expect(two.agrees(with: one))
        #expect(two.passed > 0, "guesses landed inside the notes and were passed by")
    }

    /// Licenses inside a value (a member the reader does not know, holding a
    /// list of license-shaped objects) are well read where a guess lands among
    /// them: they are never taken for the list's own.
    @Test(arguments: [4_096, 300_000])
    func licensesInsideAValueAreNeverTakenForTheList(chunk: Int) {
        let fleet = Self.fleet(copies: 5)
        var inner = JSONOutput(pretty: false)
        inner.beginArray()
        for license in Self.fleet(copies: 5) { license.writeObjectDocument(to: &inner) }
        inner.endArray()
        var text = String(decoding: Self.reply(fleet), as: UTF8.self)
        // The middle license gains a member the reader does not know, longer than all the rest.
        let serial = fleet[fleet.count / 2].serial
        let anchor = text.range(of: "\"serial\":\"\(serial)\"")!
        text.replaceSubrange(anchor, with: "\"future\":\(inner.text),\"serial\":\"\(serial)\"")
        let bytes = Array(text.utf8)
        let one = Self.read(bytes, chunk: chunk, readAheadFrom: nil)
        let two = Self.read(bytes, chunk: chunk, readAheadFrom: 1)
        #expect(one.error == nil && one.licenses.map(\.serial) == fleet.map(\.serial))
        #expect(two.agrees(with: one))
        #expect(two.passed > 0, "a guess landed inside the member and was passed by")
    }

    /// The standard setting, as the client runs it: a mebibyte in hand before reading ahead.
    @Test func theStandardReadAheadReadsALongListAsOneCoreWould() {
        let bytes = Self.reply(Self.fleet(copies: 150))
        #expect(bytes.count > 2 << 20)
        let one = Self.read(bytes, chunk: 65_536, readAheadFrom: nil)
        let two = Self.read(bytes, chunk: 65_536, readAheadFrom: 1 << 20)
        #expect(one.error == nil && one.licenses.count == 6_000)
        #expect(two.agrees(with: one))
        #expect(two.taken > 0)
    }

    /// An error before the guessed boundary is the error, with the same words
    /// at the same byte, though the other half was read well.
    @Test(arguments: [4_096, 200_000])
    func theFirstErrorIsTheOneReported(chunk: Int) {
        var text = String(decoding: Self.reply(Self.fleet(copies: 10)), as: UTF8.self)
        // A member without its colon, a quarter into the list (before the middle, where the guess is).
        var members: [Range<String.Index>] = []
        var rest = text.startIndex..<text.endIndex
        while let found = text.range(of: "\"issued_to\":", range: rest) {
            members.append(found)
            rest = found.upperBound..<text.endIndex
        }
        text.replaceSubrange(members[members.count / 4], with: "\"issued_to\" ")
        let bytes = Array(text.utf8)
        let one = Self.read(bytes, chunk: chunk, readAheadFrom: nil)
        let two = Self.read(bytes, chunk: chunk, readAheadFrom: 1)
        #expect(one.error != nil)
        #expect(two.agrees(with: one))
        var general: String?
        do { _ = try LicenseListDecoder.decode(bytes, path: .general) } catch { general = "\(error)" }
        #expect(two.error == general)
    }
}
