import Foundation
import LocalStore
import Logging
import LicenseModel
import NetifyLicensing

/// Appends log lines to a file: while the dashboard owns the terminal,
/// nothing may write to it but curses.
struct FileLogHandler: LogHandler {
    final class Sink: @unchecked Sendable {
        let handle: FileHandle?
        let lock = NSLock()

        /// No log at all.
        init() {
            handle = nil
        }

        /// No log rather than a log through a planted link or in a directory others can write.
        init(path: String) {
            do {
                try PrivateFiles.ensureDirectory(containing: path, for: "the log")
                handle = FileHandle(fileDescriptor: try PrivateFiles.open(path, flags: O_WRONLY | O_APPEND, for: "the log"), closeOnDealloc: true)
            } catch {
                handle = nil
            }
        }

        func write(_ line: String) {
            lock.lock()
            defer { lock.unlock() }
            try? handle?.write(contentsOf: Data(line.utf8))
        }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let timestamp = UTCTime.iso8601(currentUnixSeconds())
        // One line per event, whatever a message quotes (a server's words, a damaged row): made safe and bounded.
        let line = "\(event.message)\(details)".safeForDisplay(limit: 8_192)
        sink.write("\(timestamp) \(event.level) \(label): \(line)\n")
    }

    /// Sends every logger in the process to `netify-licenses.log` in the state
    /// directory (`$XDG_STATE_HOME/netify-licenses/`); without one, nowhere (said in the returned words).
    static func bootstrap(environment: [String: String]) -> String {
        let directory = ToolDirectories(environment: environment).state
        let path = directory.map { $0 + "/netify-licenses.log" } ?? "(no log: \(ToolDirectories.unplacedMessage(.state, for: "the log")))"
        let sink = directory == nil ? Sink() : Sink(path: path)
        let level = environment["NETIFY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = FileLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        }
        return path
    }
}
