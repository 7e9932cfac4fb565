import LicenseModel
import TerminalUI

/// Keys inside the create and renew forms.
enum FormReducer {
    struct Outcome {
        var closed = false
        var submit = false
    }

    /// "Issued to is required (and 1 more marked); fix it, then press enter.", or nil when nothing is wrong.
    static func validationSummary(_ form: CreateForm, today: CalendarDate) -> String? {
        let problems = form.problems(today: today).filter { form.submission.serverFieldErrors[$0.key.apiName] == nil }
        guard let first = form.visibleFields.first(where: { problems[$0] != nil }) else { return nil }
        let others = problems.count > 1 ? " (and \(problems.count - 1) more marked)" : ""
        return "\(first.label) \(problems[first] ?? "is not valid")\(others); fix it, then press enter."
    }

    static func handle(_ form: inout CreateForm, _ key: KeyPress, today: CalendarDate) -> Outcome {
        if key == .escape { return Outcome(closed: true) }
        // While a request is out, the form is frozen so what is sent is what is shown.
        if form.submission.inFlight { return Outcome() }
        let fields = form.visibleFields
        func move(_ step: Int) {
            let index = fields.firstIndex(of: form.focus) ?? 0
            form.focus = fields[((index + step) % fields.count + fields.count) % fields.count]
        }
        // The summary of what is wrong follows the fields: fixed ones leave it, and with none left it goes.
        let summaryBefore = form.attempted ? validationSummary(form, today: today) : nil
        defer {
            if summaryBefore != nil, form.submission.failure == summaryBefore {
                form.submission.failure = validationSummary(form, today: today)
            }
        }
        switch key {
        case .control("p"):
            if let template = form.template { form.fill(from: template) }
            return Outcome()
        case .enter, .control("s"), .control("n"):
            form.attempted = true
            form.keepsOpen = key == .control("n")
            if let summary = validationSummary(form, today: today) {
                let problems = form.problems(today: today).filter { form.submission.serverFieldErrors[$0.key.apiName] == nil }
                form.focus = fields.first(where: { problems[$0] != nil }) ?? form.focus
                form.submission.failure = summary
                return Outcome()
            }
            form.submission = Submission(inFlight: true)
            return Outcome(submit: true)
        case .tab:
            move(1)
        case .backTab:
            move(-1)
        case .down where form.focus == .entitlements:
            if form.entitlementCursor < Entitlement.known.count - 1 { form.entitlementCursor += 1 } else { move(1) }
        case .up where form.focus == .entitlements:
            if form.entitlementCursor > 0 { form.entitlementCursor -= 1 } else { move(-1) }
        case .down:
            move(1)
        case .up:
            move(-1)
        case .character(" ") where form.focus == .entitlements:
            let entitlement = Entitlement.known[form.entitlementCursor]
            if form.entitlements.contains(entitlement) { form.entitlements.remove(entitlement) } else { form.entitlements.insert(entitlement) }
            form.submission.serverFieldErrors["entitlements"] = nil
        case .left where form.focus == .expiryMode, .right where form.focus == .expiryMode, .character(" ") where form.focus == .expiryMode:
            form.expiry.cycle(by: key == .left ? -1 : 1)
            form.submission.serverFieldErrors["expire_at"] = nil
            form.submission.serverFieldErrors["duration_days"] = nil
        default:
            edit(&form, key)
        }
        return Outcome()
    }

    static func edit(_ form: inout CreateForm, _ key: KeyPress) {
        let apiName = form.focus.apiName
        var handled = false
        switch form.focus {
        case .issuedTo: handled = form.issuedTo.handle(key)
        case .expiryValue: handled = form.expiry.value.handle(key)
        case .targetUID: handled = form.targetUID.handle(key)
        case .text(let text): handled = form[text: text].handle(key)
        case .entitlements, .expiryMode: handled = false
        }
        if handled {
            // An edited field is the operator's answer to the server's complaint.
            form.submission.serverFieldErrors[apiName] = nil
            if form.focus == .expiryValue { form.submission.serverFieldErrors["duration_days"] = nil }
        }
    }

    static func handle(_ form: inout RenewForm, _ key: KeyPress, today: CalendarDate) -> Outcome {
        // A shortening asked about: `y` sends exactly the plan shown, any other key (esc too) goes back to the form.
        if let asked = form.confirmingRisk {
            form.confirmingRisk = nil
            guard Confirmation.isYes(key), asked == form.preview(today: today) else { return Outcome() }
            return send(&form, form.plan(today: today).consenting(to: form.serial))
        }
        if key == .escape { return Outcome(closed: true) }
        if form.submission.inFlight { return Outcome() }
        switch key {
        case .enter, .control("s"):
            if let problem = form.expiry.problem(today: today) {
                form.focus = .expiryValue
                form.submission.failure = "Expiry: \(problem)."
                return Outcome()
            }
            // Never shorten by accident: a plan that could move the expiry earlier
            // is asked about, and only `y` sends it (a second enter never does).
            let plan = form.plan(today: today)
            if !plan.entries[0].willSend {
                form.confirmingRisk = plan.entries[0]
                form.submission.failure = nil
                return Outcome()
            }
            return send(&form, plan)
        case .tab, .down, .backTab, .up:
            if form.expiry.mode != .keyMaximum { form.focus = form.focus == .expiryMode ? .expiryValue : .expiryMode }
        case .left where form.focus == .expiryMode, .right where form.focus == .expiryMode, .character(" ") where form.focus == .expiryMode:
            form.expiry.cycle(by: key == .left ? -1 : 1)
            form.submission = Submission()
        default:
            if form.focus == .expiryValue, form.expiry.value.handle(key) {
                form.submission = Submission()
            }
        }
        return Outcome()
    }

    /// Hands the plan to the engine; its first renew is what the form sends.
    private static func send(_ form: inout RenewForm, _ plan: RenewalPlan) -> Outcome {
        var run = RenewalRun(plan)
        guard run.next() != nil else { return Outcome() }
        form.run = run
        form.submission = Submission(inFlight: true)
        return Outcome(submit: true)
    }
}
