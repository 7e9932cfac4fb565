/// Runs a renewal plan against the API: the CLI's driver of `RenewalRun`
/// (the dashboard drives the same value from its reducer).
public enum RenewalEngine {
    typealias Reply = (serial: String, request: RenewLicenseRequest, result: Result<License, LicensingError>)

    /// Sends what the run allows, as replies come back; `progress` hears each
    /// finished renew. Returns the finished run, whose outcomes are the report.
    /// `budgetSeconds` bounds each license's renew, its re-sends after 429
    /// included (`OperationBudget`): the client's `total_timeout_seconds`.
    public static func run(
        _ plan: RenewalPlan, client: LicensePipeline, budgetSeconds: Double? = nil, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> RenewalRun {
        // The run lives inside the group's body and is returned from it: a local
        // variable mutated from inside the body was seen unchanged after it in
        // release builds (every renew "not sent"), so nothing is shared across it.
        var run = await withTaskGroup(of: Reply.self, returning: RenewalRun.self) { group in
            var run = RenewalRun(plan)
            // Each license's deadline, from its first send.
            var deadlines: [String: ContinuousClock.Instant] = [:]
            func start(_ serial: String, _ request: RenewLicenseRequest) {
                let deadline = budgetSeconds.map { OperationBudget.deadline(afterSeconds: $0) }
                deadlines[serial] = deadline
                group.addTask { await RenewalEngine.send(serial, request, after: 0, by: deadline, client: client) }
            }
            for (serial, request) in run.startable() { start(serial, request) }
            while let reply = await group.next() {
                switch reply.result {
                case .success(let license):
                    run.received(license, for: reply.serial)
                case .failure(let error):
                    let deadline = deadlines[reply.serial] ?? nil
                    let left = deadline.map(OperationBudget.seconds(until:))
                    if case .retry(let seconds) = run.failed(error, for: reply.serial, secondsLeft: left) {
                        group.addTask { await RenewalEngine.send(reply.serial, reply.request, after: seconds, by: deadline, client: client) }
                        continue
                    }
                }
                progress(run.finished, run.total)
                for (serial, request) in run.startable() { start(serial, request) }
            }
            return run
        }
        run.finish()
        return run
    }

    /// One send of one renew, within its operation's deadline. A static function,
    /// not a closure holding a typed-throws do/catch: that shape trapped in release builds.
    static func send(
        _ serial: String, _ request: RenewLicenseRequest, after seconds: Double, by deadline: ContinuousClock.Instant?, client: LicensePipeline
    ) async -> Reply {
        if seconds > 0 { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
        let result = await OperationBudget.$deadline.withValue(deadline) { () async -> Result<License, LicensingError> in
            do throws(LicensingError) {
                return .success(try await client.renewLicense(serial: serial, request, format: .object))
            } catch {
                return .failure(error)
            }
        }
        return (serial, request, result)
    }
}
