import LicenseModel

/// The change journal in the dashboard: newest first, filtered as you type,
/// with the chosen entry's license before and after.
public struct HistoryBrowser: Sendable, Equatable {
    public var entries: [JournalEntry]
    public var filter = ""
    public var selected = 0
    public var showsDetail = false

    public init(entries: [JournalEntry]) {
        self.entries = entries
    }

    /// The entries the filter keeps: text in the serial, action, outcome, user, change or detail.
    public var visible: [JournalEntry] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return entries }
        return entries.filter { entry in
            [entry.serial ?? "", entry.action.rawValue, entry.outcome.label, entry.user, entry.detail ?? "", entry.changeSummary]
                .contains { $0.lowercased().contains(needle) }
        }
    }

    public var selectedEntry: JournalEntry? {
        let shown = visible
        return shown.indices.contains(selected) ? shown[selected] : nil
    }

    /// A create form holding a deleted license's fields, to issue it again.
    /// The serial cannot come back: the API issues a new one, and the form says so.
    public static func recreateForm(from entry: JournalEntry) -> CreateForm? {
        guard entry.action == .delete, let before = entry.before, let document = try? JSONParser.parse(before) else { return nil }
        var form = CreateForm()
        form.issuedTo = TextInput(document[LicenseField.issuedTo.jsonName]?.stringValue ?? "")
        form.entitlements = Set((document[LicenseField.entitlements.jsonName]?.arrayValue ?? []).compactMap { $0.stringValue.map { Entitlement($0) } })
        if form.entitlements.isEmpty {
            // The netifyd format names each entitlement as a member of its own.
            form.entitlements = Set(Entitlement.known.filter { document[$0.rawValue] != nil })
        }
        form.targetUID = TextInput(document[LicenseField.targetUID.jsonName]?.stringValue ?? "")
        for text in FreeText.allCases { form[text: text] = TextInput(document[text.jsonName]?.stringValue ?? "") }
        form.notice = "From deleted \(entry.serial ?? "license"): the API issues a new serial; the old one cannot be restored."
        return form
    }
}
