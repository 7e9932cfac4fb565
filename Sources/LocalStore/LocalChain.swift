import LicenseModel

/// The part of every front end's chain that keeps things on this machine, in
/// its one order: the change journal (the intent before the request, the
/// outcome after), what replies teach of the key's term, then the cache's
/// own writes. `Connection.open` puts the read-only refusal and the team
/// journal before it and the HTTP client after; the renewal promise's
/// dashboard path runs through the same pieces. A store that could not be
/// opened is left out (its opener said why).
public enum LocalChain {
    public static func middleware(
        journal: ChangeJournal?, journalRequired: Bool = false, keyTerms: KeyTermStore?, cacheDirectory: String?, context: JournalContext,
        warn: @escaping @Sendable (String) -> Void
    ) -> [any LicenseMiddleware] {
        var chain: [any LicenseMiddleware] = []
        if let journal { chain.append(ChangeJournaling(journal: journal, context: context, required: journalRequired, warn: warn)) }
        if let keyTerms { chain.append(KeyTermLearning(store: keyTerms, context: context, warn: warn)) }
        if let cacheDirectory { chain.append(OwnWritesInCache(directory: cacheDirectory, context: context, warn: warn)) }
        return chain
    }
}
