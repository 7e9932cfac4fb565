import LocalStore
import LicenseModel
import NetifyLicensing

/// Where the change journal lives and how the front ends reach it.
enum JournalAccess {
    static func path(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.state, for: "the change journal") + "/journal.sqlite"
    }

    /// The embedded sandbox listens on a new port each run: its entries are kept under one name.
    static func embeddedSandboxEndpoint(environment: [String: String] = ProcessEnvironment.current) -> String {
        "embedded sandbox (" + (ToolDirectories(environment: environment).data ?? "$XDG_DATA_HOME/netify-licenses") + ")"
    }

    /// No place for the journal and learned key terms (no HOME, nor
    /// `STATE_DIRECTORY` or `XDG_STATE_HOME`): every write is refused before it
    /// is sent, rather than made unrecorded or recorded under /tmp; reads go on.
    struct RefuseWithoutPlace: LicenseMiddleware {
        func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
            guard operation.changesLicenses else { return try await next(operation) }
            throw .configuration(message: ToolDirectories.unplacedMessage(.state, for: "the change journal and learned key terms") + " Nothing was sent.")
        }
    }

    static func context(endpoint: String, key: String) -> JournalContext {
        JournalContext(user: JournalContext.localUser, endpoint: endpoint, keyFingerprint: JournalContext.fingerprint(ofKey: key))
    }

    /// Opens the journal, saying on stderr what it had to set aside.
    static func open(
        settings: Settings, environment: [String: String] = ProcessEnvironment.current,
        warn: (String) -> Void = { Terminal.standardError("warning: \($0)") }
    ) throws -> ChangeJournal {
        let journal = try ChangeJournal(path: path(environment: environment), retentionDays: settings.journalRetentionDays)
        for warning in journal.warnings { warn(warning) }
        return journal
    }

    /// The journal, or nil with a warning: the journal never stops work.
    /// Without a place for it, nil without one: `RefuseWithoutPlace` refuses the writes instead.
    static func openOrWarn(settings: Settings, environment: [String: String] = ProcessEnvironment.current, warn: (String) -> Void) -> ChangeJournal? {
        guard ToolDirectories(environment: environment).state != nil else { return nil }
        do {
            return try open(settings: settings, environment: environment, warn: warn)
        } catch {
            warn("\(error) Changes made now are not journaled.")
            return nil
        }
    }
}
