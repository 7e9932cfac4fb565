import Foundation
import LicenseModel

/// The tool's own creates, renews, deletes and re-issues reach the list cache
/// as they are made, whichever front end made them (each command, the
/// dashboard, `apply`, `renew --due`): one row each on top of the cached list
/// (`LicenseCache.recordOwnWrites`), never a rewrite of it. Without a cached
/// list there is nothing to keep up to date, and nothing is created. A cache
/// that cannot be written costs a warning, never the operation.
public struct OwnWritesInCache: LicenseMiddleware {
    private let cache: LazyCache
    private let warn: @Sendable (String) -> Void

    public init(directory: String, context: JournalContext, warn: @escaping @Sendable (String) -> Void) {
        cache = LazyCache(path: LicenseCache.path(directory: directory, endpoint: context.endpoint, keyFingerprint: context.keyFingerprint)) {
            try LicenseCache(directory: directory, endpoint: context.endpoint, keyFingerprint: context.keyFingerprint)
        }
        self.warn = warn
    }

    public func handle(_ operation: LicenseOperation, next: LicenseOperationNext) async throws(LicensingError) -> LicenseOperationResult {
        let result = try await next(operation)
        let (upserted, deleted) = OwnWritesInCache.changes(operation, result)
        guard !upserted.isEmpty || !deleted.isEmpty, let opened = cache.opened() else { return result }
        do {
            try opened.get().recordOwnWrites(upserted: upserted, deleted: deleted)
        } catch {
            warn("this change could not be kept in the list cache \(cache.path) (\(error)); the next list refreshes it.")
        }
        return result
    }

    /// What an operation's result changed, as the cache keeps it.
    static func changes(_ operation: LicenseOperation, _ result: LicenseOperationResult) -> (upserted: [License], deleted: [String]) {
        switch (operation, result) {
        case (.create, .license(let license)), (.renew, .license(let license)):
            return ([license], [])
        case (.delete(let serial), .deleted):
            return ([], [serial])
        case (.reissue(let old, _, _), .reissued(let reissue)):
            switch reissue {
            case .done(let license), .restored(let license, _), .shorterReplacement(let license, _): return ([license], [old])
            case .oldKept(let license, _): return ([license], [])
            case .replacementMissing: return ([], [old])
            }
        default:
            return ([], [])
        }
    }
}

/// The cache, opened at the first write that finds its file, or never. One
/// that cannot be opened is tried again at the next write, and says why.
private final class LazyCache: @unchecked Sendable {
    private let lock = NSLock()
    let path: String
    private let open: () throws -> LicenseCache
    private var cache: LicenseCache?

    init(path: String, open: @escaping () throws -> LicenseCache) {
        self.path = path
        self.open = open
    }

    /// nil when there is no cached list to keep up to date.
    func opened() -> Result<LicenseCache, any Error>? {
        lock.withLock {
            if let cache { return .success(cache) }
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            do {
                let opened = try open()
                cache = opened
                return .success(opened)
            } catch {
                return .failure(error)
            }
        }
    }
}
