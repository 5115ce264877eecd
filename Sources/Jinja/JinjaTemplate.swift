/// A parsed Jinja template with plain Jinja2 semantics (no Ansible rules), for the Jinja core
/// and its differential tests. `AnsibleTemplar` is what the engine uses.
public struct JinjaTemplate: Sendable {
    let ast: TemplateAST
    let environment: JinjaEnvironment

    /// Parses `source`. Options are Jinja's `trim_blocks`, `lstrip_blocks`, `keep_trailing_newline`.
    public init(_ source: String, name: String? = nil, options: LexerOptions = LexerOptions(),
                templates: [String: String] = [:]) throws {
        var env = JinjaEnvironment.jinja
        env.lexerOptions = options
        if !templates.isEmpty {
            env.loader = { name in templates[name].map { ($0, name) } }
        }
        self.environment = env
        self.ast = try Parser.parse(source, name: name, options: options)
    }

    /// Renders with `context` as the template's variables; undefined names are errors (StrictUndefined).
    public func render(_ context: ValueDict = [:]) throws -> String {
        let renderer = Renderer(environment: environment) { name in context[name].map { .value($0) } }
        return try renderer.render(ast)
    }

    /// Evaluates a bare expression as Jinja2's `compile_expression` parses it (one expression,
    /// nothing after it), and gives the result as Python's `str()` would.
    public static func evaluateExpression(_ text: String, context: ValueDict = [:]) throws -> String {
        let parsed = try Parser.parseExpression(text, name: nil)
        let renderer = Renderer(environment: .jinja) { name in context[name].map { .value($0) } }
        return try renderer.evaluate(parsed).text()
    }
}
