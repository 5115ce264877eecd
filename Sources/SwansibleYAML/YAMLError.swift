/// A YAML document that cannot be loaded: a libyaml syntax error, an undefined alias, a tag
/// without a constructor, an unhashable key.
///
/// `description` reads like ansible-core's report: the message (context and problem, capitalised,
/// ending with a dot), `Origin: file:line:column`, and the offending lines with a caret.
public struct YAMLError: LocatedError {
    public var location: SourceLocation
    /// What is wrong ("did not find expected ',' or ']'").
    public var problem: String
    /// What the parser was doing ("while parsing a flow sequence"), if known.
    public var context: String?
    /// The annotated source lines, when the location is inside the text.
    public var snippet: SourceSnippet?
    /// A plainer explanation of a common mistake, replacing context and problem in `message`.
    public var hint: String?
    /// An example of the fix, shown after the snippet.
    public var help: String?
    /// False for Ansible's own tag errors, which ansible-core reports without looking for hints.
    var allowsHints = true
    /// Where the parser itself put the problem, before a hint moved `location` (for conformance tests).
    var parserLocation: SourceLocation?

    public init(location: SourceLocation, problem: String, context: String?, snippet: SourceSnippet?) {
        self.location = location
        self.problem = problem
        self.context = context
        self.snippet = snippet
    }

    init(location: SourceLocation, problem: String, context: String?, text: String) {
        // Like ansible-core, a place past the last line (the end of the stream) is not shown.
        self.init(location: location, problem: problem, context: context,
                  snippet: SourceSnippet(text: text, line: location.line, column: location.column)
                    ?? (location.line >= 1 ? .notShown("file truncated") : nil))
    }

    /// "While parsing a flow sequence did not find expected ',' or ']'."
    public var message: String {
        if let hint { return hint }
        var text = [context, problem].compactMap { $0 }.joined(separator: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        if let first = text.first { text = first.uppercased() + text.dropFirst() }
        if !text.hasSuffix(".") { text += "." }
        return text
    }

    /// The mark; a file that could not be read at all has no line to point at.
    public var place: SourcePlace? {
        location.line == 0 ? SourcePlace(file: location.file) : SourcePlace(location)
    }

    public var description: String {
        // A file that could not be read at all has no line to point at.
        if location.line == 0 { return "\(location.file): \(problem)" }
        var out = "YAML parsing failed: \(message)\nOrigin: \(location)"
        if let snippet { out += "\n\n" + snippet.description }
        if let help { out += "\n\n" + help }
        return out
    }
}
