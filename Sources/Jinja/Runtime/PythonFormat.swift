import Foundation

/// Python's two string formatting languages: `'%s-%05.2f' % args` and `'{0:>4}'.format(...)`.
package enum PythonFormat {
    // MARK: printf-style

    package static func printf(_ format: String, _ args: Value) throws -> String {
        var positional: [Value]
        var mapping: ValueDict?
        switch args {
        case .list(let l): positional = l
        case .dict(let d): positional = [args]; mapping = d
        default: positional = [args]
        }
        var out = ""
        var next = 0
        // Scanned as Unicode scalars (Python's code points), with ASCII tests: this is a hot path.
        let chars = Array(format.unicodeScalars)
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else {
                var end = i + 1
                while end < chars.count, chars[end] != "%" { end += 1 }
                out.unicodeScalars.append(contentsOf: chars[i..<end])
                i = end
                continue
            }
            i += 1
            guard i < chars.count else { throw TemplateError.type("incomplete format") }
            var key: String?
            if chars[i] == "(" {
                guard let close = chars[i...].firstIndex(of: ")") else { throw TemplateError.type("incomplete format key") }
                var k = ""
                k.unicodeScalars.append(contentsOf: chars[(i + 1)..<close])
                key = k
                i = close + 1
            }
            var zero = false, left = false, plus = false, space = false
            while i < chars.count, "-+ #0".unicodeScalars.contains(chars[i]) {
                switch chars[i] {
                case "0": zero = true
                case "-": left = true
                case "+": plus = true
                case " ": space = true
                default: break
                }
                i += 1
            }
            var width = 0
            while i < chars.count, isDigit(chars[i]) || chars[i] == "*" {
                if isDigit(chars[i]) { width = min(width * 10 + Int(chars[i].value - 48), 1_000_000) }
                i += 1
            }
            var precision: Int?
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = 0
                // saturates just past a C int, which `formatValue` refuses like Python
                while i < chars.count, isDigit(chars[i]) { p = min(p * 10 + Int(chars[i].value - 48), Int(Int32.max) + 1); i += 1 }
                precision = p
            }
            while i < chars.count, "hlL".unicodeScalars.contains(chars[i]) { i += 1 }
            guard i < chars.count else { throw TemplateError.type("incomplete format") }
            let conv = chars[i]
            i += 1
            if conv == "%" { out.append("%"); continue }
            let arg: Value
            if let key {
                guard let mapping else { throw TemplateError.type("format requires a mapping") }
                guard let v = mapping[key] else { throw TemplateError.type("KeyError: '\(key)'") }
                arg = v
            } else {
                guard next < positional.count else { throw TemplateError.type("not enough arguments for format string") }
                arg = positional[next]
                next += 1
            }
            let spec = FormatSpec(fill: zero && !left && conv != "s" && conv != "r" ? "0" : " ",
                                  align: left ? "<" : ">", sign: plus ? "+" : space ? " " : "-",
                                  zeroPad: zero && !left, width: width,
                                  precision: precision, type: conv == "i" || conv == "u" ? "d" : Character(conv))
            out += try formatValue(arg, spec, printfStyle: true)
        }
        if mapping == nil, next < positional.count, case .list = args {
            throw TemplateError.type("not all arguments converted during string formatting")
        }
        if mapping == nil, next == 0, !positional.isEmpty, !format.contains(Character("%")) {
            throw TemplateError.type("not all arguments converted during string formatting")
        }
        return out
    }

    // MARK: str.format

    static func format(_ format: String, positional: [Value], keyword: ValueDict) throws -> String {
        var out = ""
        let chars = Array(format)
        var i = 0
        var auto = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                var depth = 1, j = i + 1
                while j < chars.count, depth > 0 {
                    if chars[j] == "{" { depth += 1 } else if chars[j] == "}" { depth -= 1 }
                    if depth > 0 { j += 1 }
                }
                guard j < chars.count else { throw TemplateError.type("Single '{' encountered in format string") }
                let field = String(chars[(i + 1)..<j])
                i = j + 1
                var name = field, specText = "", conversion: Character?
                if let colon = field.firstIndex(of: ":") {
                    name = String(field[..<colon]); specText = String(field[field.index(after: colon)...])
                }
                if let bang = name.firstIndex(of: "!") {
                    conversion = name[name.index(after: bang)...].first
                    name = String(name[..<bang])
                }
                var value = try resolveField(name, positional: positional, keyword: keyword, auto: &auto)
                if conversion == "r" { value = .string(value.pythonRepr) } else if conversion == "s" { value = .string(value.pythonString) }
                if specText.contains("{") {
                    specText = try PythonFormat.format(specText, positional: positional, keyword: keyword)
                }
                out += try formatValue(value, try FormatSpec(parsing: specText), printfStyle: false)
            } else if c == "}" {
                if i + 1 < chars.count, chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw TemplateError.type("Single '}' encountered in format string")
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    private static func resolveField(_ field: String, positional: [Value], keyword: ValueDict, auto: inout Int) throws -> Value {
        var head = field
        var rest = ""
        if let idx = field.firstIndex(where: { $0 == "." || $0 == "[" }) {
            head = String(field[..<idx]); rest = String(field[idx...])
        }
        var value: Value
        if head.isEmpty {
            guard auto < positional.count else { throw TemplateError.type("Replacement index \(auto) out of range for positional args tuple") }
            value = positional[auto]; auto += 1
        } else if head.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // like Python, only digits make an index (`{-1}` names a keyword; found by
            // swansible-fuzz jinja, seed 32, as a trap)
            guard let n = Int(head), n < positional.count else {
                throw TemplateError.type("Replacement index \(head) out of range for positional args tuple")
            }
            value = positional[n]
        } else {
            guard let v = keyword[head] else { throw TemplateError.type("KeyError: '\(head)'") }
            value = v
        }
        var r = Substring(rest)
        while !r.isEmpty {
            if r.first == "." {
                r = r.dropFirst()
                let name = r.prefix { $0 != "." && $0 != "[" }
                r = r.dropFirst(name.count)
                guard let v = value[String(name)] else { throw TemplateError.type("'\(value.pythonTypeName)' object has no attribute '\(name)'") }
                value = v
            } else if r.first == "[" {
                guard let close = r.firstIndex(of: "]") else { throw TemplateError.type("Missing ']' in format string") }
                let key = String(r[r.index(after: r.startIndex)..<close])
                r = r[r.index(after: close)...]
                if let n = Int(key), case .list(let l) = value {
                    guard n >= 0, n < l.count else { throw TemplateError.type("list index out of range") }
                    value = l[n]
                } else if let v = value[key] { value = v } else { throw TemplateError.type("KeyError: '\(key)'") }
            } else { break }
        }
        return value
    }

    // MARK: The format specification shared by both

    struct FormatSpec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var zeroPad = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?

        init(fill: Character, align: Character?, sign: Character, zeroPad: Bool, width: Int, precision: Int?, type: Character?) {
            self.fill = fill; self.align = align; self.sign = sign; self.zeroPad = zeroPad
            self.width = width; self.precision = precision; self.type = type
        }

        init(parsing text: String) throws {
            var c = Array(text)[...]
            if c.count >= 2, "<>=^".contains(c[c.startIndex + 1]) { fill = c.first!; align = c[c.startIndex + 1]; c = c.dropFirst(2) }
            else if let f = c.first, "<>=^".contains(f) { align = f; c = c.dropFirst() }
            if let f = c.first, "+- ".contains(f) { sign = f; c = c.dropFirst() }
            if c.first == "#" { c = c.dropFirst() }
            if c.first == "0" { zeroPad = true; c = c.dropFirst() }
            let w = c.prefix { $0.isNumber }
            width = Int(String(w)) ?? 0
            c = c.dropFirst(w.count)
            if let f = c.first, f == "," || f == "_" { grouping = f; c = c.dropFirst() }
            if c.first == "." {
                c = c.dropFirst()
                let p = c.prefix { $0.isNumber }
                precision = Int(String(p)) ?? 0
                c = c.dropFirst(p.count)
            }
            if let f = c.first { type = f; c = c.dropFirst() }
            guard c.isEmpty else { throw TemplateError.type("Invalid format specifier '\(text)'") }
        }
    }

    static func formatValue(_ value: Value, _ spec: FormatSpec, printfStyle: Bool) throws -> String {
        if let p = spec.precision {
            // like Python, beyond a C int; and like the width, beyond what a template may build
            // (`{:.42949672963f}` overflowed the C formatter; found by swansible-fuzz jinja, seed 33)
            if p > Int(Int32.max) { throw TemplateError.type("precision too big") }
            if p > 10_000_000 { throw TemplateError.limit("format precision too large") }
        }
        var body: String
        var numeric = false
        var negative = false
        let type = spec.type
        // The conversion as one byte: comparing Characters goes through string comparison, and
        // this runs for every `format` filter and `%` operator. 0: none; 0xFF: not ASCII.
        var code: UInt8 = 0
        if let type { code = type.unicodeScalars.count == 1 ? type.asciiValue ?? 0xFF : 0xFF }
        func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(c.value) }
        switch code {
        case _ where code == ascii("s") || (code == 0 && (value.stringValue != nil || PythonOperators.number(value) == nil)):
            body = value.pythonString
            if let p = spec.precision { body = String(body.prefix(p)) }
        case ascii("r"):
            body = value.pythonRepr
        case ascii("d"), ascii("x"), ascii("X"), ascii("o"), ascii("b"), ascii("c"):
            guard let n = PythonOperators.number(value) else {
                throw TemplateError.type(printfStyle ? "%\(type!) format: a real number is required, not \(value.pythonTypeName)" : "Unknown format code '\(type!)' for object of type '\(value.pythonTypeName)'")
            }
            let i: Int
            switch n { case .int(let x): i = x; case .float(let f):
                guard printfStyle else { throw TemplateError.type("Unknown format code '\(type!)' for object of type 'float'") }
                guard let t = Coerce.truncated(f) else { throw TemplateError.type("cannot convert float \(Value.pythonFloatRepr(f)) to integer") }
                i = t }
            if code == ascii("c") {
                guard (0..<0x110000).contains(i) else { throw TemplateError.type("%c arg not in range(0x110000)") }
                return String(Character(UnicodeScalar(UInt32(i)) ?? " "))
            }
            negative = i < 0
            let radix = code == ascii("x") || code == ascii("X") ? 16 : code == ascii("o") ? 8 : code == ascii("b") ? 2 : 10
            body = String(i.magnitude, radix: radix, uppercase: code == ascii("X"))
            if let g = spec.grouping, radix == 10 { body = group(body, with: g) }
            numeric = true
        case ascii("f"), ascii("F"), ascii("e"), ascii("E"), ascii("g"), ascii("G"), ascii("%"), 0:
            guard let n = PythonOperators.number(value) else {
                throw TemplateError.type("must be real number, not \(value.pythonTypeName)")
            }
            if code == 0, case .int(let i) = n {
                negative = i < 0
                body = String(i.magnitude)
                if let g = spec.grouping { body = group(body, with: g) }
            } else {
                var d = PythonOperators.double(n)
                negative = d < 0 || (d == 0 && d.sign == .minus)
                d = abs(d)
                switch code {
                case ascii("%"): body = cFormat("%.\(spec.precision ?? 6)f", d * 100) + "%"
                case ascii("e"), ascii("E"): body = cFormat("%.\(spec.precision ?? 6)\(type!)", d)
                case ascii("g"), ascii("G"): body = cFormat("%.\(spec.precision ?? 6)\(type!)", d)
                case 0:
                    if let p = spec.precision { body = cFormat("%.\(max(p, 1))g", d) } else { body = Value.float(d).pythonString }
                default: body = cFormat("%.\(spec.precision ?? 6)f", d)
                }
                if let g = spec.grouping {
                    let parts = body.split(separator: ".", maxSplits: 1)
                    body = group(String(parts[0]), with: g) + (parts.count > 1 ? "." + parts[1] : "")
                }
            }
            numeric = true
        default:
            throw TemplateError.type("Unknown format code '\(type!)' for object of type '\(value.pythonTypeName)'")
        }
        var signText = ""
        if numeric {
            if negative { signText = "-" } else if spec.sign == "+" { signText = "+" } else if spec.sign == " " { signText = " " }
        }
        guard spec.width > 0 else { return signText + body }
        let total = signText.count + characterCount(body)
        guard spec.width > total else { return signText + body }
        if spec.width > 10_000_000 { throw TemplateError.limit("format width too large") }
        let pad = spec.width - total
        if numeric, spec.zeroPad, spec.align == nil || spec.align == "=" || printfStyle {
            if printfStyle, spec.align == "<" { return signText + body + String(repeating: " ", count: pad) }
            return signText + String(repeating: "0", count: pad) + body
        }
        let fill = spec.zeroPad && !printfStyle ? "0" : String(spec.fill)
        let align = spec.align ?? (numeric ? ">" : "<")
        switch align {
        case "<": return signText + body + String(repeating: fill, count: pad)
        case "^":
            let left = pad / 2
            return String(repeating: fill, count: left) + signText + body + String(repeating: fill, count: pad - left)
        case "=": return signText + String(repeating: fill, count: pad) + body
        default: return String(repeating: fill, count: pad) + signText + body
        }
    }

    /// `s.count`, without grapheme breaking when `s` is ASCII without "\r" (the usual padded field).
    private static func characterCount(_ s: String) -> Int {
        let utf8 = s.utf8
        return utf8.contains(where: { $0 >= 0x80 || $0 == 0x0D }) ? s.count : utf8.count
    }

    /// C's printf of one number (`%.2f`, `%.6e`...), as `String(format:)` gives it, without
    /// Foundation's format parsing, which showed in profiles of `'%.1f' | format(x)`.
    private static func cFormat(_ format: String, _ d: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            let n = withVaList([d]) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
            guard n >= 0, n < buffer.count else { return String(format: format, d) }
            return String(cString: buffer.baseAddress!)
        }
    }

    private static func group(_ digits: String, with sep: Character) -> String {
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
