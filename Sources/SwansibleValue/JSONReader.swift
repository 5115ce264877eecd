import Foundation

/// Reads JSON into `Value`, keeping key order (like Python's `json.loads`, which `from_json` uses).
package struct JSONReader {
    private let bytes: [UInt8]
    private var pos = 0

    package static func parse(_ text: String) throws -> Value {
        var reader = JSONReader(bytes: Array(text.utf8))
        reader.skipSpace()
        let v = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.pos == reader.bytes.count else { throw reader.fail("Extra data") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func fail(_ message: String) -> ValueError {
        ValueError("\(message): line 1 column \(pos + 1) (char \(pos))")
    }

    private mutating func skipSpace() {
        while pos < bytes.count, [32, 9, 10, 13].contains(bytes[pos]) { pos += 1 }
    }

    private mutating func literal(_ word: String, _ v: Value) throws -> Value {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<pos + w.count]) == w else { throw fail("Expecting value") }
        pos += w.count
        return v
    }

    private mutating func value(depth: Int) throws -> Value {
        guard depth < 500 else { throw fail("Nesting too deep") }
        guard pos < bytes.count else { throw fail("Expecting value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var d = ValueDict()
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .dict(d) }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("Expecting property name enclosed in double quotes") }
                let key = try string()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter") }
                pos += 1
                skipSpace()
                d[key] = try value(depth: depth + 1)
                skipSpace()
                guard pos < bytes.count else { throw fail("Expecting ',' delimiter") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .dict(d) }
                throw fail("Expecting ',' delimiter")
            }
        case UInt8(ascii: "["):
            pos += 1
            var l: [Value] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .list(l) }
            while true {
                skipSpace()
                l.append(try value(depth: depth + 1))
                skipSpace()
                guard pos < bytes.count else { throw fail("Expecting ',' delimiter") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .list(l) }
                throw fail("Expecting ',' delimiter")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "N"): return try literal("NaN", .float(.nan))
        case UInt8(ascii: "I"): return try literal("Infinity", .float(.infinity))
        default: return try number()
        }
    }

    private mutating func number() throws -> Value {
        let start = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "I") { _ = try literal("Infinity", .null); return .float(-.infinity) }
        }
        var isFloat = false
        while pos < bytes.count {
            let c = bytes[pos]
            if isDigit(c) { pos += 1 } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && pos > start && (bytes[pos - 1] | 0x20) == UInt8(ascii: "e")) {
                isFloat = true
                pos += 1
            } else { break }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard !text.isEmpty, text != "-" else { throw fail("Expecting value") }
        if !isFloat, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw fail("Expecting value") }
        return .float(d)
    }

    private mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("Unterminated string starting at") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                guard pos < bytes.count else { throw fail("Unterminated string") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out += Array(String(Character(UnicodeScalar(code) ?? "\u{FFFD}")).utf8)
                default: out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16) else {
            throw fail("Invalid \\uXXXX escape")
        }
        pos += 4
        return v
    }
}
