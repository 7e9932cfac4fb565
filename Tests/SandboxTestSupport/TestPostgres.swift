import Foundation
import ProcessSpawning

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 (Debian's `postgresql` package) in a temporary
/// directory on a free loopback port, for the team journal's tests. `initdb`
/// refuses root, so as root the server runs as the package's `postgres`
/// user. Stopped (and started again) on demand: "PostgreSQL is down".
public final class TestPostgres: @unchecked Sendable {
    public static let password = "team-Secret-0123456789"
    public static let database = "team"

    public let port: Int
    public let directory: String
    let binaries: String
    let runAs: [String]

    /// postgresql://postgres:PASSWORD@127.0.0.1:PORT/team (sslmode as given).
    public func url(password: String? = TestPostgres.password, sslMode: String? = nil) -> String {
        "postgresql://postgres" + (password.map { ":" + $0 } ?? "") + "@127.0.0.1:\(port)/\(TestPostgres.database)" + (sslMode.map { "?sslmode=" + $0 } ?? "")
    }

    /// Whether this machine has the server (CI installs it; a test without it is not meaningful, so it fails).
    public static var binaries: String? {
        for version in ["15", "16", "17"] where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        return nil
    }

    public static func start() async throws -> TestPostgres {
        guard let binaries = binaries else {
            throw Spawn.Failure(description: "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it")
        }
        return try await Spawn.offCooperativePool { try TestPostgres(binaries: binaries) }
    }

    private init(binaries: String) throws {
        self.binaries = binaries
        directory = TestSandbox.temporaryDirectory()
        runAs = geteuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        port = TestPostgres.freePort()
        let data = directory + "/data", passwordFile = directory + "/password"
        try TestPostgres.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if geteuid() == 0, let owner = getpwnam("postgres") {
            chown(directory, owner.pointee.pw_uid, owner.pointee.pw_gid)
            chown(passwordFile, owner.pointee.pw_uid, owner.pointee.pw_gid)
        }
        try run([binaries + "/initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-sync"])
        try startServer()
        try run(["/usr/bin/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE \(TestPostgres.database)"])
    }

    /// SQL as the superuser; returns psql's unaligned output.
    @discardableResult
    public func sql(_ statement: String) throws -> String {
        try run(["/usr/bin/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", TestPostgres.database, "-At", "-c", statement])
    }

    /// Advisory locks granted now.
    public var advisoryLocks: Int {
        Int(((try? sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    public func startServer() throws {
        try run([
            binaries + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "30",
            "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start",
        ])
    }

    /// Stops at once (as a crash would), so that "PostgreSQL is down" begins now.
    public func stopServer() throws {
        try run([binaries + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    }

    public func stop() {
        try? stopServer()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let result = try Spawn.runBlocking(runAs + arguments, environment: ["PGPASSWORD": TestPostgres.password, "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"])
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw Spawn.Failure(description: "\(arguments.joined(separator: " ")) failed (\(result.status)): \(result.error) \(result.output) \(log.suffix(1_000))")
        }
        return result.output
    }

    /// A port nothing listens on now (bound to 0 and let go).
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
