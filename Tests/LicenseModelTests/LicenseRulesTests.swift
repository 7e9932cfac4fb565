import LicenseModel
import Testing

@Suite("License rules")
struct LicenseRulesTests {
    static let today = CalendarDate("2026-11-28")!

    /// Lengths count code points of the text as given, as JSON Schema's maxLength does,
    /// so the sandbox's OpenAPI document can state them exactly.
    @Test func textLimitsCountCodePointsAsJSONSchemaDoes() {
        #expect(LicenseRules.check(String(repeating: "é", count: 200), as: .issuedTo) == nil)
        // "e" + a combining accent: one character on screen, two code points.
        #expect(LicenseRules.check(String(repeating: "e\u{301}", count: 101), as: .issuedTo)?.message == "is 202 characters long; the limit is 200")
        #expect(LicenseRules.check(" " + String(repeating: "a", count: 200), as: .issuedTo) != nil)
        let long = LicenseRules.check(String(repeating: "a", count: 282), as: .issuedTo)
        #expect(long?.message == "is 282 characters long; the limit is 200")
        #expect(LicenseRules.check("   ", as: .issuedTo)?.message == "is required")
        #expect(LicenseRules.check("", as: .text(.notes)) == nil)
        for bad in ["dev 1", "dev\t1", "dev\u{1B}1", "dev\u{00A0}1", " dev-1", "dev-1\n", "  "] {
            #expect(LicenseRules.check(bad, as: .targetUID)?.message == "must not contain spaces or control characters", "\(bad)")
        }
    }

    @Test func expiryRulesAcceptOnlyAFutureDateOrABoundedTerm() throws {
        #expect(try LicenseRules.expiryDate("2026-11-29", today: LicenseRulesTests.today).get() == CalendarDate("2026-11-29"))
        for bad in ["2026-11-28", "2025-01-01", "28/11/2026", "2026-02-30", ""] {
            #expect(throws: LicenseRules.Violation.self, "\(bad)") { try LicenseRules.expiryDate(bad, today: LicenseRulesTests.today).get() }
        }
        #expect(try LicenseRules.durationDays("365").get() == 365)
        #expect(try LicenseRules.durationDays("00000000000000000000007").get() == 7, "leading zeros are no overflow")
        for bad in ["0", "-5", "36501", "1e3", "ten", " ", "99999999999999999999"] {
            #expect(throws: LicenseRules.Violation.self, "\(bad)") { try LicenseRules.durationDays(bad).get() }
        }
        #expect(LicenseRules.check(durationDays: LicenseRules.maximumDurationDays) == nil)
    }

    @Test func entitlementsAreNamedByKeywordOrShortName() {
        #expect(LicenseRules.entitlement(named: "lua") == .lua)
        #expect(LicenseRules.entitlement(named: "app-sigs") == .applicationSignatures)
        #expect(LicenseRules.entitlement(named: "netify-sink-mqtt") == .mqttSink)
        #expect(LicenseRules.entitlement(named: "nosuch") == nil)
        #expect(LicenseRules.check(entitlements: [])?.message == "must name at least one entitlement")
    }

    @Test func serialsHaveOneShape() {
        #expect(LicenseRules.isSerial("2026-0123-45678901"))
        for bad in ["garbage", "2026-0123-4567890", "2026/0123/45678901", "../etc/passwd"] {
            #expect(!LicenseRules.isSerial(bad))
            #expect(LicenseRules.check(serial: bad)?.message.contains("YYYY-NNNN-NNNNNNNN") == true)
        }
    }
}

@Suite("Renewal report")
struct RenewalReportTests {
    @Test func theOutcomeLineShowsAServersSerialMadeSafe() {
        let day = CalendarDate("2026-11-28")!
        let line = RenewalReport.line(serial: "2026\u{1B}[2J-0001", .renewed(from: day, to: day.adding(days: 30)))
        #expect(line == "2026␛[2J-0001 renewed: 2026-11-28 → 2026-12-28, +30 days")
        let plan = RenewalPlan([RenewalCandidate(serial: "s", issuedTo: "x", current: day, renewable: true)],
                               request: .durationDays(5), keyMaximum: .unknown, today: day.adding(days: -5))
        #expect(plan.entries[0].risk == "this would leave the expiry at 2026-11-28, not extend it")
    }

    /// A key's term is one range (7 to 365 days); a reply may show a 12-month
    /// term as 366 days across a 29 February, and that is learned, no more.
    @Test func aKeysTermIsOneRangeAndAReplyMayShowALeapYear() {
        #expect(LicenseRules.keyTermDays == 7...365)
        #expect(LicenseRules.keyTermWords == "7 to 365")
        #expect(KeyMaximum.possibleDays == 7...366)
        let sent = CalendarDate("2027-03-01")!
        #expect(KeyMaximum.learn(sentOn: sent, result: CalendarDate("2028-03-01")!) == .learned(days: 366, on: sent), "12 months over 29 February 2028")
        #expect(KeyMaximum.learn(sentOn: sent, result: sent.adding(days: 367)) == nil)
        #expect(KeyMaximum.learn(sentOn: sent, result: sent.adding(days: 6)) == nil)
        #expect(KeyMaximum.shortestTerm == 7)
    }
}
