import Dashboard
import Dispatch
import Foundation
import Logging
import LicenseModel
import LocalStore
import NetifyLicensing
import TeamJournal
import TerminalUI

/// Runs the dashboard: feeds keys, signals, timers and API replies to the
/// reducer on the main queue, runs its effects off it, and draws the result.
@MainActor
final class DashboardRuntime {
    private var state: DashboardState
    private let screen: TerminalScreen
    private var client: LicensePipeline
    private let theme: Theme
    private let refreshSeconds: Double
    /// Clicks and the wheel (`mouse = false` in the settings leaves them to the terminal).
    private let mouse: Bool
    private let logger: Logger
    private var sources: [any DispatchSourceProtocol] = []
    private var renderScheduled = false
    private var finished: CheckedContinuation<Void, Never>?
    private var lastTickSecond: Int64 = 0
    /// The last full list of this endpoint and key, shown at launch and kept after each refresh.
    private var cache: LicenseCache?
    /// The change journal, for the history view.
    private var journal: ChangeJournal?
    /// The team journal (journal_url): every operator's history, what waits, who changed what last.
    private var team: TeamJournalDelivery?
    /// The account the team journal's last changes are read for.
    private var account: JournalContext?
    /// Opens another context of the settings file (`:ctx NAME`, `:ctx all`); nil without contexts.
    private let openContext: ContextSession.Opener?
    /// Each context opened so far, and the view of each one not shown now
    /// (its filter, sort, selection and list), by name ("-" for no context).
    private var sessions: [String: ContextSession] = [:]
    private var setAside: [String: DashboardState] = [:]
    /// Moves on at each switch: a reply to a request made in the view left behind is dropped.
    private var generation = 0
    /// Reading the cache at launch; the first fetch starts once it is done.
    private var cacheLoad: Task<Void, Never>?
    /// What the chain's key-term learning keeps for this context's key (nil when its store could not be opened).
    private var knownKeyMaximum: KeyMaximumReader?

    init(
        state: DashboardState, client: LicensePipeline, cache: LicenseCache? = nil, journal: ChangeJournal? = nil,
        team: TeamJournalDelivery? = nil, account: JournalContext? = nil, knownKeyMaximum: KeyMaximumReader? = nil, theme: Theme,
        refreshSeconds: Double, mouse: Bool = true, environment: [String: String], logger: Logger, openContext: ContextSession.Opener? = nil
    ) {
        self.openContext = openContext
        self.mouse = mouse
        self.state = state
        self.client = client
        self.cache = cache
        self.journal = journal
        self.team = team
        self.account = account
        self.knownKeyMaximum = knownKeyMaximum
        self.theme = theme
        self.refreshSeconds = refreshSeconds
        self.screen = TerminalScreen(environment: environment)
        self.logger = logger
    }

    /// Returns when the operator quits or a signal asks the process to stop;
    /// the terminal is restored on every path out.
    func run() async throws {
        // The cache is read while the terminal is set up.
        showCachedList()
        try screen.start()
        defer { screen.stop() }
        screen.enableMouse(mouse)
        screen.setStyles(theme.styles)
        dispatch(.resized(width: screen.width, height: screen.height))
        installSources()
        dispatch(.refreshDue)
        render()
        await withCheckedContinuation { continuation in
            finished = continuation
        }
        for source in sources { source.cancel() }
        sources.removeAll()
    }

    /// Reads the cached list off the main queue; the first refresh waits for
    /// it (both at once on two cores would slow the cached table down by the
    /// refresh's decoding), and the reducer shows it only if no refresh has answered first.
    private func showCachedList() {
        guard let cache else { return }
        let sort = state.sort, thresholds = state.thresholds, logger = self.logger, generation = self.generation
        cacheLoad = Task.detached(executorPreference: BackgroundExecutor.shared) {
            do {
                guard let cached = try cache.loadCatalog(orderKey: sort.timelessOrderKey) else { return }
                let prepared = PreparedCatalog(cached.catalog, sort: sort, thresholds: thresholds, now: currentUnixSeconds(), order: cached.order)
                await self.deliver(generation, .loadedFromCache(prepared, fetchedAt: cached.fetchedAt))
            } catch {
                logger.warning("the list cache could not be read", metadata: ["error": "\(error)"])
            }
        }
    }

    private func listOnScreen() -> (licenses: [License]?, count: Int) {
        (state.hasLoaded ? state.catalog.licenses : nil, state.catalog.count)
    }

    private func finish() {
        finished?.resume()
        finished = nil
    }

    // MARK: Actions and effects

    func dispatch(_ action: Action) {
        let effects = Reducer.reduce(&state, action)
        for effect in effects { perform(effect) }
        // A bulk run that has ended lets its run lock go.
        if state.bulk == nil, let held = runLock {
            runLock = nil
            Task { if case .success(let lock) = await held.value { await lock.release() } }
        }
        scheduleRender()
    }

    // MARK: The run lock of a bulk run

    /// The lock a bulk run of marked rows holds, as the CLI's bulk renew does:
    /// taken at the run's first write (the team lock with a team journal, this
    /// machine's lock file without one), let go when the run ends. Held by
    /// another run: no write of this run is sent, each says why.
    private var runLock: Task<Result<TeamLock, LicensingError>, Never>?

    private func bulkRunLock() -> Task<Result<TeamLock, LicensingError>, Never>? {
        guard state.bulk != nil, let account else { return nil }
        if let runLock { return runLock }
        // journal_required (the team journal's own setting): a run whose team lock cannot be taken is refused.
        let team = self.team, logger = self.logger, required = self.team?.required ?? false
        let task = Task.detached(executorPreference: BackgroundExecutor.shared) { () -> Result<TeamLock, LicensingError> in
            do {
                return .success(try await TeamAccess.take(
                    account: account.account, team: team?.database, operatorName: account.operatorName ?? account.user, required: required, timeout: 0
                ) { logger.warning("\($0)") })
            } catch let held as TeamLock.Held {
                return .failure(.configuration(message: held.description))
            } catch let error as LicensingError {
                return .failure(error)
            } catch {
                return .failure(.configuration(message: "The run lock could not be taken (\(error)); nothing was sent."))
            }
        }
        runLock = task
        return task
    }

    private func perform(_ effect: Effect) {
        let client = self.client
        let generation = self.generation
        switch effect {
        case .switchContext(let name):
            switchContext(to: name)
        case .quit:
            finish()
        case .copy(let text):
            // OSC 52: the terminal (or tmux with set-clipboard on, or the terminal at
            // the far end of ssh) puts the text on the clipboard. The text is base64,
            // so nothing in it can act as an escape.
            Terminal.write(STDOUT_FILENO, "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
        case .fetch:
            let sort = state.sort, thresholds = state.thresholds
            let cache = self.cache, logger = self.logger, cacheLoad = self.cacheLoad
            Task.detached(executorPreference: BackgroundExecutor.shared) {
                await cacheLoad?.value
                let expectedCount = await self.listOnScreen().count
                do throws(LicensingError) {
                    // The cache keeps own writes recorded from here on: one whose reply came while
                    // the list was on its way may not be in it (the reply's time would prune it).
                    let requestedAt = currentUnixSeconds()
                    let list = try await client.licenseList(format: .object, expectedCount: expectedCount)
                    let now = currentUnixSeconds()
                    // The list on screen (shared, not copied), to say what the refresh changed: taken
                    // once the reply is in, so a write's reply meanwhile changes its row without a copy.
                    let (previous, _) = await self.listOnScreen()
                    let changes = previous.map { ListChanges(from: $0, to: list.licenses) }
                    if let changes, changes.isEmpty, previous?.count == list.licenses.count, list.unreadable.isEmpty,
                       list.repeatedSerials.isEmpty, client.allContexts == nil {
                        // The same list again as the one on screen: nothing changes and nothing is written.
                        // (Not even the cache's age: the cache may hold less than the screen, after a store
                        // or an own write that failed, and must not be stamped as confirmed now.)
                        await self.deliver(generation, .fetchedUnchanged(at: now))
                        await self.readTeamJournal(generation)
                        return
                    }
                    var prepared = PreparedCatalog(list.licenses, sort: sort, thresholds: thresholds, now: now)
                    prepared.unreadable = list.unreadable.count
                    prepared.repeatedSerials = list.repeatedSerials
                    prepared.repeatedWarning = list.repeatedWarning
                    prepared.changes = changes
                    if let all = client.allContexts {
                        (prepared.owners, prepared.staleContexts) = await all.ownership()
                    }
                    await self.deliver(generation, .fetchedPrepared(prepared, at: now))
                    await self.readTeamJournal(generation)
                    // Kept for the next launch after the table is drawn: never before a key.
                    do {
                        // The order on screen goes with it: the next launch need not sort either.
                        let order = prepared.sort.timelessOrderKey.map { (key: $0, positions: prepared.sorted) }
                        try cache?.store(prepared.catalog, order: order, fetchedAt: requestedAt)
                    } catch {
                        logger.warning("the list could not be cached", metadata: ["error": "\(error)"])
                    }
                } catch {
                    await self.deliver(generation, .fetchFailed(error, at: currentUnixSeconds()))
                }
            }
        case .loadHistory:
            let journal = self.journal, team = self.team
            Task.detached(executorPreference: BackgroundExecutor.shared) {
                // Every operator's entries when there is a team journal; this machine's when it cannot be read.
                if let team, let entries = try? await team.teamEntries(TeamJournalDatabase.Query(limit: 5_000)) {
                    await self.deliver(generation, .historyLoaded(entries))
                    return
                }
                guard let journal else {
                    await self.deliver(generation, .historyFailed("it could not be opened; the log says why."))
                    return
                }
                do {
                    await self.deliver(generation, .historyLoaded(try journal.entries(JournalQuery(limit: 5_000)).entries))
                } catch {
                    await self.deliver(generation, .historyFailed("\(error)"))
                }
            }
        case .create, .reissue, .renew, .renewLater, .delete:
            // A bulk run's writes wait for its run lock; held by another run, each says so and nothing is sent.
            let lock: Task<Result<TeamLock, LicensingError>, Never>?
            switch effect {
            case .renew, .delete: lock = bulkRunLock()
            default: lock = nil
            }
            let knownKeyMaximum = self.knownKeyMaximum
            Task.detached(executorPreference: BackgroundExecutor.shared) {
                if let lock, case .failure(let refusal) = await lock.value {
                    switch effect {
                    case .renew(let serial, _): await self.deliver(generation, .renewFailed(serial: serial, refusal))
                    case .delete(let serial): await self.deliver(generation, .deleteFailed(serial: serial, refusal))
                    default: break
                    }
                    return
                }
                for action in await EffectRunner.perform(effect, on: client, knownKeyMaximum: knownKeyMaximum) ?? [] {
                    await self.deliver(generation, action)
                }
            }
        }
    }

    /// A reply, unless the view it was asked for has been left for another context.
    private func deliver(_ generation: Int, _ action: Action) {
        guard generation == self.generation else { return }
        dispatchFromBackground(action)
    }

    // MARK: Contexts

    /// `:ctx NAME`: the current view is set aside as it is, the other context's
    /// view comes back as it was left (or opens fresh), and refreshes.
    private func switchContext(to name: String) {
        guard let openContext else { return }
        let known = sessions[name]
        Task { @MainActor in
            let session: ContextSession
            do {
                if let known { session = known } else { session = try await openContext(name) }
            } catch {
                self.dispatch(.contextFailed(name: name, reason: "\(error)"))
                return
            }
            self.show(name, session)
        }
    }

    /// After a refresh: what waits for the team journal, and who changed each license last.
    private func readTeamJournal(_ generation: Int) {
        guard let team, let account else { return }
        Task.detached(executorPreference: BackgroundExecutor.shared) {
            let pending = await team.pendingCount()
            var changes: [String: LastChange] = [:]
            if let rows = try? await team.lastChanges(endpoint: account.endpoint, keyFingerprint: account.keyFingerprint) {
                for row in rows {
                    guard let action = JournalEntry.Action(rawValue: row.action) else { continue }
                    changes[row.serial] = LastChange(operatorName: row.operatorName, action: action, time: row.time)
                }
            }
            await self.deliver(generation, .teamJournal(pending: pending, lastChanges: changes))
        }
    }

    private func show(_ name: String, _ session: ContextSession) {
        let leaving = state.source.context ?? "-"
        var left = state
        left.setAside()
        setAside[leaving] = left
        if sessions[leaving] == nil {
            sessions[leaving] = ContextSession(
                client: client, cache: cache, journal: journal, team: team, account: account, source: state.source, keyMaximum: state.keyMaximum,
                knownKeyMaximum: knownKeyMaximum)
        }
        sessions[name] = session
        generation += 1
        client = session.client
        cache = session.cache
        journal = session.journal
        team = session.team
        account = session.account
        knownKeyMaximum = session.knownKeyMaximum
        cacheLoad = nil
        if var returning = setAside.removeValue(forKey: name) {
            returning.resume(now: currentUnixSeconds(), size: (screen.width, screen.height))
            state = returning
        } else {
            // Each context's own thresholds and due rule (renew_within_days, renew_expired may be set per context).
            var fresh = DashboardState(source: session.source, thresholds: session.thresholds ?? state.thresholds, keyMap: state.keyMap, now: currentUnixSeconds(), size: (screen.width, screen.height))
            fresh.columns = state.columns
            fresh.contextNames = state.contextNames
            fresh.contextColors = state.contextColors
            fresh.keyMaximum = session.knownKeyMaximum?() ?? session.keyMaximum
            state = fresh
            showCachedList()
        }
        logger.info("context switched", metadata: ["from": "\(leaving)", "to": "\(name)"])
        dispatch(.resized(width: screen.width, height: screen.height))
        dispatch(.refreshDue)
    }

    private func dispatchFromBackground(_ action: Action) {
        if case .fetchFailed(let error, _) = action { logger.warning("refresh failed", metadata: ["error": "\(error)"]) }
        // The list a refresh replaces is let go on the background thread:
        // freeing 100,000 licenses here would hold up the next key by a frame or two.
        // Only then: held across any other action, the catalog would be shared
        // when a write's reply changes one row, and copied whole to change it.
        guard case .fetchedPrepared = action else { return dispatch(action) }
        let replaced = state.catalog
        dispatch(action)
        Task.detached(executorPreference: BackgroundExecutor.shared) { withExtendedLifetime(replaced) {} }
    }

    // MARK: Drawing

    private func scheduleRender() {
        guard !renderScheduled else { return }
        renderScheduled = true
        // Coalesces a burst of actions (a pasted filter, a key repeat) into one frame.
        DispatchQueue.main.async {
            MainActor.assumeIsolated {
                self.renderScheduled = false
                self.render()
            }
        }
    }

    private func render() {
        screen.draw(DashboardView.render(state))
    }

    // MARK: Sources

    /// Built outside the main actor: its handler runs on a utility queue, and a
    /// closure formed on the main actor would trap there on an isolation check.
    nonisolated static func makeRefreshTimer(every seconds: Double, _ onMain: @escaping @MainActor @Sendable () -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + seconds, repeating: seconds, leeway: .milliseconds(500))
        timer.setEventHandler {
            DispatchQueue.main.async { MainActor.assumeIsolated { onMain() } }
        }
        return timer
    }

    private func installSources() {
        let input = DispatchSource.makeReadSource(fileDescriptor: 0, queue: .main)
        input.setEventHandler {
            MainActor.assumeIsolated {
                for key in self.screen.readKeys() { self.dispatch(.key(key)) }
                // A read that ended in what could begin a terminal's reply held those keys:
                // if nothing follows within 60 ms they were a person's (an escape), and go on.
                if self.screen.holdsKeys {
                    // Only the keys this read held: a later read's hold gets its own 60 ms.
                    let hold = self.screen.holdGeneration
                    DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(60)) {
                        MainActor.assumeIsolated {
                            guard self.screen.holdGeneration == hold else { return }
                            for key in self.screen.releaseHeldKeys() { self.dispatch(.key(key)) }
                        }
                    }
                }
            }
        }
        input.resume()
        sources.append(input)

        for signalNumber in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] {
            // The default handlers would kill the process with curses still active.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                MainActor.assumeIsolated {
                    if signalNumber == SIGWINCH {
                        self.screen.handleResize()
                        self.dispatch(.resized(width: self.screen.width, height: self.screen.height))
                    } else {
                        self.logger.info("stopping on signal \(signalNumber)")
                        self.finish()
                    }
                }
            }
            source.resume()
            sources.append(source)
        }

        // The refresh timer lives off the main queue; the fetch it asks for runs
        // off it too, and only the result comes back to the main queue.
        let refresh = DashboardRuntime.makeRefreshTimer(every: refreshSeconds) { [weak self] in self?.dispatch(.refreshDue) }
        refresh.resume()
        sources.append(refresh)

        // The clock: spinner frames while something is in flight, otherwise once a second.
        let tick = DispatchSource.makeTimerSource(queue: .main)
        tick.schedule(deadline: .now() + 0.1, repeating: 0.1, leeway: .milliseconds(20))
        tick.setEventHandler {
            MainActor.assumeIsolated {
                let now = currentUnixSeconds()
                guard self.state.isBusy || now != self.lastTickSecond else { return }
                self.lastTickSecond = now
                self.dispatch(.tick(now: now))
            }
        }
        tick.resume()
        sources.append(tick)
    }
}

/// What the dashboard needs of one context: its client (journaled, learning,
/// read-only where it must be), its cache and journal, what the header says.
struct ContextSession: Sendable {
    typealias Opener = @Sendable (String) async throws -> ContextSession

    let client: LicensePipeline
    let cache: LicenseCache?
    let journal: ChangeJournal?
    var team: TeamJournalDelivery? = nil
    var account: JournalContext? = nil
    let source: DashboardState.Source
    let keyMaximum: KeyMaximum
    var knownKeyMaximum: KeyMaximumReader? = nil
    /// The context's expiry thresholds and due rule; nil: the view's own (every context at once).
    var thresholds: ExpiryThresholds? = nil
}

/// Reads what is known of a key's maximum term now (learned, else configured).
typealias KeyMaximumReader = @Sendable () -> KeyMaximum
