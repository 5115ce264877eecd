/// Shared helpers for filter families: iteration, attribute paths, coercions.
extension Renderer {
    /// Jinja's attribute getter for `map(attribute=)`, `sort(attribute=)`...: dotted paths, integer parts.
    func attributePath(_ path: Value) -> (JinjaValue) throws -> JinjaValue {
        let parts: [Value]
        if case .string(let s) = path {
            parts = s.split(separator: ".", omittingEmptySubsequences: false).map { Int($0).map(Value.int) ?? .string(String($0)) }
        } else {
            parts = [path]
        }
        return { [unowned self] value in
            var v = value
            for p in parts {
                v = try self.item(of: v, .value(p))
                if case .undefined = v { return v }
            }
            return v
        }
    }

    package func iterateValues(_ value: JinjaValue) throws -> [Value] {
        if case .value(.list(let l)) = value { return l }
        return try iterate(value).map { try $0.plain() }
    }

    /// Applies a named test to a value, for select/reject/selectattr/rejectattr.
    func runTest(_ name: String, _ value: JinjaValue, _ args: [JinjaValue]) throws -> Bool {
        guard let test = environment.test(named: name) else { throw TemplateError.unknownTest(name) }
        return try callTest(test, name: name, value, Arguments(args))
    }
}

package enum Coerce {
    /// `Int(d)` truncated toward zero, or nil when not finite or out of the 64-bit range
    /// (Python would give a big integer; Swift would trap).
    package static func truncated(_ d: Double) -> Int? {
        guard d.isFinite, d > -9.2e18, d < 9.2e18 else { return nil }
        return Int(d.rounded(.towardZero))
    }

    /// Python `int()` of a template value, as Jinja's `int` filter tries it.
    package static func int(_ v: Value, base: Int = 10) -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let f): return truncated(f)
        case .string(let raw), .unsafe(let raw):
            guard base == 0 || (2...36).contains(base) else { return nil }
            var s = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
            var negative = false
            if s.hasPrefix("-") { negative = true; s.removeFirst() } else if s.hasPrefix("+") { s.removeFirst() }
            var b = base
            let lower = s.lowercased()
            if (base == 16 || base == 0), lower.hasPrefix("0x") { s = String(s.dropFirst(2)); b = 16 }
            else if (base == 8 || base == 0), lower.hasPrefix("0o") { s = String(s.dropFirst(2)); b = 8 }
            else if (base == 2 || base == 0), lower.hasPrefix("0b") { s = String(s.dropFirst(2)); b = 2 }
            else if base == 0 { b = 10 }
            if let i = Int(s, radix: b) { return negative ? -i : i }
            if base == 10, let f = Double(s) { return truncated(negative ? -f : f) }
            return nil
        default: return nil
        }
    }

    package static func float(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let f): return f
        case .string(let raw), .unsafe(let raw):
            let s = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            switch s {
            case "inf", "+inf", "infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan": return .nan
            default: return Double(s.replacingOccurrences(of: "_", with: ""))
            }
        default: return nil
        }
    }
}

import Foundation
