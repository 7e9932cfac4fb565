/// Carries out a provisioning plan: up to `RenewalRun.concurrency` requests at
/// once, a 429 paced by the renewal engine's one rule, each renew's reply
/// checked against its planned date, and a result per step for the report.
public enum ProvisioningRun {
    public enum Outcome: Sendable, Equatable {
        case created(License)
        case renewed(from: CalendarDate, to: CalendarDate)
        /// The new license; `leftover` is the old serial when its delete failed.
        case reissued(old: String, new: License, leftover: String?)
        case deleted([String])
        case unchanged
        case skipped(String)
        case failed(String)

        public var name: String {
            switch self {
            case .created: return "created"
            case .renewed: return "renewed"
            case .reissued(_, _, let leftover): return leftover == nil ? "re-issued" : "half re-issued"
            case .deleted: return "deleted"
            case .unchanged: return "unchanged"
            case .skipped: return "skipped"
            case .failed: return "failed"
            }
        }

        public var isFailure: Bool {
            switch self {
            case .failed: return true
            case .reissued(_, _, let leftover): return leftover != nil
            default: return false
            }
        }
    }

    public struct Result: Sendable {
        public var step: ProvisioningPlan.Step
        public var outcome: Outcome
        /// The error behind a failure, for a front end that maps it to a status.
        public var error: LicensingError?
    }

    /// Runs every step that sends; `progress` hears each finished one. The results keep the plan's order.
    /// `budgetSeconds` bounds each step, its re-sends after 429 included (`OperationBudget`).
    public static func run(
        _ plan: ProvisioningPlan, client: LicensePipeline, budgetSeconds: Double? = nil, progress: @escaping @Sendable (Result) -> Void = { _ in }
    ) async -> [Result] {
        var results: [Result?] = plan.steps.map { step in
            switch step.action {
            case .unchanged: return Result(step: step, outcome: .unchanged)
            case .skip(_, let reason): return Result(step: step, outcome: .skipped(reason))
            default: return nil
            }
        }
        let sending = plan.steps.indices.filter { results[$0] == nil }
        // The results array lives inside the group's body and is returned from
        // it (see `RenewalEngine.run` for why nothing is shared across it).
        results = await withTaskGroup(of: (Int, Result).self, returning: [Result?].self) { group in
            var results = results
            var next = sending.startIndex
            func startNext() {
                guard next < sending.endIndex else { return }
                let index = sending[next]
                next += 1
                let step = plan.steps[index]
                group.addTask {
                    let deadline = budgetSeconds.map { OperationBudget.deadline(afterSeconds: $0) }
                    return (index, await OperationBudget.$deadline.withValue(deadline) { await perform(step, client: client) })
                }
            }
            for _ in 0..<RenewalRun.concurrency { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                progress(result)
                startNext()
            }
            return results
        }
        return results.compactMap { $0 }
    }

    /// One step, with 429s paced and sent again a bounded number of times.
    static func perform(_ step: ProvisioningPlan.Step, client: LicensePipeline) async -> Result {
        var waits = 0
        while true {
            do throws(LicensingError) {
                return Result(step: step, outcome: try await send(step, client: client), error: nil)
            } catch {
                if case .rateLimited(let retryAfter, _) = error, waits < RenewalRun.maximumWaits,
                   OperationBudget.allowsWait(retryAfter: retryAfter) {
                    waits += 1
                    try? await Task.sleep(nanoseconds: UInt64(RenewalRun.pacing(retryAfter: retryAfter) * 1_000_000_000))
                    continue
                }
                return Result(step: step, outcome: .failed(error.description), error: error)
            }
        }
    }

    static func send(_ step: ProvisioningPlan.Step, client: LicensePipeline) async throws(LicensingError) -> Outcome {
        switch step.action {
        case .create(let request):
            return .created(try await client.createLicense(request, format: .object))
        case .renew(let serial, let from, let to):
            let license = try await client.renewLicense(serial: serial, RenewLicenseRequest(expiry: .date(to)), format: .object)
            let result = license.expireAt.date
            guard result == to else {
                return .failed("the server gave \(serial) \(result), not the planned \(to)\(result < from ? "; its expiry moved earlier" : "")")
            }
            return .renewed(from: from, to: to)
        case .reissue(let serial, _, let request):
            switch try await client.reissueLicense(replacing: serial, with: request, format: .object) {
            case .done(let license):
                return .reissued(old: serial, new: license, leftover: nil)
            case .oldKept(let license, let failure):
                return .reissued(old: serial, new: license, leftover: "\(serial) (\(failure))")
            case .restored(let license, let failure):
                return .failed("\(serial) was deleted first (the device holds one license per entitlement), its replacement failed (\(failure)), and it was created again as \(license.serial.safeForDisplay(limit: 40)) with its own fields and expiry; the device needs that license file")
            case .shorterReplacement(let license, let planned):
                return .failed("\(serial) was deleted first (the device holds one license per entitlement), and its replacement \(license.serial.safeForDisplay(limit: 40)) expires \(license.expireAt.date), earlier than the planned \(planned); restore the term with `\(Reissue.restoreCommand(license, planned: planned))`")
            case .replacementMissing(let failure):
                let keep = step.expiry.map { "; to keep its expiry, give this row expire_at \($0)" } ?? ""
                return .failed("\(serial) was deleted (the device holds one license at a time), but creating its replacement failed: \(failure); apply again to create it\(keep)")
            }
        case .delete(let serials, _):
            var gone: [String] = []
            for serial in serials {
                do throws(LicensingError) {
                    _ = try await client.deleteLicense(serial: serial)
                    gone.append(serial)
                } catch .notFound {
                    gone.append(serial)
                } catch {
                    // Part done: what was deleted is said with the failure.
                    if gone.isEmpty { throw error }
                    return .failed("deleted \(gone.joined(separator: ", ")), then deleting \(serial) failed: \(error)")
                }
            }
            return .deleted(gone)
        case .unchanged:
            return .unchanged
        case .skip(_, let reason):
            return .skipped(reason)
        }
    }

    /// `N created, N renewed, N re-issued, N deleted, N unchanged, N failed.`
    public static func summary(_ results: [Result]) -> String {
        func count(_ name: String) -> Int { results.filter { $0.outcome.name == name }.count }
        let deleted = results.reduce(0) { total, result in if case .deleted(let serials) = result.outcome { return total + serials.count }; return total }
        let failed = results.filter(\.outcome.isFailure).count
        var text = "\(count("created")) created, \(count("renewed")) renewed, \(count("re-issued") + count("half re-issued")) re-issued, \(deleted) deleted, \(count("unchanged")) unchanged, \(failed) failed"
        let skipped = count("skipped")
        if skipped > 0 { text += ", \(skipped) skipped" }
        return text + "."
    }

    /// One line for a finished step: what happened to which device.
    public static func line(_ result: Result) -> String {
        let device = result.step.device.safeForDisplay(limit: 80)
        switch result.outcome {
        case .created(let license):
            return "created \(device): \(license.serial.safeForDisplay(limit: 40)), expires \(license.expireAt.date)"
        case .renewed(let from, let to):
            let change = to.days(since: from)
            return "renewed \(device): \(from) → \(to), \(change > 0 ? "+" : "")\(change) days"
        case .reissued(let old, let new, let leftover):
            let serial = new.serial.safeForDisplay(limit: 40)
            var text = "re-issued \(device): \(old.safeForDisplay(limit: 40)) → \(serial), expires \(new.expireAt.date); replace the device's license file (netify-licenses export \(serial) -o /etc/netifyd/license.json)"
            if let leftover { text += "; deleting the old license failed: \(leftover.safeForDisplay(limit: 200)); apply again to finish" }
            return text
        case .deleted(let serials):
            return "deleted \(device): \(serials.map { $0.safeForDisplay(limit: 40) }.joined(separator: ", "))"
        case .unchanged:
            return "unchanged \(device)"
        case .skipped(let reason):
            return "skipped \(device): \(reason.safeForDisplay(limit: 300))"
        case .failed(let reason):
            return "failed \(device): \(reason.safeForDisplay(limit: 300))"
        }
    }
}
