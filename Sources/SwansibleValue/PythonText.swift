import Foundation

/// How Python prints values: `str()` for template output, `repr()` inside containers.
extension Value {
    /// Python's `str(x)`: what `{{ x }}` renders for a value embedded in text.
    public var pythonString: String {
        switch self {
        case .string(let s), .unsafe(let s): return s
        default: return pythonRepr
        }
    }

    /// Python's `repr(x)`: `['a', 1, True, None]`, `{'k': 'v'}`.
    public var pythonRepr: String {
        switch self {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return Value.pythonFloatRepr(f)
        case .string(let s), .unsafe(let s): return Value.pythonStringRepr(s)
        case .list(let l): return "[" + l.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .dict(let d):
            return "{" + d.map { Value.pythonStringRepr($0.key) + ": " + $0.value.pythonRepr }
                .joined(separator: ", ") + "}"
        }
    }

    /// Python's float repr: shortest round-trip digits, `1.0` not `1`, `inf`, `nan`, `1e+16`.
    public static func pythonFloatRepr(_ f: Double) -> String {
        if f.isNaN { return "nan" }
        if f.isInfinite { return f < 0 ? "-inf" : "inf" }
        let s = "\(f)"  // Swift prints shortest round-trip digits like Python
        if s.contains("e") {
            // Swift: 1e+16 / 1e-05 ; Python: 1e+16 / 1e-05 (exponent has at least 2 digits)
            return s
        }
        return s
    }

    /// Python's `repr(str)`: single quotes unless the text holds a single quote and no double quote.
    public static func pythonStringRepr(_ s: String) -> String {
        let quote: Character = (s.contains("'") && !s.contains("\"")) ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }
}
