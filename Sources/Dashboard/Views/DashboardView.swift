import LicenseModel
import TerminalUI

/// Renders a state into a grid of cells: everything the operator sees, at any size.
public enum DashboardView {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public static func render(_ state: DashboardState) -> CellGrid {
        let layout = state.layout
        var grid = CellGrid(width: layout.width, height: layout.height, role: Role.base.rawValue)
        if layout.isTooSmall {
            renderTooSmall(&grid, layout)
            return grid
        }
        renderHeader(&grid, state, layout)
        let detailInstead = layout.detail == .instead && state.focus == .detail
        if detailInstead {
            renderDetail(&grid, state, column: 0, row: 1, width: layout.width, height: layout.statusRow - 1)
        } else {
            renderTable(&grid, state, layout)
            switch layout.detail {
            case .beside(let column, let width):
                for row in 1..<layout.statusRow { grid.write("│", column: column - 1, row: row, role: .border) }
                renderDetail(&grid, state, column: column, row: 1, width: width, height: layout.statusRow - 1)
            case .below(let row, let height):
                grid.write(String(repeating: "─", count: layout.width), column: 0, row: row - 1, role: .border)
                renderDetail(&grid, state, column: 0, row: row, width: layout.width, height: height)
            case .instead:
                break
            }
        }
        renderStatusLine(&grid, state, layout)
        renderFooter(&grid, state, layout)
        switch state.overlay {
        case .help?: HelpView.render(&grid, state)
        case .create(let form)?: FormView.render(&grid, form, state: state)
        case .renew(let form)?: FormView.render(&grid, form, state: state)
        case .confirmDelete(let confirmation)?: FormView.render(&grid, confirmation, state: state)
        case .bulkRenew(let form)?: FormView.render(&grid, form, state: state)
        case .bulkReport(let run)?: FormView.render(&grid, run, state: state)
        case .confirmDeleteMarked(let confirmation)?: FormView.render(&grid, confirmation, state: state)
        case .timeline(let timeline, let selected)?: TimelineView.render(&grid, timeline, selected: selected)
        case .columns(let chooser)?: FormView.render(&grid, chooser)
        case .gone(let licenses)?: ChangesView.renderGone(&grid, licenses, clearKey: state.keyMap.label(for: .clearChanges))
        case .history(let browser)?: HistoryView.render(&grid, browser)
        case .messageLog?: ChangesView.renderMessageLog(&grid, state)
        case nil: break
        }
        return grid
    }

    static func renderTooSmall(_ grid: inout CellGrid, _ layout: Layout) {
        let lines = ["Terminal too small", "\(layout.width)x\(layout.height), need \(Layout.minimumWidth)x\(Layout.minimumHeight)", "Enlarge it, or q to quit"]
        let top = max(0, layout.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let cut = DisplayWidth.truncate(line, to: layout.width)
            grid.write(cut, column: max(0, (layout.width - DisplayWidth.of(cut)) / 2), row: top + offset, role: offset == 0 ? .statusError : .base)
        }
    }

    // MARK: Header

    static func renderHeader(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        grid.fill(row: 0, role: .header)
        var column = grid.write(" netify-licenses ", column: 0, row: 0, role: .header)
        if let context = state.source.context {
            column = grid.write(" \(context) ", column: column, row: 0, role: .context(color: state.source.contextColor)) + 1
        }
        if state.source.isSandbox {
            column = grid.write(" SANDBOX ", column: column, row: 0, role: .sandboxBadge) + 1
        }
        if state.source.readOnly {
            column = grid.write(" READ-ONLY ", column: column, row: 0, role: .sandboxBadge) + 1
        }
        // Ranked: what says the data may be wrong first (STALE, unreadable
        // entries, a context that did not answer), then the fleet's counts,
        // then the view and marks, the endpoint and the time last. Each has a
        // compact form; at a narrow width lower ranks go compact, then go.
        // The spinner has a slot of its own at the right edge, so nothing
        // moves while a refresh runs.
        let spinnerSlot = 2
        let available = layout.width - column - spinnerSlot
        let items = headerItems(state).filter { !$0.full.isEmpty }
        var forms = items.map(\.full)
        func width(_ count: Int) -> Int { forms.prefix(count).reduce(0) { $0 + DisplayWidth.of($1) + 2 } }
        var shown = items.count
        // Compact from the lowest rank up, then drop from the lowest rank up.
        for index in items.indices.reversed() where width(shown) > available { forms[index] = items[index].compact }
        while shown > 0, width(shown) > available { shown -= 1 }
        // Room left over goes back to the highest ranks' full forms.
        for index in 0..<shown where forms[index] != items[index].full {
            let compact = forms[index]
            forms[index] = items[index].full
            if width(shown) > available { forms[index] = compact }
        }
        for index in 0..<shown {
            // The time goes to the right edge, beside the spinner.
            if items[index].isTime { column = max(column, layout.width - spinnerSlot - DisplayWidth.of(forms[index]) - 1) }
            column = grid.write(forms[index], column: column, row: 0, role: items[index].role) + 2
        }
        if state.isFetching { grid.write(spinner[state.spinnerFrame % spinner.count], column: layout.width - spinnerSlot, row: 0, role: .header) }
    }

    // MARK: Table

    static func renderTable(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let columns = state.tableColumns
        let headerRow = 1
        grid.fill(row: headerRow, to: layout.tableWidth, role: .columnHeader)
        var x = 0
        for (column, width) in columns {
            var title = column.title
            let sorted = column.sortField == state.sort.field
            // The arrow is never the part cut off: the title gives way to it.
            if sorted { title = DisplayWidth.truncate(title, to: max(1, width - 1)) + (state.sort.ascending ? "▲" : "▼") }
            grid.write(DisplayWidth.pad(title, to: width, alignRight: column.alignsRight), column: x, row: headerRow, role: sorted ? .columnSorted : .columnHeader)
            x += width + 1
        }
        let rows = layout.tableRows
        if state.visible.isEmpty {
            let text: String
            if !state.hasLoaded, let reason = state.staleReason {
                // Never loaded: say so, and give the whole advice room to be read.
                var row = headerRow + 2
                for line in wrap("Could not load licenses: " + reason.replacingControlCharacters(), width: max(1, layout.tableWidth - 2)) {
                    guard row < headerRow + 1 + layout.tableRows else { break }
                    grid.write(line, column: 1, row: row, role: .statusError)
                    row += 1
                }
                return
            }
            if !state.hasLoaded { text = state.isFetching ? "Loading licenses…" : "No data yet." }
            else if state.catalog.count == 0 { text = "No licenses yet. Press \(state.keyMap.label(for: .create)) to create one." }
            else { text = "No license matches \"\(state.filterText)\". Press esc to clear the filter." }
            grid.write(DisplayWidth.truncate(text, to: layout.tableWidth - 2), column: 1, row: headerRow + 2, role: .base)
            return
        }
        let focusedTable = state.focus != .detail
        for offset in 0..<rows {
            let index = state.scroll + offset
            guard index < state.visible.count else { break }
            let row = headerRow + 1 + offset
            let license = state.license(atRow: index)
            let status = state.thresholds.status(of: license.expireAt, now: state.now)
            let selected = index == state.cursor
            let isMarked = state.marked.contains(license.serial)
            let rowRole: Role = selected ? (focusedTable ? .selection : .selectionUnfocused) : (isMarked ? .marked : .row)
            grid.fill(row: row, to: layout.tableWidth, role: rowRole)
            var x = 0
            for (column, width) in columns {
                let text: String
                var role = rowRole
                switch column {
                case .status:
                    text = status.symbol
                    if !selected { role = status.role }
                case .serial: text = license.serial
                case .issuedTo: text = license.issuedTo
                case .entitlements: text = license.entitlements.map(\.shortName).joined(separator: ",")
                case .target: text = license.targetUID ?? "—"
                case .expires:
                    text = license.expireAt.date.description
                    if !selected { role = status.role }
                case .daysLeft:
                    text = String(license.daysLeft(now: state.now))
                    if !selected { role = status.role }
                case .renewable: text = LicenseField.renewable.displayText(of: license)
                case .created: text = license.createdAt?.date.description ?? "—"
                case .description: text = (license.texts[.description] ?? "").replacingControlCharacters()
                case .context:
                    let name = state.licenseContexts?[license.serial] ?? "?"
                    // A context whose refresh failed is marked on its own rows; the others are fresh.
                    if state.staleContexts[name] != nil {
                        text = name + " STALE"
                        role = .stale
                    } else {
                        text = name
                        if !selected { role = .context(color: state.contextColors[name]) }
                    }
                }
                grid.write(DisplayWidth.pad(text, to: width, alignRight: column.alignsRight), column: x, row: row, role: role)
                x += width + 1
            }
            // A mark is a sign as well as a colour: `•` between the status and the serial.
            if isMarked, layout.tableWidth > 2 {
                grid.write("•", column: 1, row: row, role: selected ? rowRole : .marked)
            } else if let change = state.changeMarks[license.serial], layout.tableWidth > 2 {
                // What a refresh changed, until cleared: + new, ↻ renewed elsewhere, ~ changed.
                grid.write(ChangesView.sign(change), column: 1, row: row, role: selected ? rowRole : .marked)
            }
        }
    }

    // MARK: Detail

    static func renderDetail(_ grid: inout CellGrid, _ state: DashboardState, column: Int, row: Int, width: Int, height: Int) {
        guard width > 4, height > 0 else { return }
        grid.fill(column: column, row: row, width: width, height: height, role: .detail)
        guard let license = state.selectedLicense else {
            grid.write("No license selected.", column: column + 1, row: row, role: .detail, limit: width - 2)
            return
        }
        let lines = DetailView.lines(for: license, state: state, width: width - 2)
        let focused = state.focus == .detail
        let title = (focused ? "▶ " : "") + license.serial
        grid.write(DisplayWidth.truncate(title, to: width - 2), column: column + 1, row: row, role: focused ? .columnSorted : .detailLabel)
        let bodyHeight = height - 1
        let maxScroll = max(0, lines.count - bodyHeight)
        let scroll = min(state.detailScroll, maxScroll)
        for (offset, line) in lines.dropFirst(scroll).prefix(bodyHeight).enumerated() {
            var x = column + 1
            for segment in line {
                x = grid.write(segment.text, column: x, row: row + 1 + offset, role: segment.role, limit: column + width - 1 - x)
            }
        }
        if lines.count > bodyHeight {
            let more = scroll < maxScroll ? "↓ more" : "end"
            grid.write(more, column: column + width - DisplayWidth.of(more) - 1, row: row, role: .detailLabel)
        }
    }

    /// One part of the header, in its full and its compact form.
    struct HeaderItem {
        var full: String
        var compact: String
        var role: Role = .header
        var isTime = false
    }

    /// The header's parts, most important first.
    static func headerItems(_ state: DashboardState) -> [HeaderItem] {
        var items: [HeaderItem] = []
        if state.staleReason != nil, state.hasLoaded { items.append(HeaderItem(full: " STALE ", compact: " STALE ", role: .stale)) }
        if state.unreadableCount > 0 { items.append(HeaderItem(full: "⚠ \(state.unreadableCount) unreadable", compact: "⚠\(state.unreadableCount)")) }
        if !state.staleContexts.isEmpty {
            let names = state.staleContexts.keys.sorted().joined(separator: ", ")
            items.append(HeaderItem(full: "⚠ stale: \(names)", compact: "⚠ \(names)"))
        }
        let counts = state.statusCounts
        let statuses: [ExpiryStatus] = [.expired, .critical, .warning]
        items.append(HeaderItem(
            full: statuses.map { "\($0.symbol) \(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: "  "),
            compact: statuses.map { "\($0.symbol)\(counts[$0] ?? 0)" }.joined(separator: " ")))
        items.append(HeaderItem(full: "\(state.visible.count)/\(state.catalog.count) shown", compact: "\(state.visible.count)/\(state.catalog.count)"))
        // A view chosen with `:` is named in the header.
        if let view = Reducer.views.first(where: { !$0.value.isEmpty && $0.value == state.filterText })?.key {
            items.append(HeaderItem(full: "view: \(view)", compact: ":\(view)"))
        }
        if !state.marked.isEmpty {
            let hidden = state.hiddenMarkedCount
            items.append(HeaderItem(full: "• \(state.marked.count) marked" + (hidden > 0 ? " (\(hidden) hidden)" : ""), compact: "•\(state.marked.count)"))
        }
        if let pending = state.teamPending, pending > 0 { items.append(HeaderItem(full: "journal: \(pending) pending", compact: "j:\(pending)")) }
        if let changes = state.changeSummary { items.append(HeaderItem(full: changes, compact: state.changeSummary(compact: true) ?? changes)) }
        if let cachedAt = state.cachedAt {
            let age = Age.describe(seconds: max(0, state.now - cachedAt))
            items.append(HeaderItem(full: "cached " + age, compact: "cached " + age))
        }
        if !state.source.isSandbox {
            items.append(HeaderItem(full: DisplayWidth.truncate(state.source.endpoint, to: 40), compact: DisplayWidth.truncate(state.source.endpoint, to: 16)))
        }
        // A cached list says its age among the counts; the clock is for fresh data.
        if let fetched = state.lastFetched, state.cachedAt == nil {
            items.append(HeaderItem(full: "updated " + UTCTime.clock(fetched) + " UTC", compact: UTCTime.clock(fetched), isTime: true))
        }
        return items
    }

    // MARK: Status and footer

    static func renderStatusLine(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let row = layout.statusRow
        // A bulk renew in progress: its count, and how to stop it.
        if state.focus == .command {
            grid.fill(row: row, role: .filter)
            var x = grid.write(" :", column: 0, row: row, role: .filter)
            x = lineSegments(state.commandLine, width: layout.width - x - 2).reduce(x) { grid.write($1.text, column: $0, row: row, role: $1.role) }
            // What can be typed here: what tab found, the contexts after `ctx `, else the views.
            let typed = String(state.commandText.drop { $0 == " " }).lowercased()
            let hint: String
            if let completion = state.completion {
                hint = completion.hint
            } else if typed.hasPrefix("ctx") {
                hint = state.contextNames.isEmpty ? "no contexts in the settings file" : (state.contextNames + ["all"]).joined(separator: " · ")
            } else {
                hint = "due · expired · critical · warning · ok · all · timeline" + (state.contextNames.isEmpty ? "" : " · ctx")
            }
            grid.write(hint, column: max(x + 3, layout.width - DisplayWidth.of(hint) - 1), row: row, role: .status, limit: max(0, layout.width - x - 3))
            return
        }
        if let run = state.bulk, state.focus != .filter {
            grid.fill(row: row, role: .status)
            let verb: String
            if case .deletion = run { verb = "Deleting" } else { verb = "Renewing" }
            let text = run.isStopping
                ? " Stopping: \(run.inFlight.count) in flight, \(run.finished)/\(run.total) done"
                : " \(verb) \(run.finished)/\(run.total) · esc stops after the requests in flight"
            grid.write(text, column: 0, row: row, role: .status, limit: layout.width)
            return
        }
        // Typing a filter shows the filter; otherwise news first: a result, a failure, then the filter.
        if state.focus != .filter {
            // Once data is shown, an answer to the last key (a refused write, say)
            // comes before the stale line; it fades, and the stale line returns.
            if let stale = state.staleReason, !(state.hasLoaded && state.message != nil) {
                grid.fill(row: row, role: .statusError)
                let text = state.hasLoaded
                    ? " Refresh failed, showing data from \(state.lastFetched.map { UTCTime.clock($0) } ?? "earlier"): \(stale)"
                    : " Could not load licenses: \(stale)"
                grid.write(text.replacingControlCharacters(), column: 0, row: row, role: .statusError, limit: layout.width)
                return
            }
            if let message = state.message {
                let role: Role = message.isError ? .statusError : .status
                grid.fill(row: row, role: role)
                grid.write(" " + message.text, column: 0, row: row, role: role, limit: layout.width)
                return
            }
        }
        grid.fill(row: row, role: .status)
        if !state.visible.isEmpty, state.focus != .filter {
            let position = "\(state.cursor + 1)/\(state.visible.count) "
            grid.write(position, column: layout.width - DisplayWidth.of(position), row: row, role: .status)
        }
        if state.focus == .filter || !state.filterText.isEmpty {
            var x = grid.write(" /", column: 0, row: row, role: .filter)
            if state.focus == .filter {
                x = lineSegments(state.filterLine, width: max(1, layout.width - 30)).reduce(x) { grid.write($1.text, column: $0, row: row, role: $1.role) }
            } else {
                x = grid.write(state.filterText, column: x, row: row, role: .filter, limit: layout.width - 30)
            }
            let hint = state.focus == .filter ? "enter keep · esc clear" : "esc clears the filter"
            grid.write(hint, column: max(x + 2, layout.width - DisplayWidth.of(hint) - 12), row: row, role: .status, limit: layout.width - x - 2)
            return
        }
        let sortName = DashboardColumns.Column.allCases.first { $0.sortField == state.sort.field }?.title.lowercased() ?? state.sort.field.rawValue
        let text = " Sorted by \(sortName) \(state.sort.ascending ? "▲" : "▼") · critical ≤ \(state.thresholds.criticalDays) d · warning ≤ \(state.thresholds.warningDays) d"
        grid.write(text, column: 0, row: row, role: .status, limit: layout.width - 12)
    }

    /// The `:` and `/` lines as they are edited: the text around the cursor, the cursor a highlighted cell.
    static func lineSegments(_ line: TextInput, width: Int) -> [(text: String, role: Role)] {
        let segments = FormView.inputSegments(line, width: width, focused: true, padded: false)
        return segments.map { ($0.text, $0.role == .fieldFocused ? Role.filter : $0.role) }
    }

    static func renderFooter(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let row = layout.footerRow
        grid.fill(row: row, role: .footer)
        var hints: [(Command, String)] = [(.help, "help"), (.filter, "filter"), (.nextDue, "next due"), (.renew, "renew"), (.create, "create"), (.delete, "delete"), (.sortNext, "sort"), (.focusDetail, "detail"), (.refresh, "refresh"), (.quit, "quit")]
        // The detail pane focused: its own keys, not the table's.
        if state.focus == .detail {
            hints = [(.down, "scroll down"), (.up, "scroll up"), (.pageDown, "page"), (.focusDetail, "back to the table"), (.renew, "renew"), (.copyDocument, "copy license file"), (.help, "help"), (.quit, "quit")]
        }
        if state.source.readOnly { hints.removeAll { $0.0.writes } }
        // A dialog open: the keys it answers to, never the table's underneath it.
        let shown = state.overlay.map(overlayHints) ?? hints.map { (state.keyMap.label(for: $0.0), $0.1) }
        var x = 1
        for (key, label) in shown {
            let width = DisplayWidth.of(key) + DisplayWidth.of(label) + 3
            guard x + width <= layout.width else { break }
            x = grid.write(key, column: x, row: row, role: .footerKey)
            x = grid.write(" " + label + "  ", column: x, row: row, role: .footer)
        }
    }

    /// The keys a dialog answers to, as the footer names them. While its write
    /// is on its way a dialog only hides (esc): the write goes on, and its reply
    /// shows in the table.
    static func overlayHints(_ overlay: DashboardState.Overlay) -> [(String, String)] {
        let question = [("y", "yes"), ("any other key", "no")]
        let form = [("tab", "next field"), ("shift-tab", "previous"), ("enter", "send"), ("esc", "cancel")]
        let sending = [("esc", "hide (the write goes on)")]
        switch overlay {
        case .create(let create): return create.submission.inFlight ? sending : create.confirmingReissue ? question : form
        case .renew(let renew): return renew.submission.inFlight ? sending : renew.confirmingRisk != nil ? question : form
        case .bulkRenew(let bulk): return bulk.confirming ? question : [("tab", "expiry or days"), ("←→", "how"), ("enter", "review"), ("esc", "cancel")]
        case .confirmDelete(let confirmation): return confirmation.submission.inFlight ? sending : question
        case .confirmDeleteMarked: return question
        case .help: return [("↑↓", "scroll"), ("esc", "close")]
        case .timeline: return [("↑↓", "choose"), ("enter", "show that week"), ("esc", "close")]
        case .history: return [("↑↓", "move"), ("enter", "details"), ("type", "filter"), ("esc", "close")]
        case .columns: return [("↑↓", "move"), ("space", "show or hide"), ("J K", "reorder"), ("enter", "done")]
        case .bulkReport, .gone, .messageLog: return [("any key", "close")]
        }
    }
}
