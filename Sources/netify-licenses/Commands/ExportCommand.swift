import ArgumentParser
import LicenseModel
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a license in netifyd format, ready for /etc/netifyd/license.json.",
        discussion: """
            Without -o the license goes to stdout. With -o it is written atomically
            (a temporary file renamed into place), mode 0644, and never over an
            existing file unless --force is given. Reload netifyd to pick it up.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The license's serial.")
    var serial: String

    @Option(name: [.customShort("o"), .customLong("output-file")], help: ArgumentHelp("The file to write.", valueName: "file"))
    var outputFile: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    func validate() throws {
        try ArgumentRules.serial(serial)
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let client = try await connection.connect().client
            let license = try await client.license(serial: serial, format: .netifyd)
            let text = license.netifydDocumentText() + "\n"
            guard let outputFile else {
                Terminal.write(1, text)
                return
            }
            try AtomicFile.write(text, to: outputFile, mode: 0o644, replacing: force)
            Terminal.standardError("wrote \(serial) to \(outputFile)")
        }
    }
}
