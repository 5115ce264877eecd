/// Jinja's global functions: range, dict, namespace, cycler, joiner, lipsum.
enum JinjaGlobals {
    static let all: [String: GlobalFunction] = {
        var g: [String: GlobalFunction] = [:]
        g["range"] = { args, r in
            let ints = try args.positional.map { v -> Int in
                let p = try v.plain()
                guard case .int(let i)? = PythonOperators.number(p) else {
                    throw TemplateError.type("'\(p.pythonTypeName)' object cannot be interpreted as an integer")
                }
                return i
            }
            var start = 0, stop = 0, step = 1
            switch ints.count {
            case 1: stop = ints[0]
            case 2: start = ints[0]; stop = ints[1]
            case 3: start = ints[0]; stop = ints[1]; step = ints[2]
            default: throw TemplateError.arguments("range expected 1 to 3 arguments, got \(ints.count)")
            }
            guard step != 0 else { throw TemplateError.type("range() arg 3 must not be zero") }
            let range = SteppedRange(start: start, stop: stop, step: step)
            if range.count > r.environment.maxRangeSize {
                throw TemplateError.limit("Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(r.environment.maxRangeSize)).")
            }
            return .list(range.values.map { .int($0) })
        }
        g["dict"] = { args, _ in
            var d = ValueDict()
            if let first = args.positional.first {
                switch try first.plain() {
                case .dict(let x): d = x
                case .list(let pairs):
                    for p in pairs {
                        guard case .list(let kv) = p, kv.count == 2 else { throw TemplateError.type("dictionary update sequence element has wrong length") }
                        d[PythonOperators.dictKey(kv[0])] = kv[1]
                    }
                default: throw TemplateError.type("dict() argument must be a mapping or pairs")
                }
            }
            for (k, v) in args.keyword { d[k] = try v.plain() }
            return .value(.dict(d))
        }
        g["namespace"] = { args, _ in
            var d = ValueDict()
            if case .dict(let x)? = try args.positional.first?.plain() { d = x }
            for (k, v) in args.keyword { d[k] = try v.plain() }
            return .object(Namespace(d))
        }
        g["cycler"] = { args, _ in .object(Cycler(items: try args.positional.map { try $0.plain() })) }
        g["joiner"] = { args, _ in
            let sep = try args.positional.first?.plain().pythonString ?? ", "
            var used = false
            return .object(NativeFunction("joiner") { _, _ in
                if used { return .string(sep) }
                used = true
                return .string("")
            })
        }
        g["lipsum"] = { _, _ in .string("Lorem ipsum dolor sit amet, consectetur adipiscing elit.") }
        return g
    }()
}

/// `cycler(...)`: `next()`, `current`, `reset()`.
final class Cycler: JinjaObject {
    let items: [Value]
    var position = 0
    init(items: [Value]) { self.items = items }
    var typeName: String { "Cycler" }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        switch name {
        case "current": return items.isEmpty ? JinjaValue.none : .value(items[position])
        case "next":
            return .object(NativeFunction("next") { [unowned self] _, _ in
                guard !self.items.isEmpty else { return .none }
                let v = self.items[self.position]
                self.position = (self.position + 1) % self.items.count
                return .value(v)
            })
        case "reset":
            return .object(NativeFunction("reset") { [unowned self] _, _ in self.position = 0; return .none })
        default: return nil
        }
    }
}
