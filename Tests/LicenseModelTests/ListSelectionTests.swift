import LicenseFixtures
import LicenseModel
import Testing

/// A list chosen as it arrives (`keeping`): only the licenses the selection
/// wants are kept, the others counted, and a serial listed twice is still
/// told when one of its copies was let go.
@Suite("A list chosen as it arrives")
struct ListSelectionTests {
    static func reply(_ licenses: [License]) -> [UInt8] {
        var output = JSONOutput(pretty: false)
        Envelope.writeSuccess(to: &output) { output in
            output.beginArray()
            for license in licenses { license.writeObjectDocument(to: &output) }
            output.endArray()
        }
        return Array(output.text.utf8)
    }

    static func stream(_ bytes: [UInt8], chunk: Int, keeping: LicenseSelection?) throws -> (licenses: [License], stream: LicenseListStream) {
        var stream = LicenseListStream(keeping: keeping)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try stream.feed(Array(bytes[offset..<end]))
            offset = end
        }
        let licenses = try stream.finish()
        return (licenses, stream)
    }

    @Test(arguments: [1, 7, 4_096])
    func onlyWhatTheSelectionWantsIsKeptTheRestCounted(chunk: Int) throws {
        let fleet = TestFleet.varied()
        let wanted: LicenseSelection = { $0.renewable == true }
        let (kept, stream) = try Self.stream(Self.reply(fleet), chunk: chunk, keeping: wanted)
        #expect(kept == fleet.filter { $0.renewable == true })
        #expect(stream.leftOut == fleet.count - kept.count && stream.leftOut > 0)
        #expect(stream.repeatedAmongLeftOut.isEmpty)
        // Without a selection, the whole list as before.
        let whole = try Self.stream(Self.reply(fleet), chunk: chunk, keeping: nil)
        #expect(whole.licenses == fleet && whole.stream.leftOut == 0)
    }

    @Test func aSerialListedTwiceIsToldWhenACopyWasLetGo() throws {
        let fleet = TestFleet.varied()
        var earlier = fleet[1]
        earlier.renewable = false
        var twiceLeftOut = fleet[0]
        twiceLeftOut.texts[.notes] = "copy"
        // fleet[1] kept with a copy let go; fleet[0] (not renewable) let go twice.
        let (_, stream) = try Self.stream(Self.reply(fleet + [earlier, twiceLeftOut]), chunk: 64, keeping: { $0.renewable == true })
        #expect(Set(stream.repeatedAmongLeftOut) == [fleet[0].serial, fleet[1].serial])
    }

    /// The whole list would show a repeated serial's latest-expiring copy: when
    /// the selection lets that copy go, the list shows neither (never the
    /// earlier copy as if it were the license), and still names it as repeated.
    @Test(arguments: [1, 64, 4_096])
    func aKeptCopyOutrankedByALaterLetGoCopyIsNotShown(chunk: Int) throws {
        let fleet = TestFleet.varied()
        let soon = CalendarDate.today().adding(days: 10)
        var early = fleet[2], late = fleet[2], kept = fleet[3], keptLater = fleet[3]
        early.expireAt = LicenseInstant(date: soon)
        late.expireAt = LicenseInstant(date: soon.adding(days: 200))
        kept.expireAt = LicenseInstant(date: soon)
        keptLater.expireAt = LicenseInstant(date: soon.adding(days: 5))
        let others = fleet.filter { $0.serial != early.serial && $0.serial != kept.serial }
        // Within 30 days: the early copy and both copies of the other serial; the late copy is let go.
        let within30: LicenseSelection = { $0.expireAt.date <= soon.adding(days: 20) }
        let (licenses, stream) = try Self.stream(Self.reply(others + [early, kept, late, keptLater]), chunk: chunk, keeping: within30)
        #expect(!licenses.contains { $0.serial == early.serial }, "the earlier copy is not shown as the license")
        #expect(stream.repeatedAmongLeftOut == [early.serial])
        let list = LicenseList(licenses: licenses)
        #expect(list.licenses.filter { $0.serial == kept.serial } == [keptLater], "copies both kept: the latest, as ever")
        #expect(list.repeatedSerials == [kept.serial])
    }

    /// Copies that expire on the same day: the whole list shows the first, so the
    /// filtered list shows the kept copy only when it came first.
    @Test func onATieTheFirstCopyIsTheLicenseAsInTheWholeList() throws {
        let fleet = TestFleet.varied()
        var wanted = fleet[4], unwanted = fleet[4]
        wanted.renewable = true
        unwanted.renewable = false
        wanted.expireAt = unwanted.expireAt
        let others = fleet.filter { $0.serial != wanted.serial }
        let renewable: LicenseSelection = { $0.renewable == true }
        let unwantedFirst = try Self.stream(Self.reply(others + [unwanted, wanted]), chunk: 64, keeping: renewable)
        #expect(!unwantedFirst.licenses.contains { $0.serial == wanted.serial }, "the whole list shows the first copy, which is not wanted")
        #expect(LicenseList.keepingEachSerialOnce(others + [unwanted, wanted]).licenses.first { $0.serial == wanted.serial } == unwanted)
        let wantedFirst = try Self.stream(Self.reply(others + [wanted, unwanted]), chunk: 64, keeping: renewable)
        #expect(wantedFirst.licenses.filter { $0.serial == wanted.serial } == [wanted])
        #expect(wantedFirst.stream.repeatedAmongLeftOut == [wanted.serial] && unwantedFirst.stream.repeatedAmongLeftOut == [wanted.serial])
    }
}
