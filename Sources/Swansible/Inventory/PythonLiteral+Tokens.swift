import Jinja

/// Number and string tokens of Python literals.
extension PythonLiteral.Parser {
    private typealias NotALiteral = PythonLiteral.NotALiteral

    private func isDigit(_ c: Unicode.Scalar?, radix: Int = 10) -> Bool {
        guard let c, c.isASCII else { return false }
        switch radix {
        case 2: return c == "0" || c == "1"
        case 8: return ("0"..."7").contains(c)
        case 16: return ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
        default: return ("0"..."9").contains(c)
        }
    }

    /// `digit (_? digit)*`; returns the digits without underscores, nil when none.
    private mutating func digitPart(radix: Int = 10) throws -> String? {
        guard isDigit(peek, radix: radix) else { return nil }
        var digits = ""
        while true {
            if let c = peek, isDigit(c, radix: radix) { digits.unicodeScalars.append(c); i += 1; continue }
            if peek == "_", i + 1 < s.count, isDigit(s[i + 1], radix: radix) { i += 1; continue }
            return digits
        }
    }

    mutating func parseNumber() throws -> Value {
        if peek == ".", i + 2 < s.count, s[i + 1] == ".", s[i + 2] == "." { i += 3; return .string("...") }
        let start = i
        if peek == "0", i + 1 < s.count, let radix = ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2][Character(s[i + 1])] {
            i += 2
            if peek == "_" { i += 1 }
            guard let digits = try digitPart(radix: radix), let n = Int(digits, radix: radix) else { throw NotALiteral() }
            try endOfNumber()
            return .int(n)
        }
        let whole = try digitPart() ?? ""
        var isFloat = false
        var text = whole
        if peek == "." {
            isFloat = true
            i += 1
            text += "." + (try digitPart() ?? "")
            if whole.isEmpty && text == "." { throw NotALiteral() }
        }
        if let e = peek, e == "e" || e == "E" {
            let mark = i
            i += 1
            var sign = ""
            if let c = peek, c == "+" || c == "-" { sign = String(Character(c)); i += 1 }
            if let exponent = try digitPart() {
                isFloat = true
                text += "e" + sign + exponent
            } else {
                i = mark  // not an exponent: "1e" is a syntax error below
            }
        }
        if let j = peek, j == "j" || j == "J" { throw NotALiteral() }  // complex: kept as text
        try endOfNumber()
        if isFloat {
            guard let f = Double(text.hasPrefix(".") ? "0" + text : text) else { throw NotALiteral() }
            return .float(f)
        }
        // Python forbids leading zeros in a non-zero decimal integer ("0600").
        if whole.count > 1, whole.hasPrefix("0"), whole.contains(where: { $0 != "0" }) { throw NotALiteral() }
        guard !whole.isEmpty, let n = Int(whole) else { i = start; throw NotALiteral() }
        return .int(n)
    }

    /// A number may not run straight into a name ("1abc", "1_").
    private func endOfNumber() throws {
        if let c = peek, c == "_" || c == "." || isIdentifierPart(c) { throw NotALiteral() }
    }

    /// One or more adjacent string literals, concatenated; str and bytes may not be mixed.
    mutating func parseStrings(prefix firstPrefix: String) throws -> Value {
        var prefix = firstPrefix
        var text = ""
        let isBytes = prefix.contains("b")
        while true {
            guard prefix.contains("b") == isBytes else { throw NotALiteral() }
            text += try parseOneString(raw: prefix.contains("r"), bytes: isBytes)
            skipSpace()
            let mark = i
            prefix = ""
            while let c = peek, c.isASCII, "rRuUbB".unicodeScalars.contains(c) { prefix.unicodeScalars.append(c); i += 1 }
            prefix = prefix.lowercased()
            guard let q = peek, q == "'" || q == "\"", prefix.count <= 2 else { i = mark; break }
        }
        return .string(text)
    }

    private mutating func parseOneString(raw: Bool, bytes: Bool) throws -> String {
        guard let quote = peek else { throw NotALiteral() }
        i += 1
        let triple = i + 1 < s.count && s[i] == quote && s[i + 1] == quote
        if triple { i += 2 }
        var scalars = String.UnicodeScalarView()
        var byteBuffer: [UInt8] = []
        func append(_ c: Unicode.Scalar) {
            if bytes { byteBuffer.append(UInt8(truncatingIfNeeded: c.value)) } else { scalars.append(c) }
        }
        while true {
            guard let c = peek else { throw NotALiteral() }
            if c == quote {
                if !triple { i += 1; break }
                if i + 2 < s.count, s[i + 1] == quote, s[i + 2] == quote { i += 3; break }
            }
            if c == "\n" && !triple { throw NotALiteral() }
            if bytes && !c.isASCII { throw NotALiteral() }
            if c == "\\" {
                guard i + 1 < s.count else { throw NotALiteral() }
                if raw {
                    append(c); append(s[i + 1]); i += 2
                    continue
                }
                i += 1
                try parseEscape(bytes: bytes, append)
                continue
            }
            append(c)
            i += 1
        }
        if bytes { return String(decoding: byteBuffer, as: UTF8.self) }
        return String(scalars)
    }

    private mutating func parseEscape(bytes: Bool, _ append: (Unicode.Scalar) -> Void) throws {
        guard let e = peek else { throw NotALiteral() }
        i += 1
        switch e {
        case "\n": return
        case "\\", "'", "\"": append(e)
        case "a": append("\u{07}")
        case "b": append("\u{08}")
        case "f": append("\u{0C}")
        case "n": append("\n")
        case "r": append("\r")
        case "t": append("\t")
        case "v": append("\u{0B}")
        case "0"..."7":
            var value = Int(e.value - 48)
            var count = 1
            while count < 3, let d = peek, isDigit(d, radix: 8) { value = value * 8 + Int(d.value - 48); i += 1; count += 1 }
            guard let scalar = Unicode.Scalar(UInt32(value)) else { throw NotALiteral() }
            append(scalar)
        case "x", "u", "U":
            let width = e == "x" ? 2 : (e == "u" ? 4 : 8)
            if e != "x" && bytes { append("\\"); append(e); return }
            guard i + width <= s.count else { throw NotALiteral() }
            let hex = String(String.UnicodeScalarView(s[i..<(i + width)]))
            guard hex.unicodeScalars.allSatisfy({ isDigit($0, radix: 16) }), let v = UInt32(hex, radix: 16),
                  let scalar = Unicode.Scalar(v) else { throw NotALiteral() }
            i += width
            append(scalar)
        case "N" where !bytes:
            guard peek == "{", let close = s[i...].firstIndex(of: "}") else { throw NotALiteral() }
            let name = String(String.UnicodeScalarView(s[(i + 1)..<close])).uppercased()
            guard let scalar = Self.scalar(named: name) else { throw NotALiteral() }
            i = close + 1
            append(scalar)
        default:
            append("\\")
            append(e)
        }
    }

    /// The scalar with this Unicode name (or name alias), like Python's `\N{...}`; a slow scan, for a rare escape.
    static func scalar(named name: String) -> Unicode.Scalar? {
        for value in UInt32(0x20)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.properties.name == name || scalar.properties.nameAlias == name { return scalar }
        }
        return nil
    }
}
