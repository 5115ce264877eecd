/// Jinja2 3.1's built-in tests (`x is name`).
enum JinjaTests {
    static let all: [String: JinjaTest] = {
        var t: [String: JinjaTest] = [:]
        t["defined"] = JinjaTest(acceptsUndefined: true) { v, _, _ in !v.isUndefined }
        t["undefined"] = JinjaTest(acceptsUndefined: true) { v, _, _ in v.isUndefined }
        t["none"] = .plain { v, _ in v.isNull }
        t["boolean"] = .plain { v, _ in if case .bool = v { return true }; return false }
        t["false"] = .plain { v, _ in if case .bool(false) = v { return true }; return false }
        t["true"] = .plain { v, _ in if case .bool(true) = v { return true }; return false }
        t["integer"] = .plain { v, _ in if case .int = v { return true }; return false }
        t["float"] = .plain { v, _ in if case .float = v { return true }; return false }
        t["number"] = .plain { v, _ in PythonOperators.number(v) != nil }
        t["string"] = .plain { v, _ in v.stringValue != nil }
        t["mapping"] = JinjaTest { v, _, _ in if case .value(.dict) = v { return true }; return false }
        t["sequence"] = JinjaTest { v, _, _ in
            if case .value(let x) = v { switch x { case .list, .dict, .string, .unsafe: return true; default: return false } }
            return false
        }
        t["iterable"] = JinjaTest { v, _, r in
            switch v {
            case .value(let x): switch x { case .list, .dict, .string, .unsafe: return true; default: return false }
            case .object(let o): return (try? o.iterate(renderer: r)) != nil
            case .undefined: return false
            }
        }
        t["callable"] = JinjaTest { v, _, _ in
            if case .object(let o) = v { return o is NativeFunction || o is Macro || o is LoopObject }
            return false
        }
        t["lower"] = .plain { v, _ in let s = v.pythonString; return s == s.lowercased() && s.contains { $0.isLetter } || (s == s.lowercased() && !s.isEmpty && s.contains { $0.isLowercase }) }
        t["upper"] = .plain { v, _ in let s = v.pythonString; return s == s.uppercased() && s.contains { $0.isUppercase } }
        t["even"] = .plain { v, _ in
            guard let i = v.intValue else { throw TemplateError.type("not all arguments converted during string formatting") }
            return i % 2 == 0
        }
        t["odd"] = .plain { v, _ in
            guard let i = v.intValue else { throw TemplateError.type("not all arguments converted during string formatting") }
            return i % 2 != 0
        }
        t["divisibleby"] = .plain(Signature(["num"])) { v, a in
            guard let n = try a.plain("num"), let d = PythonOperators.number(n), let x = PythonOperators.number(v) else {
                throw TemplateError.type("unsupported operand type(s) for %")
            }
            let r = try PythonOperators.arithmetic(.mod, x, d)
            return !r.isTruthy
        }
        t["sameas"] = .plain(Signature(["other"])) { v, a in
            let o = try a.plain("other") ?? .null
            switch (v, o) {
            case (.null, .null): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y && (-5...256).contains(x)
            default: return false
            }
        }
        for (names, op) in [(["eq", "==", "equalto"], CompareOperator.eq), (["ne", "!="], .ne), (["lt", "<", "lessthan"], .lt),
                            (["le", "<="], .le), (["gt", ">", "greaterthan"], .gt), (["ge", ">="], .ge)] {
            let test = JinjaTest.plain(Signature(["other"])) { v, a in try PythonOperators.compare(op, v, try a.plain("other") ?? .null) }
            for n in names { t[n] = test }
        }
        t["in"] = .plain(Signature(["seq"])) { v, a in try PythonOperators.contains(try a.plain("seq") ?? .list([]), v) }
        t["filter"] = JinjaTest { v, _, r in (try? v.plain().stringValue).flatMap { $0 }.map { r.environment.filter(named: $0) != nil } ?? false }
        t["test"] = JinjaTest { v, _, r in (try? v.plain().stringValue).flatMap { $0 }.map { r.environment.test(named: $0) != nil } ?? false }
        t["escaped"] = .plain { _, _ in false }
        return t
    }()
}
