import ArgumentParser
import LicenseModel
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the key's licenses match a file of devices: plan, then create, renew, re-issue.",
        discussion: """
            FILE is CSV with a header (target_uid, issued_to, entitlements, expire_at
            or duration_days, \(FreeText.names); serial optional) or a JSON array of
            the same objects; list --output json and list --output csv are read too.
            - reads stdin.

            A row is a device, matched to its license by target_uid (or by serial).
            No license: create (duration_days is its term). A later expire_at: renew.
            Other entitlements, issued_to or device: re-issue (a new license with the
            same expiry, then the old one deleted; the device needs the new license
            file). An earlier expire_at is skipped unless --allow-earlier. With
            --prune, licenses bound to a device no row names are deleted. Applying
            the same file again does nothing.

            The plan prints first; nothing is sent without a yes ([y/N] on a
            terminal, or --yes). A file with an invalid row sends nothing.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var lock: LockOptions

    @Argument(help: ArgumentHelp("The devices, CSV or JSON; - for standard input.", valueName: "file"))
    var file: String

    @Flag(help: "Print the plan and stop.")
    var dryRun = false

    @Flag(name: [.short, .long], help: "Apply without asking.")
    var yes = false

    @Flag(help: "Delete licenses bound to a device (target_uid) that no row names.")
    var prune = false

    @Flag(help: "Renew to an expire_at earlier than the license's, moving its expiry earlier.")
    var allowEarlier = false

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "table (default on a terminal) or json (otherwise).")
    var output: Output?

    func run() async throws {
        try await CommandFailure.reporting {
            let rows = try readRows()
            let connection = try await self.connection.connect()
            // One run at a time per account, before the plan is made (a dry run takes no lock).
            let held = dryRun ? nil : try await TeamAccess.lock(connection, timeout: lock.lockTimeout)
            _ = held  // let go when the command ends (CommandFailure.reporting), however it ends
            let list = try await connection.client.licenseList(format: .object, expectedCount: 0)
            if !list.unreadable.isEmpty {
                Terminal.standardError("error: \(list.unreadable.count) licenses in the list could not be read, so the plan could create a second license for a device; nothing was sent. Fix or delete them first (list --skip-unreadable shows the rest).")
                throw ReportedFailure(status: .unreadable)
            }
            // A list that names a serial twice cannot say what the device holds: never a plan's source.
            if let warning = list.repeatedWarning {
                Terminal.standardError("error: \(warning.prefix(1).uppercased() + warning.dropFirst()) apply plans from the whole list, so nothing was sent; try again later.")
                throw ReportedFailure(status: .server)
            }
            // A row exported from another context (list --all-contexts) is that context's to apply.
            let others = rows.filter { row in row.context.map { $0.lowercased() != (connection.name ?? "").lowercased() } ?? false }
            if !others.isEmpty {
                let names = Set(others.compactMap(\.context)).sorted().map { $0.safeForDisplay(limit: 40) }.joined(separator: ", ")
                Terminal.standardError("warning: \(others.count) row\(others.count == 1 ? " is" : "s are") for another context (\(names)) and left out; apply \(others.count == 1 ? "it" : "them") with --context NAME.")
            }
            let mine = rows.filter { row in !others.contains { $0.location == row.location } }
            let plan = try plan(mine, licenses: list.licenses, leftovers: leftovers(connection))
            let json = (output ?? (Terminal.isTerminal(1) ? .table : .json)) == .json
            for warning in plan.warnings { Terminal.standardError("warning: \(warning)") }
            if json, dryRun || !plan.sendsAnything {
                Terminal.write(1, ApplyOutput.json(plan, results: nil))
            } else if !json {
                Terminal.write(1, ApplyOutput.table(plan))
            }
            Terminal.standardError("Plan: \(plan.summary).")
            guard plan.sendsAnything else {
                let skipped = plan.count("skip")
                Terminal.standardError(skipped == 0
                    ? "Nothing to do: the licenses already match \(file == "-" ? "the input" : file)."
                    : "Nothing to send: \(skipped) row\(skipped == 1 ? " was" : "s were") skipped (the reasons are above); the rest already match.")
                return
            }
            if dryRun { return }
            // The client would refuse each write; the plan is refused whole, before the question.
            if connection.settings.readOnly {
                throw LicensingError.configuration(
                    message: "The context \(connection.name ?? "in use") is read-only: the plan was not applied and nothing was sent. Use another context (--context NAME).")
            }
            // Whoever answers the question sees every step first, wherever stdout goes.
            if json, !yes { Terminal.write(2, ApplyOutput.table(plan)) }
            try confirm(plan)
            let results = await ProvisioningRun.run(plan, client: connection.client, budgetSeconds: connection.settings.totalTimeout) { result in
                guard result.step.action.sends else { return }
                // With JSON on stdout, a failure is still said on stderr, where a script's log looks.
                if !json {
                    Terminal.write(1, ProvisioningRun.line(result) + "\n")
                } else if result.outcome.isFailure {
                    Terminal.standardError(ProvisioningRun.line(result))
                }
            }
            if json { Terminal.write(1, ApplyOutput.json(plan, results: results)) }
            Terminal.standardError(ProvisioningRun.summary(results))
            if results.contains(where: \.outcome.isFailure) { throw ReportedFailure(status: .partialFailure) }
        }
    }

    func readRows() throws -> [DeviceRow] {
        let bytes = try BoundedFile.contents(of: file == "-" ? nil : file, limit: ProvisioningFile.maximumBytes + 1, purpose: "the devices file")
        do throws(ProvisioningFileError) {
            return try ProvisioningFile.read(bytes, path: file == "-" ? "standard input" : file)
        } catch {
            Terminal.standardError(ApplyCommand.refusal(error))
            throw ReportedFailure(status: .validation)
        }
    }

    /// A file refused before anything was sent: every bad row it names, and what to do.
    static func refusal(_ error: ProvisioningFileError) -> String {
        guard error.more.isEmpty, error.unreported == 0 else { return "error: \(error)\nNothing was sent. Fix those rows and apply again." }
        return "error: \(error); nothing was sent. \(error.location.isEmpty ? "Fix the file" : "Fix that row") and apply again."
    }

    /// The old halves of re-issues whose delete failed, as this key's change journal recorded them.
    func leftovers(_ connection: Connection) -> Set<String> {
        guard let journal = connection.journal, let read = try? journal.entries(JournalQuery(action: .reissue)) else { return [] }
        let mine = read.entries.filter {
            $0.endpoint == connection.context.endpoint && $0.keyFingerprint == connection.context.keyFingerprint && $0.outcome == .failed && $0.after != nil
        }
        return Set(mine.compactMap(\.serial))
    }

    func plan(_ rows: [DeviceRow], licenses: [License], leftovers: Set<String>) throws -> ProvisioningPlan {
        if prune, rows.isEmpty {
            Terminal.standardError("error: \(file == "-" ? "standard input" : file) has no rows: with --prune that would delete every device's license; nothing was sent. Give the devices to keep.")
            throw ReportedFailure(status: .usage)
        }
        do throws(ProvisioningFileError) {
            return try ProvisioningPlan.make(
                rows: rows, licenses: licenses, path: file == "-" ? "standard input" : file, today: CalendarDate.today(),
                prune: prune, allowEarlier: allowEarlier, leftovers: leftovers)
        } catch {
            Terminal.standardError(ApplyCommand.refusal(error))
            throw ReportedFailure(status: .validation)
        }
    }

    /// A yes on a terminal; deleting asks for the count to be typed, as a slip of `y` must not delete a fleet.
    func confirm(_ plan: ProvisioningPlan) throws {
        guard try Consent.decide(.apply(file: file), yes: yes, readingStandardInput: file == "-") == .ask else { return }
        let deletes = plan.deletes
        if deletes > 0 {
            Terminal.write(2, "This deletes \(deletes) license\(deletes == 1 ? "" : "s"). Type \(deletes) to apply the plan: ")
            guard readLine()?.trimmingWhitespace() == String(deletes) else {
                Terminal.standardError("Nothing was sent.")
                throw ReportedFailure(status: .usage)
            }
        } else if !Prompt.confirm("Apply this plan? [y/N] ") {
            Terminal.standardError("Nothing was sent.")
            throw ReportedFailure(status: .usage)
        }
    }
}

/// The plan and the results of `apply`, for people and for programs.
enum ApplyOutput {
    static func table(_ plan: ProvisioningPlan) -> String {
        var rows = [["ACTION", "DEVICE", "SERIAL", "EXPIRES", "DETAIL"]]
        for step in plan.steps where step.action.name != "unchanged" || plan.steps.count <= 50 {
            rows.append([
                step.action.name, step.device.safeForDisplay(limit: 40), serials(step.action).map { $0.safeForDisplay(limit: 40) }.joined(separator: " "),
                step.expiry?.description ?? "-", detail(step).safeForDisplay(limit: 120),
            ])
        }
        let hidden = plan.steps.count > 50 ? plan.count("unchanged") : 0
        return TextTable.render(rows) + (hidden > 0 ? "(\(hidden) unchanged not shown)\n" : "")
    }

    static func serials(_ action: ProvisioningPlan.Action) -> [String] {
        switch action {
        case .create: return []
        case .renew(let serial, _, _), .reissue(let serial, _, _), .unchanged(let serial): return [serial]
        case .delete(let serials, _): return serials
        case .skip(let serial, _): return serial.map { [$0] } ?? []
        }
    }

    static func detail(_ step: ProvisioningPlan.Step) -> String {
        if case .skip(_, let reason) = step.action { return reason }
        return step.detail
    }

    static func json(_ plan: ProvisioningPlan, results: [ProvisioningRun.Result]?) -> String {
        var output = JSONOutput(pretty: Terminal.isTerminal(1))
        output.beginObject()
        output.name("steps")
        output.beginArray()
        // The results keep the plan's order: one per step.
        for (index, step) in plan.steps.enumerated() {
            output.beginObject()
            output.name("device"); output.string(step.device)
            if let location = step.location { output.name("location"); output.string(location) }
            output.name("action"); output.string(step.action.name)
            output.name("serials"); output.beginArray(); for serial in serials(step.action) { output.string(serial) }; output.endArray()
            output.name("expire_at"); if let expiry = step.expiry { output.date(expiry) } else { output.null() }
            output.name("detail"); output.string(detail(step))
            if let results, index < results.count {
                let result = results[index]
                output.name("result"); output.string(result.outcome.name)
                switch result.outcome {
                case .created(let license), .reissued(_, let license, _): output.name("new_serial"); output.string(license.serial)
                case .failed(let reason): output.name("error"); output.string(reason)
                default: break
                }
            }
            output.endObject()
        }
        output.endArray()
        output.name("warnings"); output.beginArray(); for warning in plan.warnings { output.string(warning) }; output.endArray()
        output.endObject()
        return output.text + "\n"
    }
}
