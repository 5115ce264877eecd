import Jinja

/// ansible-core's wording for what Jinja2 refuses while compiling (TemplateSyntaxError and
/// TemplateAssertionError: bad syntax, an unknown filter or test): "Syntax error in template: …"
/// for a template, "Syntax error in expression: …" for a bare expression (a condition).
extension TemplateError {
    static let templateSyntaxPrefix = "Syntax error in template: "
    static let expressionSyntaxPrefix = "Syntax error in expression: "

    /// Raised by Jinja2 while it compiles, not while it renders.
    var isCompileError: Bool { kind == .syntax || kind == .unknownFilter || kind == .unknownTest }

    /// Already worded as ansible-core words a syntax error (by an inner template).
    var isWordedSyntaxError: Bool {
        message.hasPrefix(Self.templateSyntaxPrefix) || message.hasPrefix(Self.expressionSyntaxPrefix)
    }

    /// The error as ansible-core reports it from a template (`prefix`: which kind of text).
    func wordedAsSyntaxError(_ prefix: String = templateSyntaxPrefix) -> TemplateError {
        guard isCompileError, !isWordedSyntaxError else { return self }
        var e = self
        e.message = prefix + message
        return e
    }
}
