import Foundation
import Jinja

/// Templating with Ansible's rules on top of the Jinja core: variables templated lazily and
/// recursively with loop detection, a lone `{{ expr }}` keeping its native type, `None` printed
/// as '', `!unsafe` strings never templated, `hostvars`, `omit`, lookups and Ansible's filters.
public struct AnsibleTemplar: TemplateRendering {
    /// The placeholder `omit` evaluates to; the executor drops arguments equal to it.
    public static let omit = "__omit_place_holder__5f1e3c0b9d2a47e6a8c4b7d3e2f1a0b9"

    let variables: any TemplateVariables
    let overrides: ValueDict
    public let options: TemplarOptions
    let environment: JinjaEnvironment

    public init(variables: any TemplateVariables, options: TemplarOptions = .init()) {
        self.variables = variables
        self.overrides = [:]
        self.options = options
        self.environment = AnsibleTemplar.makeEnvironment(options)
    }

    private init(variables: any TemplateVariables, overrides: ValueDict, options: TemplarOptions, environment: JinjaEnvironment) {
        self.variables = variables
        self.overrides = overrides
        self.options = options
        self.environment = environment
    }

    /// The same templar with other options (what a loop's lookup sees).
    public func with(options: TemplarOptions) -> AnsibleTemplar {
        AnsibleTemplar(variables: variables, overrides: overrides, options: options,
                       environment: AnsibleTemplar.makeEnvironment(options))
    }

    /// Final values on top of the variables (`item`, `ansible_loop_var`, `template_*`); not templated again.
    public func adding(_ more: ValueDict) -> AnsibleTemplar {
        var merged = overrides
        for (k, v) in more { merged[k] = v }
        return AnsibleTemplar(variables: variables, overrides: merged, options: options, environment: environment)
    }

    /// The value without the omit placeholders in its dicts and lists, at any depth.
    static func droppingOmitted(_ value: Value) -> Value {
        switch value {
        case .dict(let d):
            var out = ValueDict()
            for (k, v) in d where v.stringValue != omit { out[k] = droppingOmitted(v) }
            return .dict(out)
        case .list(let items):
            return .list(items.filter { $0.stringValue != omit }.map(droppingOmitted))
        default:
            return value
        }
    }

    static func containsOmit(_ value: Value) -> Bool {
        switch value {
        case .string(let s): return s == omit
        case .dict(let d): return d.values.contains(where: containsOmit)
        case .list(let items): return items.contains(where: containsOmit)
        default: return false
        }
    }

    /// Jinja with Ansible's rules, its filters, tests and lookups: built once per process.
    static let ansibleEnvironment: JinjaEnvironment = {
        var env = JinjaEnvironment.jinja
        env.register(filters: AnsibleFilters.all)
        env.register(tests: AnsibleTests.all)
        env.register(globals: Lookups.globals)
        env.finalize = { value in
            // like ansible-core's finalize, None prints as the empty string
            if case .value(.null) = value { return .string("") }
            // and like its finalize, omit prints as nothing, and is left out of the
            // containers it is in (`x{{ [1, omit] }}` is `x[1]`)
            // (A value past the size limits is left to fail as text, never walked here.)
            if case .value(let v) = value, (try? TemplateLimits.checkExpanded(v)) != nil, AnsibleTemplar.containsOmit(v) {
                return v.stringValue == AnsibleTemplar.omit ? .string("") : .value(AnsibleTemplar.droppingOmitted(v))
            }
            return value
        }
        env.filterFailure = { name, error in
            // like ansible-core 2.19, a filter's failure names the filter (the innermost one
            // when filters call filters: `map('int', ...)` blames int)
            guard [.type, .failed, .filterArguments].contains(error.kind),
                  !error.message.hasPrefix("The filter plugin '") else { return error }
            var wrapped = error
            let qualified = name.contains(".") ? name : "ansible.builtin." + name
            wrapped.message = "The filter plugin '\(qualified)' failed: " + error.message
            return wrapped
        }
        env.undefinedBehaviour = UndefinedBehaviour(propagatesThroughMembers: true) { ownerType, key in
            "object of type '\(ownerType)' has no attribute \(key)"
        }
        env.qualifiedNamePrefixes = AnsibleTemplar.pluginNamespaces
        env.lexerOptions = LexerOptions(trimBlocks: true, literalBackslashesInExpressions: true)
        return env
    }()

    /// Collections whose filters, tests and lookups answer by their short names too
    /// (`ansible.builtin.to_json`, `ansible.utils.ipaddr`).
    static let pluginNamespaces = ["ansible.builtin.", "ansible.legacy.", "ansible.netcommon.", "ansible.utils.", "community.general."]

    static func makeEnvironment(_ options: TemplarOptions) -> JinjaEnvironment {
        var env = ansibleEnvironment
        env.loader = templateLoader(searching: options.searchPaths)
        return env
    }

    /// `{% include %}`/`{% import %}`/`{% extends %}` names, looked up like ansible's template
    /// search: `<path>/templates/name`, then `<path>/name`, for each path in order.
    static func templateLoader(searching paths: [String]) -> TemplateLoader {
        { name in
            for candidate in AnsibleTemplar.candidates(name, in: paths, subdirectory: "templates") {
                if FileManager.default.fileExists(atPath: candidate), let text = try? DataLoader.readText(candidate) { return (text, candidate) }
            }
            return nil
        }
    }

    /// `name` itself when absolute, else `<path>/<subdirectory>/name` then `<path>/name` for each search path.
    static func candidates(_ name: String, in paths: [String], subdirectory: String) -> [String] {
        if name.hasPrefix("/") { return [name] }
        var out: [String] = []
        for p in paths {
            out.append((p as NSString).appendingPathComponent("\(subdirectory)/\(name)"))
            out.append((p as NSString).appendingPathComponent(name))
        }
        if paths.isEmpty { out.append(name) }
        return out
    }

    func makeResolver() -> VariableResolver {
        VariableResolver(variables: variables, overrides: overrides, templar: self)
    }

    // MARK: - TemplateRendering

    public func template(_ value: Value) throws -> Value {
        let resolver = makeResolver()
        return try AnsibleTemplar.bounded(try resolver.templateDeep(value))
    }

    public func evaluate(_ expression: String) throws -> Value {
        let resolver = makeResolver()
        return try AnsibleTemplar.bounded(try resolver.evaluateExpression(expression, literalBackslashes: true).plain())
    }

    /// Like ansible-core with ALLOW_BROKEN_CONDITIONALS: a non-boolean result counts by its
    /// truthiness (so old content such as `when: some_string` keeps working).
    public func evaluateCondition(_ expression: String) throws -> Bool {
        let resolver = makeResolver()
        var text = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return true }
        if let inner = Self.loneTemplateExpression(text) {
            // A lone template whose value is a string: that string is the expression, when its
            // source is trusted (see `trustedTemplateValue`), like ansible-core 2.19.
            let (value, trusted) = try trustedTemplateValue(inner)
            if let expression = value.stringValue {
                guard trusted else { throw TemplateError.failed(Self.untrustedMessage) }
                guard !expression.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw TemplateError.failed(Self.emptyConditionMessage)
                }
                return try evaluateCondition(expression)
            }
            text = inner
        }
        let result = try resolver.evaluateExpression(text, literalBackslashes: false)
        if case .value(.bool(let b)) = result { return b }
        return try result.truthy()
    }

    public func renderFile(_ source: String, path: String, extraVariables: ValueDict) throws -> String {
        try renderFile(source, path: path, extraVariables: extraVariables, options: TemplateFileOptions())
    }

    public func renderFile(_ source: String, path: String, extraVariables: ValueDict, options fileOptions: TemplateFileOptions) throws -> String {
        try renderFileNatively(source, path: path, extraVariables: extraVariables, options: fileOptions) ?? ""
    }

    /// `renderFile`, with nil for a template that printed nothing (the template lookup's None).
    func renderFileNatively(_ source: String, path: String, extraVariables: ValueDict, options fileOptions: TemplateFileOptions) throws -> String? {
        var text = source
        var lexer = LexerOptions(trimBlocks: fileOptions.trimBlocks, lstripBlocks: fileOptions.lstripBlocks)
        var newline = "\n"
        if text.hasPrefix("#jinja2:") {
            guard let eol = text.firstIndex(of: "\n") else {
                throw TemplateError.syntax("Missing newline after '#jinja2:' override.").inTemplate(path)
            }
            let line = text[text.index(text.startIndex, offsetBy: 8)..<eol]
            text = String(text[text.index(after: eol)...])
            for pair in line.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else {
                    throw TemplateError.syntax("Missing key-value separator `:` in '#jinja2:' override pair '\(pair)'.").inTemplate(path)
                }
                let raw = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                let flag = ["true", "yes", "1"].contains(raw.lowercased())
                switch parts[0] {
                case "trim_blocks": lexer.trimBlocks = flag
                case "lstrip_blocks": lexer.lstripBlocks = flag
                case "keep_trailing_newline": lexer.keepTrailingNewline = flag
                case "newline_sequence": newline = raw.replacingOccurrences(of: "\\r", with: "\r").replacingOccurrences(of: "\\n", with: "\n")
                default:
                    throw TemplateError.syntax("'#jinja2:' override '\(parts[0])' is not supported").inTemplate(path)
                }
            }
        }
        let templar = adding(extraVariables)
        let resolver = templar.makeResolver()
        var env = environment
        env.lexerOptions = lexer
        let dir = (path as NSString).deletingLastPathComponent
        let paths = [dir] + options.searchPaths
        env.loader = AnsibleTemplar.templateLoader(searching: paths)
        let rendered = try resolver.render(fileOptions.standardized(text), name: path, environment: env)
        // ansible-core 2.19 renders natively: a template that printed nothing is None, written as
        // nothing; one that printed a lone value that is not text (`{{ 3 }}`, `{{ flag }}`) is
        // that value, written as Python's str() of it, without trailing newlines added back.
        if rendered.pieces == 0 { return nil }
        if rendered.pieces == 1, let piece = rendered.firstPiece, !piece.isText { return try piece.text() }
        var output = rendered.text
        if newline != "\n" { output = output.replacingOccurrences(of: "\n", with: newline) }
        return AnsibleTemplar.preservingTrailingNewlines(of: text, in: output, newline: newline)
    }

    /// Runs a lookup plugin directly, as the executor does for `with_<name>:` loops. `terms` are
    /// already templated; the result is the plugin's list (like `query()`).
    public func lookup(_ name: String, terms: [Value], options: ValueDict = [:]) throws -> [Value] {
        let short = environment.unqualified(name)
        guard let plugin = Lookups.registry[short] else { throw Lookups.notFound(name) }
        let resolver = makeResolver()
        let renderer = resolver.makeRenderer()
        do {
            return try plugin(terms, options, LookupContext(templar: self, renderer: renderer))
        } catch let e as TemplateError where e.kind != .lookup && e.kind != .undefined && !e.isWordedSyntaxError {
            throw TemplateError.lookup(name, e.message)
        } catch let e as ValueError {
            throw TemplateError.lookup(name, e.message)
        }
    }

    /// Names of the lookup plugins available to `lookup()`, `query()` and `with_<name>`.
    public static var lookupNames: [String] { Lookups.registry.keys.sorted() }

    /// Like ansible-core, the result gets back the trailing newlines Jinja dropped from the source.
    static func preservingTrailingNewlines(of source: String, in output: String, newline: String = "\n") -> String {
        func count(_ s: String) -> Int { s.reversed().prefix { $0 == "\n" || $0 == "\r\n" }.count }
        let missing = count(source) - count(output)
        return missing > 0 ? output + String(repeating: newline, count: missing) : output
    }
}

