/// How the template module and the template lookup read a template file: ansible's
/// `trim_blocks`, `lstrip_blocks` and the six delimiter strings (a file's `#jinja2:` line
/// still overrides the first two).
public struct TemplateFileOptions: Sendable, Hashable {
    public var trimBlocks = true
    public var lstripBlocks = false
    public var variableStart = "{{", variableEnd = "}}"
    public var blockStart = "{%", blockEnd = "%}"
    public var commentStart = "{#", commentEnd = "#}"

    public init() {}

    /// The ones the template lookup takes (its blocks keep `{% %}`, and lstrip_blocks is off).
    static let lookupOptions: Set<String> = [
        "trim_blocks", "variable_start_string", "variable_end_string", "comment_start_string", "comment_end_string",
    ]

    /// From the module's arguments or the lookup's options, by ansible's names; what is not
    /// given keeps its default.
    public init(_ values: ValueDict) {
        func text(_ name: String, _ fallback: String) -> String { values[name]?.stringValue ?? fallback }
        trimBlocks = values["trim_blocks"].map(\.isTruthy) ?? true
        lstripBlocks = values["lstrip_blocks"].map(\.isTruthy) ?? false
        variableStart = text("variable_start_string", variableStart)
        variableEnd = text("variable_end_string", variableEnd)
        blockStart = text("block_start_string", blockStart)
        blockEnd = text("block_end_string", blockEnd)
        commentStart = text("comment_start_string", commentStart)
        commentEnd = text("comment_end_string", commentEnd)
    }

    var hasStandardDelimiters: Bool {
        [variableStart, variableEnd, blockStart, blockEnd, commentStart, commentEnd] == ["{{", "}}", "{%", "%}", "{#", "#}"]
    }

    /// `source` written with Jinja's standard delimiters, for the one lexer: each tag's own
    /// delimiters replaced (its content kept, whitespace-control signs included), and a `{`
    /// of the plain text that would open a standard tag printed as a literal instead.
    /// Lines stay where they were, so errors keep their line numbers.
    func standardized(_ source: String) -> String {
        guard !hasStandardDelimiters else { return source }
        let tags = [(variableStart, variableEnd, "{{", "}}"), (blockStart, blockEnd, "{%", "%}"), (commentStart, commentEnd, "{#", "#}")]
            .sorted { $0.0.count > $1.0.count }
        let text = Array(source)
        var out = "", i = 0
        func matches(_ token: String, at index: Int) -> Bool {
            let chars = Array(token)
            return !chars.isEmpty && index + chars.count <= text.count && Array(text[index..<index + chars.count]) == chars
        }
        while i < text.count {
            guard let (start, end, standardStart, standardEnd) = tags.first(where: { matches($0.0, at: i) }) else {
                if text[i] == "{", i + 1 < text.count, "{%#".contains(text[i + 1]) { out += "{{ '{' }}" } else { out.append(text[i]) }
                i += 1
                continue
            }
            out += standardStart
            i += start.count
            var quote: Character?
            var j = i
            while j < text.count {
                if let q = quote {
                    if text[j] == q { quote = nil }
                } else if standardStart != "{#", text[j] == "'" || text[j] == "\"" {
                    quote = text[j]
                } else if matches(end, at: j) {
                    break
                }
                j += 1
            }
            out += String(text[i..<j])
            if j < text.count { out += standardEnd }
            i = min(text.count, j + end.count)
        }
        return out
    }
}
