/// Runs a renewal plan against the API: the CLI's driver of `RenewalRun`
/// (the dashboard drives the same value from its reducer).
public enum RenewalEngine {
    /// Sends what the run allows, as replies come back; `progress` hears each
    /// finished renew. Returns the finished run, whose outcomes are the report.
    public static func run(_ plan: RenewalPlan, client: any LicensingAPI, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> RenewalRun {
        typealias Reply = (serial: String, request: RenewLicenseRequest, result: Result<License, LicensingError>)
        // The run lives inside the group's body and is returned from it: a local
        // variable mutated from inside the body was seen unchanged after it in
        // release builds (every renew "not sent"), so nothing is shared across it.
        var run = await withTaskGroup(of: Reply.self, returning: RenewalRun.self) { group in
            var run = RenewalRun(plan)
            let send = { @Sendable (serial: String, request: RenewLicenseRequest, seconds: Double) -> Reply in
                if seconds > 0 { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
                do throws(LicensingError) {
                    return (serial, request, .success(try await client.renewLicense(serial: serial, request, format: .object)))
                } catch {
                    return (serial, request, .failure(error))
                }
            }
            for (serial, request) in run.startable() { group.addTask { await send(serial, request, 0) } }
            while let reply = await group.next() {
                switch reply.result {
                case .success(let license):
                    run.received(license, for: reply.serial)
                case .failure(let error):
                    if case .retry(let seconds) = run.failed(error, for: reply.serial) {
                        group.addTask { await send(reply.serial, reply.request, seconds) }
                        continue
                    }
                }
                progress(run.finished, run.total)
                for (serial, request) in run.startable() { group.addTask { await send(serial, request, 0) } }
            }
            return run
        }
        run.finish()
        return run
    }
}
