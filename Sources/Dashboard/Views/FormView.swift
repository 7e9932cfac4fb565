import LicenseModel
import TerminalUI

/// The create and renew forms and the delete confirmation, as centred dialogs
/// that scroll to keep the focused field in view at any terminal size.
enum FormView {
    struct Line {
        var segments: [(text: String, role: Role)]
        var focused = false
        /// Part of a question being asked (a yes awaited): the dialog scrolls
        /// so that all of it, its buttons last, is in view. A yes is never asked blind.
        var question = false
    }

    static let labelWidth = 14

    static func render(_ grid: inout CellGrid, _ form: CreateForm, state: DashboardState) {
        let width = dialogWidth(grid)
        let inner = width - 4
        let problems = form.problems(today: state.today)
        var lines: [Line] = []
        // While a question is asked, y or another key answers it: no field shows a cursor.
        let fieldFocus: CreateForm.Field? = form.confirmingReissue ? nil : form.focus
        func textField(_ field: CreateForm.Field) {
            guard let input = form.input(field) else { return }
            let focused = fieldFocus == field
            var segments = [(text: DisplayWidth.pad(field.label, to: labelWidth), role: Role.dialog)]
            let problem = problems[field]
            // The limit beside the field, so nothing typed past it comes as a surprise.
            let counter = CreateForm.rule(for: field).map { " \(input.text.count)/\($0.limit)" } ?? ""
            let fieldWidth = max(6, inner - labelWidth - DisplayWidth.of(counter))
            segments += inputSegments(input, width: fieldWidth, focused: focused)
            if !counter.isEmpty { segments.append((text: counter, role: problem == nil ? .dialog : .fieldError)) }
            lines.append(Line(segments: segments, focused: focused))
            // Messages are wrapped under the field, never cut at the dialog's edge.
            if let problem { lines += labelled("", "✖ " + problem, role: .fieldError, inner: inner, focused: focused) }
        }
        lines.append(Line(segments: [(text: form.replacing.map { "New license replacing \($0.serial.safeForDisplay(limit: 40))" } ?? "New license", role: .dialogTitle)]))
        if let notice = form.notice {
            for text in wrap(notice, width: max(1, inner)) { lines.append(Line(segments: [(text: text, role: .dialog)])) }
        }
        textField(.issuedTo)
        let entitlementProblem = problems[.entitlements].map { "  ✖ " + $0 } ?? ""
        lines.append(Line(segments: [(text: DisplayWidth.pad("Entitlements", to: labelWidth), role: .dialog), (text: "space toggles" + entitlementProblem, role: entitlementProblem.isEmpty ? .dialog : .fieldError)], focused: false))
        for (index, entitlement) in Entitlement.known.enumerated() {
            let focused = fieldFocus == .entitlements && form.entitlementCursor == index
            let box = form.entitlements.contains(entitlement) ? "[x] " : "[ ] "
            let text = box + DisplayWidth.pad(entitlement.rawValue, to: 26) + " " + entitlement.summary
            lines.append(Line(segments: [(text: "  ", role: .dialog), (text: DisplayWidth.truncate(text, to: inner - 2), role: focused ? .fieldFocused : .dialog)], focused: focused))
        }
        lines.append(expiryLine(form.expiry, focused: fieldFocus == .expiryMode))
        if form.expiry.mode != .keyMaximum {
            textField(.expiryValue)
            // The date "after N days" gives (or how far a date is), as the renew form shows its result.
            if let outcome = form.expiry.outcome(today: state.today) {
                lines.append(Line(segments: [(text: String(repeating: " ", count: labelWidth), role: .dialog), (text: "→ " + outcome, role: .dialog)]))
            }
        }
        textField(.targetUID)
        for text in FreeText.allCases { textField(.text(text)) }
        lines.append(Line(segments: []))
        if let replaced = form.replacing, form.confirmingReissue {
            let serial = replaced.serial.safeForDisplay(limit: 40)
            for text in wrap("Create the new license, then delete \(serial) (issued to \(replaced.issuedTo.safeForDisplay(limit: 60)), expires \(replaced.expiry))?", width: inner) {
                lines.append(Line(segments: [(text: text, role: .dialogTitle)], question: true))
            }
            // What changes, before → after, so a dropped entitlement or a shorter term is seen before the yes.
            let request = form.request
            let before = replaced.entitlements.map(\.shortName).sorted().joined(separator: ","), after = request.entitlements.map(\.shortName).sorted().joined(separator: ",")
            let device = (replaced.targetUID ?? "none").safeForDisplay(limit: 40), newDevice = (request.targetUID ?? "none").safeForDisplay(limit: 40)
            var changes = ["entitlements \(before)\(before == after ? "" : " → " + after)", "device \(device)\(device == newDevice ? "" : " → " + newDevice)"]
            switch request.expiry {
            case .date(let date): changes.append("expires \(replaced.expiry)\(date == replaced.expiry ? "" : " → \(date)")\(date < replaced.expiry ? " (EARLIER)" : "")")
            case .durationDays(let days): changes.append("expires \(replaced.expiry) → \(state.today.adding(days: days))\(state.today.adding(days: days) < replaced.expiry ? " (EARLIER)" : "")")
            case .keyMaximum: changes.append("expires \(replaced.expiry) → the key's longest term")
            }
            for text in wrap(changes.joined(separator: " · "), width: inner) { lines.append(Line(segments: [(text: text, role: .dialog)], question: true)) }
            lines += answerLines(yes: "Yes, re-issue", hint: "y re-issues · any other key goes back to the form")
        } else {
            lines += submissionLines(form.submission, action: form.replacing == nil ? "create" : "re-issue", state: state, width: inner)
        }
        draw(&grid, title: form.replacing == nil ? "Create license" : "Re-issue license", lines: lines, width: width)
    }

    static func render(_ grid: inout CellGrid, _ form: RenewForm, state: DashboardState) {
        let width = dialogWidth(grid)
        let inner = width - 4
        var lines: [Line] = []
        lines.append(Line(segments: [(text: DisplayWidth.pad("License", to: labelWidth), role: .dialog), (text: form.serial, role: .dialogTitle)]))
        lines.append(Line(segments: [(text: DisplayWidth.pad("Issued to", to: labelWidth), role: .dialog), (text: form.issuedTo.replacingControlCharacters(), role: .dialog)]))
        lines.append(Line(segments: [(text: DisplayWidth.pad("Now expires", to: labelWidth), role: .dialog), (text: "\(form.currentExpiry) (\(RelativeDate.describe(form.currentExpiry, today: state.today)))", role: .dialog)]))
        // While a question is asked, y or another key answers it: no field shows a cursor.
        let fieldFocus: RenewForm.Field? = form.confirmingRisk == nil ? form.focus : nil
        lines.append(expiryLine(form.expiry, focused: fieldFocus == .expiryMode))
        if form.expiry.mode != .keyMaximum {
            lines.append(expiryValueLine(form.expiry, focused: fieldFocus == .expiryValue))
            if let problem = form.problem(today: state.today) {
                lines += labelled("", "✖ " + problem, role: .fieldError, inner: inner, focused: form.focus == .expiryValue)
            }
        }
        // The result, live as the operator types: the date it will give and the difference.
        let preview = form.preview(today: state.today)
        var resultRole: Role = preview.willSend ? .dialog : .fieldError
        var result = preview.summary
        if !preview.willSend, preview.expected == nil, let risk = preview.risk { result += ": " + risk }
        // Nothing typed yet is no result (never "+0 days").
        if form.expiry.awaitsValue { (result, resultRole) = (form.expiry.prompt, .dialog) }
        lines += labelled("Result", result, role: resultRole, inner: inner)
        if form.expiry.mode == .keyMaximum { lines += labelled("Key", form.keyMaximum.description, role: .dialog, inner: inner) }
        lines.append(Line(segments: []))
        if let asked = form.confirmingRisk {
            for text in wrap("Careful: \(asked.risk ?? "this could move the expiry earlier"). Renew anyway?", width: inner) {
                lines.append(Line(segments: [(text: text, role: .dialogTitle)], question: true))
            }
            lines += answerLines(yes: "Yes, renew anyway", hint: "y renews anyway · any other key goes back to the form")
        } else {
            lines += submissionLines(form.submission, action: "renew", state: state, width: inner)
        }
        draw(&grid, title: "Renew license", lines: lines, width: width)
    }

    static func render(_ grid: inout CellGrid, _ confirmation: DeleteConfirmation, state: DashboardState) {
        let width = min(dialogWidth(grid), 64)
        let inner = width - 4
        var lines: [Line] = [
            Line(segments: [(text: "Delete license \(confirmation.serial)?", role: .dialogTitle)]),
            Line(segments: [(text: "Issued to " + confirmation.issuedTo.replacingControlCharacters(), role: .dialog)]),
            Line(segments: [(text: "It stops working on every device that loads it.", role: .dialog)]),
            Line(segments: []),
        ]
        if confirmation.submission.inFlight {
            lines.append(Line(segments: [(text: spinnerText(state) + " Deleting…", role: .dialog)]))
        } else {
            lines += answerLines(yes: "Yes, delete", hint: "y deletes · any other key keeps it")
        }
        if let failure = confirmation.submission.failure {
            for line in wrap(failure, width: inner) { lines.append(Line(segments: [(text: line, role: .fieldError)])) }
        }
        draw(&grid, title: "Confirm delete", lines: lines, width: width)
    }

    // MARK: Pieces

    /// Dialogs use the terminal's width: 84 columns, or three quarters of a wider one.
    static func dialogWidth(_ grid: CellGrid) -> Int { min(grid.width - 2, max(84, grid.width * 3 / 4)) }

    /// The date or number of days typed for a renew's expiry.
    static func expiryValueLine(_ expiry: ExpiryChoice, focused: Bool) -> Line {
        let label = (text: DisplayWidth.pad(expiry.mode == .date ? "Date" : "Days", to: labelWidth), role: Role.dialog)
        return Line(segments: [label] + inputSegments(expiry.value, width: 12, focused: focused), focused: focused)
    }

    /// `text` wrapped beside the label column: the label on its first line, blanks under it.
    static func labelled(_ label: String, _ text: String, role: Role, inner: Int, focused: Bool = false) -> [Line] {
        wrap(text, width: max(1, inner - labelWidth)).enumerated().map { index, text in
            Line(segments: [(text: DisplayWidth.pad(index == 0 ? label : "", to: labelWidth), role: .dialog), (text: text, role: role)], focused: focused)
        }
    }

    static func expiryLine(_ expiry: ExpiryChoice, focused: Bool) -> Line {
        Line(segments: [
            (text: DisplayWidth.pad("Expires", to: labelWidth), role: .dialog),
            (text: "◀ " + expiry.mode.label + " ▶", role: focused ? .fieldFocused : .field),
            (text: focused ? "  ←/→ change" : "", role: .dialog),
        ], focused: focused)
    }

    /// A text field showing the part around the cursor, the cursor drawn as a highlighted cell.
    /// `padded`: filled to the width with the field's colour (a form's box), or ending with the text (a line).
    static func inputSegments(_ input: TextInput, width: Int, focused: Bool, padded: Bool = true) -> [(text: String, role: Role)] {
        let characters = Array(input.text.replacingControlCharacters())
        // Scroll so the cursor stays inside the field: back from the cursor while
        // the characters fit (the field's width of work per key, however long the text).
        var start = min(input.cursor, characters.count)
        var behind = 0
        while start > 0, behind + DisplayWidth.of(characters[start - 1]) <= width - 1 {
            behind += DisplayWidth.of(characters[start - 1])
            start -= 1
        }
        var visible = ""
        var used = 0
        var index = start
        var segments: [(text: String, role: Role)] = []
        let fieldRole: Role = focused ? .fieldFocused : .field
        while index < characters.count {
            let characterWidth = DisplayWidth.of(characters[index])
            if used + characterWidth > width { break }
            if focused, index == input.cursor {
                segments.append((text: visible, role: fieldRole))
                segments.append((text: String(characters[index]), role: .selection))
                visible = ""
            } else {
                visible.append(characters[index])
            }
            used += characterWidth
            index += 1
        }
        if focused, input.cursor >= characters.count {
            segments.append((text: visible, role: fieldRole))
            segments.append((text: " ", role: .selection))
            used += 1
            visible = ""
        }
        segments.append((text: visible + String(repeating: " ", count: padded ? max(0, width - used) : 0), role: fieldRole))
        return segments
    }

    /// The answer of every confirmation (`Confirmation`): No first and
    /// focused, as it is the default; the yes beside it; how to give it.
    static func answerLines(yes: String, hint: String) -> [Line] {
        [
            Line(segments: [(text: "[ No ]", role: .buttonFocused), (text: "   ", role: .dialog), (text: "[ \(yes) ]", role: .button)], question: true),
            Line(segments: [(text: hint, role: .dialog)], question: true),
        ]
    }

    static func submissionLines(_ submission: Submission, action: String, state: DashboardState, width: Int) -> [Line] {
        var lines: [Line] = []
        if submission.inFlight {
            lines.append(Line(segments: [(text: spinnerText(state) + " Sending \(action)…", role: .dialog)]))
        } else {
            lines.append(Line(segments: [(text: "[ \(action.prefix(1).uppercased() + action.dropFirst()) ]", role: .buttonFocused), (text: "  enter \(action) · tab next · esc cancel", role: .dialog)]))
        }
        if let failure = submission.failure {
            for line in wrap(failure, width: width) { lines.append(Line(segments: [(text: line, role: .fieldError)])) }
        }
        return lines
    }

    static func spinnerText(_ state: DashboardState) -> String {
        DashboardView.spinner[state.spinnerFrame % DashboardView.spinner.count]
    }

    static func draw(_ grid: inout CellGrid, title: String, lines: [Line], width: Int) {
        let height = min(grid.height - 2, lines.count + 2)
        let left = max(0, (grid.width - width) / 2), top = max(0, (grid.height - height) / 2)
        grid.box(column: left, row: top, width: width, height: height, title: title, role: .dialog, titleRole: .dialogTitle)
        let bodyHeight = height - 2
        // A question being asked is in view whole, its buttons last; otherwise
        // the focused line is kept visible; otherwise the top is shown.
        var first = 0
        if let lastQuestion = lines.lastIndex(where: \.question) {
            first = lastQuestion - bodyHeight + 1
        } else if let focusedLine = lines.firstIndex(where: \.focused), focusedLine >= bodyHeight - 1 {
            first = min(focusedLine - bodyHeight / 2, lines.count - bodyHeight)
        }
        first = max(0, min(first, max(0, lines.count - bodyHeight)))
        for (offset, line) in lines.dropFirst(first).prefix(bodyHeight).enumerated() {
            var x = left + 2
            for segment in line.segments {
                x = grid.write(segment.text, column: x, row: top + 1 + offset, role: segment.role, limit: max(0, left + width - 2 - x))
            }
        }
        if first > 0 { grid.write("↑", column: left + width - 2, row: top + 1, role: .dialogTitle) }
        if first + bodyHeight < lines.count { grid.write("↓", column: left + width - 2, row: top + height - 2, role: .dialogTitle) }
    }
}

// MARK: Bulk renew

extension FormView {
    static func render(_ grid: inout CellGrid, _ form: BulkRenewForm, state: DashboardState) {
        let width = dialogWidth(grid)
        let inner = width - 4
        let today = state.today
        let plan = form.plan(today: today)
        let renewing = form.toRenew(today: today)
        var lines: [Line] = []
        lines.append(Line(segments: [(text: "Renew \(form.entries.count) marked license\(form.entries.count == 1 ? "" : "s")", role: .dialogTitle)]))
        // While the question is asked, y or another key answers it: no field shows a cursor.
        let fieldFocus: RenewForm.Field? = form.confirming ? nil : form.focus
        lines.append(expiryLine(form.expiry, focused: fieldFocus == .expiryMode))
        if form.expiry.mode != .keyMaximum {
            lines.append(expiryValueLine(form.expiry, focused: fieldFocus == .expiryValue))
        } else {
            lines += labelled("Key", form.keyMaximum.description, role: .dialog, inner: inner)
        }
        lines.append(Line(segments: []))
        // The engine's plan for every marked license, as the operator types (once there is a value to plan with).
        let hidden = Set(form.entries.filter(\.hidden).map(\.serial))
        if form.expiry.awaitsValue { lines.append(Line(segments: [(text: form.expiry.prompt.prefix(1).uppercased() + form.expiry.prompt.dropFirst() + " to see each license's result.", role: .dialog)])) }
        for entry in plan.entries where !form.expiry.awaitsValue {
            let name = DisplayWidth.truncate(entry.issuedTo.replacingControlCharacters(), to: max(4, inner / 4))
            let note = hidden.contains(entry.serial) ? " (hidden)" : ""
            switch entry.decision {
            case .renew, .renewWithConsent:
                lines.append(Line(segments: [(text: "\(entry.serial) \(name)\(note)  \(entry.summary)", role: .dialog)]))
            case .awaitsKeyMaximum:
                lines.append(Line(segments: [(text: "\(entry.serial) \(name)\(note)  \(entry.current) → the key's maximum, once learned (skipped if it would shorten)", role: .dialog)]))
            case .needsConsent(let reason), .skip(let reason):
                lines.append(Line(segments: [(text: "\(entry.serial) \(name)\(note)  skip: \(reason)", role: .fieldError)]))
            }
        }
        lines.append(Line(segments: []))
        if let problem = form.problem {
            for text in wrap(problem, width: inner) { lines.append(Line(segments: [(text: text, role: .fieldError)])) }
        }
        if form.confirming {
            lines.append(Line(segments: [(text: form.confirmation(today: today), role: .dialogTitle)], focused: true, question: true))
            lines += answerLines(yes: "Yes, renew \(renewing.count)", hint: "y renews · any other key goes back")
        } else {
            lines.append(Line(segments: [(text: "[ Renew \(renewing.count) ]", role: .buttonFocused), (text: "  enter asks to confirm · esc cancel", role: .dialog)]))
        }
        draw(&grid, title: "Renew marked", lines: lines, width: width)
    }

    static func render(_ grid: inout CellGrid, _ bulk: BulkRun, state: DashboardState) {
        let width = dialogWidth(grid)
        var lines: [Line] = []
        let title: String
        switch bulk {
        case .renewal(let run):
            title = "Bulk renew report"
            lines.append(Line(segments: [(text: RenewalReport.summary(run) + " What was not renewed stays marked.", role: .dialogTitle)]))
            if let reason = run.stopReason {
                for text in wrap("Stopped: \(reason); nothing more was sent.", width: width - 4) { lines.append(Line(segments: [(text: text, role: .fieldError)])) }
            }
            for warning in run.warnings {
                for text in wrap(warning, width: width - 4) { lines.append(Line(segments: [(text: text, role: .fieldError)])) }
            }
            lines.append(Line(segments: []))
            for entry in run.plan.entries {
                guard let outcome = run.outcomes[entry.serial] else { continue }
                let (sign, role): (String, Role)
                switch outcome {
                case .renewed, .unchanged, .shortened(_, _, true): (sign, role) = ("✓ ", .dialog)
                case .failed, .shortened: (sign, role) = ("✖ ", .fieldError)
                case .skipped: (sign, role) = ("- ", .dialog)
                case .notSent: (sign, role) = ("· ", .dialog)
                }
                for (index, text) in wrap(sign + RenewalReport.line(serial: entry.serial, outcome), width: width - 4).enumerated() {
                    lines.append(Line(segments: [(text: index == 0 ? text : "  " + text, role: role)]))
                }
            }
        case .deletion(let run):
            title = "Bulk delete report"
            let deleted = run.count { $0 == .deleted }
            let failed = run.count { if case .failed = $0 { return true } else { return false } }
            let notSent = run.count { $0 == .notSent }
            var summary = "\(deleted) deleted, \(failed) failed"
            if notSent > 0 { summary += ", \(notSent) not sent (stopped)" }
            lines.append(Line(segments: [(text: summary + ". What was not deleted stays marked.", role: .dialogTitle)]))
            lines.append(Line(segments: []))
            for serial in run.order {
                switch run.outcomes[serial] {
                case .deleted?: lines.append(Line(segments: [(text: "✓ \(serial) deleted", role: .dialog)]))
                case .failed(let reason)?: lines.append(Line(segments: [(text: "✖ \(serial) failed: \(reason.replacingControlCharacters())", role: .fieldError)]))
                case .notSent?, nil: lines.append(Line(segments: [(text: "· \(serial) not sent", role: .dialog)]))
                }
            }
        }
        lines.append(Line(segments: []))
        lines.append(Line(segments: [(text: "any key closes", role: .dialog)]))
        draw(&grid, title: title, lines: lines, width: width)
    }

    static func render(_ grid: inout CellGrid, _ confirmation: DeleteMarkedConfirmation, state: DashboardState) {
        let width = min(dialogWidth(grid), 72)
        var lines: [Line] = []
        for text in wrap(confirmation.question, width: width - 4) { lines.append(Line(segments: [(text: text, role: .dialogTitle)])) }
        lines.append(Line(segments: []))
        lines += answerLines(yes: "Yes, delete", hint: "y deletes · any other key keeps them")
        draw(&grid, title: "Delete marked", lines: lines, width: width)
    }
}

// MARK: Columns

extension FormView {
    static func render(_ grid: inout CellGrid, _ chooser: ColumnChooser) {
        let width = min(dialogWidth(grid), 56)
        var lines: [Line] = [Line(segments: [(text: "The table's columns, in order:", role: .dialogTitle)])]
        for (index, column) in chooser.order.enumerated() {
            let mark = chooser.shown.contains(column) ? "[x]" : "[ ]"
            let role: Role = index == chooser.cursor ? .fieldFocused : .dialog
            lines.append(Line(segments: [(text: "\(mark) \(column.name)", role: role)], focused: index == chooser.cursor))
        }
        lines.append(Line(segments: []))
        lines.append(Line(segments: [(text: "space show/hide · K/J move up/down · enter done", role: .dialog)]))
        draw(&grid, title: "Columns", lines: lines, width: width)
    }
}
