import ArgumentParser
import NetifyLicensing

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue a new license and print its serial.",
        discussion: """
            With neither --expire-at nor --duration-days the license gets the longest term
            your key allows. Entitlements: \(Entitlement.known.map(\.rawValue).joined(separator: ", ")).

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

    @Option(help: "serial (default) prints only the serial; json prints the whole license.")
    var output: OutputStyle?

    func validate() throws {
        guard !entitlements.isEmpty else { throw ValidationError("Give at least one --entitlement.") }
        if let unknown = entitlements.first(where: { !Entitlement($0).isKnown }) {
            throw ValidationError("\(unknown) is not an entitlement; choose from \(Entitlement.known.map(\.rawValue).joined(separator: ", ")).")
        }
        guard !issuedTo.trimmingWhitespace().isEmpty else { throw ValidationError("--issued-to must not be empty.") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let (client, _) = try connection.client()
            let request = CreateLicenseRequest(
                issuedTo: issuedTo, entitlements: entitlements.map { Entitlement($0) }, expiry: expiry.expiry,
                targetUID: targetUid, description: description, notes: notes)
            let license = try await client.createLicense(request, format: .object)
            if output == .json {
                Terminal.write(1, license.documentText(pretty: Terminal.isTerminal(1)) + "\n")
            } else {
                Terminal.write(1, license.serial + "\n")
            }
        }
    }
}
