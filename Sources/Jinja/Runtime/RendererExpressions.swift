/// Expression evaluation: operators, lookups, calls, filters and tests.
extension Renderer {
    func eval(_ expr: Expr) throws -> JinjaValue {
        evalDepth += 1
        defer { evalDepth -= 1 }
        if evalDepth > Renderer.maxEvalDepth {
            throw TemplateError.recursion("expression too deeply nested to evaluate").located(expr.span, in: source)
        }
        do {
            return try evalNode(expr)
        } catch {
            throw located(error, expr.span)
        }
    }

    private func evalNode(_ expr: Expr) throws -> JinjaValue {
        switch expr.node {
        case .literal(let v): return .value(v)
        case .name(let n): return try lookup(n)
        case .list(let items), .tuple(let items):
            return .value(.list(try items.map { try eval($0).plain() }))
        case .dict(let pairs):
            var d = ValueDict()
            for (k, v) in pairs { d[PythonOperators.dictKey(try eval(k).plain())] = try eval(v).plain() }
            return .value(.dict(d))
        case .attribute(let base, let name):
            return try attribute(of: try eval(base), name)
        case .item(let base, let key):
            return try item(of: try eval(base), try eval(key))
        case .slice(let base, let start, let stop, let step):
            return try slice(try eval(base).plain(), start: start.map { try eval($0).plain() },
                             stop: stop.map { try eval($0).plain() }, step: step.map { try eval($0).plain() })
        case .call(let callee, let argExprs):
            if case .attribute(let receiver, let method) = callee.node,
               PythonMethods.mutating.contains(method), let path = assignablePath(receiver) {
                return try callMutatingMethod(path, method, try evalArguments(argExprs))
            }
            return try callValue(try eval(callee), try evalArguments(argExprs))
        case .filter(let input, let name, let args):
            guard let input else { throw TemplateError.syntax("filter without input") }
            return try applyFilter(name, to: try eval(input), args)
        case .test(let input, let name, let args, let negated):
            let result = try applyTest(name, to: input, args)
            return .bool(negated ? !result : result)
        case .negate(let e):
            let v = try eval(e).plain()
            switch v {
            case .int(let i):
                guard i != .min else { throw TemplateError.limit("integer result too large") }
                return .int(-i)
            case .bool(let b): return .int(b ? -1 : 0)
            case .float(let f): return .value(.float(-f))
            default: throw TemplateError.type("bad operand type for unary -: '\(v.pythonTypeName)'")
            }
        case .plus(let e):
            let v = try eval(e).plain()
            guard PythonOperators.number(v) != nil else { throw TemplateError.type("bad operand type for unary +: '\(v.pythonTypeName)'") }
            if case .bool(let b) = v { return .int(b ? 1 : 0) }
            return .value(v)
        case .not(let e): return .bool(!(try eval(e).truthy()))
        case .and(let l, let r):
            let left = try eval(l)
            return try left.truthy() ? try eval(r) : left
        case .or(let l, let r):
            let left = try eval(l)
            return try left.truthy() ? left : try eval(r)
        case .binary(let op, let l, let r):
            let left = try eval(l), right = try eval(r)
            if op == .concat { return .string(try PythonOperators.concatenated(try left.text(), try right.text())) }
            if op == .mod, case .value(let format) = left, let f = format.stringValue {
                // Python's `%` takes a tuple as the argument list and anything else as the one argument
                var argument = try right.plain()
                try TemplateLimits.checkExpanded(argument)
                if case .tuple = r.node {} else if case .list = argument { argument = .list([argument]) }
                return .string(try PythonFormat.printf(f, argument))
            }
            return .value(try PythonOperators.binary(op, try left.plain(), try right.plain()))
        case .compare(let first, let rest):
            var left = try eval(first).plain()
            for (index, (op, e)) in rest.enumerated() {
                let evaluated = try eval(e)
                if op == .in || op == .notIn, case .object(let o) = evaluated, let found = try o.contains(left) {
                    // a mapping that answers membership without being computed (hostvars)
                    if found != (op == .in) { return .bool(false) }
                    if index < rest.count - 1 { left = try evaluated.plain() }
                    continue
                }
                let right = try evaluated.plain()
                if !(try PythonOperators.compare(op, left, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let test, let then, let otherwise):
            if try eval(test).truthy() { return try eval(then) }
            if let otherwise { return try eval(otherwise) }
            // Jinja yields a lenient undefined here: it prints as the empty string
            return .string("")
        }
    }

    func evalArguments(_ args: CallArguments) throws -> Arguments {
        var result = Arguments(try args.positional.map { try eval($0) }, keyword: try args.keyword.map { ($0.name, try eval($0.value)) })
        if let star = args.star { result.positional += try iterate(try eval(star)) }
        if let doubleStar = args.doubleStar {
            guard case .dict(let d) = try eval(doubleStar).plain() else { throw TemplateError.type("argument after ** must be a mapping") }
            result.keyword += d.map { ($0.key, .value($0.value)) }
        }
        return result
    }

    // MARK: - Attribute and item lookup, as Jinja's getattr/getitem

    /// `a.b`: a Python attribute (method) first, then the item `a['b']`.
    func attribute(of base: JinjaValue, _ name: String) throws -> JinjaValue {
        switch base {
        case .undefined(let u):
            if environment.undefinedBehaviour.propagatesThroughMembers { return base }
            throw u.error
        case .object(let o):
            if let v = try o.attribute(name, renderer: self) { return v }
            if let v = try o.item(.string(name), renderer: self) { return v }
            return .undefined(Undefined(message: "'\(o.typeName) object' has no attribute '\(name)'"))
        case .value(let v):
            if let method = PythonMethods.bound(v, name) { return .object(method) }
            if case .dict(let d) = v, let found = d[name] { return .value(found) }
            return .undefined(missingMember(base, .string(name)))
        }
    }

    func missingMember(_ base: JinjaValue, _ key: JinjaValue) -> Undefined {
        guard let describe = environment.undefinedBehaviour.missingMemberMessage else { return .member(of: base, key) }
        let keyText: String
        if case .value(let k) = key, let s = k.stringValue { keyText = "'\(s)'" } else { keyText = (try? key.plain().pythonRepr) ?? "?" }
        return Undefined(message: describe(base.typeName, keyText))
    }

    /// `a[b]`: the item first, then an attribute named by a string key.
    package func item(of base: JinjaValue, _ key: JinjaValue) throws -> JinjaValue {
        let k = try key.plain()
        switch base {
        case .undefined(let u):
            if environment.undefinedBehaviour.propagatesThroughMembers { return base }
            throw u.error
        case .object(let o):
            if let v = try o.item(k, renderer: self) { return v }
            if let s = k.stringValue, let v = try o.attribute(s, renderer: self) { return v }
            return .undefined(missingMember(base, key))
        case .value(let v):
            switch v {
            case .dict(let d):
                if let found = d[PythonOperators.dictKey(k)] { return .value(found) }
            case .list(let l):
                if let i = k.intValue {
                    let idx = i < 0 ? l.count + i : i
                    if idx >= 0, idx < l.count { return .value(l[idx]) }
                }
            case .string(let s), .unsafe(let s):
                if let i = k.intValue {
                    let chars = Array(s)
                    let idx = i < 0 ? chars.count + i : i
                    if idx >= 0, idx < chars.count { return .string(String(chars[idx])) }
                }
            default: break
            }
            if let s = k.stringValue, let method = PythonMethods.bound(v, s) { return .object(method) }
            return .undefined(missingMember(base, key))
        }
    }

    func slice(_ base: Value, start: Value?, stop: Value?, step: Value?) throws -> JinjaValue {
        func int(_ v: Value?) throws -> Int? {
            guard let v, !v.isNull else { return nil }
            guard let i = v.intValue else { throw TemplateError.type("slice indices must be integers or None") }
            return i
        }
        let st = try int(step) ?? 1
        guard st != 0 else { throw TemplateError.type("slice step cannot be zero") }
        func indices(_ count: Int) throws -> [Int] {
            func clamp(_ i: Int?, _ dflt: Int) -> Int {
                guard var i else { return dflt }
                if i < 0 { i += count }
                return st > 0 ? min(max(i, 0), count) : min(max(i, -1), count - 1)
            }
            let a = clamp(try int(start), st > 0 ? 0 : count - 1)
            let b = clamp(try int(stop), st > 0 ? count : -1)
            return SteppedRange(start: a, stop: b, step: st).values
        }
        switch base {
        case .list(let l): return .list(try indices(l.count).map { l[$0] })
        case .string(let s), .unsafe(let s):
            let chars = Array(s)
            return .string(String(try indices(chars.count).map { chars[$0] }))
        default: throw TemplateError.type("'\(base.pythonTypeName)' object is not subscriptable")
        }
    }

    // MARK: - Calls

    func callValue(_ callee: JinjaValue, _ args: Arguments) throws -> JinjaValue {
        switch callee {
        case .object(let o): return try o.call(args, renderer: self)
        case .undefined(let u): throw u.error
        case .value(let v): throw TemplateError.type("'\(v.pythonTypeName)' object is not callable")
        }
    }

    /// A name or `name.attr` / `name[key]` chain that a mutating method (`append`, `update`) writes back to.
    private func assignablePath(_ expr: Expr) -> (name: String, keys: [Expr])? {
        switch expr.node {
        case .name(let n): return (n, [])
        case .attribute(let base, let attr):
            guard let p = assignablePath(base) else { return nil }
            return (p.name, p.keys + [Expr(node: .literal(.string(attr)), span: expr.span)])
        case .item(let base, let key):
            guard let p = assignablePath(base) else { return nil }
            return (p.name, p.keys + [key])
        default: return nil
        }
    }

    private func callMutatingMethod(_ path: (name: String, keys: [Expr]), _ method: String, _ args: Arguments) throws -> JinjaValue {
        let root = try lookup(path.name)
        guard case .value(let rootValue) = root else {
            return try callValue(try attribute(of: root, method), args)
        }
        let keys = try path.keys.map { try eval($0).plain() }
        var result = JinjaValue.none
        func mutate(_ v: inout Value, _ depth: Int) throws {
            if depth == keys.count {
                result = try PythonMethods.callMutating(&v, method, args)
                return
            }
            let k = keys[depth]
            switch v {
            case .dict(var d):
                let key = PythonOperators.dictKey(k)
                guard var inner = d[key] else { throw Undefined.member(of: .value(v), .value(k)).error }
                try mutate(&inner, depth + 1)
                d[key] = inner
                v = .dict(d)
            case .list(var l):
                guard let i = k.intValue, i >= -l.count, i < l.count else { throw Undefined.member(of: .value(v), .value(k)).error }
                let idx = i < 0 ? l.count + i : i
                try mutate(&l[idx], depth + 1)
                v = .list(l)
            default:
                throw Undefined.member(of: .value(v), .value(k)).error
            }
        }
        var value = rootValue
        try mutate(&value, 0)
        if let i = scopes.lastIndex(where: { $0[path.name] != nil }) {
            scopes[i][path.name] = .value(value)
        } else {
            scopes[0][path.name] = .value(value)
        }
        return result
    }

    // MARK: - Filters and tests

    /// Lazily templated containers become plain values before a filter or test sees them.
    func materialized(_ value: JinjaValue) throws -> JinjaValue {
        if case .object(let o) = value, o is LazyValue || o is GroupList { return .value(try o.plainValue()) }
        return value
    }

    func applyFilter(_ head: Expr, to value: JinjaValue) throws -> JinjaValue {
        guard case .filter(_, let name, let args) = head.node else { return value }
        do { return try applyFilter(name, to: value, args) } catch { throw located(error, head.span) }
    }

    func applyFilter(_ name: String, to input: JinjaValue, _ argExprs: CallArguments) throws -> JinjaValue {
        guard let filter = environment.filter(named: name) else { throw TemplateError.unknownFilter(name) }
        let args = try evalArguments(argExprs)
        return try callFilter(filter, name: name, input, args)
    }

    func callFilter(_ filter: Filter, name: String, _ input: JinjaValue, _ args: Arguments) throws -> JinjaValue {
        if case .undefined(let u) = input, !filter.acceptsUndefined { throw u.error }
        let input = filter.acceptsLazy ? input : try materialized(input)
        // a filter that walks its whole input (all but `length`, `default` and the like) must
        // not be handed a value of shared parts it would expand past the limits
        if !filter.acceptsLazy, !filter.acceptsUndefined, case .value(let v) = input { try checkExpanded(v) }
        let result: JinjaValue
        do {
            let bound = try args.bind(filter.signature, callee: name)
            result = try TemplateLimits.checked(try filter.body(input, bound, self))
        } catch let error as TemplateError where environment.filterFailure != nil {
            throw environment.filterFailure!(name, error)
        } catch let error as ValueError where environment.filterFailure != nil {
            throw environment.filterFailure!(name, TemplateError(error))
        }
        if filter.keepsWithinInput, case .value(let v) = input, v.listValue != nil || v.dictValue != nil,
           case .value(let out) = result {
            rememberChecked(out)
        }
        return result
    }

    func applyTest(_ name: String, to inputExpr: Expr, _ argExprs: CallArguments) throws -> Bool {
        guard let test = environment.test(named: name) else { throw TemplateError.unknownTest(name) }
        let input = try eval(inputExpr)
        return try callTest(test, name: name, input, try evalArguments(argExprs))
    }

    func callTest(_ test: JinjaTest, name: String, _ input: JinjaValue, _ args: Arguments) throws -> Bool {
        if case .undefined(let u) = input, !test.acceptsUndefined { throw u.error }
        var plainInput = input
        if case .object(let o) = input, let lazy = o as? LazyValue {
            // type tests (`is mapping`) must not fail on a broken element: fall back to the raw value
            do { plainInput = .value(try lazy.plainValue()) } catch let e as TemplateError where e.kind == .undefined {
                plainInput = .value(lazy.rawValue)
            }
        }
        let input = plainInput
        return try test.body(input, try args.bind(test.signature, callee: name), self)
    }
}
