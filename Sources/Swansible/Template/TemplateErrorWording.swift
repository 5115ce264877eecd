import Jinja

/// ansible-core's wording for what Jinja2 refuses while compiling (TemplateSyntaxError and
/// TemplateAssertionError: bad syntax, an unknown filter or test): "Syntax error in template: …"
/// for a template, "Syntax error in expression: …" for a bare expression (a condition); and for
/// what Python raises while rendering (a division by zero, operands of the wrong types):
/// "Error rendering template: …" or "Error rendering expression: …".
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

    static let templateRenderingPrefix = "Error rendering template: "
    static let expressionRenderingPrefix = "Error rendering expression: "

    /// Already worded as ansible-core words an error of a condition's own expression.
    var isWordedExpressionError: Bool {
        message.hasPrefix(Self.expressionSyntaxPrefix) || message.hasPrefix(Self.expressionRenderingPrefix)
    }

    /// The error as ansible-core reports it: a compile error as a syntax error, an exception
    /// Python raised while rendering (not a filter's, a test's or a lookup's, which name
    /// their plugin) as a rendering error; others as they are.
    func wordedForAnsible(expression: Bool = false) -> TemplateError {
        if isCompileError { return wordedAsSyntaxError(expression ? Self.expressionSyntaxPrefix : Self.templateSyntaxPrefix) }
        guard kind == .type, !isWordedSyntaxError, !message.hasPrefix("Error rendering "),
              !message.hasPrefix("The filter plugin '"), !message.hasPrefix("The test plugin '") else { return self }
        var e = self
        e.message = (expression ? Self.expressionRenderingPrefix : Self.templateRenderingPrefix) + message
        return e
    }
}
