import LicenseModel

/// A reply other than 200, as the sandbox sends it.
public struct SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var fields: [FieldError]
    public var headers: [(String, String)]

    public init(status: Int, message: String, fields: [FieldError] = [], headers: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public static func == (lhs: SandboxError, rhs: SandboxError) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message && lhs.fields == rhs.fields
    }

    public var description: String { message }

    static func badRequest(_ message: String) -> SandboxError { SandboxError(status: 400, message: message) }
    static func unauthorized(_ message: String) -> SandboxError { SandboxError(status: 401, message: message) }
    static func forbidden(_ message: String) -> SandboxError { SandboxError(status: 403, message: message) }
    static func notFound(_ message: String) -> SandboxError { SandboxError(status: 404, message: message) }
    static func conflict(_ message: String) -> SandboxError { SandboxError(status: 409, message: message) }

    static func invalid(_ field: String, _ message: String) -> SandboxError {
        SandboxError(status: 422, message: "Validation failed: \(field) \(message).", fields: [FieldError(field: field, message: message)])
    }

    static func invalid(_ fields: [FieldError]) -> SandboxError {
        let summary = fields.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        return SandboxError(status: 422, message: "Validation failed: \(summary).", fields: fields)
    }

    /// A mistake on the sandbox's own command line.
    public static func usage(_ message: String) -> SandboxError { SandboxError(status: 0, message: message) }
}
