import Jinja

/// Resolves variable names for one templating call: overrides, magic names, then the raw
/// variables templated on first use (recursively, with loop detection), cached for the call.
final class VariableResolver: RenderClient {
    let variables: any TemplateVariables
    let overrides: ValueDict
    let templar: AnsibleTemplar
    private var cache: [String: JinjaValue] = [:]
    private var resolving: [String] = []
    /// Nesting of templating through variables, to stop runaway recursion.
    private var depth = 0

    init(variables: any TemplateVariables, overrides: ValueDict, templar: AnsibleTemplar) {
        self.variables = variables
        self.overrides = overrides
        self.templar = templar
    }

    var environment: JinjaEnvironment { templar.environment }

    func resolve(_ name: String) throws -> JinjaValue? {
        if let v = overrides[name] { return .value(v) }
        if let cached = cache[name] { return cached }
        switch name {
        case "omit": return .string(AnsibleTemplar.omit)
        case "hostvars": return .object(HostVarsObject(resolver: self))
        case "vars": return .object(VariablesObject(resolver: self))
        default: break
        }
        guard let raw = variables.rawValue(name) else {
            if name == "ansible_managed" { return .string(templar.options.ansibleManaged) }
            return nil
        }
        if resolving.contains(name) {
            throw TemplateError.recursion("Recursive loop detected in template: variable '\(name)' refers to itself (through \(resolving.joined(separator: " -> ")) -> \(name))")
        }
        resolving.append(name)
        defer { resolving.removeLast() }
        let value: JinjaValue
        do {
            value = try lazy(raw)
        } catch let e as TemplateError where UndecryptableVault.isMessage(e.message) {
            throw e  // keeps the place of the `!vault` value, which ansible-core names
        } catch var e as TemplateError {
            // Report the error at the outer expression that used the variable, naming the variable
            // and its own template, rather than at a line of the variable's value.
            if !e.message.contains("variable '") {
                e.message += " (in variable '\(name)'" + (e.expression.map { ": \($0.debugDescription)" } ?? "") + ")"
            }
            throw e.unplaced
        }
        if case .undefined(var u) = value, !u.message.contains("in variable '") {
            u.message += " (in variable '\(name)': \(raw.pythonString.debugDescription))"
            let decorated = JinjaValue.undefined(u)
            cache[name] = decorated
            return decorated
        }
        cache[name] = value
        return value
    }

    /// A raw value as templates see it: strings rendered now, containers with templates lazily.
    func lazy(_ raw: Value) throws -> JinjaValue {
        switch raw {
        case .string(let s):
            guard AnsibleTemplar.isPossiblyTemplate(s) else { return .value(raw) }
            do {
                return try renderNative(s, name: templar.options.sourceName)
            } catch let e as TemplateError where e.kind == .undefined {
                // like ansible-core 2.19, a value whose template hits an undefined is itself
                // undefined: `default()` and `is defined` work on it, using it raises the error
                return .undefined(Undefined(message: e.message))
            }
        case .list(let l):
            return TemplateFreeValues.shared.containsTemplate(raw) ? .object(LazyList(l, resolver: self)) : .value(raw)
        case .dict(let d):
            return TemplateFreeValues.shared.containsTemplate(raw) ? .object(LazyDict(d, resolver: self)) : .value(raw)
        default:
            return .value(raw)
        }
    }

    /// Templates every string inside `value`, giving plain values (the `template` entry point).
    ///
    /// Parts without templates stay shared, and a part shared through YAML aliases is templated
    /// once: the result shares it the way the input did.
    func templateDeep(_ value: Value) throws -> Value {
        var walk = DeepTemplating()
        return try templateDeep(value, &walk)
    }

    /// What one `templateDeep` walk remembers about the shared parts it has seen.
    private struct DeepTemplating {
        var templateFree: Set<SharedStorage> = []
        var done: [SharedStorage: Value] = [:]
    }

    private func templateDeep(_ value: Value, _ walk: inout DeepTemplating) throws -> Value {
        let storage: SharedStorage?
        switch value {
        case .string(let s):
            guard AnsibleTemplar.isPossiblyTemplate(s) else { return value }
            return try renderNative(s, name: templar.options.sourceName).plain()
        case .list(let l): storage = SharedStorage(l)
        case .dict(let d): storage = SharedStorage(d)
        default: return value
        }
        guard AnsibleTemplar.containsTemplate(value, inKeys: true, templateFree: &walk.templateFree) else { return value }
        if let storage, let known = walk.done[storage] { return known }
        let result: Value
        switch value {
        case .list(let l):
            result = .list(try l.map { try templateDeep($0, &walk) })
        case .dict(let d):
            var out = ValueDict()
            for (k, v) in d { out[try templateDeep(.string(k), &walk).pythonString] = try templateDeep(v, &walk) }
            result = .dict(out)
        default: result = value
        }
        if let storage { walk.done[storage] = result }
        return result
    }

    func makeRenderer(_ env: JinjaEnvironment? = nil) -> Renderer {
        let renderer = Renderer(environment: env ?? environment) { [unowned self] name in try self.resolve(name) }
        renderer.client = self
        return renderer
    }

    private func enter() throws {
        depth += 1
        if depth > 64 {
            depth -= 1
            throw TemplateError.recursion("Recursive loop detected in template: maximum templating depth exceeded")
        }
    }

    /// Renders a template string; a lone `{{ expr }}` keeps the expression's native type.
    func renderNative(_ text: String, name: String?) throws -> JinjaValue {
        try enter()
        defer { depth -= 1 }
        do {
            let ast = try TemplateCache.shared.parse(text, name: name, options: environment.lexerOptions)
            let renderer = makeRenderer()
            if let expression = ast.loneExpression {
                let result = try renderer.evaluate(expression)
                if case .object(let o) = result, !(o is LazyValue) { return .value(try o.plainValue()) }
                // Like ansible-core, a text result gets back the trailing newlines Jinja dropped
                // (`"{{ name }}\n"` is the name and a newline); other types stay as they are.
                switch result {
                case .value(.string(let s)): return .string(AnsibleTemplar.preservingTrailingNewlines(of: text, in: s))
                case .value(.unsafe(let s)): return .value(.unsafe(AnsibleTemplar.preservingTrailingNewlines(of: text, in: s)))
                default: return result
                }
            }
            let rendered = try renderer.render(ast)
            // ansible-core 2.19 renders natively: nothing printed is None, and a lone printed
            // value that is not text keeps its type ("{% if x %}{{ 1 }}{% endif %}" is 1).
            if renderer.topLevelPieces == 0 { return .none }
            if renderer.topLevelPieces == 1, let piece = renderer.firstTopLevelPiece, !piece.isText {
                if case .object(let o) = piece, !(o is LazyValue) { return .value(try o.plainValue()) }
                return piece
            }
            let output = AnsibleTemplar.preservingTrailingNewlines(of: text, in: rendered)
            // text built from an unsafe value stays unsafe, so it is never templated later
            return renderer.printedUnsafe ? .value(.unsafe(output)) : .string(output)
        } catch let error as TemplateError {
            var e = error.wordedForAnsible()
            if e.expression == nil { e.expression = text }
            throw e
        }
    }

    /// Renders a template to text with the given environment (template files), with the number
    /// of top-level pieces it printed and the first of them (see `Renderer.topLevelPieces`).
    func render(_ text: String, name: String?, environment env: JinjaEnvironment) throws -> (text: String, pieces: Int, firstPiece: JinjaValue?) {
        try enter()
        defer { depth -= 1 }
        do {
            // parsed once per run: the same template file is rendered for every host
            let ast = try TemplateCache.shared.parse(text, name: name, options: env.lexerOptions)
            let renderer = makeRenderer(env)
            let output = try renderer.render(ast)
            return (output, renderer.topLevelPieces, renderer.firstTopLevelPiece)
        } catch let error as TemplateError {
            throw error.wordedAsSyntaxError()
        }
    }

    /// Evaluates a bare expression; `literalBackslashes` as ansible-core's escape_backslashes
    /// (on for `debug: var=`-style expressions, off for conditionals).
    func evaluateExpression(_ text: String, literalBackslashes: Bool) throws -> JinjaValue {
        do {
            let expression = try Parser.parseExpression(text, name: templar.options.sourceName, literalBackslashes: literalBackslashes)
            return try makeRenderer().evaluate(expression)
        } catch let error as TemplateError {
            var e = error.wordedForAnsible(expression: true)
            if e.expression == nil { e.expression = text }
            throw e
        }
    }

    /// The resolver for another host's variables (`hostvars[h]`), templated in that host's context.
    func forHost(_ host: String) -> VariableResolver? {
        guard let vars = variables.hostVariables(host) else { return nil }
        return VariableResolver(variables: vars, overrides: [:], templar: AnsibleTemplar(variables: vars, options: templar.options))
    }
}

extension AnsibleTemplar {
    /// Whether a string may hold Jinja syntax worth parsing.
    public static func isPossiblyTemplate(_ s: String) -> Bool {
        // A byte scan: this runs over every string of every variable a template touches.
        var previousBrace = false
        for byte in s.utf8 {
            if previousBrace && (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#")) { return true }
            previousBrace = byte == UInt8(ascii: "{")
        }
        return false
    }

    /// Whether templating `v` could change it (a plain string with Jinja syntax, at any depth).
    ///
    /// Parts shared through YAML aliases are looked at once each, so a "billion laughs" value
    /// costs what its text does.
    public static func containsTemplate(_ v: Value) -> Bool {
        var templateFree: Set<SharedStorage> = []
        return containsTemplate(v, inKeys: false, templateFree: &templateFree)
    }

    /// `containsTemplate`, looking at dict keys too when `inKeys`; `templateFree` remembers the
    /// shared parts found without templates (one set per value of `inKeys`).
    static func containsTemplate(_ v: Value, inKeys: Bool, templateFree: inout Set<SharedStorage>) -> Bool {
        let storage: SharedStorage?
        switch v {
        case .string(let s): return isPossiblyTemplate(s)
        case .list(let l):
            storage = SharedStorage(l)
            if let storage, templateFree.contains(storage) { return false }
            if l.contains(where: { containsTemplate($0, inKeys: inKeys, templateFree: &templateFree) }) { return true }
        case .dict(let d):
            storage = SharedStorage(d)
            if let storage, templateFree.contains(storage) { return false }
            if inKeys, d.keys.contains(where: isPossiblyTemplate) { return true }
            if d.values.contains(where: { containsTemplate($0, inKeys: inKeys, templateFree: &templateFree) }) { return true }
        default: return false
        }
        if let storage { templateFree.insert(storage) }
        return false
    }
}

extension Renderer {
    /// The Ansible templar of this render, for Ansible's filters and lookups (nil when the
    /// template is rendered by plain Jinja).
    var templar: AnsibleTemplar? { (client as? VariableResolver)?.templar }
}
