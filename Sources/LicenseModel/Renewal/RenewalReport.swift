/// The words every front end uses for a renewal's plan and results. Serials
/// and reasons may come from a server: they are made safe here, once.
public enum RenewalReport {
    /// "SERIAL renewed: 2026-12-22 → 2027-12-22, +365 days"; "SERIAL unchanged: …".
    public static func line(serial: String, _ outcome: RenewalRun.Outcome) -> String {
        let shown = serial.safeForDisplay(limit: 40)
        switch outcome {
        case .renewed(let from, let to):
            return "\(shown) renewed: \(from) → \(to), \(RenewalPlan.signed(to.days(since: from))) days"
        case .unchanged(let at):
            return "\(shown) unchanged: still expires \(at)"
        case .shortened(let from, let to, let consented):
            return "\(shown) shortened: \(from) → \(to), \(RenewalPlan.signed(to.days(since: from))) days" + (consented ? " (allowed)" : "")
        case .failed(let reason):
            return "\(shown) failed: \(reason.safeForDisplay(limit: 400))"
        case .skipped(let reason):
            return "\(shown) skipped: \(reason.safeForDisplay(limit: 400))"
        case .notSent(let reason):
            return "\(shown) not sent: \(reason.safeForDisplay(limit: 400))"
        }
    }

    /// The outcome of a renew whose plan is not at hand (a reply after its form closed).
    public static func line(serial: String, before: CalendarDate, after: CalendarDate) -> String {
        line(serial: serial, after > before ? .renewed(from: before, to: after)
             : after == before ? .unchanged(at: after) : .shortened(from: before, to: after, consented: false))
    }

    /// "3 renewed, 1 unchanged, 2 skipped, 0 failed." (zero counts other than failed left out).
    public static func summary(_ run: RenewalRun) -> String {
        let renewed = run.count { if case .renewed = $0 { return true } else { return false } }
        let unchanged = run.count { if case .unchanged = $0 { return true } else { return false } }
        let shortened = run.count { if case .shortened = $0 { return true } else { return false } }
        let skipped = run.count { if case .skipped = $0 { return true } else { return false } }
        let failed = run.count(\.isFailure)
        let notSent = run.count { if case .notSent = $0 { return true } else { return false } }
        var parts = ["\(renewed) renewed"]
        if unchanged > 0 { parts.append("\(unchanged) unchanged") }
        if shortened > 0 { parts.append("\(shortened) shortened") }
        parts.append("\(skipped) skipped")
        parts.append("\(failed) failed")
        if notSent > 0 { parts.append("\(notSent) not sent (stopped)") }
        return parts.joined(separator: ", ") + "."
    }

    /// The plan line for one entry: "SERIAL  2026-12-22 → 2027-12-22, +365 days" or "skip SERIAL: reason".
    public static func planLine(_ entry: RenewalPlan.Entry) -> String {
        switch entry.decision {
        case .renew: return planRow("renew", entry.serial, entry.summary)
        case .renewWithConsent(let risk): return planRow("renew", entry.serial, "\(entry.summary) (allowed: \(risk))")
        case .awaitsKeyMaximum: return planRow("renew", entry.serial, "\(entry.current) → the key's maximum, once a renew that cannot shorten has taught it")
        case .needsConsent(let reason), .skip(let reason): return planRow("skip", entry.serial, reason)
        }
    }

    /// One row of a plan, its columns lined up: what is done, the serial, then what it comes to.
    public static func planRow(_ action: String, _ serial: String, _ text: String) -> String {
        let shown = serial.safeForDisplay(limit: 40)
        return "  " + action + String(repeating: " ", count: max(1, 7 - action.count)) + shown
            + String(repeating: " ", count: max(2, 20 - shown.count)) + text
    }
}
