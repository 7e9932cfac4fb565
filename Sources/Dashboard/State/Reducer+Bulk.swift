import LicenseModel
import TerminalUI

/// Bulk renew and delete: the renewal engine's run and the deletes, driven by replies.
extension Reducer {

    static func handleBulkForm(_ state: inout DashboardState, _ form: inout BulkRenewForm, _ key: KeyPress) -> [Effect] {
        let today = state.today
        // Licenses that changed under the form (a refresh, a reply) or went: its plan starts again from the list.
        if key != .escape, form.syncEntries(with: state) {
            form.confirming = false
            form.problem = "Some marked licenses changed since the form opened; their results are shown again. Check them, then press enter."
            state.overlay = .bulkRenew(form)
            return []
        }
        if form.confirming {
            form.confirming = false
            guard Confirmation.isYes(key) else {
                // Anything else is the default answer: No, back to the form.
                state.overlay = .bulkRenew(form)
                return []
            }
            // The write gate is asked again at the send: the list may have gone stale since the form opened.
            if let refusal = writeRefusal(state, verb: "renew") {
                state.overlay = .bulkRenew(form)
                state.warn(refusal)
                return []
            }
            // The yes was to the plan shown: past midnight, a term counted from today ends
            // elsewhere, and what is renewed or skipped may differ. That plan is asked again.
            if let previewed = form.previewDay, previewed != today, form.plan(today: previewed).entries != form.plan(today: today).entries {
                form.previewDay = nil
                form.problem = "The date changed to \(today) since you looked, and with it the results: they are shown again. Check them, then press enter."
                state.overlay = .bulkRenew(form)
                return []
            }
            return startBulk(&state, form)
        }
        switch key {
        case .escape:
            state.overlay = nil
            return []
        case .enter, .control("s"):
            if let problem = form.expiry.problem(today: today) {
                form.problem = "Expiry: \(problem)."
            } else if form.toRenew(today: today).isEmpty {
                form.problem = "Nothing to renew: every marked license would be skipped."
            } else {
                form.problem = nil
                form.confirming = true
                form.previewDay = today
            }
        case .tab, .down, .backTab, .up:
            if form.expiry.mode != .keyMaximum { form.focus = form.focus == .expiryMode ? .expiryValue : .expiryMode }
        case .left where form.focus == .expiryMode, .right where form.focus == .expiryMode, .character(" ") where form.focus == .expiryMode:
            form.expiry.cycle(by: key == .left ? -1 : 1)
            form.problem = nil
        default:
            if form.focus == .expiryValue, form.expiry.value.handle(key) { form.problem = nil }
        }
        state.overlay = .bulkRenew(form)
        return []
    }

    static func startBulk(_ state: inout DashboardState, _ form: BulkRenewForm) -> [Effect] {
        state.overlay = nil
        return advance(&state, .renewal(RenewalRun(form.plan(today: state.today))))
    }

    static func startBulkDelete(_ state: inout DashboardState, _ confirmation: DeleteMarkedConfirmation) -> [Effect] {
        state.overlay = nil
        return advance(&state, .deletion(BulkDeletion(serials: confirmation.serials)))
    }

    static func deletionStep(_ state: inout DashboardState, serial: String, _ outcome: BulkDeletion.Outcome) -> [Effect] {
        guard case .deletion(var run)? = state.bulk else { return [] }
        run.inFlight.remove(serial)
        run.outcomes[serial] = outcome
        return advance(&state, .deletion(run))
    }

    /// Starts what may be sent now; when nothing is left, shows the report.
    static func advance(_ state: inout DashboardState, _ bulk: BulkRun) -> [Effect] {
        var effects: [Effect] = []
        var bulk = bulk
        var done: Bool
        switch bulk {
        case .renewal(var run):
            effects = run.startable().map { Effect.renew(serial: $0.serial, $0.request) }
            done = run.isDone
            if done { run.finish() }
            bulk = .renewal(run)
        case .deletion(var run):
            while let serial = run.next() { effects.append(.delete(serial: serial)) }
            done = run.isDone
            if done { run.finish() }
            bulk = .deletion(run)
        }
        if done {
            state.bulk = nil
            state.overlay = .bulkReport(bulk)
            state.message = nil
        } else {
            state.bulk = bulk
        }
        return effects
    }
}
