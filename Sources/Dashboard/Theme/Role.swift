/// What a cell means. The theme decides how each role looks; views never pick colours.
public enum Role: UInt8, CaseIterable, Sendable {
    case base, header, sandboxBadge, stale, columnHeader, columnSorted
    case row, selection, selectionUnfocused, marked
    case expired, critical, warning, ok
    case detail, detailLabel, border
    case status, statusError, footer, footerKey
    case dialog, dialogTitle, field, fieldFocused, fieldError, button, buttonFocused, filter
    /// A context's name in the header and its column, in the colour its settings give it.
    case contextRed, contextGreen, contextYellow, contextBlue, contextMagenta, contextCyan, contextWhite

    /// The role for a context's `color` setting (white when it has none).
    public static func context(color: String?) -> Role {
        switch color {
        case "red": return .contextRed
        case "green": return .contextGreen
        case "yellow": return .contextYellow
        case "blue": return .contextBlue
        case "magenta": return .contextMagenta
        case "cyan": return .contextCyan
        default: return .contextWhite
        }
    }

    /// The name used in theme files.
    public var key: String {
        switch self {
        case .base: return "base"
        case .header: return "header"
        case .sandboxBadge: return "sandbox_badge"
        case .stale: return "stale"
        case .columnHeader: return "column_header"
        case .columnSorted: return "column_sorted"
        case .row: return "row"
        case .selection: return "selection"
        case .selectionUnfocused: return "selection_unfocused"
        case .marked: return "marked"
        case .expired: return "expired"
        case .critical: return "critical"
        case .warning: return "warning"
        case .ok: return "ok"
        case .detail: return "detail"
        case .detailLabel: return "detail_label"
        case .border: return "border"
        case .status: return "status_bar"
        case .statusError: return "status_error"
        case .footer: return "footer"
        case .footerKey: return "footer_key"
        case .dialog: return "dialog"
        case .dialogTitle: return "dialog_title"
        case .field: return "form_field"
        case .fieldFocused: return "form_field_focused"
        case .fieldError: return "form_error"
        case .button: return "button"
        case .buttonFocused: return "button_focused"
        case .filter: return "filter"
        case .contextRed: return "context_red"
        case .contextGreen: return "context_green"
        case .contextYellow: return "context_yellow"
        case .contextBlue: return "context_blue"
        case .contextMagenta: return "context_magenta"
        case .contextCyan: return "context_cyan"
        case .contextWhite: return "context_white"
        }
    }

    public init?(key: String) {
        guard let role = Role.allCases.first(where: { $0.key == key }) else { return nil }
        self = role
    }
}
