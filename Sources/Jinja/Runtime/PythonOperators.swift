import Foundation

/// Python's semantics for the operators templates use: numeric tower with bool as int,
/// sequence concatenation and repetition, floor division and modulo, ordering and equality.
package enum PythonOperators {
    enum Number { case int(Int), float(Double) }

    static func number(_ v: Value) -> Number? {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let f): return .float(f)
        default: return nil
        }
    }

    static func double(_ n: Number) -> Double {
        switch n { case .int(let i): return Double(i); case .float(let f): return f }
    }

    /// Python `==`: `1 == 1.0 == True`, containers element-wise.
    package static func equals(_ a: Value, _ b: Value) -> Bool {
        if let x = number(a), let y = number(b) {
            if case .int(let i) = x, case .int(let j) = y { return i == j }
            return double(x) == double(y)
        }
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)), (.string(let x), .unsafe(let y)), (.unsafe(let x), .string(let y)), (.unsafe(let x), .unsafe(let y)):
            return x == y
        case (.list(let x), .list(let y)):
            // one shared buffer (a YAML alias, a reused variable) is equal to itself, as in Python
            if let a = SharedStorage(x), a == SharedStorage(y) { return true }
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1) }
        case (.dict(let x), .dict(let y)):
            if let a = SharedStorage(x), a == SharedStorage(y) { return true }
            guard x.count == y.count else { return false }
            for (k, v) in x { guard let w = y[k], equals(v, w) else { return false } }
            return true
        default: return false
        }
    }

    /// Python ordering; mismatched types raise TypeError like Python 3.
    static func lessThan(_ a: Value, _ b: Value, op: String = "<") throws -> Bool {
        if let x = number(a), let y = number(b) {
            if case .int(let i) = x, case .int(let j) = y { return i < j }
            return double(x) < double(y)
        }
        // code point order, which UTF-8 bytes keep (and compare without decoding)
        if let x = a.stringValue, let y = b.stringValue { return x.utf8.lexicographicallyPrecedes(y.utf8) }
        if case .list(let x) = a, case .list(let y) = b {
            for (p, q) in zip(x, y) where !equals(p, q) { return try lessThan(p, q, op: op) }
            return x.count < y.count
        }
        throw TemplateError.type("'\(op)' not supported between instances of '\(a.pythonTypeName)' and '\(b.pythonTypeName)'")
    }

    static func compare(_ op: CompareOperator, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .eq: return equals(a, b)
        case .ne: return !equals(a, b)
        case .lt: return try lessThan(a, b, op: "<")
        case .gt: return try lessThan(b, a, op: ">")
        case .le: return try !lessThan(b, a, op: "<=")
        case .ge: return try !lessThan(a, b, op: ">=")
        case .in: return try contains(b, a)
        case .notIn: return try !contains(b, a)
        }
    }

    /// Python `item in container`.
    package static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .string(let s), .unsafe(let s):
            guard let sub = item.stringValue else {
                throw TemplateError.type("'in <string>' requires string as left operand, not \(item.pythonTypeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .list(let l): return l.contains { equals($0, item) }
        case .dict(let d): return d.keys.contains(dictKey(item))
        default:
            throw TemplateError.type("argument of type '\(container.pythonTypeName)' is not iterable")
        }
    }

    /// The string key a non-string value maps to (`ValueDict` keys are Python `str()` of the key).
    package static func dictKey(_ v: Value) -> String { v.pythonString }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        func unsupported() -> TemplateError {
            .type("unsupported operand type(s) for \(op.rawValue): '\(a.pythonTypeName)' and '\(b.pythonTypeName)'")
        }
        if op == .concat { return .string(try concatenated(a.pythonString, b.pythonString)) }
        if let x = number(a), let y = number(b) { return try arithmetic(op, x, y) }
        switch (op, a, b) {
        case (.add, _, _) where a.stringValue != nil && b.stringValue != nil:
            return .string(try concatenated(a.stringValue!, b.stringValue!))
        case (.add, .list(let x), .list(let y)):
            try TemplateLimits.checkList(count: x.count + y.count)
            return .list(x + y)
        case (.mul, _, _) where a.stringValue != nil && number(b) != nil:
            return .string(try repeated(a.stringValue!, try repeatCount(b)))
        case (.mul, _, _) where b.stringValue != nil && number(a) != nil:
            return .string(try repeated(b.stringValue!, try repeatCount(a)))
        case (.mul, .list(let l), _) where number(b) != nil:
            return .list(try repeated(l, try repeatCount(b)))
        case (.mul, _, .list(let l)) where number(a) != nil:
            return .list(try repeated(l, try repeatCount(a)))
        case (.mod, _, _) where a.stringValue != nil:
            return .string(try PythonFormat.printf(a.stringValue!, b))
        default: throw unsupported()
        }
    }

    private static func repeatCount(_ v: Value) throws -> Int {
        guard case .int(let n)? = number(v) else { throw TemplateError.type("can't multiply sequence by non-int of type 'float'") }
        return max(0, n)
    }

    /// `s * count`, refused before allocating when it would be too large.
    private static func repeated(_ s: String, _ count: Int) throws -> String {
        try TemplateLimits.checkText(bytes: TemplateLimits.product(s.utf8.count, count))
        // `'' * 10**18` is empty at once (found by swansible-fuzz jinja, as `[] * 10**18`)
        if s.isEmpty { return "" }
        return String(repeating: s, count: count)
    }

    /// `l * count`, refused before allocating when it would be too large.
    private static func repeated(_ l: [Value], _ count: Int) throws -> [Value] {
        let total = TemplateLimits.product(l.count, count)
        try TemplateLimits.checkList(count: total)
        // `[] * 10**18` is empty at once: no empty copies are made first
        guard total > 0 else { return [] }
        var out: [Value] = []
        out.reserveCapacity(total)
        for _ in 0..<count { out += l }
        return out
    }

    /// `a + b` (or `a ~ b`), refused before allocating when it would be too large.
    package static func concatenated(_ a: String, _ b: String) throws -> String {
        try TemplateLimits.checkText(bytes: a.utf8.count + b.utf8.count)
        return a + b
    }

    static func arithmetic(_ op: BinaryOperator, _ x: Number, _ y: Number) throws -> Value {
        if case .int(let i) = x, case .int(let j) = y {
            switch op {
            case .add: let (r, o) = i.addingReportingOverflow(j); if !o { return .int(r) }
            case .sub: let (r, o) = i.subtractingReportingOverflow(j); if !o { return .int(r) }
            case .mul: let (r, o) = i.multipliedReportingOverflow(by: j); if !o { return .int(r) }
            case .div:
                guard j != 0 else { throw TemplateError.type("division by zero") }
                return .float(Double(i) / Double(j))
            case .floorDiv:
                guard j != 0 else { throw TemplateError.type("integer division or modulo by zero") }
                let (q, overflow) = i.dividedReportingOverflow(by: j)
                if overflow { throw TemplateError.limit("integer result too large") }
                return .int((i % j != 0 && ((i < 0) != (j < 0))) ? q - 1 : q)
            case .mod:
                guard j != 0 else { throw TemplateError.type("integer modulo by zero") }
                let r = j == -1 ? 0 : i % j  // Int.min % -1 overflows in Swift; it is 0
                return .int(r != 0 && ((r < 0) != (j < 0)) ? r + j : r)
            case .pow:
                if j < 0 { return .float(pow(Double(i), Double(j))) }
                var result = 1, base = i, e = j
                while e > 0 {
                    if e & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        if o { throw TemplateError.limit("integer result too large") }
                        result = r
                    }
                    e >>= 1
                    if e > 0 {
                        let (b2, o) = base.multipliedReportingOverflow(by: base)
                        if o { throw TemplateError.limit("integer result too large") }
                        base = b2
                    }
                }
                return .int(result)
            case .concat: break
            }
            throw TemplateError.limit("integer result too large")
        }
        let a = double(x), b = double(y)
        switch op {
        case .add: return .float(a + b)
        case .sub: return .float(a - b)
        case .mul: return .float(a * b)
        case .div:
            guard b != 0 else { throw TemplateError.type("float division by zero") }
            return .float(a / b)
        case .floorDiv:
            guard b != 0 else { throw TemplateError.type("float floor division by zero") }
            return .float((a / b).rounded(.down))
        case .mod:
            guard b != 0 else { throw TemplateError.type("float modulo") }
            let r = fmod(a, b)
            return .float(r != 0 && ((r < 0) != (b < 0)) ? r + b : r)
        case .pow: return .float(pow(a, b))
        case .concat: return .string(Value.float(a).pythonString + Value.float(b).pythonString)
        }
    }
}
