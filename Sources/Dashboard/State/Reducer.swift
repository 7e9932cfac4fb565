import LicenseModel
import TerminalUI

/// The one place state changes: an action in, the effects to run out.
/// Pure: no clock, no network, no terminal.
public enum Reducer {
    public static func reduce(_ state: inout DashboardState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return handleKey(&state, key)
        case .resized(let width, let height):
            state.size = (width, height)
            state.keepCursorInView()
            return []
        case .tick(let now):
            let dayChanged = CalendarDate(unixSeconds: now) != state.today
            state.now = now
            state.spinnerFrame &+= 1
            if let message = state.message, now - message.shownAt >= DashboardState.Message.lifetimeSeconds { state.message = nil }
            // Statuses and days-left move at midnight UTC.
            if dayChanged { state.resort() }
            return []
        case .refreshDue:
            return startFetch(&state)
        case .fetched(let licenses, let at):
            state.markFetched(at: at)
            state.replaceLicenses(licenses)
            state.forgetMarksOfGoneLicenses()
            return []
        case .fetchedPrepared(let prepared, let at):
            state.markFetched(at: at)
            state.unreadableCount = prepared.unreadable
            // Said when the list first names them twice, not again on every refresh.
            let repeated = Set(prepared.repeatedSerials)
            if repeated != state.repeatedSerials, let warning = prepared.repeatedWarning { state.warn("Warning: " + warning) }
            state.repeatedSerials = repeated
            if let changes = prepared.changes { state.noteChanges(changes) }
            state.replaceCatalog(prepared)
            state.forgetMarksOfGoneLicenses()
            return []
        case .fetchedUnchanged(let at):
            state.markFetched(at: at)
            state.unreadableCount = 0
            return []
        case .keyMaximumKnown(let known):
            state.keyMaximum = known
            // A form still being filled in plans from it at once; one already sent keeps the plan it was sent with.
            switch state.overlay {
            case .renew(var form)? where form.run == nil && form.confirmingRisk == nil:
                form.keyMaximum = known
                state.overlay = .renew(form)
            case .bulkRenew(var form)? where !form.confirming:
                form.keyMaximum = known
                state.overlay = .bulkRenew(form)
            default: break
            }
            return []
        case .teamJournal(let pending, let lastChanges):
            state.teamPending = pending
            state.lastChanges = lastChanges
            return []
        case .historyLoaded(let entries):
            if case .history = state.overlay { state.overlay = .history(HistoryBrowser(entries: entries)) }
            return []
        case .historyFailed(let reason):
            if case .history = state.overlay { state.overlay = nil }
            state.warn("The change journal cannot be read: \(reason)")
            return []
        case .loadedFromCache(let prepared, let fetchedAt):
            // Only before the first refresh has answered: a cached list never replaces a fresh one.
            guard !state.hasLoaded else { return [] }
            state.hasLoaded = true
            state.cachedAt = fetchedAt
            state.lastFetched = fetchedAt
            state.unreadableCount = prepared.unreadable
            state.replaceCatalog(prepared)
            return []
        case .fetchFailed(let error, _):
            state.isFetching = false
            // Good data stays on screen, marked stale, with the reason.
            state.staleReason = error.description
            if !state.hasLoaded { state.warn(error.description) }
            return []
        case .created(let license):
            state.upsert(license)
            if case .create(let form) = state.overlay { state.overlay = form.keepsOpen ? .create(form.next(after: license)) : nil }
            state.createDraft = nil
            state.setFilterKeepingSelection(on: license.serial)
            state.inform("Created \(license.serial) for \(license.issuedTo), expires \(license.expireAt.date).")
            return []
        case .reissued(let old, let reissue):
            var form: CreateForm?
            if case .create(let open) = state.overlay, open.replacing?.serial == old {
                form = open
                state.overlay = nil
            }
            switch reissue {
            case .done(let license):
                state.remove(serial: old)
                state.upsert(license)
                state.setFilterKeepingSelection(on: license.serial)
                state.inform("Re-issued \(old) as \(license.serial) (expires \(license.expireAt.date)); \(old) deleted. The device needs the new license file: Y copies it.")
            case .oldKept(let license, let error):
                state.upsert(license)
                state.setFilterKeepingSelection(on: license.serial)
                state.warn("Created \(license.serial), but deleting \(old) failed: \(error). Select \(old) and press d to finish.")
            case .restored(let license, let error):
                state.remove(serial: old)
                state.upsert(license)
                state.setFilterKeepingSelection(on: license.serial)
                state.warn("The re-issue failed after \(old) was deleted (\(error)); it was created again as \(license.serial) with its own fields and expiry. The device needs that license file: Y copies it.")
            case .shorterReplacement(let license, let planned):
                state.remove(serial: old)
                state.upsert(license)
                state.setFilterKeepingSelection(on: license.serial)
                state.warn("\(old) was deleted first (the device holds one license per entitlement), and the new \(license.serial) expires \(license.expireAt.date), earlier than the planned \(planned). Press r to renew it to \(planned).")
            case .replacementMissing(let error):
                state.remove(serial: old)
                state.warn("\(old) was deleted first (the device holds one license per entitlement), but creating the new one failed: \(error). Press c: the form keeps its fields.")
                // What was typed is kept: the next `c` opens it as a plain create.
                if var draft = form {
                    draft.replacing = nil
                    draft.submission = Submission()
                    draft.notice = "Re-issue of \(old.safeForDisplay(limit: 40)), half done: \(old.safeForDisplay(limit: 40)) is deleted; create its replacement."
                    state.createDraft = draft
                }
            }
            return startFetch(&state)
        case .contextFailed(let name, let reason):
            state.warn("Context \(name) cannot be opened: \(reason.replacingControlCharacters())")
            return []
        case .reissueFailed(let old, let error):
            if case .create(var form) = state.overlay, form.replacing?.serial == old {
                form.submission = .failed(error)
                state.overlay = .create(form)
            } else {
                state.warn("Re-issue of \(old) failed: \(error)")
            }
            return error.mayHaveBeenCarriedOut ? startFetch(&state) : []
        case .createFailed(let error):
            if case .create(var form) = state.overlay {
                form.submission = .failed(error)
                state.overlay = .create(form)
            } else {
                state.warn("Create failed: \(error)")
            }
            // Sent, but no reply: whether it was created is unknown, so look.
            return error.mayHaveBeenCarriedOut ? startFetch(&state) : []
        case .renewed(let license) where state.bulk?.inFlight.contains(license.serial) == true:
            guard case .renewal(var run)? = state.bulk else { return [] }
            run.received(license, for: license.serial)
            let row = state.cursor
            state.upsert(license)
            state.moveCursor(to: row)
            if case .renewed? = run.outcomes[license.serial] { state.marked.remove(license.serial) }
            return advance(&state, .renewal(run))
        case .renewFailed(let serial, let error) where state.bulk?.inFlight.contains(serial) == true:
            guard case .renewal(var run)? = state.bulk else { return [] }
            let after = run.failed(error, for: serial)
            if case .retry(let seconds) = after, let request = run.sentRequest(serial) {
                // Paced, not failed: a 429 did nothing, so the same renew is sent again after the wait.
                state.bulk = .renewal(run)
                return [.renewLater(serial: serial, request, afterSeconds: seconds)]
            }
            // A failed one stays marked, so trying again is one key; one sent
            // without a reply may have been carried out, so the list is fetched to find out.
            var effects = advance(&state, .renewal(run))
            if error.mayHaveBeenCarriedOut { effects += startFetch(&state) }
            return effects
        case .renewed(let license):
            let before = state.catalog.index(ofSerial: license.serial).map { state.catalog.licenses[$0].expireAt.date }
            // The cursor stays on its row: when the renewed license sorts away,
            // the next one due is under it, ready for `r` `enter` again.
            let row = state.cursor
            state.upsert(license)
            state.moveCursor(to: row)
            if case .renew(let form) = state.overlay, form.serial == license.serial, var run = form.run {
                // The engine checks the reply against the plan the operator saw.
                run.received(license, for: license.serial)
                state.overlay = nil
                let line = run.outcomes[license.serial].map { RenewalReport.line(serial: license.serial, $0) } ?? ""
                if let reason = run.stopReason {
                    state.warn("\(line). Not as planned: \(reason).")
                } else {
                    state.message = .init(text: line, isError: { if case .shortened(_, _, false)? = run.outcomes[license.serial] { return true } else { return false } }())
                }
                return []
            }
            let text = before.map { RenewalReport.line(serial: license.serial, before: $0, after: license.expireAt.date) }
                ?? "Renewed \(license.serial.safeForDisplay(limit: 40)): now expires \(license.expireAt.date)."
            state.inform(text)
            return []
        case .renewFailed(let serial, let error):
            if case .renew(var form) = state.overlay, form.serial == serial {
                form.run = nil
                form.submission = .failed(error)
                state.overlay = .renew(form)
            } else {
                state.warn("Renew of \(serial) failed: \(error)")
            }
            return error.mayHaveBeenCarriedOut ? startFetch(&state) : []
        case .deleted(let serial) where state.bulk?.inFlight.contains(serial) == true:
            state.remove(serial: serial)
            state.marked.remove(serial)
            return deletionStep(&state, serial: serial, .deleted)
        case .deleteFailed(let serial, let error) where state.bulk?.inFlight.contains(serial) == true:
            return deletionStep(&state, serial: serial, .failed(error.description))
        case .deleted(let serial):
            state.remove(serial: serial)
            if case .confirmDelete(let confirmation) = state.overlay, confirmation.serial == serial { state.overlay = nil }
            state.inform("Deleted \(serial).")
            return []
        case .deleteFailed(let serial, let error):
            if case .confirmDelete(var confirmation) = state.overlay, confirmation.serial == serial {
                confirmation.submission = Submission(inFlight: false, failure: error.description)
                state.overlay = .confirmDelete(confirmation)
            } else {
                state.warn("Delete of \(serial) failed: \(error)")
            }
            return []
        }
    }

    static func startFetch(_ state: inout DashboardState) -> [Effect] {
        guard !state.isFetching else { return [] }
        state.isFetching = true
        return [.fetch]
    }
}
