import LocalStore
import LicenseModel
import NetifyLicensing

/// What was learned about each key's maximum term: a table of the change
/// journal's database. Earlier versions kept it in a file of its own beside
/// the journal, imported once when the journal opens.
enum KeyTermAccess {
    /// The earlier versions' file, imported and removed.
    static func legacyPath(environment: [String: String] = ProcessEnvironment.current) -> String? {
        ToolDirectories(environment: environment).state.map { $0 + "/key-terms.sqlite" }
    }

    /// The store in the journal; nil without a journal (its opener said why):
    /// a renew then treats the key's maximum as not known.
    static func store(journal: ChangeJournal?, environment: [String: String] = ProcessEnvironment.current, warn: (String) -> Void = { Terminal.standardError("warning: \($0)") }) -> KeyTermStore? {
        guard let journal else { return nil }
        let store = KeyTermStore(journal: journal, importing: legacyPath(environment: environment))
        for warning in store.warnings { warn(warning) }
        return store
    }
}
