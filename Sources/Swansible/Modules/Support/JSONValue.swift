import Foundation

/// Parses JSON text into a `Value`, keeping object key order (what Python's `json.loads` gives
/// to `uri`'s `json` field, `include_vars` of a .json file, dict arguments given as JSON).
public enum JSONValue {
    /// The value, or nil when `text` is not one complete JSON document.
    public static func parse(_ text: String) -> Value? {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        guard let value = parser.parseValue() else { return nil }
        parser.skipWhitespace()
        return parser.index == parser.scalars.count ? .some(value) : .none
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var depth = 0

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func skipWhitespace() {
            while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
        }

        mutating func parseValue() -> Value? {
            skipWhitespace()
            guard index < scalars.count, depth < 512 else { return nil }
            switch scalars[index] {
            case "{": return parseObject()
            case "[": return parseArray()
            case "\"": return parseString().map(Value.string)
            case "t": return literal("true", .bool(true))
            case "f": return literal("false", .bool(false))
            case "n": return literal("null", .null)
            case "N": return literal("NaN", .float(.nan))
            case "I": return literal("Infinity", .float(.infinity))
            default: return parseNumber()
            }
        }

        mutating func literal(_ word: String, _ value: Value) -> Value? {
            let w = Array(word.unicodeScalars)
            guard index + w.count <= scalars.count, Array(scalars[index..<index + w.count]) == w else { return nil }
            index += w.count
            return value
        }

        mutating func parseObject() -> Value? {
            index += 1
            depth += 1
            defer { depth -= 1 }
            var d = ValueDict()
            skipWhitespace()
            if index < scalars.count, scalars[index] == "}" { index += 1; return .dict(d) }
            while true {
                skipWhitespace()
                guard index < scalars.count, scalars[index] == "\"", let key = parseString() else { return nil }
                skipWhitespace()
                guard index < scalars.count, scalars[index] == ":" else { return nil }
                index += 1
                guard let v = parseValue() else { return nil }
                d[key] = v
                skipWhitespace()
                guard index < scalars.count else { return nil }
                if scalars[index] == "," { index += 1; continue }
                if scalars[index] == "}" { index += 1; return .dict(d) }
                return nil
            }
        }

        mutating func parseArray() -> Value? {
            index += 1
            depth += 1
            defer { depth -= 1 }
            var items: [Value] = []
            skipWhitespace()
            if index < scalars.count, scalars[index] == "]" { index += 1; return .list(items) }
            while true {
                guard let v = parseValue() else { return nil }
                items.append(v)
                skipWhitespace()
                guard index < scalars.count else { return nil }
                if scalars[index] == "," { index += 1; continue }
                if scalars[index] == "]" { index += 1; return .list(items) }
                return nil
            }
        }

        mutating func parseString() -> String? {
            index += 1
            var out = String.UnicodeScalarView()
            while index < scalars.count {
                let c = scalars[index]
                index += 1
                if c == "\"" { return String(out) }
                if c != "\\" { out.append(c); continue }
                guard index < scalars.count else { return nil }
                let e = scalars[index]
                index += 1
                switch e {
                case "\"", "\\", "/": out.append(e)
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code), index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" {
                        index += 2
                        guard let low = hex4() else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= scalars.count else { return nil }
            let text = String(String.UnicodeScalarView(scalars[index..<index + 4]))
            index += 4
            return UInt32(text, radix: 16)
        }

        mutating func parseNumber() -> Value? {
            let start = index
            var isFloat = false
            while index < scalars.count {
                let c = scalars[index]
                if ("0"..."9").contains(c) || c == "-" || c == "+" {
                } else if c == "." || c == "e" || c == "E" {
                    isFloat = true
                } else {
                    break
                }
                index += 1
            }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            if text == "-" , literal("Infinity", .null) != nil { return .float(-.infinity) }
            if !isFloat, let i = Int(text) { return .int(i) }
            if let f = Double(text), !text.isEmpty { return .float(f) }
            return nil
        }
    }
}
