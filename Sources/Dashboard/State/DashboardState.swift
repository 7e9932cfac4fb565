import LicenseModel
import TerminalUI

/// Everything the dashboard shows, as a value: views render it, the reducer changes it.
public struct DashboardState: Sendable {
    public enum Focus: Sendable, Equatable { case table, detail, filter, command }

    public enum Overlay: Sendable, Equatable {
        case help
        case create(CreateForm)
        case renew(RenewForm)
        case confirmDelete(DeleteConfirmation)
        case bulkRenew(BulkRenewForm)
        case confirmDeleteMarked(DeleteMarkedConfirmation)
        /// The expiry timeline, counted once when opened; the row chosen (0: expired, then one per week).
        case timeline(ExpiryTimeline, selected: Int)
        case bulkReport(BulkRun)
        /// The licenses gone since launch, as last known.
        case gone([License])
        /// The change journal (loading until its entries arrive).
        case history(HistoryBrowser?)
        /// Which columns the table shows, and their order.
        case columns(ColumnChooser)
        /// The status line's last messages, whole (`:log`).
        case messageLog
    }

    /// A one-line result or failure in the status line; it fades after a few seconds.
    public struct Message: Sendable, Equatable {
        public var text: String
        public var isError: Bool
        public var shownAt: Int64 = 0

        public static let lifetimeSeconds: Int64 = 8
    }

    /// Shows a message as an error or warning (a refusal, a failure, settings that contradict what was learned).
    public mutating func warn(_ text: String) {
        message = Message(text: text, isError: true, shownAt: now)
    }

    /// Shows a message that is news, not a problem (where the data comes from, what was done).
    public mutating func inform(_ text: String) {
        message = Message(text: text, isError: false, shownAt: now)
    }

    /// The selected license, or nil with a message saying there is none to `verb`.
    mutating func selected(toDo verb: String) -> License? {
        guard let license = selectedLicense else {
            warn("No license selected to \(verb).")
            return nil
        }
        return license
    }

    /// Where the data comes from, for the header.
    public struct Source: Sendable, Equatable {
        public var endpoint: String
        public var isSandbox: Bool
        public var readOnly: Bool
        /// The settings file's context this view works in, and the colour its name is shown in.
        public var context: String?
        public var contextColor: String?

        public init(endpoint: String, isSandbox: Bool, readOnly: Bool, context: String? = nil, contextColor: String? = nil) {
            self.endpoint = endpoint
            self.isSandbox = isSandbox
            self.readOnly = readOnly
            self.context = context
            self.contextColor = contextColor
        }
    }

    public var source: Source
    public var thresholds: ExpiryThresholds
    /// The table's columns, in order (the status symbol always leads).
    public var columns: [DashboardColumns.Column] = DashboardColumns.standard
    /// What is known of the key's maximum term: renew plans start from it, and replies update it.
    public var keyMaximum: KeyMaximum = .unknown
    /// Entries of the last reply that could not be read as licenses.
    public internal(set) var unreadableCount = 0
    /// How far the help overlay is scrolled.
    public internal(set) var helpScroll = 0
    /// Entries waiting for the team journal (nil without one): the header says so.
    public internal(set) var teamPending: Int?
    /// Each license's last change by any operator (the team journal), for the detail pane.
    public internal(set) var lastChanges: [String: LastChange] = [:]
    /// Serials the last reply listed more than once: shown once, acted on by no bulk renew.
    public internal(set) var repeatedSerials: Set<String> = []
    /// Marked licenses, by serial: they survive sorting, filtering and refreshes.
    public internal(set) var marked: Set<String> = []
    /// What is typed after `:`, edited as the `/` line is (one line editor, `TextInput`).
    public internal(set) var commandLine = TextInput()
    public var commandText: String { commandLine.text }
    /// `tab` on the `:` line: what it found, and which one is shown, so the next `tab` moves on.
    public internal(set) var completion: CommandCompletion?
    /// The `/` line as typed, with its cursor; `filterText` is what filters.
    public internal(set) var filterLine = TextInput()
    /// A bulk renew in progress.
    public internal(set) var bulk: BulkRun?

    /// A refresh keeps the marks of licenses that still exist.
    mutating func forgetMarksOfGoneLicenses() {
        guard !marked.isEmpty else { return }
        marked.formIntersection(catalog.licenses.lazy.map(\.serial))
    }

    /// Marked licenses the filter hides.
    public var hiddenMarkedCount: Int {
        // Drawn every frame: without a filter nothing is hidden, and with one
        // the marks (few) are found by position, not by hashing every serial shown.
        guard !marked.isEmpty, visible.count < catalog.count else { return 0 }
        let markedPositions = Set(marked.compactMap { catalog.index(ofSerial: $0) })
        let shown = visible.reduce(0) { $0 + (markedPositions.contains($1) ? 1 : 0) }
        return markedPositions.count - shown
    }
    public var keyMap: KeyMap

    public private(set) var catalog = LicenseCatalog([])
    /// The settings file's contexts, for `:ctx` and its completion, and their colours.
    public var contextNames: [String] = []
    public var contextColors: [String: String] = [:]
    /// Every context shown at once (`:ctx all`): each license's context by serial; nil otherwise.
    public internal(set) var licenseContexts: [String: String]?
    /// In the all-contexts view, the contexts whose last refresh failed, with why: their rows are old.
    public internal(set) var staleContexts: [String: String] = [:]
    /// Every license position in sort order; filtering walks this so a keystroke never sorts.
    public private(set) var sorted: [Int] = []
    /// The positions shown, in order.
    public private(set) var visible: [Int] = []
    public private(set) var sort = LicenseSort(.expires, ascending: true)
    public private(set) var filterText = ""
    /// The license under the cursor; the selection follows it across refresh, sort and filter.
    public private(set) var selectedSerial: String?
    public private(set) var cursor = 0
    public internal(set) var scroll = 0
    public internal(set) var detailScroll = 0

    public internal(set) var focus: Focus = .table
    public internal(set) var overlay: Overlay?
    /// A create form closed before it was sent: reopened as it was left, so
    /// `esc` never throws away what was typed.
    public internal(set) var createDraft: CreateForm?
    public internal(set) var message: Message? {
        didSet {
            guard let shown = message else { return }
            if shown.shownAt == 0 { message?.shownAt = now }
            // Kept whole for `:log`: a message cut at the screen's edge, or replaced, can still be read.
            if messageLog.last?.text != shown.text {
                var kept = message!
                // Bounded whatever a message quotes (a serial, a server's words): enough to read whole.
                if kept.text.count > DashboardState.messageLogTextLimit { kept.text = String(kept.text.prefix(DashboardState.messageLogTextLimit)) + "…" }
                messageLog.append(kept)
                if messageLog.count > DashboardState.messageLogLimit { messageLog.removeFirst(messageLog.count - DashboardState.messageLogLimit) }
            }
        }
    }
    /// The last messages, oldest first.
    public private(set) var messageLog: [Message] = []
    static let messageLogLimit = 100
    static let messageLogTextLimit = 2_000

    public internal(set) var now: Int64
    public internal(set) var size: (width: Int, height: Int)
    public internal(set) var isFetching = false
    public internal(set) var hasLoaded = false
    public internal(set) var lastFetched: Int64?
    /// Why the data on screen may be out of date: the last refresh failed.
    public internal(set) var staleReason: String?
    /// When the list on screen came from the cache (until the first refresh replaces it): when it was fetched.
    public internal(set) var cachedAt: Int64?
    /// What refreshes changed, by serial, until the operator clears the markers.
    public internal(set) var changeMarks: [String: ListChanges.Kind] = [:]
    /// Licenses gone since launch (or since the markers were cleared), as last known.
    public internal(set) var goneLicenses: [License] = []

    /// "3 new · 2 renewed elsewhere · 1 gone", or nil.
    public var changeSummary: String? { changeSummary(compact: false) }

    /// `compact`: the rows' own signs, "+3 ↻2 ~1 −1", for a narrow header.
    public func changeSummary(compact: Bool) -> String? {
        var counts: [ListChanges.Kind: Int] = [:]
        for kind in changeMarks.values { counts[kind, default: 0] += 1 }
        var parts: [String] = []
        if let new = counts[.new] { parts.append(compact ? "+\(new)" : "+\(new) new") }
        if let renewed = counts[.renewed] { parts.append(compact ? "↻\(renewed)" : "\(renewed) renewed elsewhere") }
        if let changed = counts[.changed] { parts.append(compact ? "~\(changed)" : "\(changed) changed") }
        if !goneLicenses.isEmpty { parts.append(compact ? "−\(goneLicenses.count)" : "\(goneLicenses.count) gone") }
        return parts.isEmpty ? nil : parts.joined(separator: compact ? " " : " · ")
    }
    public internal(set) var spinnerFrame = 0
    public internal(set) var quitRequested = false

    public init(source: Source, thresholds: ExpiryThresholds = .standard, keyMap: KeyMap = KeyMap(), now: Int64, size: (width: Int, height: Int)) {
        self.source = source
        self.thresholds = thresholds
        self.keyMap = keyMap
        self.now = now
        self.size = size
    }

    public var today: CalendarDate { CalendarDate(unixSeconds: now) }

    /// How much of the screen the detail pane takes (`+` and `_`).
    public internal(set) var detailPane: Layout.DetailPane = .standard

    /// Where each part of the screen goes now.
    public var layout: Layout { Layout(width: size.width, height: size.height, pane: detailPane) }

    /// The table's columns as drawn, and their widths: the CONTEXT column first
    /// when every context is shown, as wide as the longest context's name.
    public var tableColumns: [(column: DashboardColumns.Column, width: Int)] {
        // A context whose refresh failed is named "NAME STALE" in its cells.
        let longest = (contextNames.map(DisplayWidth.of).max() ?? 7) + (staleContexts.isEmpty ? 0 : 6)
        let contextWidth = max(7, min(22, longest))
        return DashboardColumns.layout(width: layout.tableWidth, columns: (licenseContexts == nil ? [] : [.context]) + columns, contextWidth: contextWidth)
    }

    /// Something is in flight: the clock ticks fast enough to animate a spinner.
    public var isBusy: Bool { isFetching || isBusyWriting }

    /// Kept aside while another context is shown: a refresh in flight is
    /// dropped with it (its reply belongs to the view it left), so the next
    /// time it is shown it refreshes again.
    public mutating func setAside() {
        isFetching = false
    }

    /// Shown again after another context: the size may have changed meanwhile.
    public mutating func resume(now: Int64, size: (width: Int, height: Int)) {
        self.now = now
        self.size = size
    }

    /// A create, renew or delete is in flight.
    public var isBusyWriting: Bool {
        switch overlay {
        case .create(let form)?: return form.submission.inFlight
        case .renew(let form)?: return form.submission.inFlight
        case .confirmDelete(let confirmation)?: return confirmation.submission.inFlight
        default: return false
        }
    }

    public var selectedLicense: License? {
        guard cursor < visible.count else { return nil }
        return catalog.licenses[visible[cursor]]
    }

    public func license(atRow row: Int) -> License { catalog.licenses[visible[row]] }

    /// A license's expiry as the list on screen has it now; nil when it is not listed.
    func currentExpiry(of serial: String) -> CalendarDate? {
        catalog.index(ofSerial: serial).map { catalog.licenses[$0].expireAt.date }
    }

    /// Due for renewal, by the rule `renew --due` follows (`ExpiryThresholds.isDue`).
    public func isDue(_ license: License) -> Bool { thresholds.isDue(license, now: now) }

    /// How many licenses are in each status, over all (not only those shown);
    /// counted when the data or the day changes, never per frame.
    public private(set) var statusCounts: [ExpiryStatus: Int] = [:]

    // MARK: Changing what is shown

    mutating func replaceLicenses(_ licenses: [License]) {
        replaceCatalog(PreparedCatalog(licenses, sort: sort, thresholds: thresholds, now: now))
    }

    /// Takes a catalog prepared off the main thread; sorts again only if the
    /// operator changed the sort while it was being prepared.
    mutating func replaceCatalog(_ prepared: PreparedCatalog) {
        catalog = prepared.catalog
        if let owners = prepared.owners {
            licenseContexts = owners
            staleContexts = prepared.staleContexts
        }
        if prepared.sort == sort, prepared.day == today {
            sorted = prepared.sorted
            statusCounts = prepared.statusCounts
            refilter()
        } else {
            resort()
        }
    }

    /// A write's reply (a renew, a create): the one row moves to its place in
    /// the order and in what is shown, and the counts change by one; nothing
    /// else is sorted or filtered again, whatever the size of the fleet.
    mutating func upsert(_ license: License) {
        let filter = LicenseFilter(query: filterWithoutContexts.query)
        if let index = catalog.index(ofSerial: license.serial) {
            let old = catalog.licenses[index]
            if let row = sorted.firstIndex(of: index) { sorted.remove(at: row) }
            if let row = visible.firstIndex(of: index) { visible.remove(at: row) }
            statusCounts[thresholds.status(of: old.expireAt, now: now), default: 1] -= 1
            catalog.upsert(license)
            place(index, filter: filter)
        } else {
            let index = catalog.upsert(license)
            place(index, filter: filter)
        }
        statusCounts[thresholds.status(of: license.expireAt, now: now), default: 0] += 1
        followSelection()
    }

    /// Puts the license at `index` into the order, and into what is shown if the filter keeps it.
    private mutating func place(_ index: Int, filter: LicenseFilter) {
        sorted.insert(index, at: catalog.insertionPoint(of: index, in: sorted, by: sort, thresholds: thresholds, now: now))
        if !catalog.matching([index], filter: filter, thresholds: thresholds, now: now).isEmpty, !inChosenContexts([index]).isEmpty {
            visible.insert(index, at: catalog.insertionPoint(of: index, in: visible, by: sort, thresholds: thresholds, now: now))
        }
    }

    /// A delete's reply: the row leaves the order and what is shown; the rows after it keep their places.
    mutating func remove(serial: String) {
        guard let index = catalog.index(ofSerial: serial) else { return }
        statusCounts[thresholds.status(of: catalog.licenses[index].expireAt, now: now), default: 1] -= 1
        catalog.remove(serial: serial)
        if let row = sorted.firstIndex(of: index) { sorted.remove(at: row) }
        if let row = visible.firstIndex(of: index) { visible.remove(at: row) }
        // The licenses after it moved up one.
        for row in sorted.indices where sorted[row] > index { sorted[row] -= 1 }
        for row in visible.indices where visible[row] > index { visible[row] -= 1 }
        followSelection()
    }

    mutating func setSort(_ newSort: LicenseSort) {
        sort = newSort
        resort()
    }

    mutating func setFilter(_ text: String) {
        // Terms (`status:`, `days<`, `!`) can widen as they are typed; only plain text narrows.
        let narrowing = !filterText.isEmpty && text.hasPrefix(filterText) && LicenseFilter.isPlainText(text)
        filterText = text
        // Set from elsewhere (a view, the timeline, `:SERIAL`): the line shows it, its cursor at the end.
        if filterLine.text != text { filterLine = TextInput(text) }
        message = nil
        // Typing one more character can only narrow: filter what is shown, not everything.
        if narrowing {
            visible = inChosenContexts(catalog.matching(visible, filter: LicenseFilter(query: filterWithoutContexts.query), thresholds: thresholds, now: now))
            followSelection()
        } else {
            refilter()
        }
        let terms = filterWithoutContexts
        let known = Set(contextNames.map { $0.lowercased() })
        if let unknown = terms.included.union(terms.excluded).first(where: { !known.contains($0) }) {
            warn("No context \(unknown.safeForDisplay(limit: 40))\(known.isEmpty ? "" : "; the contexts are " + contextNames.joined(separator: ", ")).")
        }
    }

    /// How many times the whole catalog was sorted for this state (a refresh
    /// prepared off the main thread, a new sort, a new day): a write's reply
    /// moves its row without adding to it.
    public private(set) var fullSorts = 0

    mutating func resort() {
        fullSorts += 1
        var positions = Array(catalog.licenses.indices)
        catalog.order(&positions, by: sort, thresholds: thresholds, now: now)
        sorted = positions
        statusCounts = PreparedCatalog.count(catalog, thresholds: thresholds, now: now)
        refilter()
    }

    mutating func refilter() {
        visible = inChosenContexts(catalog.matching(sorted, filter: LicenseFilter(query: filterWithoutContexts.query), thresholds: thresholds, now: now))
        followSelection()
    }

    /// The filter's `ctx:NAME` and `!ctx:NAME` terms (the all-contexts view's own), and the rest for `LicenseFilter`.
    var filterWithoutContexts: (query: String, included: Set<String>, excluded: Set<String>) {
        let terms = LicenseFilter.contextTerms(in: filterText)
        return (terms.rest, terms.included, terms.excluded)
    }

    func inChosenContexts(_ positions: [Int]) -> [Int] {
        let terms = filterWithoutContexts
        guard !terms.included.isEmpty || !terms.excluded.isEmpty else { return positions }
        guard let owners = licenseContexts else { return terms.included.isEmpty ? positions : [] }
        return positions.filter { LicenseFilter.context(owners[catalog.licenses[$0].serial], passes: (terms.included, terms.excluded)) }
    }

    /// Keeps the cursor on the same serial; if it is gone, stays at the same row.
    mutating func followSelection() {
        // Found by position, not by comparing every serial shown.
        if let selectedSerial, let index = catalog.index(ofSerial: selectedSerial),
           let row = visible.firstIndex(of: index) ?? visible.firstIndex(where: { catalog.licenses[$0].serial == selectedSerial }) {
            cursor = row
        } else {
            cursor = min(cursor, max(0, visible.count - 1))
        }
        selectedSerial = cursor < visible.count ? catalog.licenses[visible[cursor]].serial : nil
        keepCursorInView()
    }

    mutating func moveCursor(to row: Int) {
        cursor = max(0, min(row, visible.count - 1))
        selectedSerial = cursor < visible.count ? catalog.licenses[visible[cursor]].serial : nil
        detailScroll = 0
        keepCursorInView()
    }

    mutating func keepCursorInView() {
        let rows = max(1, layout.tableRows)
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + rows { scroll = cursor - rows + 1 }
        scroll = max(0, min(scroll, max(0, visible.count - rows)))
    }
}

/// A fetched list made ready for the table: indexed, sorted and counted.
/// Built off the main thread, so a 100,000-license refresh never stalls input.
public struct PreparedCatalog: Sendable {
    public let catalog: LicenseCatalog
    public let sort: LicenseSort
    public let day: CalendarDate
    public let sorted: [Int]
    public let statusCounts: [ExpiryStatus: Int]
    /// Entries of the reply that were not readable licenses: shown in the header, never dropped silently.
    public var unreadable = 0
    /// Serials the reply listed more than once (`LicenseList.repeatedSerials`), and what to say of them.
    public var repeatedSerials: [String] = []
    public var repeatedWarning: String?
    /// What changed since the list on screen when the refresh began, worked out off the main thread.
    public var changes: ListChanges?
    /// Every context at once: each license's context by serial, and the contexts whose refresh failed.
    public var owners: [String: String]?
    public var staleContexts: [String: String] = [:]

    public init(_ licenses: [License], sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) {
        self.init(LicenseCatalog(licenses), sort: sort, thresholds: thresholds, now: now)
    }

    /// A catalog already indexed (read back from the cache), counted, and
    /// sorted unless `order` is its order by `sort` already.
    public init(_ catalog: LicenseCatalog, sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64, order: [Int]? = nil) {
        var positions: [Int]
        if let order, order.count == catalog.count {
            positions = order
        } else {
            positions = Array(catalog.licenses.indices)
            catalog.order(&positions, by: sort, thresholds: thresholds, now: now)
        }
        self.catalog = catalog
        self.sort = sort
        self.day = CalendarDate(unixSeconds: now)
        self.sorted = positions
        self.statusCounts = PreparedCatalog.count(catalog, thresholds: thresholds, now: now)
    }

    static func count(_ catalog: LicenseCatalog, thresholds: ExpiryThresholds, now: Int64) -> [ExpiryStatus: Int] {
        var counts = [0, 0, 0, 0]
        for license in catalog.licenses {
            switch thresholds.status(of: license.expireAt, now: now) {
            case .expired: counts[0] += 1
            case .critical: counts[1] += 1
            case .warning: counts[2] += 1
            case .ok: counts[3] += 1
            }
        }
        return [.expired: counts[0], .critical: counts[1], .warning: counts[2], .ok: counts[3]]
    }
}
