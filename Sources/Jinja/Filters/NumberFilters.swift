import Foundation

/// Jinja's numeric filters and conversions.
enum NumberFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["int"] = .plain(Signature(optional: [("default", 0), ("base", 10)])) { v, a in
            let base = try a.int("base") ?? 10
            if let i = Coerce.int(v, base: base) { return .int(i) }
            return try a.plain("default") ?? 0
        }
        t["float"] = .plain(Signature(optional: [("default", 0.0)])) { v, a in
            if let f = Coerce.float(v) { return .float(f) }
            return try a.plain("default") ?? 0.0
        }
        t["abs"] = .plain { v, _ in
            switch v {
            case .int(let i):
                guard i != .min else { throw TemplateError.limit("integer result too large") }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let f): return .float(abs(f))
            default: throw TemplateError.type("bad operand type for abs(): '\(v.pythonTypeName)'")
            }
        }
        t["round"] = .plain(Signature(optional: [("precision", 0), ("method", "common")])) { v, a in
            guard let n = PythonOperators.number(v) else { throw TemplateError.type("type \(v.pythonTypeName) doesn't define __round__ method") }
            let precision = try a.int("precision") ?? 0
            let method = try a.string("method") ?? "common"
            if case .int = n, method == "common" { return v }
            let scale = pow(10.0, Double(precision))
            let x = PythonOperators.double(n) * scale
            let r: Double
            switch method {
            case "ceil": r = x.rounded(.up)
            case "floor": r = x.rounded(.down)
            case "common": r = x.rounded(.toNearestOrEven)
            default: throw TemplateError.type("method must be common, ceil or floor")
            }
            return .float(r / scale)
        }
        return t
    }()
}
