import ArgumentParser
import LicenseModel
import NetifyLicensing

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete licenses.",
        discussion: """
            Asks for each license on a terminal (the default answer is no). Without a
            terminal, --yes is required.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The serials to delete.")
    var serials: [String]

    @Flag(name: [.short, .long], help: "Delete without asking.")
    var yes = false

    @OptionGroup var lock: LockOptions

    func validate() throws {
        guard !serials.isEmpty else { throw ValidationError("Give at least one serial to delete.") }
        for serial in serials { try ArgumentRules.serial(serial) }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let asks = try Consent.decide(.delete(count: serials.count), yes: yes) == .ask
            let connection = try await self.connection.connect()
            // A delete of several is a run: one at a time per account.
            let held = serials.count > 1 ? try await TeamAccess.lock(connection, timeout: lock.lockTimeout) : nil
            _ = held  // let go when the command ends (CommandFailure.reporting), however it ends
            let client = connection.client
            var failures: [LicensingError] = []
            var (deleted, kept) = (0, 0)
            defer {
                if serials.count > 1 { Terminal.standardError("\(deleted) deleted, \(kept) kept, \(failures.count) failed.") }
            }
            for serial in serials {
                do throws(LicensingError) {
                    if asks {
                        let license = try await client.license(serial: serial)
                        guard Prompt.confirm("Delete \(license.serial.safeForDisplay(limit: 40)), issued to \(license.issuedTo.safeForDisplay(limit: 200))? [y/N] ") else {
                            Terminal.standardError("kept \(serial)")
                            kept += 1
                            continue
                        }
                    }
                    _ = try await client.deleteLicense(serial: serial)
                    Terminal.write(1, "deleted \(serial)\n")
                    deleted += 1
                } catch {
                    CommandFailure.report(error)
                    failures.append(error)
                }
            }
            if let first = failures.first {
                throw ReportedFailure(status: failures.count == serials.count ? ExitStatus.of(first) : .partialFailure)
            }
        }
    }
}
