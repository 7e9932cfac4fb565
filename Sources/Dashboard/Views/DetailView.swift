import LicenseModel
import TerminalUI

/// The detail pane's lines for one license.
enum DetailView {
    struct Segment {
        var text: String
        var role: Role
    }

    /// The same lines as the CLI's `show` (`LicenseDetail`), then the
    /// document the agent loads.
    static func lines(for license: License, state: DashboardState, width: Int) -> [[Segment]] {
        let status = state.thresholds.status(of: license.expireAt, now: state.now)
        let detail = LicenseDetail(license, now: state.now, thresholds: state.thresholds)
        let labelWidth = detail.labelWidth + 2
        var lines: [[Segment]] = []
        for line in detail.lines {
            let role: Role = line.showsStatus ? status.role : .detail
            let wrapped = wrap(line.value.replacingControlCharacters(), width: max(1, width - labelWidth))
            for (index, text) in wrapped.enumerated() {
                lines.append([
                    Segment(text: DisplayWidth.pad(index == 0 ? line.label : "", to: labelWidth), role: .detailLabel),
                    Segment(text: text, role: role),
                ])
            }
        }
        // Who changed it last, from the team journal ("renewed by bob, 2 h ago").
        if let change = state.lastChanges[license.serial] {
            let verb = ["create": "created", "renew": "renewed", "delete": "deleted", "re-issue": "re-issued"][change.action.rawValue] ?? change.action.rawValue
            lines.append([
                Segment(text: DisplayWidth.pad("Last change", to: labelWidth), role: .detailLabel),
                Segment(text: "\(verb) by \(change.operatorName.safeForDisplay(limit: 60)), \(Age.describe(seconds: max(0, state.now - change.time)))", role: .detail),
            ])
        }
        lines.append([])
        lines.append([Segment(text: "As the agent loads it (/etc/netifyd/license.json):", role: .detailLabel)])
        for line in license.netifydDocumentText().split(separator: "\n") {
            lines.append([Segment(text: "  " + String(line).replacingControlCharacters(), role: .detail)])
        }
        return lines
    }
}
