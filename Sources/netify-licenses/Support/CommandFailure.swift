import ArgumentParser
import LicenseSandbox
import NetifyLicensing

/// Turns a failure into one line on stderr and a documented exit code.
enum CommandFailure {
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as SandboxError {
            Terminal.standardError("error: \(error.message)")
            throw ExitCode(1)
        } catch let error as LicensingError {
            Terminal.standardError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
