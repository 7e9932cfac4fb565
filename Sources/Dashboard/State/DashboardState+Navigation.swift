import LicenseModel
import TerminalUI

/// What the reducer asks of the state as it moves: the timeline, fetch marks, filters that keep the selection.
extension DashboardState {
    /// Counts the weeks once, when the overlay opens; frames only draw them.
    mutating func openTimeline() {
        overlay = .timeline(ExpiryTimeline(catalog.licenses, now: now, thresholds: thresholds, weeks: ExpiryTimeline.weeksShown), selected: 1)
    }

    mutating func markFetched(at time: Int64) {
        isFetching = false
        hasLoaded = true
        lastFetched = time
        staleReason = nil
        cachedAt = nil
    }

    /// Adds a refresh's changes to the markers the operator has not cleared yet.
    mutating func noteChanges(_ changes: ListChanges) {
        for (serial, kind) in changes.kinds where changeMarks[serial] != .new { changeMarks[serial] = kind }
        let gone = Set(changes.gone.map(\.serial))
        for serial in gone { changeMarks[serial] = nil }
        goneLicenses.removeAll { gone.contains($0.serial) }
        goneLicenses += changes.gone
        // A license that comes back is no longer gone.
        let back = Set(changes.new.map(\.serial))
        goneLicenses.removeAll { back.contains($0.serial) }
    }

    /// After a create, show the new license: clear a filter that would hide it and select it.
    mutating func setFilterKeepingSelection(on serial: String) {
        // By position: the serial is found once, not compared with every row shown.
        guard let index = catalog.index(ofSerial: serial) else { return }
        if !visible.contains(index) { setFilter("") }
        if let row = visible.firstIndex(of: index) { moveCursor(to: row) }
    }
}
