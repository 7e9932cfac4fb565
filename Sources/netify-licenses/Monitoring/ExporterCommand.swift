import ArgumentParser
import Hummingbird
import LicenseMetrics
import LicenseModel
import LicenseSandbox
import Logging
import NetifyLicensing
import NIOCore

/// A Prometheus exporter: refreshes from the API on an interval and serves
/// the last result at /metrics, so scrapes never reach the API themselves.
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Serve the fleet's expiries as Prometheus metrics at /metrics, refreshed on an interval.",
        discussion: """
            The API is asked once per --interval, never per scrape; a scrape gets the last
            refresh. When a refresh fails, the last known licenses stay (their expiries are
            still true), netify_license_source_up turns 0 and
            netify_license_source_errors_total{reason} counts why. Refresh failures are logged
            on stderr, one line each. Stops cleanly on SIGTERM or SIGINT.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The address to serve on, HOST:PORT ([::1]:PORT for IPv6). Loopback by default: the metrics name your customers.", valueName: "host:port"))
    var listen = "127.0.0.1:9433"

    @Option(help: ArgumentHelp("Seconds between refreshes from the API (1 to 604800).", valueName: "seconds"))
    var interval: Int = 300

    /// A week: far past any refresh an exporter needs, and within what a sleep can represent.
    static let longestInterval = 604_800

    @Flag(help: "Serve every context of the settings file, a context label on every series; each refreshed with its own key.")
    var allContexts = false

    func validate() throws {
        _ = try ListenAddress(listen)
        guard (1...ExporterCommand.longestInterval).contains(interval) else {
            throw ValidationError("--interval must be from 1 to \(ExporterCommand.longestInterval) seconds (a week).")
        }
    }

    func run() async throws {
        let address = try ListenAddress(listen)
        try await CommandFailure.reporting {
            // A missing key or a broken settings file is a mistake to fix, not an outage to report.
            var sources: [MetricsExporter.Source] = []
            if allContexts {
                for context in try connection.allContexts() {
                    // A context that cannot be used is a mistake to fix before serving, as for one context.
                    let settings: Settings
                    switch context.settings {
                    case .success(let resolved): settings = resolved
                    case .failure(let error): throw LicensingError.configuration(message: "The context \(context.name) cannot be used: \(error)")
                    }
                    let (client, _, _) = try await Connection.httpClient(settings, forceSandbox: false, requireKey: true)
                    sources.append(.init(name: settings.contextName, client: client, monitor: FleetMonitor(thresholds: settings.thresholds)))
                }
            } else {
                let (client, settings) = try await connection.readingClient()
                sources.append(.init(name: nil, client: client, monitor: FleetMonitor(thresholds: settings.thresholds)))
            }
            let exporter = MetricsExporter(sources)
            await exporter.refresh()

            let router = Router()
            // Every scrape is handed the same rendered buffer (a ByteBuffer shares its
            // storage): 100 scrapers of a 100k fleet cost one exposition, not a hundred.
            @Sendable func metrics(head: Bool) async -> Response {
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                let exposition = await exporter.exposition()
                headers[.contentLength] = String(exposition.readableBytes)
                return Response(status: .ok, headers: headers, body: head ? .init() : .init(byteBuffer: exposition))
            }
            router.get("/metrics") { _, _ in await metrics(head: false) }
            router.head("/metrics") { _, _ in await metrics(head: true) }
            router.get("/") { _, _ -> String in
                "netify-licenses exporter: the metrics are at /metrics\n"
            }
            var logger = Logger(label: "netify-licenses.exporter")
            logger.logLevel = .critical
            let interval = self.interval
            // The sandbox's guards: slow or idle scrapers cannot take every descriptor.
            let guards = ServerGuards(maximumConnections: 256, connectionsPerAddress: 64)
            let application = Application(
                responder: router.buildResponder(),
                server: guards.server,
                configuration: .init(
                    address: .hostname(address.host, port: address.port), serverName: "netify-licenses-exporter",
                    availableConnectionsDelegate: guards.connectionsDelegate),
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? address.port
                    Terminal.write(1, "Listening on http://\(address.urlHost):\(port)/metrics (refreshing every \(interval) s)\n")
                },
                logger: logger)

            let refreshing = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(interval))
                    if Task.isCancelled { break }
                    await exporter.refresh()
                }
            }
            defer { refreshing.cancel() }
            do {
                try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            } catch {
                throw LicensingError.configuration(message: "Could not serve on \(listen): \(error); choose another address with --listen.")
            }
        }
    }
}

/// The exporter's state, shared by the refresh loop and the scrapes. The
/// exposition is rendered once per refresh into one buffer that every scrape shares.
actor MetricsExporter {
    /// One context (or the plain settings, unnamed) and what its refreshes learned.
    struct Source: Sendable {
        var name: String?
        var client: HTTPLicensingClient
        var monitor: FleetMonitor
    }

    private var sources: [Source]
    private var rendered = ByteBuffer()

    init(_ sources: [Source]) {
        self.sources = sources
    }

    /// Every source at once: one slow or failing context does not hold the others' figures back.
    func refresh() async {
        let clients = sources.map(\.client)
        let results = await withTaskGroup(of: (Int, Result<LicenseList, LicensingError>).self, returning: [Int: Result<LicenseList, LicensingError>].self) { group in
            for (index, client) in clients.enumerated() { group.addTask { (index, await FleetMonitor.fetch(from: client)) } }
            var results: [Int: Result<LicenseList, LicensingError>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        let now = currentUnixSeconds()
        for index in sources.indices {
            guard let result = results[index] else { continue }
            sources[index].monitor.record(result, now: now)
            let name = sources[index].name.map { " [\($0)]" } ?? ""
            if case .success(let list) = result, let warning = list.repeatedWarning {
                Terminal.standardError("refresh\(name): warning: \(warning)")
            }
            switch result {
            case .failure(let error):
                Terminal.standardError("refresh failed\(name): \(error)")
            case .success(let list) where !list.unreadable.isEmpty:
                Terminal.standardError("refresh\(name): \(list.unreadable.count) license(s) in the reply could not be read (\(list.unreadable[0].description.safeForDisplay(limit: 200))).")
            case .success:
                break
            }
        }
        rendered = ByteBuffer(bytes: FleetMetrics.exposition(sources.map { $0.monitor.source(context: $0.name) }, now: now))
    }

    func exposition() -> ByteBuffer { rendered }
}

/// `--listen HOST:PORT`, with IPv6 hosts in brackets.
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ValidationError("--listen \(text.safeForDisplay(limit: 80)) is not HOST:PORT; write an IPv6 address as [::1]:9433.")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ValidationError("--listen \(text.safeForDisplay(limit: 80)) is not HOST:PORT, e.g. 127.0.0.1:9433.")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else {
            throw ValidationError("--listen needs a host, e.g. 127.0.0.1:9433 (0.0.0.0 to serve every interface, if you mean it).")
        }
        guard let port = Int(portPart), (0...65_535).contains(port) else {
            throw ValidationError("--listen \(text.safeForDisplay(limit: 80)) has no port from 0 to 65535, e.g. 127.0.0.1:9433.")
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// The host as a URL writes it.
    var urlHost: String { host.contains(":") ? "[\(host)]" : host }
}
