import Foundation

/// The real dashboard binary, in a detached tmux session of 200x60 against the
/// benchmark's sandbox: what an operator waits for and what it costs in memory.
enum DashboardProbe {
    struct Figures {
        /// From launch to the first frame whose header counts every license.
        var firstTableSeconds: Double
        /// VmHWM once the table is up, and again after one refresh (old and new lists overlap then).
        var peakAfterLoadMegabytes: Double
        var peakAfterRefreshMegabytes: Double
    }

    static func measure(binary: String, tmux: String, endpoint: String, key: String, home: String, licenses: Int) throws -> Figures {
        let socket = "netify-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let control = [tmux, "-L", socket, "-f", "/dev/null"]
        defer { try? External.run(control + ["kill-server"]) }
        let environment = [
            "HOME=\(home)", "XDG_CONFIG_HOME=\(home)/config", "XDG_DATA_HOME=\(home)/data", "XDG_STATE_HOME=\(home)/state",
            "NETIFY_ENDPOINT=\(endpoint)", "NETIFY_API_KEY=\(key)", "TERM=xterm-256color", "LANG=C.UTF-8",
        ]
        let start = ContinuousClock.now
        try External.run(control + ["new-session", "-d", "-s", "bench", "-x", "200", "-y", "60", "/usr/bin/env"] + environment + [binary], captureOutput: false)
        let pidText = try External.output(control + ["display-message", "-p", "-t", "bench", "#{pane_pid}"])
        guard let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw External.ValidationFailure(description: "tmux did not report the dashboard's process id (\(pidText.prefix(40)))")
        }
        let loaded = "\(licenses)/\(licenses) shown"
        var firstTable: Double?
        while start.elapsedSeconds < 60 {
            if try External.output(control + ["capture-pane", "-p", "-t", "bench"]).contains(loaded) {
                firstTable = start.elapsedSeconds
                break
            }
            usleep(10_000)
        }
        guard let firstTable else {
            throw External.ValidationFailure(description: "the dashboard did not show \(licenses) licenses within 60 s")
        }
        let afterLoad = try peakResidentMegabytes(of: pid)
        try External.run(control + ["send-keys", "-t", "bench", "C-r"])
        // A refresh of this size finishes well within this wait; the peak is a high-water mark.
        sleep(4)
        let afterRefresh = try peakResidentMegabytes(of: pid)
        try External.run(control + ["send-keys", "-t", "bench", "q"])
        return Figures(firstTableSeconds: firstTable, peakAfterLoadMegabytes: afterLoad, peakAfterRefreshMegabytes: afterRefresh)
    }

    /// VmHWM: the most resident memory the process has had.
    static func peakResidentMegabytes(of pid: Int32) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw External.ValidationFailure(description: "no VmHWM in /proc/\(pid)/status") }
        return kilobytes / 1024
    }
}
