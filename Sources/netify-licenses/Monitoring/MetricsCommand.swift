import ArgumentParser
import LicenseMetrics
import LicenseModel
import NetifyLicensing

/// The fleet as Prometheus metrics, once: for node_exporter's textfile
/// collector from a timer, or for a look by hand.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the fleet's expiries as Prometheus metrics (text exposition format), once.",
        discussion: """
            For node_exporter's textfile collector, write the file atomically with
            -o /var/lib/node_exporter/textfile_collector/netify_licenses.prom from a timer.
            When the API cannot be read the output still carries netify_license_source_up 0
            and the failure's reason, so an alert fires; the exit code then says why.
            For a long-running endpoint, see `netify-licenses exporter`.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.customShort("o"), .customLong("output-file")], help: ArgumentHelp("Write to this file atomically (readers see the old file or the new, never a part) instead of stdout.", valueName: "path"))
    var outputFile: String?

    @OptionGroup var unreadable: UnreadableOptions

    @Flag(help: "Every context of the settings file in one exposition, a context label on every series.")
    var allContexts = false

    func run() async throws {
        if allContexts { return try await runAcrossContexts() }
        try await CommandFailure.reporting {
            var monitor = FleetMonitor(thresholds: .standard)
            let result: Result<LicenseList, LicensingError>
            do {
                let (client, settings) = try await connection.readingClient()
                monitor.thresholds = settings.thresholds
                result = await FleetMonitor.fetch(from: client)
            } catch let error as LicensingError {
                result = .failure(error)
            }
            monitor.record(result, now: currentUnixSeconds())
            try write(monitor.exposition(now: currentUnixSeconds()))
            switch result {
            case .failure(let error): throw error
            case .success(let list): if let status = unreadable.report(list) { throw ReportedFailure(status: status) }
            }
        }
    }

    func write(_ exposition: [UInt8]) throws {
        let text = String(decoding: exposition, as: UTF8.self)
        if let outputFile {
            try AtomicFile.write(text, to: outputFile, mode: 0o644, replacing: true)
        } else {
            Terminal.write(1, text)
        }
    }

    func runAcrossContexts() async throws {
        try await CommandFailure.reporting {
            let contexts = try connection.allContexts()
            let now = currentUnixSeconds()
            let fetched = await AllContexts.fetch(contexts)
            let sources = fetched.map { item in
                var monitor = FleetMonitor(thresholds: item.thresholds)
                monitor.record(item.result, now: now)
                return monitor.source(context: item.name)
            }
            try write(FleetMetrics.exposition(sources, now: now))
            let merged = AllContexts.Merged(fetched)
            let failed = merged.reportFailures()
            if let status = unreadable.report(unreadable: merged.unreadable, repeatedWarning: merged.repeatedWarning) { throw ReportedFailure(status: status) }
            if let failed { throw ReportedFailure(status: failed) }
        }
    }
}
