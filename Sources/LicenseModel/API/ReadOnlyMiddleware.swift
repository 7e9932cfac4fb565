/// A read-only context: reads pass; every create, renew, delete and re-issue
/// fails before any request is made. It stands first in every such
/// context's chain, so no path can write.
public struct ReadOnlyMiddleware: LicenseMiddleware {
    /// The context's name, for the message.
    public let context: String

    public init(context: String) {
        self.context = context
    }

    public func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
        switch operation {
        case .list, .show: return try await next(operation)
        case .create: throw refusal("a create")
        case .renew(let serial, _, _): throw refusal("the renew of \(serial.safeForDisplay(limit: 40))")
        case .delete(let serial): throw refusal("the delete of \(serial.safeForDisplay(limit: 40))")
        case .reissue(let serial, _, _): throw refusal("the re-issue of \(serial.safeForDisplay(limit: 40))")
        }
    }

    func refusal(_ what: String) -> LicensingError {
        .configuration(message: "The context \(context) is read-only: \(what) was refused before anything was sent. Use another context (--context NAME), or set context.\(context).readonly = false.")
    }
}
