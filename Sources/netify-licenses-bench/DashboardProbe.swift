import Foundation
import ProcessSpawning

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

    static func measure(binary: String, endpoint: String, key: String, home: String, licenses: Int) throws -> Figures {
        let terminal = TmuxTerminal(name: "bench")
        defer { terminal.kill() }
        let (firstTable, pid) = try launchToFullTable(terminal, binary: binary, endpoint: endpoint, key: key, home: home, licenses: licenses)
        let afterLoad = try peakResidentMegabytes(of: pid)
        // The same series of keys at rest, then right behind a refresh: one key
        // every 40 ms for a second (the refresh's fetch, decode, index, and the
        // new list taking the old one's place all fall inside it).
        let keyAtRest = try slowestKey(terminal, first: [])
        let keyDuringRefresh = try slowestKey(terminal, first: ["C-r"])
        // A refresh of this size finishes well within this wait; the peak is a high-water mark.
        sleep(4)
        let afterRefresh = try peakResidentMegabytes(of: pid)
        try terminal.press(["q"])
        return Figures(
            firstTableSeconds: firstTable, peakAfterLoadMegabytes: afterLoad, peakAfterRefreshMegabytes: afterRefresh,
            keyAtRestSeconds: keyAtRest, keyDuringRefreshSeconds: keyDuringRefresh)
    }

    /// A second launch in the same home: from launch to the first full table
    /// read from the cache the first run left (the header says "cached"), and
    /// the peak memory across the cache, the refresh that replaces it, and the
    /// cache written again.
    static func measureCachedLaunch(binary: String, endpoint: String, key: String, home: String, licenses: Int) throws -> (seconds: Double, peakMegabytes: Double) {
        let terminal = TmuxTerminal(name: "bench-cached")
        defer { terminal.kill() }
        let (firstTable, pid) = try launchToFullTable(
            terminal, binary: binary, endpoint: endpoint, key: key, home: home, licenses: licenses, alsoShowing: "cached")
        // The refresh replaces the cached list and writes the cache again.
        sleep(6)
        let peak = try peakResidentMegabytes(of: pid)
        try terminal.press(["q"])
        return (firstTable, peak)
    }

    /// Starts the dashboard and waits for the first frame whose header counts
    /// every license (and, when given, also shows `alsoShowing` in that frame).
    /// Returns the seconds from launch and the dashboard's process.
    static func launchToFullTable(
        _ terminal: TmuxTerminal, binary: String, endpoint: String, key: String, home: String, licenses: Int, alsoShowing: String? = nil
    ) throws -> (seconds: Double, pid: Int32) {
        let (start, pid) = try launch(terminal, binary: binary, endpoint: endpoint, key: key, home: home)
        let loaded = "\(licenses)/\(licenses) shown"
        while start.elapsedSeconds < 60 {
            let screen = try terminal.screen()
            if screen.contains(loaded) {
                if let alsoShowing, !screen.contains(alsoShowing) {
                    throw External.ValidationFailure(description: "the first full table did not show \"\(alsoShowing)\"")
                }
                return (start.elapsedSeconds, pid)
            }
            usleep(2_000)
        }
        throw External.ValidationFailure(description: "the dashboard did not show \(licenses) licenses within 60 s")
    }

    /// Starts the dashboard at 200x60 in its own home; returns when it started and its process.
    static func launch(_ terminal: TmuxTerminal, binary: String, endpoint: String, key: String, home: String) throws -> (ContinuousClock.Instant, Int32) {
        // The key goes in a private file, not tmux's command line, where `ps` would show it.
        let keyFile = "\(home)/api-key"
        guard (try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil,
              FileManager.default.createFile(atPath: keyFile, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw External.ValidationFailure(description: "the key file for the dashboard could not be written in \(home)")
        }
        let environment = [
            "HOME": home, "XDG_CONFIG_HOME": "\(home)/config", "XDG_DATA_HOME": "\(home)/data", "XDG_STATE_HOME": "\(home)/state",
            "NETIFY_ENDPOINT": endpoint, "TERM": "xterm-256color", "LANG": "C.UTF-8",
        ]
        let start = ContinuousClock.now
        // Without a shell: the pane's process is the dashboard itself, whose memory is read.
        try terminal.start(width: 200, height: 60, environment: environment, arguments: [binary, "--api-key-file", keyFile])
        return (start, try terminal.paneProcessID())
    }

    static func slowestKey(_ terminal: TmuxTerminal, first earlier: [String]) throws -> Double {
        var slowest = try timeKey("Down", terminal, after: earlier)
        let start = ContinuousClock.now
        while start.elapsedSeconds < 1.0 {
            usleep(40_000)
            slowest = max(slowest, try timeKey("Down", terminal))
        }
        return slowest
    }

    /// Sends `key` and waits for the screen to change (the detail pane shows
    /// the next license). The time includes tmux's own round trips.
    static func timeKey(_ key: String, _ terminal: TmuxTerminal, after earlier: [String] = []) throws -> Double {
        let before = try terminal.screen()
        try terminal.press(earlier + [key])
        let start = ContinuousClock.now
        while start.elapsedSeconds < 10 {
            let screen = try terminal.screen()
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

    /// Every thread of this process but the calling one to nice 10 (on Linux
    /// the nice value is per thread). The calling thread starts tmux, and tmux
    /// the dashboard: they must run at the priority an operator's shell gives
    /// them, or the dashboard's main thread would compete on equal terms with
    /// its own lowered background thread and the figure would measure the probe.
    static func lowerPriorityOfThisProcess() {
        // This thread's id, from /proc/thread-self ("PID/task/TID"): Swift does not import gettid.
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))
            .flatMap { $0.split(separator: "/").last.flatMap { id_t($0) } } ?? 0
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap({ id_t($0) }) where thread != me {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 10)
        }
    }

    /// VmHWM: the most resident memory the process has had.
    static func peakResidentMegabytes(of pid: Int32) throws -> Double {
        guard let bytes = Spawn.peakResidentBytes(of: pid) else {
            throw External.ValidationFailure(description: "no VmHWM in /proc/\(pid)/status")
        }
        return Double(bytes) / 1_048_576
    }
}
