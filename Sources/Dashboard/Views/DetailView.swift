import NetifyLicensing
import TerminalUI

/// The detail pane's lines for one license.
enum DetailView {
    struct Segment {
        var text: String
        var role: Role
    }

    static func lines(for license: License, state: DashboardState, width: Int) -> [[Segment]] {
        let today = state.today
        let status = state.thresholds.status(of: license.expireAt, now: state.now)
        let labelWidth = 13
        var lines: [[Segment]] = []
        func field(_ label: String, _ value: String, role: Role = .detail) {
            let wrapped = wrap(value.replacingControlCharacters(), width: max(1, width - labelWidth))
            for (index, line) in wrapped.enumerated() {
                lines.append([Segment(text: DisplayWidth.pad(index == 0 ? label : "", to: labelWidth), role: .detailLabel), Segment(text: line, role: role)])
            }
        }
        field("Issued to", license.issuedTo)
        field("Status", "\(status.symbol) \(status.label)", role: status.role)
        field("Expires", "\(license.expireAt.date) (\(RelativeDate.describe(license.expireAt.date, today: today)))", role: status.role)
        if let created = license.createdAt {
            field("Created", "\(created.date) (\(RelativeDate.describe(created.date, today: today)))")
        }
        field("Target UID", license.targetUID ?? "— (any device)")
        if let renewable = license.renewable { field("Renewable", renewable ? "yes" : "no") }
        if let description = license.description, !description.isEmpty { field("Description", description) }
        if let notes = license.notes, !notes.isEmpty { field("Notes", notes) }
        if let version = license.version { field("Version", version) }
        lines.append([Segment(text: "Entitlements", role: .detailLabel)])
        for entitlement in license.entitlements {
            lines.append([Segment(text: "  • " + entitlement.rawValue, role: .detail)])
        }
        lines.append([])
        lines.append([Segment(text: "As the agent loads it (/etc/netifyd/license.json):", role: .detailLabel)])
        for line in license.netifydDocumentText().split(separator: "\n") {
            lines.append([Segment(text: "  " + line, role: .detail)])
        }
        return lines
    }
}
