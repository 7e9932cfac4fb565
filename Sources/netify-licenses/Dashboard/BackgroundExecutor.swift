import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs the dashboard's background work (fetching, decoding and indexing a
/// refresh; creates, renews, deletes) on one thread of its own with a lower
/// scheduling priority. On a 2-core machine a 100,000-license refresh keeps a
/// core busy; the main thread, which reads keys and draws, must still get the
/// CPU at once when a key arrives.
final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    // `jobs` is guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    static let shared = BackgroundExecutor()

    /// Ten steps below the process's own priority (nice 0 → 10): the scheduler
    /// gives the main thread about ten times the share. Relative, so a dashboard
    /// started under `nice` keeps the same distance between its two threads.
    static let nicenessStep: Int32 = 10

    private init() {
        Thread.detachNewThread { [self] in run() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        Thread.current.name = "netify-backgrnd"
        // On Linux the nice value belongs to the thread: this lowers only this one.
        errno = 0
        let inherited = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let base = errno == 0 ? inherited : 0
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(19, base + BackgroundExecutor.nicenessStep))
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
