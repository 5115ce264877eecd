import Foundation

/// JSON as Python's `json.dumps` writes it, which is what Ansible prints and what `to_json` gives.
extension Value {
    /// - Parameters:
    ///   - indent: nil for one line with `", "` and `": "` separators; otherwise spaces per level.
    ///   - sortKeys: sort mapping keys (Ansible's callbacks do).
    ///   - asciiOnly: escape non-ASCII as `\uXXXX` (Python's `ensure_ascii`).
    public func jsonText(indent: Int? = nil, sortKeys: Bool = false, asciiOnly: Bool = false) -> String {
        var out = ""
        writeJSON(into: &out, indent: indent, level: 0, sortKeys: sortKeys, asciiOnly: asciiOnly)
        return out
    }

    private func writeJSON(into out: inout String, indent: Int?, level: Int, sortKeys: Bool, asciiOnly: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let f):
            if f.isNaN { out += "NaN" } else if f.isInfinite { out += f < 0 ? "-Infinity" : "Infinity" } else {
                out += Value.pythonFloatRepr(f)
            }
        case .string(let s), .unsafe(let s): Value.writeJSONString(s, into: &out, asciiOnly: asciiOnly)
        case .list(let l):
            if l.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in l.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
                item.writeJSON(into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, asciiOnly: asciiOnly)
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
            out += "]"
        case .dict(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{"
            let keys = sortKeys ? d.keys.sorted() : Array(d.keys)
            for (i, key) in keys.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
                Value.writeJSONString(key, into: &out, asciiOnly: asciiOnly)
                out += ": "
                d[key]!.writeJSON(into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, asciiOnly: asciiOnly)
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
            out += "}"
        }
    }

    package static func writeJSONString(_ s: String, into out: inout String, asciiOnly: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7e) {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension Value {
    /// Parses JSON text (ordered objects, ints kept apart from floats).
    public init(jsonText: String) throws {
        self = try JSONReader.parse(jsonText)
    }
}
