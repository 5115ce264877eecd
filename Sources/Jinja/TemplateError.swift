/// An error from lexing, parsing or rendering a template, with where it happened.
///
/// All wording lives in the static factories below, so the catalogue is reviewable in one place
/// and tests can match `kind` rather than text.
public struct TemplateError: LocatedError {
    public enum Kind: String, Sendable {
        case syntax           // TemplateSyntaxError
        case undefined        // UndefinedError: a name, attribute or item that does not exist
        case type             // TypeError / ValueError from an operation or filter
        case unknownFilter
        case unknownTest
        case filterArguments  // wrong, missing or extra arguments
        case lookup           // a lookup plugin failed
        case recursion        // recursion limit or a variable that refers to itself
        case limit            // a resource limit (huge range, ...)
        case notFound         // template or file not found
        case failed           // `mandatory`, explicit raise
    }

    public var kind: Kind
    public var message: String
    /// The template (its name) and the line and column in it, when known.
    public var place: SourcePlace?
    /// The text of the offending source line, when known.
    public var sourceLine: String?
    /// The template or expression text being rendered when the error happened (Ansible shows it).
    public var expression: String?

    public init(kind: Kind, message: String, place: SourcePlace? = nil, sourceLine: String? = nil, expression: String? = nil) {
        self.kind = kind
        self.message = message
        self.place = place
        self.sourceLine = sourceLine
        self.expression = expression
    }

    public var description: String {
        var out = message
        var parts: [String] = []
        if let file = place?.file { parts.append(file) }
        if let line = place?.line { parts.append("line \(line)" + (place?.column.map { ", column \($0)" } ?? "")) }
        if !parts.isEmpty { out += " (" + parts.joined(separator: ", ") + ")" }
        if let sourceLine, !sourceLine.isEmpty {
            out += "\n    " + sourceLine
            if let column = place?.column { out += "\n    " + String(repeating: " ", count: max(0, column - 1)) + "^" }
        } else if let expression {
            out += "\n  in: " + expression
        }
        return out
    }

    /// A value the template used could not be read (bad JSON, an invalid regular expression):
    /// Python raises it as a type or value error from the filter that read it.
    public init(_ error: ValueError) { self.init(kind: .type, message: error.message) }

    /// The same error attributed to template `name`, unless it already names one.
    public func inTemplate(_ name: String) -> TemplateError {
        guard place?.file == nil else { return self }
        var e = self
        e.place = SourcePlace(file: name, line: place?.line, column: place?.column)
        return e
    }

    /// Without its place and source (to be reported at an outer expression instead).
    public var unplaced: TemplateError {
        var e = self
        e.place = nil
        e.sourceLine = nil
        e.expression = nil
        return e
    }

    /// Fills in the location once, at the innermost boundary that knows it.
    func located(_ span: SourceSpan?, in source: SourceText?) -> TemplateError {
        guard place?.line == nil, let span else { return self }
        var e = self
        var place = self.place ?? SourcePlace(file: nil)
        place.line = span.startLine
        place.column = span.startColumn > 0 ? span.startColumn : nil
        if let source {
            let position = source.position(of: span.startOffset)
            place.line = position.line
            place.column = position.column
            e.sourceLine = source.lineText(position.line)
            if place.file == nil { place.file = source.name }
        }
        e.place = place
        return e
    }
}

// MARK: - The catalogue
extension TemplateError {
    package static func syntax(_ message: String) -> TemplateError { .init(kind: .syntax, message: message) }
    /// Jinja's `TokenStream.expect` failing: `what` is the awaited token as Jinja describes it.
    static func expected(_ what: String, got token: Token) -> TemplateError {
        if token.isEOF { return .syntax("unexpected end of template, expected \(Value.pythonStringRepr(what)).") }
        return .syntax("expected token \(Value.pythonStringRepr(what)), got \(Value.pythonStringRepr(token.describe))")
    }
    /// A token no expression can start with.
    static func unexpected(_ token: Token) -> TemplateError {
        .syntax("unexpected \(Value.pythonStringRepr(token.describe))")
    }
    static func expectedExpression(got token: Token) -> TemplateError {
        .syntax("Expected an expression, got \(Value.pythonStringRepr(token.describe))")
    }
    /// An unknown tag (`name`), or the end of the template (nil) while blocks are open.
    /// `awaited` holds, per open body, the tags that may end it (innermost last, each in
    /// Jinja's order); `open` the statements being parsed, innermost last.
    static func unknownTag(_ name: String?, awaited: [[String]], open: [String]) -> TemplateError {
        var parts = [name.map { "Encountered unknown tag \(Value.pythonStringRepr($0))." } ?? "Unexpected end of template."]
        if let innermost = awaited.last, !innermost.isEmpty {
            let looking = innermost.map(Value.pythonStringRepr).joined(separator: " or ")
            if let name, awaited.contains(where: { $0.contains(name) }) {
                parts.append("You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for \(looking).")
            } else {
                parts.append("Jinja was looking for the following tags: \(looking).")
            }
        }
        if let tag = open.last { parts.append("The innermost block that needs to be closed is \(Value.pythonStringRepr(tag)).") }
        return .syntax(parts.joined(separator: " "))
    }
    /// An assignment target Jinja refuses; `node` is Jinja's node type (`const`, `getattr`, ...).
    static func cannotAssign(_ node: String) -> TemplateError {
        .syntax("can't assign to \(Value.pythonStringRepr(node))")
    }
    package static func undefined(_ message: String) -> TemplateError { .init(kind: .undefined, message: message) }
    package static func type(_ message: String) -> TemplateError { .init(kind: .type, message: message) }
    static func unknownFilter(_ name: String) -> TemplateError {
        .init(kind: .unknownFilter, message: "No filter named '\(name)'.")
    }
    static func unknownTest(_ name: String) -> TemplateError {
        .init(kind: .unknownTest, message: "No test named '\(name)'.")
    }
    package static func arguments(_ message: String) -> TemplateError { .init(kind: .filterArguments, message: message) }
    package static func lookup(_ name: String, _ message: String) -> TemplateError {
        .init(kind: .lookup, message: "The lookup plugin '\(name)' failed: \(message)")
    }
    package static func recursion(_ message: String) -> TemplateError { .init(kind: .recursion, message: message) }
    package static func limit(_ message: String) -> TemplateError { .init(kind: .limit, message: message) }
    static func tooLarge(text bytes: Int) -> TemplateError {
        .limit("The template builds a string too large: \(bytes == Int.max ? "more than \(Int.max)" : String(bytes)) bytes, "
            + "beyond the limit of \(TemplateLimits.maxTextBytes) (Python would raise MemoryError).")
    }
    static func tooLarge(expanded limit: Int) -> TemplateError {
        .limit("The value is too large to print or walk in full: more than \(limit) items once the parts it shares "
            + "(YAML aliases) are expanded.")
    }
    static func tooLarge(list count: Int) -> TemplateError {
        .limit("The template builds a list too large: \(count == Int.max ? "more than \(Int.max)" : String(count)) items, "
            + "beyond the limit of \(TemplateLimits.maxListCount) (Python would raise MemoryError).")
    }
    static func notFound(_ message: String) -> TemplateError { .init(kind: .notFound, message: message) }
    package static func failed(_ message: String) -> TemplateError { .init(kind: .failed, message: message) }
}
