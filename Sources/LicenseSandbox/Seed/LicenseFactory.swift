import LicenseModel

/// Makes realistic licenses deterministically from a seed: the same seed and
/// count give the same fleet, so benchmarks and screenshots are repeatable.
public struct LicenseFactory: Sendable {
    /// SplitMix64: tiny, fast and good enough to spread test data.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let organisations = [
        "Acme Inc.", "Globex Corporation", "Initech", "Umbrella Networks", "Stark Industries", "Wayne Enterprises",
        "Soylent Telecom", "Hooli", "Vandelay Industries", "Cyberdyne Systems", "Tyrell Corp", "Massive Dynamic",
        "Nordwind GmbH", "Société Générale des Réseaux", "Café Müller Hotspots", "東京ネットワーク株式会社",
        "Ørsted Fiber A/S", "São Paulo Telecom", "Zürich Mesh AG", "北京数据科技", "Łódź ISP Sp. z o.o.",
        "Bluebird Wireless 🐦", "Kumo Cloud", "Pinnacle Schools District", "Riverside Hospital", "Harbor Logistics",
    ]
    static let sites = ["HQ", "Branch", "Warehouse", "Campus", "Lab", "Store", "Clinic", "Depot", "Office", "POP"]
    static let descriptions = [
        "Flow Actions Policy Control", "Device discovery for guest Wi-Fi", "Application signatures for DPI",
        "MQTT export to SIEM", "Edge router analytics", "Lua scripting trial", "Aggregator for traffic reports",
    ]
    static let notes = ["", "", "Renew with hardware refresh", "Contact: noc@example.net", "Pilot deployment", "Billing ref PO-4471"]

    public let seed: UInt64

    public init(seed: UInt64 = 0x4E45_5449_4659) {
        self.seed = seed
    }

    /// `count` licenses around `today`: about 10% expired, 10% expiring this
    /// week, 20% within the month and the rest later; every entitlement used,
    /// about 40% bound to a device, about 10% not renewable.
    public func make(count: Int, keyID: String, today: CalendarDate) -> [StoredLicense] {
        var random = Generator(state: seed)
        var serials = Set<String>()
        var licenses: [StoredLicense] = []
        licenses.reserveCapacity(count)
        for index in 0..<count {
            let bucket = Int(random.next() % 100)
            let daysLeft: Int
            switch bucket {
            case 0..<10: daysLeft = -Int(random.next() % 120)
            case 10..<20: daysLeft = 1 + Int(random.next() % 7)
            case 20..<40: daysLeft = 8 + Int(random.next() % 23)
            default: daysLeft = 31 + Int(random.next() % 335)
            }
            let term = [30, 90, 180, 365][Int(random.next() % 4)]
            // Never created after today: the serial's year is the year of issue.
            let created = min(today, today.adding(days: daysLeft - term))
            var serial: String
            repeat {
                serial = "\(created.components.year)-\(LicenseFactory.digits(4, &random))-\(LicenseFactory.digits(8, &random))"
            } while !serials.insert(serial).inserted
            // The first nine licenses carry one entitlement each, so every keyword appears.
            var entitlements: [Entitlement]
            if index < Entitlement.known.count {
                entitlements = [Entitlement.known[index]]
            } else {
                entitlements = Entitlement.known.filter { _ in random.next() % 4 == 0 }
                if entitlements.isEmpty { entitlements = [Entitlement.known[Int(random.next() % 9)]] }
            }
            let organisation = LicenseFactory.organisations[Int(random.next() % UInt64(LicenseFactory.organisations.count))]
            let site = LicenseFactory.sites[Int(random.next() % UInt64(LicenseFactory.sites.count))]
            let bound = random.next() % 10 < 4
            licenses.append(
                StoredLicense(
                    serial: serial, keyID: keyID, issuedTo: "\(organisation) — \(site) \(1 + random.next() % 40)",
                    texts: [
                        .description: LicenseFactory.descriptions[Int(random.next() % UInt64(LicenseFactory.descriptions.count))],
                        .notes: LicenseFactory.notes[Int(random.next() % UInt64(LicenseFactory.notes.count))],
                    ],
                    targetUID: bound ? "dev-\(LicenseFactory.hex(12, &random))" : nil,
                    entitlements: entitlements, renewable: random.next() % 10 != 0,
                    createdDay: min(created, today), expireDay: today.adding(days: daysLeft)))
        }
        return licenses
    }

    static func digits(_ count: Int, _ random: inout Generator) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + random.next() % 10))) })
    }

    static func hex(_ count: Int, _ random: inout Generator) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<count).map { _ in alphabet[Int(random.next() % 16)] })
    }
}

extension LicenseService {
    /// Fills the database with `count` factory licenses owned by `key`, in one transaction.
    public func seed(count: Int, key: SandboxKey, factory: LicenseFactory = LicenseFactory()) async throws(SandboxError) {
        try await store(factory.make(count: count, keyID: key.id, today: today))
    }

    /// Stores licenses as given, bypassing the API's rules (past dates
    /// included): how fixtures and seeds put a fleet in place.
    public func store(_ licenses: [StoredLicense]) async throws(SandboxError) {
        try await database.write { db in
            for license in licenses {
                try SandboxDatabase.insert(license, db: db)
            }
        }
    }
}
