/// Walks the AST and produces output. One renderer per render call; not shared across threads.
package final class Renderer {
    package let environment: JinjaEnvironment
    /// Local scopes, innermost last (template root, loop bodies, macro calls, with blocks).
    var scopes: [[String: JinjaValue]] = [[:]]
    /// Names not found in any scope: the variables layer (Ansible) or a context dict.
    var resolveGlobal: (String) throws -> JinjaValue?
    /// The template being rendered, for error locations.
    var source: SourceText?
    var callDepth = 0
    /// Nesting of expression evaluation (long operator or filter chains nest deeply).
    var evalDepth = 0
    static let maxEvalDepth = 400
    /// For template inheritance: block name → overriding bodies, most derived first.
    var blockChains: [String: [[Stmt]]] = [:]
    /// Parsed templates by name, for include/import/extends.
    var templateCache: [String: TemplateAST] = [:]
    /// The engine's client for this render (Ansible's templar), for its own filters and globals.
    package var client: (any RenderClient)?
    /// Set when an `!unsafe` string was printed: the text result stays unsafe (never templated).
    package var printedUnsafe = false
    /// Containers already found small enough to walk in full (`TemplateLimits.checkExpanded`),
    /// kept alive here so that their storage identity stays theirs: a loop that filters the same
    /// variable again does not walk it again.
    var checkedContainers: [SharedStorage: Value] = [:]
    /// The pieces the top level printed, as Jinja's root render function yields them: each text
    /// run and each `{{ }}` value that is not None. Ansible renders natively: a lone piece is the
    /// result as it is (an int stays an int), none is None. Output into buffers (set blocks,
    /// macros, imports, `super()`) is no top-level piece.
    package private(set) var topLevelPieces = 0
    package private(set) var firstTopLevelPiece: JinjaValue?
    private var bufferDepth = 0

    enum Flow { case normal, breakLoop, continueLoop }

    package init(environment: JinjaEnvironment, resolveGlobal: @escaping (String) throws -> JinjaValue? = { _ in nil }) {
        self.environment = environment
        self.resolveGlobal = resolveGlobal
    }

    // MARK: - Entry points

    package func render(_ ast: TemplateAST) throws -> String {
        let saved = source
        source = ast.source
        defer { source = saved }
        var out = ""
        var parent: TemplateAST?
        for (name, body) in ast.blocks where blockChains[name] == nil { blockChains[name] = [body] }
        _ = try execute(ast.body, into: &out, parent: &parent)
        // like Jinja, output before `{% extends %}` is kept; the parent renders after it
        while let p = parent {
            for (name, body) in p.blocks { blockChains[name, default: []].append(body) }
            parent = nil
            source = p.source
            _ = try execute(p.body, into: &out, parent: &parent)
        }
        return out
    }

    /// Evaluates a lone expression in the current scopes; an undefined result is an error,
    /// located at the expression.
    package func evaluate(_ parsed: ParsedExpression) throws -> JinjaValue {
        let saved = self.source
        self.source = parsed.source
        defer { self.source = saved }
        let result = try eval(parsed.expr)
        if case .undefined(let u) = result { throw u.error.located(parsed.expr.span, in: parsed.source) }
        return result
    }

    // MARK: - Names and scopes

    package func lookup(_ name: String) throws -> JinjaValue {
        // by index: iterating the scopes themselves would retain and release each table
        var i = scopes.count - 1
        while i >= 0 {
            if let v = scopes[i][name] { return v }
            i -= 1
        }
        if let v = try resolveGlobal(name) { return v }
        if name == "self" { return .object(TemplateReference(renderer: self)) }
        if let g = environment.globals[name] { return .object(NativeFunction(name, g)) }
        return .undefined(.name(name))
    }

    func assign(_ name: String, _ value: JinjaValue) {
        scopes[scopes.count - 1][name] = value
    }

    func withScope<T>(_ scope: [String: JinjaValue] = [:], _ body: () throws -> T) rethrows -> T {
        scopes.append(scope)
        defer { scopes.removeLast() }
        return try body()
    }

    func located(_ error: Error, _ span: SourceSpan) -> Error {
        if let e = error as? TemplateError { return e.located(span, in: source) }
        if let e = error as? ValueError { return TemplateError(e).located(span, in: source) }
        return error
    }

    // MARK: - Statements

    func execute(_ body: [Stmt], into out: inout String) throws -> Flow {
        var parent: TemplateAST?
        return try execute(body, into: &out, parent: &parent)
    }

    /// Runs statements; an `extends` sets `parent` and later output is discarded like Jinja does.
    func execute(_ body: [Stmt], into out: inout String, parent: inout TemplateAST?) throws -> Flow {
        // by index: the statements are read in place rather than copied one by one
        for i in body.indices {
            do {
                if parent != nil {
                    var discard = ""
                    let flow = try execute(body[i], into: &discard, parent: &parent)
                    if flow != .normal { return flow }
                } else {
                    let flow = try execute(body[i], into: &out, parent: &parent)
                    // output grows a statement at a time: a loop cannot build more than the limit
                    try TemplateLimits.checkText(bytes: out.utf8.count)
                    if flow != .normal { return flow }
                }
            } catch {
                throw located(error, body[i].span)
            }
        }
        return .normal
    }

    private func execute(_ stmt: Stmt, into out: inout String, parent: inout TemplateAST?) throws -> Flow {
        if parent != nil, case .block = stmt.node { return .normal }   // the parent places blocks
        switch stmt.node {
        case .text(let t):
            if !t.isEmpty { notePiece(.string(t)) }
            out += t
        case .output(let expr):
            do {
                let value = try eval(expr)
                if !value.isNone { notePiece(value) }
                out += try outputText(value)
            } catch { throw located(error, expr.span) }
        case .ifChain(let branches, let otherwise):
            for branch in branches where try eval(branch.condition).truthy() {
                return try execute(branch.body, into: &out, parent: &parent)
            }
            if let otherwise { return try execute(otherwise, into: &out, parent: &parent) }
        case .forLoop(let target, let iterable, let filter, let body, let otherwise, let recursive):
            try runLoop(target: target, items: try eval(iterable), filter: filter, body: body, otherwise: otherwise,
                        recursive: recursive, depth: 1, into: &out)
        case .set(let target, let value):
            var v = try eval(value)
            // a set variable is the template's own: lazily templated containers become plain
            // values so that `x.append()` / `x.update()` can change them
            if case .object(let o) = v, o is LazyValue, let plain = try? o.plainValue() { v = .value(plain) }
            try assign(target, v)
        case .setBlock(let target, let filters, let body):
            var value = JinjaValue.string(try buffered { text in _ = try withScope { try execute(body, into: &text) } })
            for f in filters { value = try applyFilter(f, to: value) }
            try assign(target, value)
        case .macro(let name, let signature, let body):
            assign(name, .object(Macro(name: name, signature: signature, body: body, closure: scopes, source: source)))
        case .callBlock(let call, let signature, let body):
            let caller = Macro(name: "caller", signature: signature, body: body, closure: scopes, source: source)
            guard case .call(let callee, let argExprs) = call.node else { break }
            var args = try evalArguments(argExprs)
            args.keyword.append(("caller", .object(caller)))
            let value = try callValue(try eval(callee), args)
            notePiece(value)
            out += try outputText(value)
        case .filterBlock(let filters, let body):
            var value = JinjaValue.string(try buffered { text in _ = try withScope { try execute(body, into: &text) } })
            for f in filters { value = try applyFilter(f, to: value) }
            notePiece(value)
            out += try outputText(value)
        case .with(let assignments, let body):
            var scope: [String: JinjaValue] = [:]
            for (target, value) in assignments {
                let v = try eval(value)
                if case .name(let n) = target.node { scope[n] = v }
            }
            return try withScope(scope) { try execute(body, into: &out) }
        case .autoescape(let setting, let body):
            guard try !eval(setting).truthy() else {
                throw TemplateError.type("HTML autoescaping ({% autoescape true %}) is not supported")
            }
            return try withScope { try execute(body, into: &out) }
        case .block(let name, let scoped, let body):
            let chain = blockChains[name] ?? [body]
            if scoped {
                try renderBlock(name, chain: chain, level: 0, into: &out)
            } else {
                // an unscoped block sees the template's top level, not enclosing loop variables
                let saved = scopes
                scopes = [scopes[0]]
                defer { scopes = saved }
                try renderBlock(name, chain: chain, level: 0, into: &out)
            }
        case .extends(let expr):
            guard parent == nil else { throw TemplateError.syntax("extended multiple times") }
            parent = try loadTemplate(try eval(expr).text())
        case .include(let expr, let ignoreMissing, let withContext):
            try include(expr, ignoreMissing: ignoreMissing, withContext: withContext, into: &out)
        case .importAll(let spec, let alias):
            assign(alias, .object(try importModule(spec)))
        case .fromImport(let spec, let names):
            let module = try importModule(spec)
            for (name, alias) in names {
                // a missing name is an undefined: an error only when used, like Jinja
                assign(alias, module.exports[name] ?? .undefined(Undefined(
                    message: "the template \(module.name.map { "'\($0)'" } ?? "") (imported on line \(stmt.span.startLine)) does not export the requested name '\(name)'",
                    name: alias)))
            }
        case .do(let expr):
            _ = try eval(expr)
        case .loopBreak: return .breakLoop
        case .loopContinue: return .continueLoop
        }
        return .normal
    }

    /// Jinja's output conversion: the environment's `finalize`, then `str(x)`.
    /// Output written into a buffer of its own (no top-level piece), returned.
    func buffered(_ body: (inout String) throws -> Void) rethrows -> String {
        bufferDepth += 1
        defer { bufferDepth -= 1 }
        var text = ""
        try body(&text)
        return text
    }

    private func notePiece(_ value: JinjaValue) {
        guard bufferDepth == 0 else { return }
        if topLevelPieces == 0 { firstTopLevelPiece = value }
        topLevelPieces += 1
    }

    func outputText(_ value: JinjaValue) throws -> String {
        let value = environment.finalize?(value) ?? value
        if case .value(.unsafe) = value { printedUnsafe = true }
        return try value.text()
    }

    func assign(_ target: Expr, _ value: JinjaValue) throws {
        switch target.node {
        case .name(let n):
            assign(n, value)
        case .tuple(let names):
            let items = try iterate(value)
            guard items.count == names.count else {
                throw TemplateError.type(items.count > names.count ? "too many values to unpack (expected \(names.count))"
                                         : "not enough values to unpack (expected \(names.count), got \(items.count))")
            }
            for (t, v) in zip(names, items) { try assign(t, v) }
        case .attribute(let base, let attr):
            guard case .object(let o) = try eval(base), let ns = o as? Namespace else {
                throw TemplateError.type("can only assign attributes of a namespace")
            }
            ns.values[attr] = try value.plain()
        default:
            throw TemplateError.syntax("can't assign to this expression")
        }
    }

    private func renderBlock(_ name: String, chain: [[Stmt]], level: Int, into out: inout String) throws {
        let superFunction = NativeFunction("super") { [unowned self] _, _ in
            guard level + 1 < chain.count else { throw TemplateError.undefined("there is no parent block called '\(name)'.") }
            return .string(try self.buffered { text in try self.renderBlock(name, chain: chain, level: level + 1, into: &text) })
        }
        _ = try withScope(["super": .object(superFunction)]) { try execute(chain[level], into: &out) }
    }

    // MARK: - Loops

    func runLoop(target: Expr, items value: JinjaValue, filter: Expr?, body: [Stmt], otherwise: [Stmt]?,
                 recursive: Bool, depth: Int, into out: inout String) throws {
        var items = try iterate(value)
        if let filter {
            // one scope for the whole filtering, emptied before each item
            scopes.append([:])
            defer { scopes.removeLast() }
            items = try items.filter { item in
                scopes[scopes.count - 1].removeAll(keepingCapacity: true)
                try assign(target, item)
                return try eval(filter).truthy()
            }
        }
        if items.isEmpty {
            if let otherwise { _ = try execute(otherwise, into: &out) }
            return
        }
        let loop = LoopObject(items: items, depth: depth)
        if recursive {
            loop.recurse = { [unowned self] inner in
                try self.buffered { text in
                    try self.runLoop(target: target, items: inner, filter: filter, body: body, otherwise: nil,
                                     recursive: true, depth: depth + 1, into: &text)
                }
            }
        }
        scopes.append([:])
        defer { scopes.removeLast() }
        for (i, item) in items.enumerated() {
            // like Jinja, names set in the body do not survive to the next iteration (the
            // table's storage is kept for the next one unless a macro captured it)
            scopes[scopes.count - 1].removeAll(keepingCapacity: true)
            loop.index0 = i
            assign("loop", .object(loop))
            try assign(target, item)
            let flow = try execute(body, into: &out)
            if flow == .breakLoop { break }
        }
    }

    func iterate(_ value: JinjaValue) throws -> [JinjaValue] {
        switch value {
        case .undefined(let u): throw u.error
        case .object(let o): return try o.iterate(renderer: self)
        case .value(let v):
            switch v {
            case .list(let l): return l.map { .value($0) }
            case .dict(let d): return d.keys.map { .string($0) }
            case .string(let s), .unsafe(let s): return s.unicodeScalars.map { .string(String($0)) }  // code points, like Python
            default: throw TemplateError.type("'\(v.pythonTypeName)' object is not iterable")
            }
        }
    }

    func guardDepth() throws {
        callDepth += 1
        if callDepth > environment.maxCallDepth {
            callDepth -= 1
            throw TemplateError.recursion("maximum recursion depth exceeded")
        }
    }
}

/// What a client of the engine attaches to a render (`Renderer.client`) so that its own filters,
/// tests and globals can reach their context: one typed object instead of loose user data.
package protocol RenderClient: AnyObject {}

/// `self`: the current template's blocks as callables (`self.title()`).
final class TemplateReference: JinjaObject {
    unowned let renderer: Renderer
    init(renderer: Renderer) { self.renderer = renderer }
    var typeName: String { "TemplateReference" }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        guard let chain = renderer.blockChains[name], !chain.isEmpty else { return nil }
        return .object(NativeFunction(name) { _, r in
            // a block that calls itself (`{{ self.x() }}` inside block x) recurses like a macro
            try r.guardDepth()
            defer { r.callDepth -= 1 }
            return .string(try r.buffered { out in _ = try r.withScope { try r.execute(chain[0], into: &out) } })
        })
    }
    func text() throws -> String { "<TemplateReference \(renderer.source?.name.map { "'\($0)'" } ?? "None")>" }
}

/// An imported template: its top-level macros and variables as attributes.
final class TemplateModule: JinjaObject {
    let name: String?
    let exports: [String: JinjaValue]
    let body: String
    init(name: String?, exports: [String: JinjaValue], body: String) {
        self.name = name
        self.exports = exports
        self.body = body
    }
    var typeName: String { "TemplateModule" }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? { exports[name] }
    func text() throws -> String { body }
}
