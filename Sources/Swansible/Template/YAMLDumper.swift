import SwansibleYAML

/// Writes values as PyYAML's `yaml.dump` does for `to_yaml` / `to_nice_yaml`: sorted keys,
/// leaf collections in flow style unless `flowStyle` is false, PyYAML's quoting rules.
/// Block scalars fold at spaces past column 80 like PyYAML; scalars inside flow collections do not.
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
            // a document that is one scalar or one flow collection continues at `indent`
            var col = 0
            if isScalar(value) { writeFolded(value, into: &out, column: &col, indent: indent, inFlow: false) } else {
                writeFlow(value, into: &out, column: &col, indent: indent)
            }
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
            let keyText = scalarText(.string(key), inFlow: false, column: column)
            out += keyText + ":"
            guard let v = d[key] else { continue }
            switch v {
            case .dict(let inner) where !useFlow(v):
                out += "\n"
                writeBlockMapping(inner, column: column + indent, into: &out)
            case .list(let inner) where !useFlow(v):
                out += "\n"
                writeBlockSequence(inner, column: column, into: &out)
            default:
                out += " " + blockScalar(v, startColumn: column + keyText.count + 2, continuation: column + indent) + "\n"
            }
        }
    }

    /// A scalar or leaf flow collection in block context, folded like PyYAML past `width`.
    /// `continuation` is the indentation of the enclosing block's content.
    private func blockScalar(_ v: Value, startColumn: Int, continuation: Int) -> String {
        var out = ""
        var col = startColumn
        switch v {
        case .list, .dict: writeFlow(v, into: &out, column: &col, indent: continuation + indent)
        default: writeFolded(v, into: &out, column: &col, indent: continuation, inFlow: false)
        }
        return out
    }

    /// Flow collections break before an item once the line is past `width`, like PyYAML.
    private func writeFlow(_ v: Value, into out: inout String, column col: inout Int, indent flowIndent: Int) {
        func breakIfLong() {
            if col > YAMLDumper.width {
                out += "\n" + String(repeating: " ", count: flowIndent)
                col = flowIndent
            } else {
                out += " "
                col += 1
            }
        }
        switch v {
        case .list(let l) where !l.isEmpty:
            out += "["; col += 1
            for (i, item) in l.enumerated() {
                if i > 0 { out += ","; col += 1; breakIfLong() } else if col > YAMLDumper.width {
                    out += "\n" + String(repeating: " ", count: flowIndent); col = flowIndent
                }
                writeFlow(item, into: &out, column: &col, indent: isScalar(item) ? flowIndent : flowIndent + indent)
            }
            out += "]"; col += 1
        case .dict(let d) where !d.isEmpty:
            out += "{"; col += 1
            for (i, key) in keys(d).enumerated() {
                if i > 0 { out += ","; col += 1; breakIfLong() } else if col > YAMLDumper.width {
                    out += "\n" + String(repeating: " ", count: flowIndent); col = flowIndent
                }
                let k = scalarText(.string(key), inFlow: true, column: col)
                out += k + ": "; col += k.count + 2
                let value = d[key] ?? .null
                writeFlow(value, into: &out, column: &col, indent: isScalar(value) ? flowIndent : flowIndent + indent)
            }
            out += "}"; col += 1
        case .list:
            out += "[]"; col += 2
        case .dict:
            out += "{}"; col += 2
        default:
            writeFolded(v, into: &out, column: &col, indent: flowIndent, inFlow: true)
        }
    }

    /// Writes a scalar, breaking at single spaces once past `width` (plain and single-quoted).
    private func writeFolded(_ v: Value, into out: inout String, column col: inout Int, indent: Int, inFlow: Bool) {
        let text = scalarText(v, inFlow: inFlow, column: inFlow ? indent + self.indent : indent)
        guard case .string(let s) = v, text.count + col > YAMLDumper.width, !s.contains("\n"), text.hasPrefix("'") || text == s else {
            out += text
            col += text.count
            return
        }
        let quoted = text.hasPrefix("'")
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let single = ch == " " && i > 0 && chars[i - 1] != " " && i + 1 < chars.count && chars[i + 1] != " "
            let inside = !quoted || (i > 1 && i < chars.count - 2)
            if single, inside, col > YAMLDumper.width {
                out += "\n" + String(repeating: " ", count: indent)
                col = indent
            } else {
                out.append(ch)
                col += 1
            }
        }
    }

    static let width = 80

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
                out += "- " + blockScalar(v, startColumn: column + 2, continuation: column + indent) + "\n"
            }
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
        case .string(let s), .unsafe(let s): return stringText(s, column: column, inFlow: inFlow)
        case .list, .dict:
            var out = "", col = column
            writeFlow(v, into: &out, column: &col, indent: column + indent)
            return out
        }
    }

    private func stringText(_ s: String, column: Int, inFlow: Bool) -> String {
        if canBePlain(s, inFlow: inFlow) { return s }
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

    /// PyYAML's scalar analysis: a string is written plain when it has no indicator for the
    /// context (flow collections forbid more), no surrounding spaces or breaks, and reads back as
    /// the same string.
    private func canBePlain(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.first, let last = s.last else { return false }
        if first == " " || last == " " || s.contains("\n") { return false }
        if s.hasPrefix("---") || s.hasPrefix("...") { return false }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == "\u{FEFF}" }) { return false }
        var flowIndicators = false, blockIndicators = false
        let chars = Array(s)
        for (i, ch) in chars.enumerated() {
            let followedBySpace = i + 1 >= chars.count || chars[i + 1] == " "
            let precededBySpace = i > 0 && chars[i - 1] == " "
            if i == 0 {
                if "#,[]{}&*!|>'\"%@`".contains(ch) { flowIndicators = true; blockIndicators = true }
                if ch == "?" || ch == ":" { flowIndicators = true; if followedBySpace { blockIndicators = true } }
                if ch == "-", followedBySpace { flowIndicators = true; blockIndicators = true }
            } else {
                if ",?[]{}".contains(ch) { flowIndicators = true }
                if ch == ":" { flowIndicators = true; if followedBySpace { blockIndicators = true } }
                if ch == "#", precededBySpace { flowIndicators = true; blockIndicators = true }
            }
        }
        if inFlow ? flowIndicators : blockIndicators { return false }
        return !YAMLDumper.resolvesToNonString(s)
    }

    /// Whether PyYAML's YAML 1.1 resolver would read `s` as a bool, null, number or timestamp.
    static func resolvesToNonString(_ s: String) -> Bool {
        let bools: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                  "on", "On", "ON", "off", "Off", "OFF"]
        if bools.contains(s) || ["~", "null", "Null", "NULL", "=", "<<"].contains(s) { return true }
        let patterns = [
            #"^[-+]?(0b[0-1_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$"#,
            #"^([-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9][0-9_]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"#,
            #"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt ]|$)"#,
        ]
        return patterns.contains { s.range(of: $0, options: .regularExpression) != nil }
    }
}

import Foundation
