import Foundation
import ProcessSpawning

/// The figures, each beside its target where the fleet-scale issue sets one.
struct Report {
    struct Row {
        var name: String
        var seconds: Double
        var target: Double?
        var extra: String?
        var ratio: (label: String, value: Double, target: Double)?
    }

    var rows: [Row] = []
    var notes: [String] = []
    var memoryLines: [String] = []
    var peakMegabytes: Double?

    /// `ratio` holds when at least its target (faster than another program);
    /// `slowdown` holds when at most its target (no slower than a reference).
    mutating func add(
        _ name: String, _ seconds: Double, target: Double? = nil, extra: String? = nil, ratio: (String, Double, Double)? = nil,
        slowdown: (String, Double, Double)? = nil
    ) {
        var row = Row(name: name, seconds: seconds, target: target, extra: extra, ratio: ratio.map { (label: $0.0, value: $0.1, target: $0.2) })
        if let slowdown {
            row.extra = String(format: "%.2fx %@ (target ≤ %.1fx)  %@", slowdown.1, slowdown.0, slowdown.2, slowdown.1 <= slowdown.2 ? "holds" : "MISSED")
                + (extra.map { "   " + $0 } ?? "")
        }
        rows.append(row)
        Swift.print(line(rows.last!))
    }

    mutating func note(_ text: String) { notes.append(text) }

    mutating func addMemory(_ name: String, _ megabytes: Double, target: Double) {
        let line = name.padding(toLength: 56, withPad: " ", startingAt: 0) + String(format: "%10.0f MB", megabytes)
            + String(format: "   target ≤ %.0f MB  %@", target, megabytes <= target ? "holds" : "MISSED")
        memoryLines.append(line)
        Swift.print(line)
    }

    mutating func memory(_ megabytes: Double) {
        peakMegabytes = megabytes
    }

    func line(_ row: Row) -> String {
        var text = row.name.padding(toLength: 56, withPad: " ", startingAt: 0) + String(format: "%10.1f ms", row.seconds * 1000)
        if let target = row.target {
            text += String(format: "   target ≤ %.0f ms  %@", target * 1000, row.seconds <= target ? "holds" : "MISSED")
        }
        if let ratio = row.ratio {
            text += String(format: "   %.1fx %@ (target ≥ %.0fx)  %@", ratio.value, ratio.label, ratio.target, ratio.value >= ratio.target ? "holds" : "MISSED")
        }
        if let extra = row.extra { text += "   " + extra }
        return text
    }

    func print() {
        if let peakMegabytes {
            Swift.print(String(format: "\npeak resident memory of this benchmark process (data set, sandbox, dashboard state): %.0f MB (not the dashboard's figure)", peakMegabytes))
        }
        for note in notes { Swift.print("note: " + note) }
    }
}

/// Other programs on this machine, for side-by-side figures.
enum External {
    static func find(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program to its end, its output discarded. (posix_spawn and waitpid:
    /// Foundation's Process can miss the exit of a child such as a tmux client.)
    /// `captureOutput` is false for a command that leaves a server behind
    /// (tmux new-session), which would hold the pipe open.
    static func run(_ arguments: [String], environment: [String: String]? = nil, captureOutput: Bool = true) throws {
        let result = try Spawn.runBlocking(arguments, environment: environment, captureOutput: captureOutput)
        guard result.status == 0 else {
            throw ValidationFailure(
                description: "\(arguments.joined(separator: " ").prefix(120)) exited with \(result.status): \(result.error.prefix(200))")
        }
    }

    /// Runs a short command and returns what it printed.
    static func output(_ arguments: [String]) throws -> String {
        try Spawn.runBlocking(arguments).output
    }

    struct ValidationFailure: Error, CustomStringConvertible { let description: String }
}
