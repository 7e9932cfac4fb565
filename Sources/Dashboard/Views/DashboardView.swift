import LicenseModel
import TerminalUI

/// Renders a state into a grid of cells: everything the operator sees, at any size.
public enum DashboardView {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public static func render(_ state: DashboardState) -> CellGrid {
        let layout = Layout(width: state.size.width, height: state.size.height)
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
        let counts = state.statusCounts
        // Drawn in this order while they fit: what the fleet's state is comes
        // first (an unreadable reply, then the status counts), then the rest.
        var segments: [String] = []
        segments.append("\(state.visible.count)/\(state.catalog.count) shown")
        if state.unreadableCount > 0 { segments.append("⚠ \(state.unreadableCount) unreadable") }
        if !state.staleContexts.isEmpty { segments.append("⚠ stale: \(state.staleContexts.keys.sorted().joined(separator: ", "))") }
        if let pending = state.teamPending, pending > 0 { segments.append("journal: \(pending) pending") }
        segments.append("\(ExpiryStatus.expired.symbol) \(counts[.expired] ?? 0) expired")
        segments.append("\(ExpiryStatus.critical.symbol) \(counts[.critical] ?? 0) critical")
        segments.append("\(ExpiryStatus.warning.symbol) \(counts[.warning] ?? 0) warning")
        if !state.marked.isEmpty {
            let hidden = state.hiddenMarkedCount
            segments.append("• \(state.marked.count) marked" + (hidden > 0 ? " (\(hidden) hidden)" : ""))
        }
        // A view chosen with `:` is named in the header.
        if let view = Reducer.views.first(where: { !$0.value.isEmpty && $0.value == state.filterText })?.key {
            segments.append("view: \(view)")
        }
        if let cachedAt = state.cachedAt {
            segments.append("cached " + Age.describe(seconds: max(0, state.now - cachedAt)))
        }
        // The changes in words where they fit, else in the rows' signs.
        var shorter: [String: String] = [:]
        if let changes = state.changeSummary {
            segments.append(changes)
            shorter[changes] = state.changeSummary(compact: true)
        }
        var right = ""
        if state.isFetching { right = spinner[state.spinnerFrame % spinner.count] + (state.hasLoaded ? " refreshing" : " loading") }
        // The counts matter more than the time: the time shows only where every count fits beside it.
        // A cached list says its age among the counts; the clock is for fresh data.
        if let fetched = state.lastFetched, state.cachedAt == nil {
            let withTime = right + (right.isEmpty ? "" : "  ") + "updated " + UTCTime.clock(fetched) + " UTC"
            let countsWidth = segments.reduce(0) { $0 + DisplayWidth.of($1) + 2 }
            if layout.width - column - DisplayWidth.of(withTime) - 2 >= countsWidth { right = withTime }
        }
        let rightWidth = DisplayWidth.of(right)
        var available = layout.width - column - rightWidth - 2
        for full in segments {
            var segment = full
            if DisplayWidth.of(segment) + 2 > available, let short = shorter[full] { segment = short }
            let width = DisplayWidth.of(segment) + 2
            guard width <= available else { break }
            column = grid.write(segment + "  ", column: column, row: 0, role: .header)
            available -= width
        }
        if !state.source.isSandbox, available > 12 {
            let endpoint = DisplayWidth.truncate(state.source.endpoint, to: min(available - 2, 40))
            column = grid.write(endpoint, column: column, row: 0, role: .header)
        }
        if state.staleReason != nil, state.hasLoaded {
            let stale = " STALE "
            let start = layout.width - rightWidth - DisplayWidth.of(stale) - 2
            if start > column { grid.write(stale, column: start, row: 0, role: .stale) }
        }
        grid.write(right, column: max(column, layout.width - rightWidth - 1), row: 0, role: .header)
    }

    // MARK: Table

    static func renderTable(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let columns = DashboardColumns.layout(width: layout.tableWidth, columns: (state.licenseContexts == nil ? [] : [.context]) + state.columns)
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
                case .description: text = (license.description ?? "").replacingControlCharacters()
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

    // MARK: Status and footer

    static func renderStatusLine(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let row = layout.statusRow
        // A bulk renew in progress: its count, and how to stop it.
        if state.focus == .command {
            grid.fill(row: row, role: .filter)
            let x = grid.write(" :" + state.commandText, column: 0, row: row, role: .filter, limit: layout.width - 2)
            grid.write("▏", column: x, row: row, role: .filter)
            // What can be typed here: the contexts after `ctx `, what tab found when it found several, else the views.
            let typed = String(state.commandText.drop { $0 == " " }).lowercased()
            let hint: String
            if let message = state.message, !message.isError, message.text.contains(" match: ") {
                hint = message.text
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
            x = grid.write(state.filterText, column: x, row: row, role: .filter, limit: layout.width - 30)
            if state.focus == .filter { grid.write("▏", column: x, row: row, role: .filter) }
            let hint = state.focus == .filter ? "enter keep · esc clear" : "esc clears the filter"
            grid.write(hint, column: max(x + 2, layout.width - DisplayWidth.of(hint) - 12), row: row, role: .status, limit: layout.width - x - 2)
            return
        }
        let sortName = DashboardColumns.Column.allCases.first { $0.sortField == state.sort.field }?.title.lowercased() ?? state.sort.field.rawValue
        let text = " Sorted by \(sortName) \(state.sort.ascending ? "▲" : "▼") · critical ≤ \(state.thresholds.criticalDays) d · warning ≤ \(state.thresholds.warningDays) d"
        grid.write(text, column: 0, row: row, role: .status, limit: layout.width - 12)
    }

    static func renderFooter(_ grid: inout CellGrid, _ state: DashboardState, _ layout: Layout) {
        let row = layout.footerRow
        grid.fill(row: row, role: .footer)
        var hints: [(Command, String)] = [(.help, "help"), (.filter, "filter"), (.nextDue, "next due"), (.renew, "renew"), (.create, "create"), (.delete, "delete"), (.sortNext, "sort"), (.focusDetail, "detail"), (.refresh, "refresh"), (.quit, "quit")]
        if state.source.readOnly { hints.removeAll { $0.0.writes } }
        var x = 1
        for (command, label) in hints {
            let key = state.keyMap.label(for: command)
            let width = DisplayWidth.of(key) + DisplayWidth.of(label) + 3
            guard x + width <= layout.width else { break }
            x = grid.write(key, column: x, row: row, role: .footerKey)
            x = grid.write(" " + label + "  ", column: x, row: row, role: .footer)
        }
    }
}
