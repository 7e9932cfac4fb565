/// The columns of the journal's `entry` table, named once: the writes, the
/// reads and the queries use these; only the migrations spell the names,
/// as history that never changes.
enum JournalColumn: String, CaseIterable, CustomStringConvertible {
    case id, time, user, endpoint
    case keyFingerprint = "key_fingerprint"
    case action, serial, request, before, after, outcome, status, detail
    case processID = "process_id"
    // The team journal's outbox (v2).
    case uid
    case operatorName = "operator"
    case host
    case contextName = "context"
    case team, delivered

    var description: String { rawValue }
}
