import LicenseModel
import Testing
@testable import netify_licenses

/// What the parser makes of a command line, field by field: an option read
/// into the wrong field, or a flag that is lost, fails here even when the
/// line is accepted (`ArgumentParsingTests` holds what is refused).
@Suite("Parsed arguments, in process")
struct ParsedArgumentsTests {
    static let first = "2026-0000-00000001", second = "2026-0000-00000002"

    @Test func listWithEveryOption() throws {
        let list = try ListCommand.parse([
            "--format", "netifyd", "--output", "csv", "--sort", "days-left", "--reverse", "--filter", "acme status:due",
            "--entitlement", "lua", "--entitlement", "app-sigs", "--expiring-within", "30", "--status", "critical", "--skip-unreadable",
            "--context", "west", "--config", "/etc/netify/config", "--endpoint", "http://127.0.0.1:9", "--api-key-file", "/etc/netify/key",
        ])
        #expect(list.format == .netifyd)
        #expect(list.output == .csv)
        #expect(list.sort == .daysLeft && list.reverse)
        #expect(list.filter == "acme status:due")
        #expect(list.entitlements == ["lua", "app-sigs"])
        #expect(list.expiringWithin == 30)
        #expect(list.status == .critical)
        #expect(list.unreadable.skipUnreadable)
        #expect(list.connection.context == "west" && list.connection.config == "/etc/netify/config")
        #expect(list.connection.endpoint == "http://127.0.0.1:9" && list.connection.apiKeyFile == "/etc/netify/key")
        #expect(!list.connection.sandbox && !list.summary && !list.cached && !list.changes && !list.allContexts)
    }

    @Test func listDefaultsAndItsModes() throws {
        let plain = try ListCommand.parse([])
        #expect(plain.format == .object && plain.sort == .expires && !plain.reverse)
        #expect(plain.output == nil && plain.filter == nil && plain.entitlements.isEmpty && plain.expiringWithin == nil && plain.status == nil)
        #expect(!plain.unreadable.skipUnreadable && plain.connection.context == nil)
        #expect(try ListCommand.parse(["--summary"]).summary)
        #expect(try ListCommand.parse(["--cached", "--sandbox"]).cached)
        #expect(try ListCommand.parse(["--cached", "--sandbox"]).connection.sandbox)
        #expect(try ListCommand.parse(["--changes"]).changes)
        #expect(try ListCommand.parse(["--all-contexts", "--output", "json"]).allContexts)
    }

    @Test func renewOneSerialToTheKeysMaximumByDefault() throws {
        let renew = try RenewCommand.parse([Self.first])
        #expect(renew.serial == Self.first)
        #expect(renew.expiry.expiry == .keyMaximum && renew.expiry.expireAt == nil && renew.expiry.durationDays == nil)
        #expect(renew.expiringWithin == nil && !renew.due && !renew.dryRun && !renew.yes && !renew.allowEarlier && !renew.quiet)
        #expect(renew.renewOutput == nil && renew.output == nil && renew.lock.lockTimeout == 0)
    }

    @Test func renewOneSerialByDaysOrToADate() throws {
        let byDays = try RenewCommand.parse([Self.first, "--duration-days", "90", "--allow-earlier", "--output", "json"])
        #expect(byDays.serial == Self.first)
        #expect(byDays.expiry.durationDays == 90 && byDays.expiry.expireAt == nil)
        #expect(byDays.expiry.expiry == .durationDays(90))
        #expect(byDays.allowEarlier)
        #expect(byDays.renewOutput == .json && byDays.output == .json)
        // --expire-at is checked against today, so the date is today's plus 200 days.
        let date = CalendarDate.today().adding(days: 200)
        let toDate = try RenewCommand.parse(["--expire-at", date.description, Self.first])
        #expect(toDate.serial == Self.first)
        #expect(toDate.expiry.expireAt == date.description && toDate.expiry.durationDays == nil)
        #expect(toDate.expiry.expiry == .date(date))
    }

    @Test func renewInBulkByWindow() throws {
        let renew = try RenewCommand.parse([
            "--expiring-within", "30", "--entitlement", "lua", "--dry-run", "--yes", "--duration-days", "365", "--lock-timeout", "2.5", "--skip-unreadable",
        ])
        #expect(renew.serial == nil && !renew.due)
        #expect(renew.expiringWithin == 30)
        #expect(renew.entitlements == ["lua"])
        #expect(renew.dryRun && renew.yes)
        #expect(renew.expiry.expiry == .durationDays(365))
        #expect(renew.lock.lockTimeout == 2.5)
        #expect(renew.unreadable.skipUnreadable)
    }

    @Test func renewDueForATimer() throws {
        let renew = try RenewCommand.parse(["--due", "--quiet", "--yes", "--context", "west"])
        #expect(renew.due && renew.quiet && renew.yes)
        #expect(renew.serial == nil && renew.expiringWithin == nil && !renew.dryRun)
        #expect(renew.expiry.expiry == .keyMaximum)
        #expect(renew.connection.context == "west")
        let dry = try RenewCommand.parse(["--due", "--dry-run", "--output", "table"])
        #expect(dry.due && dry.dryRun && !dry.yes && dry.output == .table)
    }

    @Test func createWithEveryField() throws {
        let create = try CreateCommand.parse([
            "--issued-to", "Acme Inc.", "--entitlement", "lua", "--entitlement", "app-sigs", "--duration-days", "30",
            "--target-uid", "dev-42", "--description", "Lab gateway", "--notes", "rack 4", "--output", "json",
        ])
        #expect(create.issuedTo == "Acme Inc.")
        #expect(create.entitlements == ["lua", "app-sigs"])
        #expect(try ArgumentRules.entitlements(create.entitlements) == [Entitlement("netify-proc-lua"), Entitlement("application-signatures")])
        #expect(create.expiry.expiry == .durationDays(30))
        #expect(create.targetUid == "dev-42" && create.description == "Lab gateway" && create.notes == "rack 4")
        #expect(create.output == .json)
        let plain = try CreateCommand.parse(["--issued-to", "B", "--entitlement", "mqtt"])
        #expect(plain.expiry.expiry == .keyMaximum && plain.output == .serial)
        #expect(plain.targetUid == nil && plain.description == nil && plain.notes == nil)
    }

    /// `--text NAME=VALUE` gives any free text of the table; one given twice,
    /// a name that is none, or a value its rule refuses is an error that says so.
    @Test func everyFreeTextIsGivenByItsName() throws {
        let required = ["--issued-to", "B", "--entitlement", "mqtt"]
        var arguments = required
        for text in FreeText.allCases { arguments += ["--text", "\(text.jsonName)=\(text.label) = value"] }
        let texts = try CreateCommand.parse(arguments).freeTexts()
        for text in FreeText.allCases { #expect(texts[text] == "\(text.label) = value", "\(text)") }
        #expect(try CreateCommand.parse(required + ["--notes", "a", "--text", "description=b"]).freeTexts() == [.notes: "a", .description: "b"])
        let refusals = [
            (["--notes", "a", "--text", "notes=b"], "--text: notes is given twice; give it once."),
            (["--text", "colour=blue"], "--text: \"colour\" is not a free text; use one of \(FreeText.names)."),
            (["--text", "notes"], "--text notes: give NAME=VALUE, NAME one of \(FreeText.names)."),
            (["--text", "notes=\u{1B}[2J"], "--text notes must not contain control characters (found U+001B)."),
        ]
        for (given, message) in refusals {
            #expect(throws: (any Error).self, "\(given)") { try CreateCommand.parse(required + given) }
            do { _ = try CreateCommand.parse(required + given) } catch { #expect(CreateCommand.message(for: error) == message, "\(given)") }
        }
    }

    @Test func deleteTakesEverySerialAndItsConsent() throws {
        let delete = try DeleteCommand.parse([Self.first, Self.second, "-y", "--lock-timeout", "10"])
        #expect(delete.serials == [Self.first, Self.second])
        #expect(delete.yes)
        #expect(delete.lock.lockTimeout == 10)
        let asking = try DeleteCommand.parse([Self.first])
        #expect(asking.serials == [Self.first] && !asking.yes && asking.lock.lockTimeout == 0)
    }

    @Test func applyReadsItsFileAndFlags() throws {
        let apply = try ApplyCommand.parse(["devices.csv", "--dry-run", "--prune", "--allow-earlier", "--output", "json"])
        #expect(apply.file == "devices.csv")
        #expect(apply.dryRun && apply.prune && apply.allowEarlier && !apply.yes)
        #expect(apply.output == .json)
        let fromInput = try ApplyCommand.parse(["-", "-y", "--lock-timeout", "60"])
        #expect(fromInput.file == "-" && fromInput.yes && !fromInput.dryRun && !fromInput.prune && fromInput.output == nil)
        #expect(fromInput.lock.lockTimeout == 60)
    }

    @Test func historyShowIsTheDefaultAndSyncItsOwn() throws {
        let parsed = try NetifyLicensesCommand.parseAsRoot([
            "history", "--serial", Self.first, "--since", "2026-01-01", "--action", "re-issue", "--limit", "50", "--operator", "bob",
            "--output", "csv", "--context", "east", "--config", "/etc/netify/config",
        ])
        let show = try #require(parsed as? HistoryCommand.Show, "\(type(of: parsed))")
        #expect(show.serial == Self.first && show.since == "2026-01-01")
        #expect(show.action == .reissue)
        #expect(show.limit == 50)
        #expect(show.operatorName == "bob" && !show.mine)
        #expect(show.output == .csv)
        #expect(show.context == "east" && show.config == "/etc/netify/config")
        let mine = try #require(try NetifyLicensesCommand.parseAsRoot(["history", "show", "--mine"]) as? HistoryCommand.Show)
        #expect(mine.mine && mine.operatorName == nil && mine.limit == nil && mine.action == nil && mine.context == nil)
        let sync = try #require(try NetifyLicensesCommand.parseAsRoot(["history", "sync", "--context", "east"]) as? HistoryCommand.Sync)
        #expect(sync.context == "east" && sync.config == nil)
    }

    @Test func notifyItsDestinationsAndItsTest() throws {
        let notify = try NotifyCommand.parse(["--always", "--dry-run", "--to", "slack-dest", "--to", "mail-dest", "--context", "west"])
        #expect(notify.always && notify.dryRun)
        #expect(notify.destinations == ["slack-dest", "mail-dest"])
        #expect(notify.test == nil)
        #expect(notify.connection.context == "west")
        let test = try NotifyCommand.parse(["--test", "slack-dest"])
        #expect(test.test == "slack-dest" && !test.always && !test.dryRun && test.destinations.isEmpty)
    }
}

/// The options every command takes, before the subcommand: what `main` reads
/// (`commonOptionsAfterSubcommand`, then `parseAsRoot`) and what the parser
/// alone would make of the same line.
@Suite("Common options before the subcommand, parsed")
struct CommonOptionsFirstParsedTests {
    static func parsed<Command>(_ arguments: [String], as command: Command.Type) throws -> Command? {
        try NetifyLicensesCommand.parseAsRoot(NetifyLicensesCommand.commonOptionsAfterSubcommand(arguments)) as? Command
    }

    @Test func contextBeforeListIsTheListsContext() throws {
        let list = try #require(try Self.parsed(["--context", "west", "list", "--summary"], as: ListCommand.self))
        #expect(list.connection.context == "west")
        #expect(list.summary)
        #expect(list.connection.config == nil && !list.connection.sandbox && list.output == nil)
        // The parser alone takes the line for the dashboard's (the default
        // subcommand), which has no --summary: main moves the options first.
        let raw = ArgumentParsing.refusal(["--context", "west", "list", "--summary"])
        #expect(raw?.contains("Unknown option '--summary'") == true && raw?.contains("Usage: netify-licenses dashboard") == true, "\(raw ?? "accepted")")
    }

    @Test func everyCommonOptionReachesTheSubcommand() throws {
        let renew = try #require(try Self.parsed([
            "--sandbox", "--config=/etc/netify/config", "--endpoint", "http://127.0.0.1:9", "--api-key-file=/etc/netify/key", "renew", "--due", "--yes",
        ], as: RenewCommand.self))
        #expect(renew.connection.sandbox)
        #expect(renew.connection.config == "/etc/netify/config")
        #expect(renew.connection.endpoint == "http://127.0.0.1:9")
        #expect(renew.connection.apiKeyFile == "/etc/netify/key")
        #expect(renew.due && renew.yes && renew.serial == nil)
        let delete = try #require(try Self.parsed(["--context", "east", "delete", Self.serial, "-y"], as: DeleteCommand.self))
        #expect(delete.connection.context == "east" && delete.serials == [Self.serial] && delete.yes)
        let notify = try #require(try Self.parsed(["--config", "/etc/netify/config", "notify", "--dry-run"], as: NotifyCommand.self))
        #expect(notify.connection.config == "/etc/netify/config" && notify.dryRun)
        let show = try #require(try Self.parsed(["--context", "east", "history", "--action", "renew"], as: HistoryCommand.Show.self))
        #expect(show.context == "east" && show.action == .renew)
        let sync = try #require(try Self.parsed(["--context", "east", "history", "sync"], as: HistoryCommand.Sync.self))
        #expect(sync.context == "east")
    }

    static let serial = "2026-0000-00000001"

    @Test func withoutASubcommandTheyAreTheDashboards() throws {
        let dashboard = try #require(try Self.parsed(["--context", "west", "--theme", "light"], as: DashboardCommand.self))
        #expect(dashboard.connection.context == "west" && dashboard.theme == "light")
        #expect(!dashboard.readonly && dashboard.refresh == nil)
        let bare = try #require(try Self.parsed([], as: DashboardCommand.self))
        #expect(bare.connection.context == nil && bare.theme == nil)
    }
}
