import LicenseModel

/// The one fleet every test suite and the benchmark's small checks use: the
/// dashboard's unit tests take it as licenses, the CLI and end-to-end tests
/// store it in a real sandbox (`TestSandbox.startWithFleet()`). Expiries are
/// relative to the day given, so a suite on a fixed clock and a suite on the
/// real one see the same statuses.
///
/// | serial                | issued to               | days | entitlements                  | notes              |
/// |-----------------------|-------------------------|------|-------------------------------|--------------------|
/// | 2026-0000-00000001    | Expired GmbH            |  -3  | lua                           | expired            |
/// | 2026-0000-00000002    | Expires Today Ltd       |   0  | lua                           | expired on the day |
/// | 2026-0000-00000003    | 東京ネットワーク株式会社 |   2  | flow-actions, mqtt            | target dev-42      |
/// | 2026-0000-00000004    | Café Müller 🐦          |   6  | python                        | not renewable      |
/// | 2026-0000-00000005    | Acme Inc.               |  20  | aggregator, app-sigs          | notes "Pilot"      |
/// | 2026-0000-00000006    | Later Corp              | 120  | aggregator                    |                    |
/// | 2026-0000-00000007    | Zürich Mesh AG          | 200  | ubus                          |                    |
public enum TestFleet {
    public struct Member: Sendable {
        public var serial: String
        public var issuedTo: String
        public var days: Int
        public var entitlements: [Entitlement]
        public var renewable = true
        public var targetUID: String?
        public var notes: String?
    }

    public static let members: [Member] = [
        Member(serial: "2026-0000-00000001", issuedTo: "Expired GmbH", days: -3, entitlements: [.lua]),
        Member(serial: "2026-0000-00000002", issuedTo: "Expires Today Ltd", days: 0, entitlements: [.lua]),
        Member(serial: "2026-0000-00000003", issuedTo: "東京ネットワーク株式会社", days: 2, entitlements: [.flowActions, .mqttSink], targetUID: "dev-42"),
        Member(serial: "2026-0000-00000004", issuedTo: "Café Müller 🐦", days: 6, entitlements: [.python], renewable: false),
        Member(serial: "2026-0000-00000005", issuedTo: "Acme Inc.", days: 20, entitlements: [.aggregator, .applicationSignatures], notes: "Pilot"),
        Member(serial: "2026-0000-00000006", issuedTo: "Later Corp", days: 120, entitlements: [.aggregator]),
        Member(serial: "2026-0000-00000007", issuedTo: "Zürich Mesh AG", days: 200, entitlements: [.ubusSink]),
    ]

    /// Created 30 days before `today`.
    public static let createdDaysAgo = 30

    public static func licenses(today: CalendarDate) -> [License] {
        members.map { member in
            License(
                serial: member.serial, issuedTo: member.issuedTo, version: "1", renewable: member.renewable,
                texts: [.description: "Flow Actions Policy Control", .notes: member.notes], targetUID: member.targetUID,
                entitlements: member.entitlements, createdAt: LicenseInstant(date: today.adding(days: -createdDaysAgo)),
                expireAt: LicenseInstant(date: today.adding(days: member.days)))
        }
    }

    public static func member(_ serial: String) -> Member {
        members.first { $0.serial == serial }!
    }

    /// Forty licenses of every shape the fields allow: text beyond ASCII and
    /// with quotes and line breaks, optional members present and absent.
    public static func varied() -> [License] {
        (0..<40).map { index in
            License(
                serial: "2026-0001-\(String(10_000_000 + index))", issuedTo: index % 3 == 0 ? "Zürich \"AG\"" : "Acme \(index % 5)",
                version: "1", renewable: index % 4 != 0, texts: variedTexts(index), targetUID: index % 3 == 1 ? "dev-\(index)" : nil,
                entitlements: Array(Entitlement.known.prefix(1 + index % Entitlement.known.count)),
                createdAt: LicenseInstant(date: CalendarDate("2026-01-01")!.adding(days: index)),
                expireAt: LicenseInstant(date: CalendarDate("2026-06-01")!.adding(days: index * 3)))
        }
    }

    /// Every free text of the table, each empty, plain, or with a line break
    /// and quotes, at its own rhythm: a new text is in every shape at once.
    static func variedTexts(_ index: Int) -> FreeTexts {
        var texts = FreeTexts()
        for text in FreeText.allCases {
            switch (index + text.rawValue) % 3 {
            case 0: texts[text] = ""
            case 1: texts[text] = "\(text.label) \(index)"
            default: texts[text] = "line\nbreak \"\(text.jsonName)\" \(index)"
            }
        }
        return texts
    }
}
