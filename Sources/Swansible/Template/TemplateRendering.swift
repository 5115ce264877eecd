/// Templating in one host's variable context, as modules and the executor need it.
/// `AnsibleTemplar` is the implementation; tests may supply a fake.
public protocol TemplateRendering: Sendable {
    /// Templates a value: strings holding `{{ }}` / `{% %}` are rendered; a string that is a lone
    /// `{{ expr }}` keeps the expression's native type; lists and dicts recursively; `.unsafe` untouched.
    func template(_ value: Value) throws -> Value
    /// Evaluates a bare Jinja expression (`debug: var=`, `assert: that=`).
    func evaluate(_ expression: String) throws -> Value
    /// Evaluates a conditional (`when`, `changed_when`, `failed_when`, `until`, `assert`).
    func evaluateCondition(_ expression: String) throws -> Bool
    /// The value of the expression of a lone template written where an expression is expected
    /// (a condition, debug's `var`), and whether a string value may be evaluated in turn.
    func trustedTemplateValue(_ expression: String) throws -> (value: Value, trusted: Bool)
    /// Evaluates a condition given as a value (assert's `that` items): text as a conditional,
    /// an untrusted string refused, anything else by its truthiness.
    func evaluateCondition(_ condition: Value) throws -> Bool
    /// Renders a template file's text with the template module's rules (trim_blocks, trailing
    /// newline kept, `#jinja2:` overrides), with `extraVariables` (template_host, ...) on top.
    func renderFile(_ source: String, path: String, extraVariables: ValueDict) throws -> String
    /// The same with the module's `trim_blocks`, `lstrip_blocks` and delimiter strings.
    func renderFile(_ source: String, path: String, extraVariables: ValueDict, options: TemplateFileOptions) throws -> String
}

extension TemplateRendering {
    /// A fake trusts what it evaluates.
    public func trustedTemplateValue(_ expression: String) throws -> (value: Value, trusted: Bool) {
        (try evaluate(expression), true)
    }

    public func evaluateCondition(_ condition: Value) throws -> Bool {
        if let text = condition.stringValue { return try evaluateCondition(text) }
        return condition.isTruthy
    }

    /// A fake that knows no options renders with its defaults.
    public func renderFile(_ source: String, path: String, extraVariables: ValueDict, options: TemplateFileOptions) throws -> String {
        try renderFile(source, path: path, extraVariables: extraVariables)
    }
}
