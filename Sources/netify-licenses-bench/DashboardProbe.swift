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
        /// From sending a cursor key to the screen showing the next license: at
        /// rest and while a refresh of the whole list runs, the slowest key of each series.
        var keyAtRestSeconds: Double
        var keyDuringRefreshSeconds: Double
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
        // The same series of keys at rest, then right behind a refresh: one key
        // every 40 ms for a second (the refresh's fetch, decode, index, and the
        // new list taking the old one's place all fall inside it).
        let keyAtRest = try slowestKey(control: control, first: [])
        let keyDuringRefresh = try slowestKey(control: control, first: ["C-r"])
        // A refresh of this size finishes well within this wait; the peak is a high-water mark.
        sleep(4)
        let afterRefresh = try peakResidentMegabytes(of: pid)
        try External.run(control + ["send-keys", "-t", "bench", "q"])
        return Figures(
            firstTableSeconds: firstTable, peakAfterLoadMegabytes: afterLoad, peakAfterRefreshMegabytes: afterRefresh,
            keyAtRestSeconds: keyAtRest, keyDuringRefreshSeconds: keyDuringRefresh)
    }

    static func slowestKey(control: [String], first earlier: [String]) throws -> Double {
        var slowest = try timeKey("Down", control: control, after: earlier)
        let start = ContinuousClock.now
        while start.elapsedSeconds < 1.0 {
            usleep(40_000)
            slowest = max(slowest, try timeKey("Down", control: control))
        }
        return slowest
    }

    /// Sends `key` and waits for the screen to change (the detail pane shows
    /// the next license). The time includes tmux's own round trips.
    static func timeKey(_ key: String, control: [String], after earlier: [String] = []) throws -> Double {
        let capture = control + ["capture-pane", "-p", "-t", "bench"]
        let before = try External.output(capture)
        try External.run(control + ["send-keys", "-t", "bench"] + earlier + [key])
        let start = ContinuousClock.now
        while start.elapsedSeconds < 10 {
            let screen = try External.output(capture)
            // The refresh marks the header; only the table and detail moving count.
            if rowsBelowHeader(screen) != rowsBelowHeader(before) { return start.elapsedSeconds }
            // Each look is a tmux client process: back to back, they would crowd the CPU being measured.
            usleep(1_000)
        }
        throw External.ValidationFailure(description: "the dashboard did not move to the next license within 10 s of \(key)")
    }

    static func rowsBelowHeader(_ screen: String) -> [Substring] {
        Array(screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).dropLast(2))
    }

    /// Every thread of this process to nice 10 (on Linux the nice value is per thread).
    static func lowerPriorityOfThisProcess() {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap({ id_t($0) }) {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 10)
        }
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
