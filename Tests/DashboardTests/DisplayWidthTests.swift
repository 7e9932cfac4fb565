import Testing
import TerminalUI

/// The byte and scalar shortcuts of `DisplayWidth.of` measure what measuring
/// character by character does.
@Suite struct DisplayWidthTests {
    static func byCharacter(_ text: String) -> Int {
        text.reduce(0) { $0 + DisplayWidth.of($1) }
    }

    @Test(arguments: [
        "", "2026-0000-00000001", "Acme Corp", "tab\there", "line\r\nbreak", "del\u{7F}", "Łódź ISP Sp. z o.o. — Office 34",
        "Zürich “quoted” …", "c1\u{85}\u{9B}", "e\u{301}", "Ａcme", "東京", "👍🏽 ok", "👨‍👩‍👧", "🇩🇪", "a\u{200B}b", "\u{2028}",
        "rtl\u{202E}x", "ﬁ", "ß", "\u{2060}", "x\u{FE0F}", "Ω≈", "‰‹›",
    ])
    func shortcutsAgreeWithCharacters(_ text: String) {
        #expect(DisplayWidth.of(text) == DisplayWidthTests.byCharacter(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func plainTextIsOneColumnAPrintableCharacter() {
        #expect(DisplayWidth.of("Łódź — 34") == 9)
        #expect(DisplayWidth.of("a\u{1B}b") == 2)
        #expect(DisplayWidth.of("東京") == 4)
    }
}
