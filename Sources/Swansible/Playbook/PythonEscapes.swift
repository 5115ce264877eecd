/// Python's backslash escapes as `key=value` values decode them (`\n`, `\t`, `\\`, `\'`, `\"`,
/// `\a \b \f \r \v`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`); any other backslash stays as written.
/// `\N{NAME}` is kept literally: character names are not known here.
enum PythonEscapes {
    static func decode(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        let chars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            if let simple = simpleEscapes[next] {
                out.append(simple)
                i += 2
            } else if let width = hexWidths[next], let scalar = hexScalar(chars, from: i + 2, width: width) {
                out.append(scalar)
                i += 2 + width
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}",
        "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
    ]
    private static let hexWidths: [Unicode.Scalar: Int] = ["x": 2, "u": 4, "U": 8]

    private static func hexScalar(_ chars: [Unicode.Scalar], from start: Int, width: Int) -> Unicode.Scalar? {
        guard start + width <= chars.count else { return nil }
        var value: UInt32 = 0
        for c in chars[start..<(start + width)] {
            guard let digit = Int(String(c), radix: 16) else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return Unicode.Scalar(value)
    }
}
