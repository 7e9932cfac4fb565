import Crypto
import LicenseModel
import LocalStore
import Logging
import NetifyLicensing
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// What went wrong with the team journal, said with the URL without its
/// password (`JournalURL.shown`) and what to do next.
public struct TeamJournalError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The team journal's database: its schema (created and migrated on first
/// use; a newer one is refused, never written), the append-only entries and
/// the lock holders. Every call opens its own connection, bounded in time.
public struct TeamJournalDatabase: Sendable {
    public let url: JournalURL
    /// How long a connection may take to open (a blackholed port costs no more).
    public var connectSeconds: Double
    /// How long one statement may take.
    public var querySeconds: Double

    public init(url: JournalURL, connectSeconds: Double = 1.5, querySeconds: Double = 10) {
        self.url = url
        self.connectSeconds = connectSeconds
        self.querySeconds = querySeconds
    }

    /// What names this team journal in the local outbox: its server and database (no user, no password).
    public var teamID: String { TeamJournalDatabase.teamID(url) }

    public static func teamID(_ url: JournalURL) -> String {
        "\(url.host):\(url.port)/\(url.database)"
    }

    /// The schema versions this binary knows; the last is what it writes.
    static let schemaVersion = 1

    static let migrations: [Int: String] = [
        1: """
            CREATE TABLE IF NOT EXISTS netify_journal (
                id text PRIMARY KEY,
                local_id bigint NOT NULL DEFAULT 0,
                time bigint NOT NULL,
                operator text NOT NULL,
                host text NOT NULL,
                context text,
                endpoint text NOT NULL,
                key_fingerprint text NOT NULL,
                action text NOT NULL,
                serial text,
                request text NOT NULL,
                before text,
                after text,
                outcome text NOT NULL,
                status integer,
                detail text
            );
            CREATE INDEX IF NOT EXISTS netify_journal_time ON netify_journal (time DESC, id);
            CREATE INDEX IF NOT EXISTS netify_journal_serial ON netify_journal (serial);
            CREATE TABLE IF NOT EXISTS netify_lock_holder (
                account text PRIMARY KEY,
                operator text NOT NULL,
                host text NOT NULL,
                started bigint NOT NULL,
                pid integer NOT NULL
            )
            """,
    ]

    static let logger: Logger = {
        var logger = Logger(label: "netify-licenses.team-journal")
        logger.logLevel = .critical
        return logger
    }()

    // MARK: Connecting

    /// A connection of its own, within `connectSeconds`, its schema checked (and created or migrated).
    public func connect() async throws(TeamJournalError) -> PostgresConnection {
        let connection = try await open()
        do {
            try await prepareSchema(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    func open() async throws(TeamJournalError) -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: try tls())
        configuration.options.connectTimeout = .milliseconds(Int64(connectSeconds * 1000))
        // The server ends a statement (or a wait for a lock) that runs too long: a stalled
        // PostgreSQL costs a command seconds, never a hang.
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", "\(Int(querySeconds * 1000))"), ("lock_timeout", "\(Int(min(querySeconds, 5) * 1000))"),
            ("application_name", "netify-licenses"),
        ]
        let logger = TeamJournalDatabase.logger
        let seconds = connectSeconds + 1
        let sealed = configuration
        do {
            return try await TeamJournalDatabase.within(seconds: seconds) {
                try await PostgresConnection.connect(configuration: sealed, id: 1, logger: logger)
            }
        } catch {
            throw explain(error, doing: "connect to")
        }
    }

    func tls() throws(TeamJournalError) -> PostgresConnection.Configuration.TLS {
        do {
            switch url.sslMode {
            case .disable:
                return .disable
            case .prefer, .require:
                // As libpq: encrypted, the certificate not checked (verify-full checks it).
                var configuration = TLSConfiguration.makeClientConfiguration()
                configuration.certificateVerification = .none
                let context = try NIOSSLContext(configuration: configuration)
                return url.sslMode == .prefer ? .prefer(context) : .require(context)
            case .verifyFull:
                return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw TeamJournalError("The TLS settings for the team journal \(url.shown) could not be made (\(error)); check sslmode.")
        }
    }

    /// The error in words, with the URL without its password.
    func explain(_ error: any Error, doing what: String) -> TeamJournalError {
        if let known = error as? TeamJournalError { return known }
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState]
            let message = psql.serverInfo?[.message].map { ": " + $0.safeForDisplay(limit: 200) } ?? ""
            switch (psql.code, state) {
            case (_, "28P01"?), (_, "28000"?):
                return TeamJournalError("The team journal \(url.shown) refused the user \(url.user.safeForDisplay(limit: 63)) and its password\(message); check the password (in journal_url, journal_password_file or PGPASSWORD).")
            case (_, "3D000"?):
                return TeamJournalError("The team journal's database does not exist at \(url.shown)\(message); create it (createdb) or fix journal_url.")
            case (_, "42501"?):
                return TeamJournalError("The team journal \(url.shown) does not allow this\(message); grant the role what the README's \"Working as a team\" section lists.")
            case (.sslUnsupported, _):
                return TeamJournalError("The team journal's server at \(url.shown) does not offer TLS, and sslmode=\(url.sslMode.rawValue) requires it; enable ssl on the server, or set sslmode=disable on a trusted network.")
            case (.server, _):
                return TeamJournalError("The team journal \(url.shown) answered with an error\(message).")
            case (.connectionError, _):
                return TeamJournalError("Could not connect to the team journal \(url.shown): the connection was refused or not answered within \(String(format: "%.1f", connectSeconds)) s; check that PostgreSQL runs there and journal_url is right.")
            default:
                return TeamJournalError("Could not \(what) the team journal \(url.shown) (\(String(describing: psql.code))); check that PostgreSQL runs there and journal_url is right.")
            }
        }
        if error is DeadlineError {
            return TeamJournalError("The team journal \(url.shown) did not answer within \(Int(connectSeconds.rounded(.up))) s; check that PostgreSQL runs there and can be reached.")
        }
        return TeamJournalError("Could not \(what) the team journal \(url.shown) (\(String(describing: error).safeForDisplay(limit: 200))); check that PostgreSQL runs there and journal_url is right.")
    }

    struct DeadlineError: Error {}

    /// `body`, or `DeadlineError` once `seconds` have passed. A real bound: the
    /// caller goes on at the deadline even when `body` ignores cancellation (a
    /// query waiting on its future does); `body` is cancelled and let go.
    public static func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withCheckedThrowingContinuation { continuation in
            race.begin(continuation)
            let work = Task {
                do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                if race.finish(.failure(DeadlineError())) { work.cancel() }
            }
        }
    }

    /// A statement within `querySeconds`.
    func run(_ connection: PostgresConnection, _ query: PostgresQuery, doing what: String) async throws(TeamJournalError) -> [PostgresRow] {
        let logger = TeamJournalDatabase.logger
        do {
            return try await TeamJournalDatabase.within(seconds: querySeconds) {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                return rows
            }
        } catch {
            if error is DeadlineError {
                throw TeamJournalError("The team journal \(url.shown) did not \(what) within \(Int(querySeconds)) s; it may be overloaded. Nothing is lost: the local journal keeps the entries.")
            }
            throw explain(error, doing: what)
        }
    }

    // MARK: Schema

    /// Creates the schema on first use and migrates an older one, one version
    /// at a time, all under a transaction lock (two hosts starting at once
    /// migrate once: `CREATE TABLE IF NOT EXISTS` alone races in PostgreSQL);
    /// a schema newer than this binary knows is refused. A schema already at
    /// this version takes no DDL, so a role that may only read and append works.
    func prepareSchema(_ connection: PostgresConnection) async throws(TeamJournalError) {
        var current = try await schemaVersion(connection)
        if current > TeamJournalDatabase.schemaVersion { throw newer(current) }
        guard current < TeamJournalDatabase.schemaVersion else { return }
        _ = try await run(connection, "BEGIN", doing: "migrate")
        do throws(TeamJournalError) {
            _ = try await run(connection, "SELECT pg_advisory_xact_lock(\(TeamJournalDatabase.migrationLockKey))", doing: "migrate")
            _ = try await run(connection, "CREATE TABLE IF NOT EXISTS netify_schema (version integer PRIMARY KEY, applied bigint NOT NULL)", doing: "create its schema table")
            current = try await schemaVersion(connection)
            if current > TeamJournalDatabase.schemaVersion { throw newer(current) }
            while current < TeamJournalDatabase.schemaVersion {
                let next = current + 1
                guard let sql = TeamJournalDatabase.migrations[next] else { break }
                for statement in sql.split(separator: ";") where !statement.trimmingWhitespace().isEmpty {
                    _ = try await run(connection, PostgresQuery(unsafeSQL: String(statement)), doing: "migrate to version \(next)")
                }
                _ = try await run(connection, "INSERT INTO netify_schema (version, applied) VALUES (\(next), \(currentUnixSeconds()))", doing: "migrate")
                current = next
            }
            _ = try await run(connection, "COMMIT", doing: "migrate")
        } catch {
            _ = try? await run(connection, "ROLLBACK", doing: "migrate")
            throw error
        }
    }

    func newer(_ version: Int) -> TeamJournalError {
        TeamJournalError("The team journal \(url.shown) has schema version \(version), newer than this netify-licenses knows (\(TeamJournalDatabase.schemaVersion)); nothing was written. Upgrade netify-licenses on this host.")
    }

    static let migrationLockKey: Int64 = 0x6E65_7469_6679_0001

    /// 0 before the schema table exists.
    func schemaVersion(_ connection: PostgresConnection) async throws(TeamJournalError) -> Int {
        let exists = try await run(connection, "SELECT to_regclass('netify_schema') IS NOT NULL", doing: "read its schema version")
        guard (try? exists.first?.decode(Bool.self)) == true else { return 0 }
        let rows = try await run(connection, "SELECT COALESCE(max(version), 0) FROM netify_schema", doing: "read its schema version")
        return (try? rows.first?.decode(Int.self)) ?? 0
    }

    // MARK: Entries

    /// Inserts the entries (a redelivery is a no-op: the id is the key) in
    /// one transaction; returns how many were new. They count as delivered
    /// once this returns.
    public func deliver(_ entries: [JournalEntry], connection: PostgresConnection) async throws(TeamJournalError) -> Int {
        guard !entries.isEmpty else { return 0 }
        var inserted = 0
        _ = try await run(connection, "BEGIN", doing: "record entries")
        do throws(TeamJournalError) {
            for chunk in stride(from: 0, to: entries.count, by: 200) {
                var bindings = PostgresBindings()
                var rows: [String] = []
                for entry in entries[chunk..<min(entries.count, chunk + 200)] {
                    let base = bindings.count
                    rows.append("(" + (1...16).map { "$\(base + $0)" }.joined(separator: ",") + ")")
                    bindings.append(entry.uid ?? "")
                    bindings.append(entry.id)
                    bindings.append(entry.time)
                    bindings.append(entry.operatorName ?? entry.user)
                    bindings.append(entry.host ?? "unknown")
                    bindings.append(entry.contextName)
                    bindings.append(entry.endpoint)
                    bindings.append(entry.keyFingerprint)
                    bindings.append(entry.action.rawValue)
                    bindings.append(entry.serial)
                    bindings.append(entry.request)
                    bindings.append(entry.before)
                    bindings.append(entry.after)
                    bindings.append(entry.outcome.rawValue)
                    bindings.append(entry.status)
                    bindings.append(entry.detail)
                }
                let sql = "INSERT INTO netify_journal (id, local_id, time, operator, host, context, endpoint, key_fingerprint, action, serial, request, before, after, outcome, status, detail) VALUES "
                    + rows.joined(separator: ",") + " ON CONFLICT (id) DO NOTHING RETURNING id"
                inserted += try await run(connection, PostgresQuery(unsafeSQL: sql, binds: bindings), doing: "record entries").count
            }
            _ = try await run(connection, "COMMIT", doing: "record entries")
        } catch {
            _ = try? await run(connection, "ROLLBACK", doing: "record entries")
            throw error
        }
        return inserted
    }

    /// What to read back.
    public struct Query: Sendable {
        public var serial: String?
        public var operatorName: String?
        public var since: Int64?
        public var action: JournalEntry.Action?
        public var endpoint: String?
        public var keyFingerprint: String?
        /// At most this many, the newest (1,000 unless given).
        public var limit: Int?

        public init(
            serial: String? = nil, operatorName: String? = nil, since: Int64? = nil, action: JournalEntry.Action? = nil,
            endpoint: String? = nil, keyFingerprint: String? = nil, limit: Int? = nil
        ) {
            self.serial = serial
            self.operatorName = operatorName
            self.since = since
            self.action = action
            self.endpoint = endpoint
            self.keyFingerprint = keyFingerprint
            self.limit = limit
        }
    }

    /// Every operator's entries, newest first.
    public func entries(_ query: Query, connection: PostgresConnection) async throws(TeamJournalError) -> [JournalEntry] {
        var bindings = PostgresBindings()
        var conditions: [String] = []
        func condition(_ column: String, _ value: String?) {
            guard let value else { return }
            bindings.append(value)
            conditions.append("\(column) = $\(bindings.count)")
        }
        condition("serial", query.serial)
        condition("operator", query.operatorName)
        condition("action", query.action?.rawValue)
        condition("endpoint", query.endpoint)
        condition("key_fingerprint", query.keyFingerprint)
        if let since = query.since {
            bindings.append(since)
            conditions.append("time >= $\(bindings.count)")
        }
        // Rows any operator may append to are bounded here: each text at most 64 KiB (a license
        // document is a few hundred bytes), and at most `limit` rows (1,000 unless asked).
        var sql = """
            SELECT left(id, 64), local_id, time, left(operator, 120), left(host, 255), left(context, 40), left(endpoint, 2048), left(key_fingerprint, 64),
                   left(action, 16), left(serial, 64), left(request, 65536), left(before, 65536), left(after, 65536), left(outcome, 32), status,
                   left(detail, 4096) FROM netify_journal
            """
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        // Newest first; within one second, each host's entries in the order they were made.
        sql += " ORDER BY time DESC, host, local_id DESC"
        sql += " LIMIT \(max(0, min(query.limit ?? 1_000, 1_000_000)))"
        let rows = try await run(connection, PostgresQuery(unsafeSQL: sql, binds: bindings), doing: "read entries")
        var entries: [JournalEntry] = []
        entries.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            // A row of the wrong shape (written by hand) is left out, never a trap.
            guard let (id, localID, time, operatorName, host, context, endpoint, fingerprint, action, serial, request, before, after, outcome, status, detail) = try? row.decode(
                (String, Int64, Int64, String, String, String?, String, String, String, String?, String, String?, String?, String, Int?, String?).self),
                let kind = JournalEntry.Action(rawValue: action)
            else { continue }
            var entry = JournalEntry(
                id: localID > 0 ? localID : Int64(index + 1), time: time, user: operatorName, endpoint: endpoint, keyFingerprint: fingerprint, action: kind, serial: serial,
                request: request, before: before, after: after, outcome: JournalEntry.Outcome(rawValue: outcome) ?? .unknown,
                status: status, detail: detail, processID: 0)
            entry.uid = id
            entry.operatorName = operatorName
            entry.host = host
            entry.contextName = context
            entries.append(entry)
        }
        return entries
    }

    /// Each license's latest entry on an account (who, what, when), at most `limit` licenses.
    public func lastChanges(endpoint: String, keyFingerprint: String, connection: PostgresConnection, limit: Int = 200_000) async throws(TeamJournalError) -> [(serial: String, operatorName: String, action: String, time: Int64)] {
        let rows = try await run(connection, """
            SELECT DISTINCT ON (serial) left(serial, 64), left(operator, 120), left(action, 16), time FROM netify_journal
            WHERE endpoint = \(endpoint) AND key_fingerprint = \(keyFingerprint) AND serial IS NOT NULL AND outcome IN ('succeeded', 'carried-out')
            ORDER BY serial, time DESC LIMIT \(limit)
            """, doing: "read the last changes")
        return rows.compactMap { row in
            (try? row.decode((String, String, String, Int64).self)).map { (serial: $0.0, operatorName: $0.1, action: $0.2, time: $0.3) }
        }
    }

    // MARK: Lock holders

    /// The advisory lock's key for an account: the first 8 bytes of its SHA-256.
    static func lockKey(_ account: String) -> Int64 {
        let digest = Array(SHA256.hash(data: Array(("netify-licenses lock " + account).utf8)))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}

/// Whichever of the work and its deadline ends first resumes the caller, once.
final class DeadlineRace<T: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func begin(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Resumes the caller if nothing has yet; returns whether this did.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        guard let continuation = lock.withLock({ () -> CheckedContinuation<T, any Error>? in
            defer { self.continuation = nil }
            return self.continuation
        }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
