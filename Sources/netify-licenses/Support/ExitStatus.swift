import ArgumentParser
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import TeamJournal

/// Exit codes a script can branch on; listed in `--help` and the README.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case usage = 1
    case notFound = 2
    case unauthorized = 3
    case validation = 4
    case conflict = 5
    case rateLimited = 6
    case network = 7
    case server = 8
    case partialFailure = 9
    case wouldShorten = 10
    case unreadable = 11
    case locked = 12
    case notificationFailed = 13
    case outputFailed = 14

    static func of(_ error: LicensingError) -> ExitStatus {
        switch error {
        case .notFound: return .notFound
        case .unauthorized, .forbidden, .missingAPIKey: return .unauthorized
        case .validation, .badRequest: return .validation
        case .conflict: return .conflict
        case .rateLimited: return .rateLimited
        case .transport, .timeout, .unfinishedReply, .outcomeUnknown: return .network
        case .server, .unexpectedStatus, .undecodableResponse, .methodNotAllowed: return .server
        case .configuration: return .usage
        }
    }

    var meaning: String {
        switch self {
        case .success: return "success"
        case .usage: return "usage: bad arguments, settings or a refused action"
        case .notFound: return "no such license for this key (404)"
        case .unauthorized: return "no key, unknown key, or not allowed (401, 403)"
        case .validation: return "the server rejected the fields (400, 422)"
        case .conflict: return "conflict with the license's state (409)"
        case .rateLimited: return "rate limited (429)"
        case .network: return "the server could not be reached or timed out"
        case .server: return "the server failed or answered something unreadable (5xx)"
        case .partialFailure: return "a bulk operation in which some items failed"
        case .wouldShorten: return "a renew would move an expiry earlier; refused (pass --allow-earlier to mean it)"
        case .unreadable: return "the reply held licenses that could not be read (listed on stderr; --skip-unreadable to accept)"
        case .notificationFailed: return "a notification destination did not take its message (named on stderr)"
        case .locked: return "another run holds the lock for this account (named on stderr; --lock-timeout to wait)"
        case .outputFailed: return "standard output could not be written (a full disk, an I/O error): the output is incomplete"
        }
    }

    static var helpText: String {
        "Exit codes:\n" + allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}

/// An exit after the message has already been written.
struct ReportedFailure: Error {
    let status: ExitStatus
}

/// Turns a failure into one line on stderr (field messages beneath) and its exit code.
enum CommandFailure {
    /// The context the command works in, named in every error so a message
    /// from a script that loops over contexts says which one failed.
    nonisolated(unsafe) static var contextName: String?

    static var prefix: String { contextName.map { "error [\($0)]: " } ?? "error: " }

    static func reporting(_ body: () async throws -> Void) async throws {
        var outcome: (any Error)?
        do {
            try await body()
            // Whatever the command printed, and however: a write to stdout that failed ends it as one.
            if Terminal.standardOutputFailure != 0 { throw OutputFailure(code: Terminal.standardOutputFailure) }
        } catch {
            outcome = error
        }
        // Whatever the command came to, its locks are let go and the team journal gets what
        // it recorded before the process ends (bounded: PostgreSQL down costs seconds, not the run).
        await TeamLock.releaseAll()
        await TeamDeliveries.flush()
        await ConnectionOptions.embedded.stop()
        switch outcome {
        case nil:
            return
        case let error as SandboxError:
            Terminal.standardError(prefix + error.message)
            throw ExitCode(ExitStatus.usage.rawValue)
        case let error as LicensingError:
            report(error)
            throw ExitCode(ExitStatus.of(error).rawValue)
        case let failure as OutputFailure:
            // The reader went away (`| head`): it chose to stop reading; nothing to say.
            if failure.readerLeft { throw ExitCode(ExitStatus.success.rawValue) }
            Terminal.standardError(prefix + "the output could not be written (\(failure.reason)): what was written is incomplete; free space or write elsewhere, then run it again.")
            throw ExitCode(ExitStatus.outputFailed.rawValue)
        case let failure as ReportedFailure:
            throw ExitCode(failure.status.rawValue)
        case let other?:
            throw other
        }
    }

    static func report(_ error: LicensingError) {
        Terminal.standardError(prefix + error.description)
        for field in error.fieldErrors {
            Terminal.standardError("  \(field.field.isEmpty ? "-" : field.field): \(field.message)")
        }
    }
}
