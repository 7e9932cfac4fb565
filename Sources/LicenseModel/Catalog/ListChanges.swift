/// What changed between two lists of the same key: licenses that are new,
/// whose expiry moved (renewed elsewhere, or shortened), whose other fields
/// changed, and that are gone. The dashboard marks rows with it and the CLI's
/// `list --changes` prints it.
public struct ListChanges: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case new
        /// The expiry moved: renewed (or shortened) by someone else.
        case renewed
        /// Another field changed (issued to, entitlements, notes…).
        case changed
        case gone
    }

    public var new: [License] = []
    /// Each with the license as it was before.
    public var renewed: [(before: License, after: License)] = []
    public var changed: [(before: License, after: License)] = []
    /// As last known.
    public var gone: [License] = []

    public var isEmpty: Bool { new.isEmpty && renewed.isEmpty && changed.isEmpty && gone.isEmpty }

    /// The kind of change for each serial that is still in the list.
    public var kinds: [String: Kind] {
        var kinds: [String: Kind] = [:]
        for license in new { kinds[license.serial] = .new }
        for pair in renewed { kinds[pair.after.serial] = .renewed }
        for pair in changed { kinds[pair.after.serial] = .changed }
        return kinds
    }

    public init() {}

    /// Compares by serial; a license's fields are compared, not its document's bytes.
    /// Indexes positions, not copies of licenses: at 100,000 licenses a refresh
    /// already holds two lists, and this must add little to them.
    public init(from old: [License], to current: [License]) {
        var previous: [String: Int] = [:]
        previous.reserveCapacity(old.count)
        for (position, license) in old.enumerated() { previous[license.serial] = position }
        var seen = [Bool](repeating: false, count: old.count)
        for license in current {
            guard let position = previous[license.serial] else {
                new.append(license)
                continue
            }
            seen[position] = true
            let before = old[position]
            if before.expireAt != license.expireAt {
                renewed.append((before, license))
            } else if !ListChanges.sameFields(before, license) {
                changed.append((before, license))
            }
        }
        for (position, license) in old.enumerated() where !seen[position] { gone.append(license) }
    }

    /// Whether every field the table marks as content is the same in both.
    static func sameFields(_ a: License, _ b: License) -> Bool {
        LicenseField.contentFields.allSatisfy { $0.sameValue(a, b) }
    }

    /// "3 new · 2 renewed elsewhere · 1 gone", or nil when nothing changed.
    public var summary: String? {
        var parts: [String] = []
        if !new.isEmpty { parts.append("\(new.count) new") }
        if !renewed.isEmpty { parts.append("\(renewed.count) renewed elsewhere") }
        if !changed.isEmpty { parts.append("\(changed.count) changed") }
        if !gone.isEmpty { parts.append("\(gone.count) gone") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    public static func == (lhs: ListChanges, rhs: ListChanges) -> Bool {
        lhs.new == rhs.new && lhs.gone == rhs.gone
            && lhs.renewed.map(\.after) == rhs.renewed.map(\.after) && lhs.changed.map(\.after) == rhs.changed.map(\.after)
    }
}
