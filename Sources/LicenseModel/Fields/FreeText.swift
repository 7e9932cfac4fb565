/// The free texts a license carries: what a person writes about it, which the
/// server keeps and gives back unchanged.
///
/// The one table of them. The license, the create request and its checks, the
/// field table (documents, the fast reader, `show`, CSV, change detection),
/// the cache, the provisioning file's columns, the create form, the CLI's
/// `create --text NAME=VALUE` and the sandbox's columns and OpenAPI schema all
/// iterate it. A new free text is a case here, its stored value in
/// `FreeTexts` (the compiler asks for both), and the sandbox migration that
/// adds its column (`SandboxDatabase.freeTextsAdded`).
///
/// The raw values are stored (the cache keeps one bit per text by its raw
/// value): a new text takes the next number, at the end, never between.
public enum FreeText: Int, CaseIterable, Sendable, Hashable {
    case description = 0
    case notes = 1

    /// The member name in both formats, the create request, the provisioning
    /// file's column and the sandbox's column.
    public var jsonName: String {
        switch self {
        case .description: return "description"
        case .notes: return "notes"
        }
    }

    /// How a person sees it named (the detail pane, `show`, the create form).
    public var label: String {
        switch self {
        case .description: return "Description"
        case .notes: return "Notes"
        }
    }

    /// The longest value accepted, in characters. The sandbox's own limits:
    /// the real service publishes none.
    public var limit: Int {
        switch self {
        case .description: return 1_000
        case .notes: return 4_000
        }
    }

    /// Every text's name, as help and errors list them: "description, notes".
    public static var names: String { allCases.map(\.jsonName).joined(separator: ", ") }

    /// The text a name spells (`--text notes=…`, a file's column).
    public init?(jsonName: String) {
        guard let text = FreeText.allCases.first(where: { $0.jsonName == jsonName }) else { return nil }
        self = text
    }
}

/// A value for each free text, nil when there is none.
///
/// Stored as one optional String per text, not a dictionary: a fleet holds a
/// million licenses, and this keeps each at the size its texts were before
/// there was a table of them.
public struct FreeTexts: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private var description: String?
    private var notes: String?

    public init() {}

    /// `[.notes: "rack 4"]`.
    public init(dictionaryLiteral elements: (FreeText, String?)...) {
        for (text, value) in elements { self[text] = value }
    }

    public subscript(text: FreeText) -> String? {
        get {
            switch text {
            case .description: return description
            case .notes: return notes
            }
        }
        set {
            switch text {
            case .description: description = newValue
            case .notes: notes = newValue
            }
        }
    }

    /// Each text with a value that is not empty, in table order.
    public var given: [(text: FreeText, value: String)] {
        FreeText.allCases.compactMap { text in
            self[text].flatMap { $0.isEmpty ? nil : (text, $0) }
        }
    }

    /// Each text of `self`, or of `other` where `self` has none.
    public func filled(from other: FreeTexts) -> FreeTexts {
        var merged = self
        for text in FreeText.allCases where merged[text] == nil { merged[text] = other[text] }
        return merged
    }
}
