/// Runs a renewal plan against the API: the CLI's driver of `RenewalRun`
/// (the dashboard drives the same value from its reducer).
public enum RenewalEngine {
    /// Sends what the run allows, as replies come back; `progress` hears each
    /// finished renew. Returns the finished run, whose outcomes are the report.
    public static func run(_ plan: RenewalPlan, client: any LicensingAPI, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> RenewalRun {
        var run = RenewalRun(plan)
        typealias Reply = (serial: String, request: RenewLicenseRequest, result: Result<License, LicensingError>)
        await withTaskGroup(of: Reply.self) { group in
            func send(_ serial: String, _ request: RenewLicenseRequest, after seconds: Double = 0) {
                group.addTask {
                    if seconds > 0 { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
                    do throws(LicensingError) {
                        return (serial, request, .success(try await client.renewLicense(serial: serial, request, format: .object)))
                    } catch {
                        return (serial, request, .failure(error))
                    }
                }
            }
            for (serial, request) in run.startable() { send(serial, request) }
            while let reply = await group.next() {
                switch reply.result {
                case .success(let license):
                    run.received(license, for: reply.serial)
                case .failure(let error):
                    if case .retry(let seconds) = run.failed(error, for: reply.serial) {
                        send(reply.serial, reply.request, after: seconds)
                        continue
                    }
                }
                progress(run.finished, run.total)
                for (serial, request) in run.startable() { send(serial, request) }
            }
        }
        run.finish()
        return run
    }
}
