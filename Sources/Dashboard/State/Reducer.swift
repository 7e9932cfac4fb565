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
            if let changes = prepared.changes { state.noteChanges(changes) }
            state.replaceCatalog(prepared)
            state.forgetMarksOfGoneLicenses()
            return []
        case .historyLoaded(let entries):
            if case .history = state.overlay { state.overlay = .history(HistoryBrowser(entries: entries)) }
            return []
        case .historyFailed(let reason):
            if case .history = state.overlay { state.overlay = nil }
            state.message = .init(text: "The change journal cannot be read: \(reason)", isError: true)
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
            if !state.hasLoaded { state.message = .init(text: error.description, isError: true) }
            return []
        case .created(let license):
            state.upsert(license)
            if case .create(let form) = state.overlay { state.overlay = form.keepsOpen ? .create(form.next(after: license)) : nil }
            state.createDraft = nil
            state.setFilterKeepingSelection(on: license.serial)
            state.message = .init(text: "Created \(license.serial) for \(license.issuedTo), expires \(license.expireAt.date).", isError: false)
            return []
        case .createFailed(let error):
            if case .create(var form) = state.overlay {
                form.submission = Submission(inFlight: false, failure: error.description, serverFieldErrors: fieldMap(error))
                state.overlay = .create(form)
            } else {
                state.message = .init(text: "Create failed: \(error)", isError: true)
            }
            // Sent, but no reply: whether it was created is unknown, so look.
            if case .outcomeUnknown = error { return startFetch(&state) }
            return []
        case .renewed(let license) where state.bulk?.inFlight.contains(license.serial) == true:
            guard case .renewal(var run)? = state.bulk else { return [] }
            run.received(license, for: license.serial)
            let row = state.cursor
            state.upsert(license)
            state.moveCursor(to: row)
            if case .renewed? = run.outcomes[license.serial] { state.marked.remove(license.serial) }
            learn(&state, from: run)
            return advance(&state, .renewal(run))
        case .renewFailed(let serial, let error) where state.bulk?.inFlight.contains(serial) == true:
            guard case .renewal(var run)? = state.bulk else { return [] }
            let after = run.failed(error, for: serial)
            if run.keyMaximumRefuted { state.keyMaximum = .unknown }
            if case .retry(let seconds) = after, let request = run.sentRequest(serial) {
                // Paced, not failed: a 429 did nothing, so the same renew is sent again after the wait.
                state.bulk = .renewal(run)
                return [.renewLater(serial: serial, request, afterSeconds: seconds)]
            }
            // A failed one stays marked, so trying again is one key; one sent
            // without a reply may have been carried out, so the list is fetched to find out.
            var effects = advance(&state, .renewal(run))
            if case .outcomeUnknown = error { effects += startFetch(&state) }
            return effects
        case .renewed(let license):
            let before = state.catalog.licenses.first { $0.serial == license.serial }?.expireAt.date
            // The cursor stays on its row: when the renewed license sorts away,
            // the next one due is under it, ready for `r` `enter` again.
            let row = state.cursor
            state.upsert(license)
            state.moveCursor(to: row)
            if case .renew(let form) = state.overlay, form.serial == license.serial, var run = form.run {
                // The engine checks the reply against the plan the operator saw.
                run.received(license, for: license.serial)
                learn(&state, from: run)
                state.overlay = nil
                let line = run.outcomes[license.serial].map { RenewalReport.line(serial: license.serial, $0) } ?? ""
                if let reason = run.stopReason {
                    state.message = .init(text: "\(line). Not as planned: \(reason).", isError: true)
                } else {
                    state.message = .init(text: line, isError: { if case .shortened(_, _, false)? = run.outcomes[license.serial] { return true } else { return false } }())
                }
                return []
            }
            let text = before.map { RenewalReport.line(serial: license.serial, before: $0, after: license.expireAt.date) }
                ?? "Renewed \(license.serial.safeForDisplay(limit: 40)): now expires \(license.expireAt.date)."
            state.message = .init(text: text, isError: false)
            return []
        case .renewFailed(let serial, let error):
            if case .renew(var form) = state.overlay, form.serial == serial {
                if var run = form.run {
                    _ = run.failed(error, for: serial)
                    if run.keyMaximumRefuted { state.keyMaximum = .unknown }
                }
                form.run = nil
                form.submission = Submission(inFlight: false, failure: error.description, serverFieldErrors: fieldMap(error))
                state.overlay = .renew(form)
            } else {
                state.message = .init(text: "Renew of \(serial) failed: \(error)", isError: true)
            }
            if case .outcomeUnknown = error { return startFetch(&state) }
            return []
        case .deleted(let serial) where state.bulk?.inFlight.contains(serial) == true:
            state.remove(serial: serial)
            state.marked.remove(serial)
            return deletionStep(&state, serial: serial, .deleted)
        case .deleteFailed(let serial, let error) where state.bulk?.inFlight.contains(serial) == true:
            return deletionStep(&state, serial: serial, .failed(error.description))
        case .deleted(let serial):
            state.remove(serial: serial)
            if case .confirmDelete(let confirmation) = state.overlay, confirmation.serial == serial { state.overlay = nil }
            state.message = .init(text: "Deleted \(serial).", isError: false)
            return []
        case .deleteFailed(let serial, let error):
            if case .confirmDelete(var confirmation) = state.overlay, confirmation.serial == serial {
                confirmation.submission = Submission(inFlight: false, failure: error.description)
                state.overlay = .confirmDelete(confirmation)
            } else {
                state.message = .init(text: "Delete of \(serial) failed: \(error)", isError: true)
            }
            return []
        }
    }

    static func fieldMap(_ error: LicensingError) -> [String: String] {
        var fields: [String: String] = [:]
        for field in error.fieldErrors where fields[field.field] == nil { fields[field.field] = field.message }
        return fields
    }

    // MARK: Bulk renew

    static func handleBulkForm(_ state: inout DashboardState, _ form: inout BulkRenewForm, _ key: KeyPress) -> [Effect] {
        let today = state.today
        if form.confirming {
            form.confirming = false
            guard key == .character("y") || key == .character("Y") else {
                // Anything else is the default answer: No, back to the form.
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

    /// What a reply taught about the key's maximum is what every later plan starts from.
    static func learn(_ state: inout DashboardState, from run: RenewalRun) {
        if let learned = run.learned { state.keyMaximum = learned }
        if run.keyMaximumRefuted { state.keyMaximum = .unknown }
    }

    static func startFetch(_ state: inout DashboardState) -> [Effect] {
        guard !state.isFetching else { return [] }
        state.isFetching = true
        return [.fetch]
    }

    // MARK: Keys

    static func handleKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        if case .mouse(let mouse) = key { return MouseReducer.handle(&state, mouse) }
        switch state.overlay {
        case .help?:
            state.overlay = nil
            return []
        case .create(var form)?:
            let effects = FormReducer.handle(&form, key, today: state.today)
            state.overlay = effects.closed ? nil : .create(form)
            // Closed without creating: what was typed is kept for the next `c`.
            if effects.closed {
                var draft = form
                draft.submission = Submission()
                draft.attempted = false
                state.createDraft = draft.isBlank ? nil : draft
                if state.createDraft != nil {
                    state.message = .init(text: "Draft kept: press \(state.keyMap.label(for: .create)) to go on with it.", isError: false)
                }
            }
            return effects.submit ? [.create(form.request)] : []
        case .renew(var form)?:
            let effects = FormReducer.handle(&form, key, today: state.today)
            state.overlay = effects.closed ? nil : .renew(form)
            guard effects.submit, let run = form.run, let request = run.sentRequest(form.serial) else { return [] }
            return [.renew(serial: form.serial, request)]
        case .confirmDelete(var confirmation)?:
            if confirmation.submission.inFlight {
                if key == .escape { state.overlay = nil }
                return []
            }
            if key == .character("y") || key == .character("Y") {
                confirmation.submission = Submission(inFlight: true)
                state.overlay = .confirmDelete(confirmation)
                return [.delete(serial: confirmation.serial)]
            }
            // Anything else, enter included, is the default answer: No.
            state.overlay = nil
            state.message = .init(text: "Kept \(confirmation.serial).", isError: false)
            return []
        case .bulkRenew(var form)?:
            return handleBulkForm(&state, &form, key)
        case .bulkReport?, .gone?:
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
                    state.message = .init(text: "The serial is always shown: it names the license.", isError: false)
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
                state.message = .init(text: "columns = " + state.columns.map(\.name).joined(separator: ", ") + "  (put that line in the settings file to keep it)", isError: false)
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
            if key == .character("y") || key == .character("Y") { return startBulkDelete(&state, confirmation) }
            // Anything else, enter included, is the default answer: No.
            state.overlay = nil
            state.message = .init(text: "Kept all \(confirmation.serials.count).", isError: false)
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
            state.message = .init(text: "Stopping after the \(run.inFlight.count) renew\(run.inFlight.count == 1 ? "" : "s") in flight…", isError: false)
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
            state.message = .init(text: refusal, isError: true)
            return []
        }
        return handle(&state, command)
    }

    /// The one write gate every path that changes licenses asks: read-only
    /// mode, a list that is stale (never queued, never sent blind: a write waits
    /// for a refresh that reaches the API), or a bulk action still running.
    static func writeRefusal(_ state: DashboardState, verb: String) -> String? {
        if state.source.readOnly { return "Read-only mode: restart without --readonly to \(verb) licenses." }
        if state.hasLoaded, let reason = state.staleReason {
            return "\(verb.prefix(1).uppercased() + verb.dropFirst()) refused until a refresh reaches the API (\(state.keyMap.label(for: .refresh)) retries); the last one failed: \(reason.replacingControlCharacters())"
        }
        if state.bulk != nil { return "A bulk action is running: wait for its report, or press esc to stop it." }
        return nil
    }

    /// The history view: type to filter, ↑↓ choose, enter shows before and after,
    /// tab on a deleted license's entry opens the create form with its fields, esc closes.
    static func handleHistoryKey(_ state: inout DashboardState, _ browser: HistoryBrowser?, _ key: KeyPress) -> [Effect] {
        guard var browser else {
            if key == .escape || key == .character("q") { state.overlay = nil }
            return []
        }
        let count = browser.visible.count
        switch key {
        case .escape:
            if browser.showsDetail {
                browser.showsDetail = false
            } else if !browser.filter.isEmpty {
                browser.filter = ""
                browser.selected = 0
            } else {
                state.overlay = nil
                return []
            }
        case .up: browser.selected = max(0, browser.selected - 1)
        case .down: browser.selected = min(max(0, count - 1), browser.selected + 1)
        case .pageUp: browser.selected = max(0, browser.selected - 10)
        case .pageDown: browser.selected = min(max(0, count - 1), browser.selected + 10)
        case .enter: browser.showsDetail.toggle()
        case .tab:
            guard let entry = browser.selectedEntry, let form = HistoryBrowser.recreateForm(from: entry) else {
                state.message = .init(text: "Only a deleted license's entry can be issued again.", isError: true)
                return []
            }
            if let refusal = writeRefusal(state, verb: "create") {
                state.message = .init(text: refusal, isError: true)
                return []
            }
            state.overlay = .create(form)
            return []
        case .backspace:
            browser.filter = String(browser.filter.dropLast())
            browser.selected = 0
        case .character(let character):
            if browser.filter.count < 100 {
                browser.filter.append(character)
                browser.selected = 0
            }
        default:
            break
        }
        state.overlay = .history(browser)
        return []
    }

    static func handle(_ state: inout DashboardState, _ command: Command) -> [Effect] {
        let page = max(1, Layout(width: state.size.width, height: state.size.height).tableRows - 1)
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
            state.commandText = ""
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
            state.message = .init(text: "\(state.marked.count) marked: \(state.keyMap.label(for: .renew)) renews them all.", isError: false)
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
            state.message = .init(
                text: "Nothing due: no renewable license shown expires within \(state.thresholds.warningDays) days.", isError: false)
        case .focusDetail:
            state.focus = detailFocused ? .table : .detail
        case .history:
            state.overlay = .history(nil)
            return [.loadHistory]
        case .clearChanges:
            let count = state.changeMarks.count + state.goneLicenses.count
            state.changeMarks = [:]
            state.goneLicenses = []
            state.message = .init(text: count == 0 ? "No change markers to clear." : "Cleared \(count) change marker\(count == 1 ? "" : "s").", isError: false)
        case .goneList:
            guard !state.goneLicenses.isEmpty else {
                state.message = .init(text: "No license has gone since launch.", isError: false)
                return []
            }
            state.overlay = .gone(state.goneLicenses)
        case .create:
            state.overlay = .create(state.createDraft ?? CreateForm(offering: state.selectedLicense))
        case .renew where !state.marked.isEmpty:
            let (catalog, marked) = (state.catalog, state.marked)
            let shown = Set(state.visible.lazy.map { catalog.licenses[$0].serial })
            let entries = catalog.licenses.filter { marked.contains($0.serial) }
                .sorted { $0.expireAt < $1.expireAt }
                .map { BulkRenewForm.Entry(serial: $0.serial, issuedTo: $0.issuedTo, current: $0.expireAt.date, renewable: $0.renewable != false, hidden: !shown.contains($0.serial)) }
            state.overlay = .bulkRenew(BulkRenewForm(entries: entries, keyMaximum: state.keyMaximum))
        case .renew:
            guard let license = state.selectedLicense else {
                state.message = .init(text: "No license selected to renew.", isError: true)
                return []
            }
            if license.renewable == false {
                state.message = .init(text: "\(license.serial) is not renewable; create a new license instead.", isError: true)
                return []
            }
            state.overlay = .renew(RenewForm(
                serial: license.serial, issuedTo: license.issuedTo, currentExpiry: license.expireAt.date, keyMaximum: state.keyMaximum))
        case .delete where !state.marked.isEmpty:
            let serials = state.catalog.licenses.map(\.serial).filter(state.marked.contains)
            state.overlay = .confirmDeleteMarked(DeleteMarkedConfirmation(serials: serials, hidden: state.hiddenMarkedCount))
        case .delete:
            guard let license = state.selectedLicense else {
                state.message = .init(text: "No license selected to delete.", isError: true)
                return []
            }
            state.overlay = .confirmDelete(DeleteConfirmation(serial: license.serial, issuedTo: license.issuedTo))
        case .chooseColumns:
            state.overlay = .columns(ColumnChooser(columns: state.columns))
            return []
        case .copySerial, .copyDocument:
            guard let license = state.selectedLicense else {
                state.message = .init(text: "No license selected to copy.", isError: true)
                return []
            }
            let shown = license.serial.safeForDisplay(limit: 40)
            if command == .copySerial {
                state.message = .init(text: "Copied \(shown) to the clipboard.", isError: false)
                return [.copy(license.serial)]
            }
            state.message = .init(text: "Copied the license file of \(shown) (netifyd JSON, for /etc/netifyd/license.json).", isError: false)
            return [.copy(license.netifydDocumentText() + "\n")]
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

    /// The views a `:` command names, as filter terms.
    static let views: [String: String] = [
        "due": "status:due", "expired": "status:expired", "critical": "status:critical", "warning": "status:warning",
        "ok": "status:ok", "all": "",
    ]

    static func handleCommandKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            state.focus = .table
        case .backspace:
            if state.commandText.isEmpty { state.focus = .table } else { state.commandText.removeLast() }
        case .character(let character):
            if state.commandText.count < 40 { state.commandText.append(character) }
        case .tab:
            completeCommand(&state)
        case .enter:
            state.focus = .table
            let command = state.commandText.trimmingWhitespace().lowercased()
            // `:SERIAL` jumps to that license, clearing a filter that hides it.
            if LicenseRules.check(serial: command) == nil {
                guard state.catalog.licenses.contains(where: { $0.serial == command }) else {
                    state.message = .init(text: "No license \(command) in this list; f5 refreshes it.", isError: true)
                    return []
                }
                state.setFilterKeepingSelection(on: command)
                return []
            }
            if let terms = views[command] {
                state.setFilter(terms)
                state.message = .init(text: command == "all" ? "Showing all licenses." : "View: \(command). :all shows every license.", isError: false)
                return []
            }
            switch command {
            case "timeline": state.openTimeline()
            case "help": state.overlay = .help
            case "q", "quit": return handle(&state, .quit)
            default:
                let shown = String(command.prefix(30)).replacingControlCharacters()
                state.message = .init(text: "Unknown command :\(shown); try :due, :expired, :critical, :warning, :ok, :all, :timeline or :SERIAL (tab completes).", isError: true)
            }
        default:
            break
        }
        return []
    }

    /// The words `:` understands, for `tab`.
    static var commandNames: [String] { views.keys.sorted() + ["timeline", "help", "quit"] }

    /// `tab` after `:`: a command name or a serial of the list, completed as
    /// far as the candidates agree; several are named on the status line.
    static func completeCommand(_ state: inout DashboardState) {
        let typed = state.commandText.trimmingWhitespace().lowercased()
        var candidates = commandNames.filter { $0.hasPrefix(typed) }
        if let first = typed.first, first.isNumber {
            candidates = state.catalog.licenses.lazy.map(\.serial).filter { $0.hasPrefix(typed) }.prefix(50).map { $0 }
        }
        guard let first = candidates.first else {
            state.message = .init(text: "Nothing to complete for :\(String(typed.prefix(30)).replacingControlCharacters()).", isError: true)
            return
        }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        state.commandText = String(common.prefix(40)).replacingControlCharacters()
        if candidates.count > 1 {
            let listed = candidates.prefix(6).map { $0.safeForDisplay(limit: 40) }.joined(separator: " ")
            state.message = .init(text: "\(candidates.count == 50 ? "50+" : String(candidates.count)) match: \(listed)\(candidates.count > 6 ? " …" : "")", isError: false)
        }
    }

    static func handleFilterKey(_ state: inout DashboardState, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            state.focus = .table
            state.setFilter("")
        case .enter, .tab, .down, .up:
            state.focus = .table
        case .backspace:
            state.setFilter(String(state.filterText.dropLast()))
        case .control("u"):
            state.setFilter("")
        case .character(let character):
            if state.filterText.count < 200 { state.setFilter(state.filterText + String(character)) }
        default:
            break
        }
        return []
    }
}

extension DashboardState {
    /// Counts the weeks once, when the overlay opens; frames only draw them.
    mutating func openTimeline() {
        overlay = .timeline(ExpiryTimeline(catalog.licenses, now: now, thresholds: thresholds, weeks: ExpiryTimeline.weeksShown), selected: 1)
    }

    mutating func markFetched(at time: Int64) {
        isFetching = false
        hasLoaded = true
        lastFetched = time
        staleReason = nil
        cachedAt = nil
    }

    /// Adds a refresh's changes to the markers the operator has not cleared yet.
    mutating func noteChanges(_ changes: ListChanges) {
        for (serial, kind) in changes.kinds where changeMarks[serial] != .new { changeMarks[serial] = kind }
        let gone = Set(changes.gone.map(\.serial))
        for serial in gone { changeMarks[serial] = nil }
        goneLicenses.removeAll { gone.contains($0.serial) }
        goneLicenses += changes.gone
        // A license that comes back is no longer gone.
        let back = Set(changes.new.map(\.serial))
        goneLicenses.removeAll { back.contains($0.serial) }
    }

    /// After a create, show the new license: clear a filter that would hide it and select it.
    mutating func setFilterKeepingSelection(on serial: String) {
        if !visible.contains(where: { catalog.licenses[$0].serial == serial }) { setFilter("") }
        if let row = visible.firstIndex(where: { catalog.licenses[$0].serial == serial }) { moveCursor(to: row) }
    }
}
