import Testing
@testable import netify_licenses

/// The command line's own checks, run by its parser in this process: what
/// each refuses and in which words, without starting a binary per case.
enum ArgumentParsing {
    /// The parser's message for `arguments`, or nil when they are accepted. A
    /// refusal is always a usage error (the binary maps it to exit 1).
    static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try NetifyLicensesCommand.parseAsRoot(arguments)
            return nil
        } catch {
            guard NetifyLicensesCommand.exitCode(for: error) == .validationFailure else { return "not a usage error: \(error)" }
            return NetifyLicensesCommand.fullMessage(for: error)
        }
    }
}

@Suite("Argument checks, in process")
struct ArgumentParsingTests {
    static let refused: [([String], String)] = [
        (["renew", "2026-0000-00000001", "--expire-at", "2030-01-01", "--duration-days", "30"], "Give --expire-at or --duration-days, not both."),
        (["show", "garbage"], "is not a license serial"),
        (["delete"], "Missing expected argument"),
        (["list", "--all-contexts", "--cached"], "--all-contexts lists the licenses themselves"),
        (["list", "--expiring-within", "99999999"], "--expiring-within must be from"),
        (["check", "--warning", "3", "--critical", "10"], "--critical must not be more than --warning."),
        (["check", "--max-lines", "100001"], "--max-lines must be from 0 to 100000."),
        (["sandbox", "--keys", "3"], "--keys seeds several keys; give --seed N as well."),
        (["sandbox", "--seed", "5", "--keys", "17"], "--keys must be from 1 to 16."),
        (["create", "--issued-to", "A", "--entitlement", "luna"], "\"luna\" is not an entitlement"),
        (["dashboard", "--refresh", "0"], "--refresh must be from 1 to 86400 seconds."),
        (["exporter", "--listen", "nowhere"], "is not HOST:PORT"),
        (["history", "--since", "yesterday"], "is not a date; write YYYY-MM-DD."),
    ]

    @Test(arguments: refused)
    func eachMistakeIsRefusedInItsOwnWords(_ arguments: [String], _ expected: String) {
        let refusal = ArgumentParsing.refusal(arguments)
        #expect(refusal?.contains(expected) == true, "\(arguments): \(refusal ?? "accepted")")
    }

    @Test func theCommandsOfThisWaveParse() {
        for arguments in [
            ["apply", "devices.csv", "--dry-run", "--prune", "--output", "json"], ["apply", "-", "--yes", "--allow-earlier"],
            ["list", "--all-contexts", "--output", "csv"], ["check", "--all-contexts"], ["metrics", "--all-contexts"],
            ["config", "contexts"], ["config", "use-context", "east"], ["history", "--context", "east", "--action", "re-issue"],
            ["list", "--context", "west"], ["sandbox", "--seed", "5", "--keys", "2"],
        ] {
            #expect(ArgumentParsing.refusal(arguments) == nil, "\(arguments)")
        }
    }
}

/// The options every command takes work before the subcommand too (kubectl, gh).
@Suite("Common options before the subcommand")
struct CommonOptionsFirstTests {
    @Test func theyAreReadAsTheSubcommandsOwn() throws {
        let moved = NetifyLicensesCommand.commonOptionsAfterSubcommand(["--context", "west", "list", "--summary"])
        #expect(moved == ["list", "--summary", "--context", "west"])
        let parsed = try NetifyLicensesCommand.parseAsRoot(moved)
        let list = try #require(parsed as? ListCommand)
        #expect(list.connection.context == "west" && list.summary)
        #expect(NetifyLicensesCommand.commonOptionsAfterSubcommand(["--sandbox", "--config=/etc/x", "delete", "2026-0000-00000001", "--", "x"])
            == ["delete", "2026-0000-00000001", "--sandbox", "--config=/etc/x", "--", "x"])
        // Without a subcommand they are the dashboard's, where they stand.
        #expect(NetifyLicensesCommand.commonOptionsAfterSubcommand(["--context", "west"]) == ["--context", "west"])
        #expect(NetifyLicensesCommand.commonOptionsAfterSubcommand(["--context", "west", "--theme", "light"]) == ["--context", "west", "--theme", "light"])
    }
}
