import LicenseModel
import TerminalUI

/// Keys: routed by what has focus (an overlay, the filter, the command line, the table).
extension Reducer {

    static func handleKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        if case .mouse(let mouse) = key { return MouseReducer.handle(&state, mouse) }
        switch state.overlay {
        case .help?:
            // Help scrolls; esc, ? (its own key) and q close it; any other key does nothing.
            let command = state.keyMap.command(for: key)
            switch (key, command) {
            case (.escape, _), (.character("q"), _), (_, .help?), (_, .quit?):
                state.overlay = nil
                state.helpScroll = 0
            case (.down, _), (_, .down?): state.helpScroll += 1
            case (.up, _), (_, .up?): state.helpScroll = max(0, state.helpScroll - 1)
            case (.pageDown, _), (_, .pageDown?): state.helpScroll += max(1, HelpView.visibleRows(height: state.size.height - 2) - 1)
            case (.pageUp, _), (_, .pageUp?): state.helpScroll = max(0, state.helpScroll - max(1, HelpView.visibleRows(height: state.size.height - 2) - 1))
            case (.home, _), (_, .top?): state.helpScroll = 0
            case (.end, _), (_, .bottom?): state.helpScroll = Int.max / 2
            default: break
            }
            // Kept within what the help holds at this size.
            let width = max(10, min(state.size.width - 2, state.size.width >= 170 ? 200 : 100))
            let rows = HelpView.rows(state, width: width).rows.count
            let height = min(state.size.height - 2, rows + 3)
            state.helpScroll = max(0, min(state.helpScroll, rows - HelpView.visibleRows(height: height + 1)))
            return []
        case .create(var form)? where form.confirmingReissue:
            // The re-issue's question: y sends it; anything else goes back to the form.
            form.confirmingReissue = false
            guard Confirmation.isYes(key), let replaced = form.replacing else {
                state.overlay = .create(form)
                return []
            }
            if let refusal = writeRefusal(state, verb: "re-issue") {
                state.overlay = .create(form)
                state.warn(refusal)
                return []
            }
            form.submission = Submission(inFlight: true)
            state.overlay = .create(form)
            return [.reissue(replacing: replaced.serial, form.request)]
        case .create(var form)?:
            if form.submission.inFlight, key == .escape {
                // Hidden, not cancelled: the create (or re-issue) is on its way, and its reply
                // shows in the table. Nothing is kept as a draft: sending it again would duplicate it.
                state.overlay = nil
                let what = form.replacing.map { "The re-issue of \($0.serial.safeForDisplay(limit: 40))" } ?? "The create"
                state.inform("\(what) is still on its way; its reply will show in the table.")
                return []
            }
            let before = form.content
            var effects = FormReducer.handle(&form, key, today: state.today)
            if form.content != before { form.editedSinceOpened = true }
            if effects.submit, form.replacing != nil {
                // Nothing is deleted without a yes: the form asks before it sends.
                effects.submit = false
                form.submission = Submission()
                form.confirmingReissue = true
            }
            state.overlay = effects.closed ? nil : .create(form)
            // Closed without creating: what was typed is kept for the next `c`.
            if effects.closed, let replaced = form.replacing {
                // A re-issue belongs to its license: it is not kept for the next `c`.
                state.inform("Re-issue of \(replaced.serial) cancelled; nothing was sent.")
            } else if effects.closed, form.editedSinceOpened, !form.isBlank {
                // Something was typed: kept for the next `c`, never thrown away by esc.
                var draft = form
                draft.submission = Submission()
                draft.attempted = false
                state.createDraft = draft
                state.inform("Draft kept: press \(state.keyMap.label(for: .create)) to go on with it (esc again without a change discards it).")
            } else if effects.closed, form.editedSinceOpened {
                // Emptied by hand: nothing is left to keep.
                state.createDraft = nil
            } else if effects.closed, let draft = state.createDraft, draft.content == form.content {
                // The draft reopened and cancelled unchanged: it ends here.
                state.createDraft = nil
                state.inform("Draft discarded; nothing was sent.")
            }
            return effects.submit ? [.create(form.request)] : []
        case .renew(var form)?:
            // The license changed under the form (a refresh, another reply): its plan starts again from the list's expiry.
            if key != .escape, form.run == nil, let current = state.currentExpiry(of: form.serial), current != form.currentExpiry {
                form.currentExpiry = current
                form.confirmingRisk = nil
                state.overlay = .renew(form)
                state.warn("\(form.serial.safeForDisplay(limit: 40)) changed since the form opened: it now expires \(current). Check the result, then press enter again.")
                return []
            }
            let effects = FormReducer.handle(&form, key, today: state.today)
            // The write gate is asked again at the send: the list may have gone stale since the form opened.
            if effects.submit, let refusal = writeRefusal(state, verb: "renew") {
                form.run = nil
                form.submission = Submission()
                state.overlay = .renew(form)
                state.warn(refusal)
                return []
            }
            state.overlay = effects.closed ? nil : .renew(form)
            guard effects.submit, let run = form.run, let request = run.sentRequest(form.serial) else { return [] }
            return [.renew(serial: form.serial, request)]
        case .confirmDelete(var confirmation)?:
            if confirmation.submission.inFlight {
                if key == .escape { state.overlay = nil }
                return []
            }
            if Confirmation.isYes(key), let refusal = writeRefusal(state, verb: "delete") {
                state.overlay = nil
                state.warn(refusal)
                return []
            }
            if Confirmation.isYes(key) {
                confirmation.submission = Submission(inFlight: true)
                state.overlay = .confirmDelete(confirmation)
                return [.delete(serial: confirmation.serial)]
            }
            // Anything else, enter included, is the default answer: No.
            state.overlay = nil
            state.inform("Kept \(confirmation.serial).")
            return []
        case .bulkRenew(var form)?:
            return handleBulkForm(&state, &form, key)
        case .bulkReport?, .gone?, .messageLog?:
            state.overlay = nil
            return []
        case .columns(var chooser)?:
            // Changes apply as they are made; enter or esc closes.
            let count = chooser.order.count
            switch key {
            case .up, .character("k"): chooser.cursor = max(0, chooser.cursor - 1)
            case .down, .character("j"): chooser.cursor = min(count - 1, chooser.cursor + 1)
            case .character(" "):
                let column = chooser.order[chooser.cursor]
                if column == .serial {
                    state.inform("The serial is always shown: it names the license.")
                } else if chooser.shown.contains(column) {
                    chooser.shown.remove(column)
                } else {
                    chooser.shown.insert(column)
                }
            case .character("K") where chooser.cursor > 0:
                chooser.order.swapAt(chooser.cursor, chooser.cursor - 1)
                chooser.cursor -= 1
            case .character("J") where chooser.cursor < count - 1:
                chooser.order.swapAt(chooser.cursor, chooser.cursor + 1)
                chooser.cursor += 1
            case .enter, .escape:
                state.overlay = nil
                state.inform("columns = " + state.columns.map(\.name).joined(separator: ", ") + "  (put that line in the settings file to keep it)")
                return []
            default:
                break
            }
            state.columns = chooser.columns
            state.overlay = .columns(chooser)
            return []
        case .history(let browser)?:
            return handleHistoryKey(&state, browser, key)
        case .timeline(let timeline, let selected)?:
            let rows = timeline.weeks.count + 1
            switch key {
            case .up, .character("k"): state.overlay = .timeline(timeline, selected: max(0, selected - 1))
            case .down, .character("j"): state.overlay = .timeline(timeline, selected: min(rows - 1, selected + 1))
            case .enter:
                // Choosing a row filters the table to it, in the filter language the operator can edit.
                state.overlay = nil
                state.setFilter(selected == 0 ? "status:expired" : ExpiryTimeline.filter(forWeek: timeline.weeks[selected - 1]))
                // The week from its start: the first license in it, not wherever the old selection landed.
                state.moveCursor(to: 0)
            default:
                state.overlay = nil
            }
            return []
        case .confirmDeleteMarked(let confirmation)?:
            if Confirmation.isYes(key) {
                if let refusal = writeRefusal(state, verb: "delete") {
                    state.overlay = nil
                    state.warn(refusal)
                    return []
                }
                return startBulkDelete(&state, confirmation)
            }
            // Anything else, enter included, is the default answer: No.
            state.overlay = nil
            state.inform("Kept all \(confirmation.serials.count).")
            return []
        case nil:
            break
        }
        if state.focus == .filter { return handleFilterKey(&state, key) }
        if state.focus == .command { return handleCommandKey(&state, key) }
        if key == .escape, var run = state.bulk, !run.isStopping {
            // Stops what has not been sent; what is in flight finishes and is reported.
            run.stop()
            state.bulk = run
            state.inform("Stopping after the \(run.inFlight.count) renew\(run.inFlight.count == 1 ? "" : "s") in flight…")
            return []
        }
        if key == .escape {
            if state.focus == .detail {
                state.focus = .table
            } else if !state.filterText.isEmpty {
                state.setFilter("")
            } else {
                state.message = nil
            }
            return []
        }
        guard let command = state.keyMap.command(for: key) else { return [] }
        if command.writes, let refusal = writeRefusal(state, verb: command.rawValue) {
            state.warn(refusal)
            return []
        }
        return handle(&state, command)
    }

    /// The one write gate every path that changes licenses asks: read-only
    /// mode, a list that is stale (never queued, never sent blind: a write waits
    /// for a refresh that reaches the API), or a bulk action still running.
    static func writeRefusal(_ state: DashboardState, verb: String) -> String? {
        if let owners = state.licenseContexts {
            if verb == "create" || verb == "reissue" || verb == "re-issue" {
                return "Every context is shown: choose the context to \(verb == "create" ? "create" : "re-issue") in first (:ctx NAME)."
            }
            // A context whose refresh failed shows old rows: nothing is sent on them blind.
            let acting = state.marked.isEmpty ? Set(state.selectedLicense.map { [$0.serial] } ?? []) : state.marked
            if let stale = acting.lazy.compactMap({ owners[$0] }).first(where: { state.staleContexts[$0] != nil }) {
                return "The context \(stale) did not answer its last refresh, so its rows may be out of date; \(verb) refused until it does (\(state.keyMap.label(for: .refresh)) retries)."
            }
        }
        if state.source.readOnly {
            if let context = state.source.context { return "Read-only: the context \(context) is read-only (or --readonly was given); switch context (:ctx NAME) to \(verb) licenses." }
            return "Read-only mode: restart without --readonly to \(verb) licenses."
        }
        if state.hasLoaded, let reason = state.staleReason {
            return "\(verb.prefix(1).uppercased() + verb.dropFirst()) refused until a refresh reaches the API (\(state.keyMap.label(for: .refresh)) retries); the last one failed: \(reason.replacingControlCharacters())"
        }
        if state.bulk != nil { return "A bulk action is running: wait for its report, or press esc to stop it." }
        return nil
    }

    static func handle(_ state: inout DashboardState, _ command: Command) -> [Effect] {
        let page = max(1, state.layout.tableRows - 1)
        let detailFocused = state.focus == .detail
        switch command {
        case .quit:
            state.quitRequested = true
            return [.quit]
        case .help:
            state.overlay = .help
        case .filter:
            state.focus = .filter
        case .commandLine:
            state.commandLine = TextInput()
            state.completion = nil
            state.focus = .command
        case .refresh:
            return startFetch(&state)
        case .up:
            if detailFocused { state.detailScroll = max(0, state.detailScroll - 1) } else { state.moveCursor(to: state.cursor - 1) }
        case .down:
            if detailFocused { state.detailScroll += 1 } else { state.moveCursor(to: state.cursor + 1) }
        case .pageUp:
            if detailFocused { state.detailScroll = max(0, state.detailScroll - page) } else { state.moveCursor(to: state.cursor - page) }
        case .pageDown:
            if detailFocused { state.detailScroll += page } else { state.moveCursor(to: state.cursor + page) }
        case .top:
            if detailFocused { state.detailScroll = 0 } else { state.moveCursor(to: 0) }
        case .bottom:
            state.moveCursor(to: state.visible.count - 1)
        case .mark:
            guard let serial = state.selectedLicense?.serial else { return [] }
            if state.marked.remove(serial) == nil { state.marked.insert(serial) }
            state.moveCursor(to: state.cursor + 1)
        case .markAllShown:
            for position in state.visible { state.marked.insert(state.catalog.licenses[position].serial) }
            state.inform("\(state.marked.count) marked: \(state.keyMap.label(for: .renew)) renews them all.")
        case .clearMarks:
            state.marked = []
        case .timeline:
            state.openTimeline()
        case .nextDue, .previousDue:
            // In table order, wrapping: with the default sort by expiry, `n` from
            // launch lands on the most urgent license that can still be renewed.
            let count = state.visible.count
            let step = command == .nextDue ? 1 : -1
            var row = state.cursor
            for _ in 0..<count {
                row = ((row + step) % count + count) % count
                if state.isDue(state.license(atRow: row)) {
                    state.moveCursor(to: row)
                    return []
                }
            }
            state.inform("Nothing due: no renewable license shown \(state.thresholds.due.includesExpired ? "has expired or " : "")expires within \(state.thresholds.dueWithinDays) days.")
        case .focusDetail:
            state.focus = detailFocused ? .table : .detail
        case .widenDetail, .narrowDetail:
            state.detailPane = state.detailPane.step(command == .widenDetail ? 1 : -1)
            state.keepCursorInView()
            state.inform("Detail pane: \(state.detailPane)\(state.detailPane == .hidden ? " (\(state.keyMap.label(for: .focusDetail)) shows it in the table's place)" : "").")
        case .history:
            state.overlay = .history(nil)
            return [.loadHistory]
        case .clearChanges:
            let count = state.changeMarks.count + state.goneLicenses.count
            state.changeMarks = [:]
            state.goneLicenses = []
            state.inform(count == 0 ? "No change markers to clear." : "Cleared \(count) change marker\(count == 1 ? "" : "s").")
        case .goneList:
            guard !state.goneLicenses.isEmpty else {
                state.inform("No license has gone since launch.")
                return []
            }
            state.overlay = .gone(state.goneLicenses)
        case .create:
            var form = state.createDraft ?? CreateForm(offering: state.selectedLicense)
            form.editedSinceOpened = false
            state.overlay = .create(form)
        case .reissue:
            guard let license = state.selected(toDo: "re-issue") else { return [] }
            if let unknown = license.entitlements.first(where: { !$0.isKnown }) {
                state.warn("\(license.serial) carries \(unknown.rawValue.safeForDisplay(limit: 60)), which this tool does not know; a re-issue would drop it. Re-issue it another way.")
                return []
            }
            state.overlay = .create(CreateForm(reissuing: license, today: state.today))
        case .renew where !state.marked.isEmpty:
            let (catalog, marked) = (state.catalog, state.marked)
            let shown = Set(state.visible.lazy.map { catalog.licenses[$0].serial })
            let entries = catalog.licenses.filter { marked.contains($0.serial) }
                .sorted { $0.expireAt < $1.expireAt }
                .map { BulkRenewForm.Entry(serial: $0.serial, issuedTo: $0.issuedTo, current: $0.expireAt.date, renewable: $0.renewable != false, hidden: !shown.contains($0.serial), listedTwice: state.repeatedSerials.contains($0.serial)) }
            state.overlay = .bulkRenew(BulkRenewForm(entries: entries, keyMaximum: state.keyMaximum))
        case .renew:
            guard let license = state.selected(toDo: "renew") else { return [] }
            if license.renewable == false {
                state.warn("\(license.serial.safeForDisplay(limit: 40)) is not renewable; press \(state.keyMap.label(for: .reissue)) to re-issue it (a new license with its fields).")
                return []
            }
            state.overlay = .renew(RenewForm(
                serial: license.serial, issuedTo: license.issuedTo, currentExpiry: license.expireAt.date, keyMaximum: state.keyMaximum))
        case .delete where !state.marked.isEmpty:
            let serials = state.catalog.licenses.map(\.serial).filter(state.marked.contains)
            state.overlay = .confirmDeleteMarked(DeleteMarkedConfirmation(serials: serials, hidden: state.hiddenMarkedCount))
        case .delete:
            guard let license = state.selected(toDo: "delete") else { return [] }
            state.overlay = .confirmDelete(DeleteConfirmation(serial: license.serial, issuedTo: license.issuedTo))
        case .chooseColumns:
            state.overlay = .columns(ColumnChooser(columns: state.columns))
            return []
        case .copySerial, .copyDocument:
            guard let license = state.selected(toDo: "copy") else { return [] }
            let shown = license.serial.safeForDisplay(limit: 40)
            // Only what is drawn goes on the clipboard, and only a serial of the
            // documented shape: pasted into a shell, anything else could end
            // bracketed paste and run a command.
            guard LicenseRules.isSerial(license.serial) else {
                state.warn("Not copied: this license's serial \(shown) is not of the documented shape (NNNN-NNNN-NNNNNNNN), and pasting it could run a command; check the server.")
                return []
            }
            if command == .copySerial {
                state.inform("Copied \(shown) to the clipboard.")
                return [.copy(license.serial)]
            }
            let document = license.netifydDocumentText() + "\n"
            guard document.isSafeForDisplay(allowingLineBreaks: true) else {
                state.warn("Not copied: the license file of \(shown) holds control or hidden characters; check the server.")
                return []
            }
            state.inform("Copied the license file of \(shown) (netifyd JSON, for /etc/netifyd/license.json).")
            return [.copy(document)]
        case .sortNext:
            let fields = DashboardColumns.sortable
            let index = fields.firstIndex(of: state.sort.field).map { ($0 + 1) % fields.count } ?? 0
            state.setSort(LicenseSort(fields[index], ascending: true))
        case .sortReverse:
            state.setSort(LicenseSort(state.sort.field, ascending: !state.sort.ascending))
        case .sortColumn1, .sortColumn2, .sortColumn3, .sortColumn4, .sortColumn5, .sortColumn6, .sortColumn7:
            let number = Int(command.rawValue.dropFirst(5))! - 1
            let field = DashboardColumns.sortable[number]
            state.setSort(LicenseSort(field, ascending: state.sort.field == field ? !state.sort.ascending : true))
        }
        return []
    }
}
