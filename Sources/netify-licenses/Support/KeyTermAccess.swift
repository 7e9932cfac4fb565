import LocalStore
import LicenseModel
import NetifyLicensing

/// Where what was learned about each key's maximum term lives: beside the change journal.
enum KeyTermAccess {
    static func path(environment: [String: String] = ProcessEnvironment.current) throws(LicensingError) -> String {
        try ToolDirectories(environment: environment).require(.state, for: "learned key terms") + "/key-terms.sqlite"
    }

    /// The store, or nil with a warning: a renew then treats the key's maximum as not known.
    /// Without a place for it, nil without a warning: the journal's `RefuseWithoutPlace` refuses the writes that would teach it.
    static func openOrWarn(environment: [String: String] = ProcessEnvironment.current, warn: (String) -> Void = { Terminal.standardError("warning: \($0)") }) -> KeyTermStore? {
        guard ToolDirectories(environment: environment).state != nil else { return nil }
        do {
            let store = try KeyTermStore(path: path(environment: environment))
            for warning in store.warnings { warn(warning) }
            return store
        } catch {
            warn("\(error) What replies teach about the key's maximum term is not kept.")
            return nil
        }
    }
}
