import LicenseModel

/// The one way an effect that talks to the API becomes an operation and its
/// reply the actions the reducer reads: the runtime runs it with the
/// context's chain, and the tests run the same function over the same chain
/// against a sandbox. It only calls the API it is given.
public enum EffectRunner {
    /// The actions an API effect comes back as: its reply (or failure), then,
    /// after a write, what the chain now knows of the key's maximum term
    /// (`knownKeyMaximum`, nil when nothing keeps it). Nil for effects that are
    /// the runtime's own (fetch, history, copy, context, quit).
    public static func perform(
        _ effect: Effect, on client: LicensePipeline, knownKeyMaximum: (@Sendable () -> KeyMaximum)? = nil
    ) async -> [Action]? {
        /// A write's reply, or its failure, as the action the reducer reads.
        func attempt<Reply>(
            _ write: () async throws(LicensingError) -> Reply, _ done: (Reply) -> Action, _ failed: (LicensingError) -> Action
        ) async -> Action {
            do throws(LicensingError) { return done(try await write()) } catch { return failed(error) }
        }
        let reply: Action
        switch effect {
        case .create(let request):
            reply = await attempt({ () async throws(LicensingError) in try await client.createLicense(request, format: .object) },
                                  Action.created, Action.createFailed)
        case .reissue(let old, let request):
            reply = await attempt({ () async throws(LicensingError) in try await client.reissueLicense(replacing: old, with: request, format: .object) },
                                  { .reissued(old: old, $0) }, { .reissueFailed(old: old, $0) })
        case .renew(let serial, let request), .renewLater(let serial, let request, _):
            // A paced renew (the key's rate limit said 429: nothing was done) waits first.
            if case .renewLater(_, _, let seconds) = effect { try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) }
            reply = await attempt({ () async throws(LicensingError) in try await client.renewLicense(serial: serial, request, format: .object) },
                                  Action.renewed, { .renewFailed(serial: serial, $0) })
        case .delete(let serial):
            reply = await attempt({ () async throws(LicensingError) in _ = try await client.deleteLicense(serial: serial) },
                                  { .deleted(serial: serial) }, { .deleteFailed(serial: serial, $0) })
        case .fetch, .loadHistory, .copy, .switchContext, .quit:
            return nil
        }
        // A create or a renew may have taught the key's term (or a refusal unlearned it): one value, the chain's.
        switch effect {
        case .create, .reissue, .renew, .renewLater:
            guard let knownKeyMaximum else { break }
            var known = knownKeyMaximum()
            // A renew the key refused (403) is about its term: a configured max_term_days is not
            // trusted after it (the chain forgets a learned one itself); plans treat the term as not known.
            if case .renewFailed(_, .forbidden) = reply, case .configured = known { known = .unknown }
            return [reply, .keyMaximumKnown(known)]
        default: break
        }
        return [reply]
    }

    /// Runs effects and feeds each reply back to the reducer until nothing more
    /// is asked (the runtime's part without a terminal, for tests and the
    /// benchmark's renewal promise): every API effect through `perform`.
    public static func carryOut(
        _ effects: [Effect], on state: inout DashboardState, client: LicensePipeline, knownKeyMaximum: (@Sendable () -> KeyMaximum)? = nil
    ) async {
        var queue = effects
        while !queue.isEmpty {
            guard let actions = await perform(queue.removeFirst(), on: client, knownKeyMaximum: knownKeyMaximum) else { continue }
            for action in actions { queue += Reducer.reduce(&state, action) }
        }
    }
}
