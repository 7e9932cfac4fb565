/// The commands that act on licenses without undo (a delete, a bulk renew,
/// apply) ask first. As k9s marks an action Dangerous in its key table, each
/// such command names itself here once, and this one policy decides: a yes
/// given (`--yes`), else the question on the terminal, else a refusal in one
/// message, so a script never deletes or renews by surprise.
enum Consent {
    /// A command that asks first, with the words its refusal uses.
    enum Action {
        case delete(count: Int)
        case renew(count: Int)
        case apply(file: String)

        /// "delete 2 licenses", "renew 1 license", "apply devices.csv".
        var words: String {
            switch self {
            case .delete(let count): return "delete \(count) license\(count == 1 ? "" : "s")"
            case .renew(let count): return "renew \(count) license\(count == 1 ? "" : "s")"
            case .apply(let file): return "apply \(file == "-" ? "standard input" : file)"
            }
        }

        /// What to look at before saying yes in a script.
        var lookFirst: String {
            switch self {
            case .delete: return "check the serials"
            case .renew: return "check the plan above (or --dry-run)"
            case .apply: return "check the plan (--dry-run)"
            }
        }
    }

    enum Decision: Equatable {
        /// Go on: a yes was given, or the command's settings are its standing answer.
        case proceed
        /// Ask on the terminal (`Prompt`); no is the default.
        case ask
    }

    /// Someone can answer: the question goes to standard error and the answer
    /// comes from standard input, so both must be a terminal, and standard
    /// input must not be the command's own input.
    static func canAsk(readingStandardInput: Bool = false) -> Bool {
        !readingStandardInput && Terminal.isTerminal(0) && Terminal.isTerminal(2)
    }

    /// The one policy: `--yes` goes on; a terminal asks; without one a
    /// standing answer (`renew --due`, configured by the settings file) goes
    /// on, and anything else is refused on stderr (a usage error), nothing sent.
    static func decide(_ action: Action, yes: Bool, standingAnswer: Bool = false, readingStandardInput: Bool = false) throws -> Decision {
        if yes { return .proceed }
        if canAsk(readingStandardInput: readingStandardInput) { return .ask }
        if standingAnswer { return .proceed }
        let why = readingStandardInput ? "standard input is the file, so there is no terminal to ask on" : "there is no terminal to ask on"
        Terminal.standardError("error: refusing to \(action.words) without confirmation: \(why); \(action.lookFirst) and pass --yes.")
        throw ReportedFailure(status: .usage)
    }
}

enum Prompt {
    /// Reads one line from the terminal; only "y" or "yes" confirm.
    static func confirm(_ question: String) -> Bool {
        Terminal.write(2, question.safeForDisplay(limit: 4096, keepingLineBreaks: true))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingWhitespace().lowercased())
    }
}
