
/// One create, renew or delete, as the journal keeps it: who, where, what was
/// asked, the license before and after, and how it ended.
public struct JournalEntry: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case create, renew, delete
        /// A new license replacing an old one: `serial` is the old, `after` the new.
        case reissue = "re-issue"
    }

    public enum Outcome: String, Sendable, CaseIterable {
        /// The intent is written and the request is on its way (or its process died: see `isAbandoned`).
        case pending
        case succeeded
        case failed
        /// Sent, but no reply said what happened (or the process died before it wrote the outcome).
        case unknown
        /// An unknown outcome that a later list showed was carried out.
        case carriedOut = "carried-out"
        /// An unknown outcome that a later list showed was not carried out.
        case notCarriedOut = "not-carried-out"

        public var label: String {
            switch self {
            case .pending: return "pending"
            case .succeeded: return "succeeded"
            case .failed: return "failed"
            case .unknown: return "outcome unknown"
            case .carriedOut: return "carried out (found later)"
            case .notCarriedOut: return "not carried out (found later)"
            }
        }
    }

    public var id: Int64
    /// Unix seconds when the intent was written.
    public var time: Int64
    public var user: String
    public var endpoint: String
    /// A fingerprint of the API key (never the key): which key acted.
    public var keyFingerprint: String
    public var action: Action
    /// The license acted on; for a create, the new serial once the reply names it.
    public var serial: String?
    /// The request's JSON body.
    public var request: String
    /// The license's full document before (renew, delete), as JSON.
    public var before: String?
    /// The license's document after (create, renew), as JSON.
    public var after: String?
    public var outcome: Outcome
    /// The HTTP status of a failure, when there was one.
    public var status: Int?
    /// What went wrong, or how an unknown outcome was resolved.
    public var detail: String?
    /// The process that wrote the intent: a pending entry whose process is gone is an unknown outcome.
    public var processID: Int32
    /// The entry's own id across machines: the team journal's idempotency key.
    public var uid: String?
    /// The name the entry was recorded under (`operator`), its host and its context.
    public var operatorName: String?
    public var host: String?
    public var contextName: String?

    public init(
        id: Int64, time: Int64, user: String, endpoint: String, keyFingerprint: String, action: Action, serial: String?,
        request: String, before: String?, after: String?, outcome: Outcome, status: Int?, detail: String?, processID: Int32
    ) {
        self.id = id
        self.time = time
        self.user = user
        self.endpoint = endpoint
        self.keyFingerprint = keyFingerprint
        self.action = action
        self.serial = serial
        self.request = request
        self.before = before
        self.after = after
        self.outcome = outcome
        self.status = status
        self.detail = detail
        self.processID = processID
    }

    /// The expiry dates before and after, where the documents say.
    public var expiryChange: (before: String?, after: String?) {
        (JournalEntry.expiryDate(in: before), JournalEntry.expiryDate(in: after))
    }

    /// What the entry did to the expiry, in a few words: "expires 2027-01-27"
    /// for a create, "2026-12-28 → 2027-01-27" for a renew, "was to expire …"
    /// for a delete. The dates come from stored documents: callers make it safe.
    public var changeSummary: String {
        let (before, after) = expiryChange
        switch action {
        case .create: return after.map { "expires \($0)" } ?? ""
        case .renew: return "\(before ?? "?") → \(after ?? "?")"
        case .delete: return before.map { "was to expire \($0)" } ?? ""
        case .reissue: return "→ \(JournalEntry.serial(in: self.after) ?? "?"), expires \(after ?? "?")"
        }
    }

    public static func serial(in document: String?) -> String? {
        guard let document, let json = try? JSONParser.parse(document) else { return nil }
        return json["serial"]?.stringValue
    }

    public static func expiryDate(in document: String?) -> String? {
        guard let document, let json = try? JSONParser.parse(document) else { return nil }
        if let date = json["expire_at"]?["date"]?.stringValue { return date }
        if let unix = json["expire_at"]?["unix"]?.lenientInteger { return CalendarDate(unixSeconds: unix).description }
        return nil
    }
}

/// What the journal is asked for: `history`'s filters.
public struct JournalQuery: Sendable {
    public var serial: String?
    public var since: Int64?
    public var action: JournalEntry.Action?
    public var limit: Int?

    public init(serial: String? = nil, since: Int64? = nil, action: JournalEntry.Action? = nil, limit: Int? = nil) {
        self.serial = serial
        self.since = since
        self.action = action
        self.limit = limit
    }
}
