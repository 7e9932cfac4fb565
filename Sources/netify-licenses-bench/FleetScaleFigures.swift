import ArgumentParser
import Dashboard
import Foundation
import LicenseModel
import LicenseSandbox
import NetifyLicensing
import ProcessSpawning
import SandboxTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The fleet-scale figures: a million licenses through every
/// front end, each figure beside jq's time on the same data in the same run,
/// so that figures compare across machines.
extension Benchmark {
    /// This process's resident bytes now (/proc/self/statm): what a step keeps
    /// is how much it grows, the allocator's overhead and fragmentation included.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func grown(from before: Int, to after: Int) -> Int { after - before }

    func fleetScale(count: Int) async throws {
        var report = Report()
        let today = CalendarDate.today()
        let now = currentUnixSeconds()
        print("Fleet-scale set: \(count) licenses (deterministic), \(repeats) runs per figure, best shown; each figure also as a share of jq's time on the same data.\n")
        let stored = LicenseFactory().make(count: count, keyID: "bench", today: today)
        var output = JSONOutput(reservingCapacity: count * 400)
        Envelope.writeSuccess(to: &output) { output in
            output.beginArray()
            for license in stored { license.write(.object, to: &output) }
            output.endArray()
        }
        let bytes = output.bytes
        output = JSONOutput(reservingCapacity: 0)
        let directory = NSTemporaryDirectory() + "netify-bench-scale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/list.json"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        print(String(format: "object-format list: %.0f MB\n", Double(bytes.count) / 1_000_000))

        // jq on the same bytes: the yardstick of every figure.
        guard let jq = External.find("jq") else {
            print("jq is not installed (apt-get install jq): the fleet-scale set needs it.")
            throw ExitCode(1)
        }
        let filter = "[.data[] | select(.expire_at.unix > now and .expire_at.unix <= ((now / 86400 | floor) + 31) * 86400)]"
        // Once with its output read, for its peak memory; then timed.
        let jqRun = try Spawn.runBlocking([jq, "-c", filter, file])
        let jqStart = ContinuousClock.now
        _ = try Spawn.runBlocking([jq, "-c", filter, file], captureOutput: false)
        let jqSeconds = jqStart.elapsedSeconds
        report.add("jq: select expiring within 30 days (same bytes)", jqSeconds,
                   extra: String(format: "peak %.0f MB", Double(jqRun.peakMemoryBytes) / 1_048_576))
        func ofJQ(_ seconds: Double) -> String { String(format: "%.4f of jq's time", seconds / jqSeconds) }

        // Decoding, and what the licenses keep.
        let decodeSeconds = try best { _ = try LicenseListDecoder.decode(bytes) }
        report.add("decode list, fast path", decodeSeconds, extra: ofJQ(decodeSeconds)
                   + String(format: ", %.0f MB/s", Double(bytes.count) / 1_048_576 / decodeSeconds))
        let heapBefore = Benchmark.residentBytes()
        var licenses: [License]? = try LicenseListDecoder.decode(bytes)
        let heapDecoded = Benchmark.residentBytes()
        var catalog: LicenseCatalog? = LicenseCatalog(licenses!)
        let heapIndexed = Benchmark.residentBytes()
        let sort = LicenseSort(.expires)
        var prepared: PreparedCatalog? = PreparedCatalog(catalog!, sort: sort, thresholds: .standard, now: now)
        let heapPrepared = Benchmark.residentBytes()
        let perLicense = { (from: Int, to: Int) in String(format: "%.0f bytes per license", Double(Benchmark.grown(from: from, to: to)) / Double(count)) }
        let memory = "memory: \(perLicense(heapBefore, heapPrepared)) in all (the licenses as decoded \(perLicense(heapBefore, heapDecoded)), "
            + "the catalog's index \(perLicense(heapDecoded, heapIndexed)), the sorted order and counts \(perLicense(heapIndexed, heapPrepared))); "
            + String(format: "its JSON is %.0f bytes per license", Double(bytes.count) / Double(count))
        report.note(memory)
        print(memory)

        // What waits between a first list's arrival and the table: index, sort and count.
        let prepareSeconds = try best { _ = PreparedCatalog(licenses!, sort: sort, thresholds: .standard, now: now) }
        report.add("index, sort and count the list (after it arrives)", prepareSeconds, extra: ofJQ(prepareSeconds))

        // Sorting, filtering, and one renew on the main thread.
        let thresholds = ExpiryThresholds.standard
        var slowestSort = 0.0
        for field in LicenseSortField.allCases {
            let seconds = try best {
                var positions = Array(catalog!.licenses.indices)
                catalog!.order(&positions, by: LicenseSort(field, ascending: false), thresholds: thresholds, now: now)
            }
            slowestSort = max(slowestSort, seconds)
            report.add("sort by \(field.rawValue)", seconds, target: 1.0, extra: ofJQ(seconds))
        }
        for text in ["a", "acme", "dev-4"] {
            let seconds = try best { _ = catalog!.matching(prepared!.sorted, filter: LicenseFilter(text: text), thresholds: thresholds, now: now) }
            report.add("filter keystroke \"\(text)\"", seconds, target: 0.100, extra: ofJQ(seconds))
        }
        var state = DashboardState(source: .init(endpoint: "bench", isSandbox: true, readOnly: false), now: now, size: (200, 60))
        _ = Reducer.reduce(&state, .refreshDue)
        _ = Reducer.reduce(&state, .fetchedPrepared(prepared!, at: now))
        prepared = nil
        catalog = nil
        licenses = nil
        var renewSeconds = 0.0
        for index in stride(from: 7, to: min(count, 7 + 97 * max(repeats, 3)), by: 97) {
            var renewed = state.catalog.licenses[index]
            renewed.expireAt = LicenseInstant(date: today.adding(days: 300 + index % 60))
            let start = ContinuousClock.now
            _ = Reducer.reduce(&state, .renewed(renewed))
            renewSeconds = max(renewSeconds, start.elapsedSeconds)
        }
        report.add("one renew's reply: main-thread work (slowest)", renewSeconds, target: 0.020, extra: ofJQ(renewSeconds))
        let frame = try best { _ = DashboardView.render(state) }
        report.add("render one frame 200x60", frame, extra: ofJQ(frame))
        state = DashboardState(source: .init(endpoint: "bench", isSandbox: true, readOnly: false), now: now, size: (200, 60))

        // A sandbox serving the list on loopback, for the binaries.
        let sandbox = try await RunningSandbox.start(SandboxConfiguration(port: 0, databasePath: directory + "/bench.sqlite"))
        let (key, record) = try await sandbox.service.issueKey(policy: KeyPolicy(requestsPerMinute: 1_000_000))
        try await sandbox.service.store(LicenseFactory().make(count: count, keyID: record.id, today: today))
        guard let cli = siblingBinary(), let curl = External.find("curl") else {
            print("the netify-licenses binary or curl is missing beside the benchmark: build both (swift build -c release).")
            throw ExitCode(1)
        }
        // The same list from a stand-in that holds it rendered (as the real service holds its list).
        let standIn = try await StandInServer.start(serving: bytes)
        // The key goes in a header file, not on curl's command line (where `ps` shows it).
        let headerFile = directory + "/curl-headers"
        guard FileManager.default.createFile(atPath: headerFile, contents: Data("x-api-key: \(key)\n".utf8), attributes: [.posixPermissions: 0o600]) else {
            throw External.ValidationFailure(description: "the header file for curl could not be written in \(directory)")
        }
        var cliPeak = 0
        for (server, baseURL, port) in [("the sandbox", sandbox.baseURL, sandbox.port), ("the stand-in", standIn.baseURL, standIn.port)] {
            let environment = ["NETIFY_API_KEY": key, "NETIFY_ENDPOINT": baseURL, "HOME": directory]
            let url = "\(Endpoint(loopbackPort: port).licensesURL)?format=object"
            let pipeline = "\(curl) -s -H @\(headerFile) '\(url)' | \(jq) -c '\(filter)'"
            var curlSeconds = Double.infinity, cliSeconds = Double.infinity, transferSeconds = Double.infinity
            // Once with its output read, for its peak memory; then timed.
            cliPeak = max(cliPeak, try Spawn.runBlocking([cli, "list", "--expiring-within", "30", "--output", "json"], environment: environment).peakMemoryBytes)
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                let run = try Spawn.runBlocking([cli, "list", "--expiring-within", "30", "--output", "json"], environment: environment, captureOutput: false)
                guard run.status == 0 else { throw External.ValidationFailure(description: "list from \(server) exited with \(run.status)") }
                cliSeconds = min(cliSeconds, start.elapsedSeconds)
                let pipeStart = ContinuousClock.now
                try External.run(["/bin/sh", "-c", pipeline], captureOutput: false)
                curlSeconds = min(curlSeconds, pipeStart.elapsedSeconds)
                // The server's own time to send the list: no client that reads all of it can finish sooner.
                let transferStart = ContinuousClock.now
                try External.run(["/bin/sh", "-c", "\(curl) -s -o /dev/null -H @\(headerFile) '\(url)'"], captureOutput: false)
                transferSeconds = min(transferSeconds, transferStart.elapsedSeconds)
            }
            report.add("from \(server): curl | jq, expiring within 30 days", curlSeconds, extra: ofJQ(curlSeconds))
            report.add("from \(server): curl alone, the list sent (a floor)", transferSeconds,
                       extra: String(format: "curl | jq / this = %.1fx: the most any client can be faster", curlSeconds / transferSeconds))
            report.add("from \(server): CLI list --expiring-within 30 --output json", cliSeconds,
                       extra: ofJQ(cliSeconds) + String(format: ", %.2fx the sending", cliSeconds / transferSeconds), ratio: ("vs curl|jq", curlSeconds / cliSeconds, 10))
        }
        try? FileManager.default.removeItem(atPath: headerFile)
        report.addMemory("CLI list --expiring-within 30: peak resident memory", Double(cliPeak) / 1_048_576, target: 400)

        // The dashboard binary: launch to the full table without a cache, its
        // peak across a refresh, and a launch from the cache it left.
        if !skipDashboard, External.find("tmux") != nil {
            DashboardProbe.lowerPriorityOfThisProcess()
            var peak = 0.0
            for (server, baseURL) in [("the sandbox", sandbox.baseURL), ("the stand-in", standIn.baseURL)] {
                var launch = Double.infinity, cached = Double.infinity
                for run in 0..<max(1, repeats - 1) {
                    // Each server its own home: the cache is the one that server's list left.
                    let home = directory + "/home-\(server.split(separator: " ").last!)-\(run)"
                    do {
                        let terminal = TmuxTerminal(name: "bench-scale")
                        let (seconds, pid) = try DashboardProbe.launchToFullTable(terminal, binary: cli, endpoint: baseURL, key: key, home: home, licenses: count)
                        launch = min(launch, seconds)
                        try terminal.press(["C-r"])
                        // The refresh (fetch, decode, index, compare, cache) finishes within this wait at a million.
                        sleep(20)
                        peak = max(peak, try DashboardProbe.peakResidentMegabytes(of: pid))
                        try terminal.press(["q"])
                        terminal.kill()
                        let again = TmuxTerminal(name: "bench-scale-cached")
                        let (fromCache, cachedPid) = try DashboardProbe.launchToFullTable(
                            again, binary: cli, endpoint: baseURL, key: key, home: home, licenses: count, alsoShowing: "cached")
                        cached = min(cached, fromCache)
                        sleep(20)
                        peak = max(peak, try DashboardProbe.peakResidentMegabytes(of: cachedPid))
                        try again.press(["q"])
                        again.kill()
                    } catch {
                        report.note("the dashboard run against \(server) failed: \(error)")
                        break
                    }
                }
                if launch.isFinite {
                    report.add("from \(server): dashboard launch to full table, no cache (tmux, 200x60)", launch, target: 6.0, extra: ofJQ(launch))
                    report.add("from \(server): dashboard launch to full table from the cache", cached, target: 1.0, extra: ofJQ(cached))
                }
            }
            if peak > 0 { report.addMemory("dashboard: peak resident memory (load, refresh, cached launch)", peak, target: 1_200) }
        }
        await standIn.stop()
        await sandbox.stop()
        report.print()
    }
}
