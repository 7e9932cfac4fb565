/// One operation on licenses, as a value: what every front end asks of the
/// API (the CLI's commands, the dashboard's effects, `apply`, `renew --due`)
/// passes through one chain of `LicenseMiddleware` as one of these.
public enum LicenseOperation: Sendable {
    case list(format: LicenseFormat, expectedCount: Int, keeping: LicenseSelection? = nil)
    case show(serial: String, format: LicenseFormat)
    case create(CreateLicenseRequest, format: LicenseFormat)
    case renew(serial: String, RenewLicenseRequest, format: LicenseFormat)
    case delete(serial: String)
    /// Create, then delete, in the order of `Reissue.perform`: one operation, one journal entry.
    case reissue(replacing: String, with: CreateLicenseRequest, format: LicenseFormat)

    /// Whether it can change a license (a read-only context refuses it before anything is sent).
    public var changesLicenses: Bool {
        switch self {
        case .list, .show: return false
        case .create, .renew, .delete, .reissue: return true
        }
    }

    /// The license it is about, when it names one.
    public var serial: String? {
        switch self {
        case .list, .create: return nil
        case .show(let serial, _), .renew(let serial, _, _), .delete(let serial), .reissue(let serial, _, _): return serial
        }
    }
}

/// What an operation came to, one case per kind of answer.
public enum LicenseOperationResult: Sendable {
    case list(LicenseList)
    /// A show, a create or a renew.
    case license(License)
    /// A delete: the license as it was, when the server says.
    case deleted(License?)
    case reissued(Reissue)
}

/// What a middleware calls to pass an operation on down the chain.
public typealias LicenseOperationNext = @Sendable (LicenseOperation) async throws(LicensingError) -> LicenseOperationResult

/// One cross-cutting concern (the read-only refusal, the journal, learning
/// the key's term, ...) in Hummingbird's middleware shape: it sees every
/// operation, may act before and after, and passes it on with `next` (or
/// refuses it). A new concern is one new conformance and one line where the
/// chain is built (`Connection.open`), never a wrapper that forwards methods.
public protocol LicenseMiddleware: Sendable {
    func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult
}

extension LicensingAPI {
    /// The operation carried out by this API's own methods: the end of a chain.
    public func perform(_ operation: LicenseOperation) async throws(LicensingError) -> LicenseOperationResult {
        switch operation {
        case .list(let format, let expectedCount, let keeping): return .list(try await licenseList(format: format, expectedCount: expectedCount, keeping: keeping))
        case .show(let serial, let format): return .license(try await license(serial: serial, format: format))
        case .create(let request, let format): return .license(try await createLicense(request, format: format))
        case .renew(let serial, let request, let format): return .license(try await renewLicense(serial: serial, request, format: format))
        case .delete(let serial): return .deleted(try await deleteLicense(serial: serial))
        case .reissue(let serial, let request, let format): return .reissued(try await reissueLicense(replacing: serial, with: request, format: format))
        }
    }
}

/// The Licensing API as every front end uses it: each method is an operation
/// sent through the middleware, in order, to its end (the HTTP client, or the
/// router of `:ctx all`). Built once, in `Connection.open`, for every front end
/// and every context. It is not itself a `LicensingAPI`: a front end holds the
/// chain, so nothing reaches an API around it.
public struct LicensePipeline: Sendable {
    public let middleware: [any LicenseMiddleware]
    /// The router this chain ends in, when it joins several contexts (the dashboard asks it whose each row is).
    public let allContexts: AllContextsAPI?
    private let endpoint: LicenseOperationNext

    public init(_ middleware: [any LicenseMiddleware] = [], endpoint: any LicensingAPI) {
        self.middleware = middleware
        self.allContexts = endpoint as? AllContextsAPI
        self.endpoint = { (operation) async throws(LicensingError) -> LicenseOperationResult in try await endpoint.perform(operation) }
    }

    /// A chain whose end is not an API (a context that could not be opened fails every operation with its reason).
    public init(_ middleware: [any LicenseMiddleware], ending endpoint: @escaping LicenseOperationNext) {
        self.init(middleware, allContexts: nil, endpoint: endpoint)
    }

    private init(_ middleware: [any LicenseMiddleware], allContexts: AllContextsAPI?, endpoint: @escaping LicenseOperationNext) {
        self.middleware = middleware
        self.allContexts = allContexts
        self.endpoint = endpoint
    }

    /// This chain behind a read-only refusal first (a context opened with --readonly after the fact).
    public func readOnly(context: String) -> LicensePipeline {
        LicensePipeline([ReadOnlyMiddleware(context: context)] + middleware, allContexts: allContexts, endpoint: endpoint)
    }

    /// The operation through the whole chain.
    public func run(_ operation: LicenseOperation) async throws(LicensingError) -> LicenseOperationResult {
        try await LicensePipeline.run(operation, through: middleware[...], endpoint: endpoint)
    }

    static func run(
        _ operation: LicenseOperation, through chain: ArraySlice<any LicenseMiddleware>, endpoint: @escaping LicenseOperationNext
    ) async throws(LicensingError) -> LicenseOperationResult {
        guard let first = chain.first else { return try await endpoint(operation) }
        let rest = chain.dropFirst()
        return try await first.handle(operation) { (operation) async throws(LicensingError) -> LicenseOperationResult in
            try await LicensePipeline.run(operation, through: rest, endpoint: endpoint)
        }
    }

    public func licenseList(format: LicenseFormat, expectedCount: Int, keeping: LicenseSelection? = nil) async throws(LicensingError) -> LicenseList {
        guard case .list(let list) = try await run(.list(format: format, expectedCount: expectedCount, keeping: keeping)) else { throw LicensePipeline.mismatch("list") }
        return list
    }

    public func license(serial: String, format: LicenseFormat = .object) async throws(LicensingError) -> License {
        guard case .license(let license) = try await run(.show(serial: serial, format: format)) else { throw LicensePipeline.mismatch("show") }
        return license
    }

    public func createLicense(_ request: CreateLicenseRequest, format: LicenseFormat = .object) async throws(LicensingError) -> License {
        guard case .license(let license) = try await run(.create(request, format: format)) else { throw LicensePipeline.mismatch("create") }
        return license
    }

    public func renewLicense(serial: String, _ request: RenewLicenseRequest, format: LicenseFormat = .object) async throws(LicensingError) -> License {
        guard case .license(let license) = try await run(.renew(serial: serial, request, format: format)) else { throw LicensePipeline.mismatch("renew") }
        return license
    }

    public func deleteLicense(serial: String) async throws(LicensingError) -> License? {
        guard case .deleted(let license) = try await run(.delete(serial: serial)) else { throw LicensePipeline.mismatch("delete") }
        return license
    }

    public func reissueLicense(replacing serial: String, with request: CreateLicenseRequest, format: LicenseFormat) async throws(LicensingError) -> Reissue {
        guard case .reissued(let reissue) = try await run(.reissue(replacing: serial, with: request, format: format)) else { throw LicensePipeline.mismatch("re-issue") }
        return reissue
    }

    /// A middleware answered an operation with another kind of result: a defect, said as one.
    static func mismatch(_ operation: String) -> LicensingError {
        .configuration(message: "Internal error: the \(operation) was answered with the result of another operation; please report it.")
    }
}
