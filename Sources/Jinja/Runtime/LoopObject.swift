/// The `loop` variable inside a for loop.
final class LoopObject: JinjaObject {
    let items: [JinjaValue]
    let depth: Int
    var index0 = 0
    /// Set for `recursive` loops: renders the loop body over other items, one level deeper.
    var recurse: ((JinjaValue) throws -> String)?
    private var lastChanged: Value??

    init(items: [JinjaValue], depth: Int) {
        self.items = items
        self.depth = depth
    }

    var typeName: String { "LoopContext" }

    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        let n = items.count
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "revindex": return .int(n - index0)
        case "revindex0": return .int(n - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == n - 1)
        case "length": return .int(n)
        case "depth": return .int(depth)
        case "depth0": return .int(depth - 1)
        case "previtem":
            return index0 > 0 ? items[index0 - 1] : .undefined(Undefined(message: "there is no previous item"))
        case "nextitem":
            return index0 + 1 < n ? items[index0 + 1] : .undefined(Undefined(message: "there is no next item"))
        case "cycle":
            return .object(NativeFunction("cycle") { [unowned self] args, _ in
                guard !args.positional.isEmpty else { throw TemplateError.type("no items for cycling given") }
                return args.positional[self.index0 % args.positional.count]
            })
        case "changed":
            return .object(NativeFunction("changed") { [unowned self] args, _ in
                let v = Value.list(try args.positional.map { try $0.plain() })
                if let last = self.lastChanged, let l = last, PythonOperators.equals(l, v) { return .bool(false) }
                self.lastChanged = .some(v)
                return .bool(true)
            })
        default: return nil
        }
    }

    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue {
        guard let recurse else {
            throw TemplateError.type("The loop must have the 'recursive' marker to be called recursively.")
        }
        guard let inner = args.positional.first else { throw TemplateError.type("loop() missing argument") }
        try renderer.guardDepth()
        defer { renderer.callDepth -= 1 }
        return .string(try recurse(inner))
    }

    func text() throws -> String { "<LoopContext \(index0 + 1)/\(items.count)>" }
}

/// A `{% macro %}` (or a call block's `caller`): renders its body with bound arguments.
final class Macro: JinjaObject {
    let name: String
    let signature: MacroSignature
    let body: [Stmt]
    let closure: [[String: JinjaValue]]
    let source: SourceText?
    /// Whether the body mentions `varargs` / `kwargs`: found once per macro, not per call.
    private lazy var usesVarargs = Macro.references(body, "varargs")
    private lazy var usesKwargs = Macro.references(body, "kwargs")

    init(name: String, signature: MacroSignature, body: [Stmt], closure: [[String: JinjaValue]], source: SourceText?) {
        self.name = name
        self.signature = signature
        self.body = body
        self.closure = closure
        self.source = source
    }

    var typeName: String { "Macro" }

    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue {
        var scope: [String: JinjaValue] = [:]
        var extraPositional: [Value] = []
        for (i, v) in args.positional.enumerated() {
            if i < signature.names.count { scope[signature.names[i]] = v } else { extraPositional.append(try v.plain()) }
        }
        var kwargs = ValueDict()
        var caller: JinjaValue?
        for (k, v) in args.keyword {
            if k == "caller" { caller = v; continue }
            if signature.names.contains(k) { scope[k] = v } else { kwargs[k] = try v.plain() }
        }
        if !extraPositional.isEmpty, !usesVarargs {
            throw TemplateError.type("macro '\(name)' takes not more than \(signature.names.count) argument(s)")
        }
        if let k = kwargs.keys.first, !usesKwargs {
            throw TemplateError.type("macro '\(name)' takes no keyword argument '\(k)'")
        }
        scope["varargs"] = .list(extraPositional)
        scope["kwargs"] = .value(.dict(kwargs))
        if let caller { scope["caller"] = caller }
        try renderer.guardDepth()
        defer { renderer.callDepth -= 1 }
        let savedScopes = renderer.scopes, savedSource = renderer.source
        // the macro can call itself, and sees top-level names defined after it
        if scope[name] == nil { scope[name] = .object(self) }
        var base = closure
        if !base.isEmpty, let root = savedScopes.first { base[0].merge(root) { mine, _ in mine } }
        renderer.scopes = base + [scope]
        renderer.source = source
        defer { renderer.scopes = savedScopes; renderer.source = savedSource }
        for p in signature.names where scope[p] == nil {
            if let d = signature.defaults[p] {
                let v = try renderer.eval(d)
                renderer.scopes[renderer.scopes.count - 1][p] = v
            } else {
                renderer.scopes[renderer.scopes.count - 1][p] = .undefined(Undefined(message: "parameter '\(p)' was not provided", name: p))
            }
        }
        return .string(try renderer.buffered { out in _ = try renderer.execute(body, into: &out) })
    }

    func text() throws -> String { "<Macro '\(name)'>" }

    /// Whether the body mentions `name` (Jinja only accepts extra arguments when it does).
    static func references(_ body: [Stmt], _ name: String) -> Bool {
        // Conservative: a textual search of names in the AST would need a walker; treat any
        // macro as accepting them only when the name appears among its expressions.
        var found = false
        func visit(_ e: Expr) {
            if found { return }
            switch e.node {
            case .name(let n): if n == name { found = true }
            case .literal: break
            case .list(let l), .tuple(let l): l.forEach(visit)
            case .dict(let p): p.forEach { visit($0.key); visit($0.value) }
            case .attribute(let b, _): visit(b)
            case .item(let b, let k): visit(b); visit(k)
            case .slice(let b, let s, let t, let u): visit(b); [s, t, u].compactMap { $0 }.forEach(visit)
            case .call(let c, let a): visit(c); visitArgs(a)
            case .filter(let i, _, let a): i.map(visit); visitArgs(a)
            case .test(let i, _, let a, _): visit(i); visitArgs(a)
            case .negate(let x), .plus(let x), .not(let x): visit(x)
            case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r): visit(l); visit(r)
            case .compare(let f, let rest): visit(f); rest.forEach { visit($0.1) }
            case .conditional(let t, let a, let b): visit(t); visit(a); b.map(visit)
            }
        }
        func visitArgs(_ a: CallArguments) {
            a.positional.forEach(visit); a.keyword.forEach { visit($0.value) }
            a.star.map(visit); a.doubleStar.map(visit)
        }
        func walk(_ stmts: [Stmt]) {
            for s in stmts {
                if found { return }
                switch s.node {
                case .text, .loopBreak, .loopContinue: break
                case .output(let e), .do(let e), .extends(let e): visit(e)
                case .ifChain(let branches, let otherwise):
                    branches.forEach { visit($0.condition); walk($0.body) }
                    otherwise.map(walk)
                case .forLoop(let t, let i, let f, let b, let o, _): visit(t); visit(i); f.map(visit); walk(b); o.map(walk)
                case .set(let t, let v): visit(t); visit(v)
                case .setBlock(_, let f, let b): f.forEach(visit); walk(b)
                case .macro: break
                case .callBlock(let c, _, let b): visit(c); walk(b)
                case .filterBlock(let f, let b): f.forEach(visit); walk(b)
                case .with(let a, let b): a.forEach { visit($0.value) }; walk(b)
                case .autoescape(let e, let b): visit(e); walk(b)
                case .block(_, _, let b): walk(b)
                case .include(let e, _, _): visit(e)
                case .importAll(let s, _): visit(s.template)
                case .fromImport(let s, _): visit(s.template)
                }
            }
        }
        walk(body)
        return found
    }
}
