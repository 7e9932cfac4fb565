import ArgumentParser
import LicenseModel
import NetifyLicensing

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue a new license and print its serial.",
        discussion: """
            With neither --expire-at nor --duration-days the license gets the longest term
            your key allows. Entitlements (keyword or short name): \(ArgumentRules.entitlementHelp).

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Who the license is issued to.", valueName: "name"))
    var issuedTo: String

    @Option(name: .customLong("entitlement"), help: ArgumentHelp("An entitlement to grant; repeat for more.", valueName: "keyword"))
    var entitlements: [String]

    @OptionGroup var expiry: ExpiryOptions

    @Option(help: ArgumentHelp("Bind the license to one device.", valueName: "uid"))
    var targetUid: String?

    @Option(help: "A description to store with the license.")
    var description: String?

    @Option(help: "A note to store with the license.")
    var notes: String?

    @Option(name: .customLong("text"), help: ArgumentHelp(
        "A free text to store, by its name: \(FreeText.names); repeat for more.",
        valueName: "name=value"))
    var texts: [String] = []

    /// Every free text given, by `--description`, `--notes` or `--text`.
    func freeTexts() throws -> FreeTexts {
        try ArgumentRules.freeTexts(texts, given: [.description: description, .notes: notes])
    }

    /// What `create` prints: its own choices, so help and behaviour agree.
    enum Output: String, ExpressibleByArgument, CaseIterable {
        case serial, json
    }

    @Option(help: "serial (default) prints only the serial; json prints the whole license.")
    var output: Output = .serial

    func validate() throws {
        try ArgumentRules.check(issuedTo, as: .issuedTo, option: "--issued-to")
        try ArgumentRules.require(LicenseRules.check(entitlements: try ArgumentRules.entitlements(entitlements)), option: "--entitlement")
        try ArgumentRules.check(targetUid, as: .targetUID, option: "--target-uid")
        try ArgumentRules.check(description, as: .text(.description), option: "--description")
        try ArgumentRules.check(notes, as: .text(.notes), option: "--notes")
        _ = try freeTexts()
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let connection = try await self.connection.connect()
            let client = connection.client
            let request = CreateLicenseRequest(
                issuedTo: issuedTo.trimmingWhitespace(), entitlements: try ArgumentRules.entitlements(entitlements), expiry: expiry.expiry,
                targetUID: targetUid, texts: try freeTexts())
            let license = try await client.createLicense(request, format: .object)
            if output == .json {
                Terminal.write(1, license.documentText(pretty: Terminal.isTerminal(1)) + "\n")
            } else {
                Terminal.write(1, license.serial + "\n")
            }
        }
    }
}
