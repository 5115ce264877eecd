/// Writes values as PyYAML's `yaml.dump` does for `to_yaml` / `to_nice_yaml`: sorted keys,
/// leaf collections in flow style unless `flowStyle` is false, PyYAML's quoting rules.
/// Long-line folding at 80 columns is not reproduced.
struct YAMLDumper {
    var indent: Int = 2
    /// nil: flow style for collections holding only scalars (PyYAML's default_flow_style=None).
    var flowStyle: Bool? = nil
    var sortKeys = true

    func dump(_ value: Value) -> String {
        var out = ""
        switch value {
        case .list(let l) where !l.isEmpty && !useFlow(value):
            writeBlockSequence(l, column: 0, into: &out)
        case .dict(let d) where !d.isEmpty && !useFlow(value):
            writeBlockMapping(d, column: 0, into: &out)
        default:
            out = flowText(value, column: 0)
        }
        return out.hasSuffix("\n") ? out : out + "\n"
    }

    private func isScalar(_ v: Value) -> Bool {
        switch v { case .list, .dict: return false; default: return true }
    }

    private func useFlow(_ v: Value) -> Bool {
        switch v {
        case .list(let l): return l.isEmpty || (flowStyle ?? l.allSatisfy(isScalar))
        case .dict(let d): return d.isEmpty || (flowStyle ?? d.values.allSatisfy(isScalar))
        default: return true
        }
    }

    private func keys(_ d: ValueDict) -> [String] { sortKeys ? d.keys.sorted() : Array(d.keys) }

    private func writeBlockMapping(_ d: ValueDict, column: Int, into out: inout String, firstInline: Bool = false) {
        for (i, key) in keys(d).enumerated() {
            if !(firstInline && i == 0) { out += String(repeating: " ", count: column) }
            out += scalarText(.string(key), inFlow: false, column: column) + ":"
            let v = d[key]!
            switch v {
            case .dict(let inner) where !useFlow(v):
                out += "\n"
                writeBlockMapping(inner, column: column + indent, into: &out)
            case .list(let inner) where !useFlow(v):
                out += "\n"
                writeBlockSequence(inner, column: column, into: &out)
            default:
                out += " " + flowText(v, column: column + indent) + "\n"
            }
        }
    }

    private func writeBlockSequence(_ l: [Value], column: Int, into out: inout String, firstInline: Bool = false) {
        for (i, v) in l.enumerated() {
            if !(firstInline && i == 0) { out += String(repeating: " ", count: column) }
            switch v {
            case .dict(let inner) where !useFlow(v):
                out += "-" + String(repeating: " ", count: indent - 1)
                writeBlockMapping(inner, column: column + indent, into: &out, firstInline: true)
            case .list(let inner) where !useFlow(v):
                out += "-" + String(repeating: " ", count: indent - 1)
                writeBlockSequence(inner, column: column + indent, into: &out, firstInline: true)
            default:
                out += "- " + flowText(v, column: column + indent) + "\n"
            }
        }
    }

    private func flowText(_ v: Value, column: Int) -> String {
        switch v {
        case .list(let l): return "[" + l.map { flowText($0, column: column) }.joined(separator: ", ") + "]"
        case .dict(let d):
            return "{" + keys(d).map { scalarText(.string($0), inFlow: true, column: column) + ": " + flowText(d[$0]!, column: column) }
                .joined(separator: ", ") + "}"
        default: return scalarText(v, inFlow: column > 0 || true, column: column)
        }
    }

    func scalarText(_ v: Value, inFlow: Bool, column: Int) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f):
            if f.isNaN { return ".nan" }
            if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
            var r = Value.pythonFloatRepr(f)
            if r.contains("e"), !r.contains(".") { r = r.replacingOccurrences(of: "e", with: ".0e") }
            return r
        case .string(let s), .unsafe(let s): return stringText(s, column: column)
        case .list, .dict: return flowText(v, column: column)
        }
    }

    private func stringText(_ s: String, column: Int) -> String {
        if canBePlain(s) { return s }
        let special = s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7f || $0 == "\u{FEFF}" }
        if !special, !s.hasPrefix(" ") || !s.contains("\n") {
            let pad = String(repeating: " ", count: max(column, indent) + (column == 0 ? indent : 0))
            let body = s.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: "\n\n" + pad)
            return "'" + body + "'"
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if u.value < 0x20 || u.value == 0x7f { out += "\\x" + String(format: "%02X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// PyYAML writes a string plain when it reads back as the same string and has no indicators.
    private func canBePlain(_ s: String) -> Bool {
        guard let first = s.first, let last = s.last else { return false }
        if first == " " || last == " " || s.contains("\n") || s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return false }
        if "?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if first == "-", s.count == 1 || s.dropFirst().first == " " { return false }
        if s.contains(where: { ",[]{}".contains($0) }) { return false }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return false }
        return !YAMLDumper.resolvesToNonString(s)
    }

    /// Whether PyYAML's YAML 1.1 resolver would read `s` as a bool, null, number or timestamp.
    static func resolvesToNonString(_ s: String) -> Bool {
        let bools: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                  "on", "On", "ON", "off", "Off", "OFF"]
        if bools.contains(s) || ["~", "null", "Null", "NULL", "=", "<<"].contains(s) { return true }
        let patterns = [
            #"^[-+]?(0b[0-1_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$"#,
            #"^[-+]?(([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"#,
            #"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt ]|$)"#,
        ]
        return patterns.contains { s.range(of: $0, options: .regularExpression) != nil }
    }
}

import Foundation
