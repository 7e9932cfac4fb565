import LocalStore
import LicenseModel
import NetifyLicensing

/// Where the change journal lives and how the front ends reach it.
enum JournalAccess {
    static func path(environment: [String: String] = ProcessEnvironment.current) -> String {
        XDGDirectories(environment: environment).state + "/netify-licenses/journal.sqlite"
    }

    /// The embedded sandbox listens on a new port each run: its entries are kept under one name.
    static func embeddedSandboxEndpoint(environment: [String: String] = ProcessEnvironment.current) -> String {
        "embedded sandbox (" + XDGDirectories(environment: environment).data + "/netify-licenses)"
    }

    static func context(endpoint: String, key: String) -> JournalContext {
        JournalContext(user: JournalContext.localUser, endpoint: endpoint, keyFingerprint: JournalContext.fingerprint(ofKey: key))
    }

    /// Opens the journal, saying on stderr what it had to set aside.
    static func open(
        settings: Settings, environment: [String: String] = ProcessEnvironment.current,
        warn: (String) -> Void = { Terminal.standardError("warning: \($0)") }
    ) throws(JournalError) -> ChangeJournal {
        let journal = try ChangeJournal(path: path(environment: environment), retentionDays: settings.journalRetentionDays)
        for warning in journal.warnings { warn(warning) }
        return journal
    }

    /// The journal, or nil with a warning: the journal never stops work.
    static func openOrWarn(settings: Settings, environment: [String: String] = ProcessEnvironment.current, warn: (String) -> Void) -> ChangeJournal? {
        do {
            return try open(settings: settings, environment: environment, warn: warn)
        } catch {
            warn("\(error) Changes made now are not journaled.")
            return nil
        }
    }
}
