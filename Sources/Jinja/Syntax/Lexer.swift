/// Splits template source into tokens: template data, tag delimiters and expression tokens.
///
/// Whitespace control (`-`, `+`, trim_blocks, lstrip_blocks) and `{% raw %}` are applied here,
/// so the parser sees only the data that will be output.
struct Lexer {
    let source: SourceText
    let options: LexerOptions
    /// The source bytes; without the one trailing newline Jinja drops unless keep_trailing_newline.
    private let bytes: [UInt8]
    private var tokens: [Token] = []
    private var pos = 0
    /// Set by a `-}}`/`-%}`/`-#}`: strip leading whitespace of the next data.
    private var stripNextData = false
    /// Inside `{{ }}` with `literalBackslashesInExpressions`: string escapes are kept verbatim.
    private var literalStrings = false

    init(source: SourceText, options: LexerOptions) {
        self.source = source
        self.options = options
        var b = source.bytes
        if !options.keepTrailingNewline, b.last == 10 {
            b.removeLast()
            if b.last == 13 { b.removeLast() }
        }
        self.bytes = b
    }

    static func tokenize(_ source: SourceText, options: LexerOptions) throws -> [Token] {
        var lexer = Lexer(source: source, options: options)
        try lexer.run()
        return lexer.tokens
    }

    private func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    private mutating func run() throws {
        let n = bytes.count
        while pos < n {
            var idx = pos
            var kind: UInt8 = 0
            while idx + 1 < n {
                if bytes[idx] == UInt8(ascii: "{") {
                    let c = bytes[idx + 1]
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "%") || c == UInt8(ascii: "#") { kind = c; break }
                }
                idx += 1
            }
            if kind == 0 { idx = n }
            var dataEnd = idx
            let modifier = byte(idx + 2)
            if kind != 0 {
                if modifier == UInt8(ascii: "-") {
                    while dataEnd > pos, isSpace(bytes[dataEnd - 1]) { dataEnd -= 1 }
                } else if options.lstripBlocks, kind != UInt8(ascii: "{"), modifier != UInt8(ascii: "+") {
                    var s = dataEnd
                    while s > pos, bytes[s - 1] == 32 || bytes[s - 1] == 9 { s -= 1 }
                    if s == 0 || bytes[s - 1] == 10 { dataEnd = s }
                }
            }
            emitData(from: pos, to: dataEnd)
            if kind == 0 { pos = n; break }
            pos = idx
            switch kind {
            case UInt8(ascii: "#"): try lexComment()
            case UInt8(ascii: "%"):
                if try lexRaw() { continue }
                try lexTag(begin: .blockBegin, endChar: UInt8(ascii: "%"), end: .blockEnd)
            default: try lexTag(begin: .variableBegin, endChar: UInt8(ascii: "}"), end: .variableEnd)
            }
        }
        tokens.append(Token(kind: .eof, span: source.span(from: n, to: n)))
    }

    private mutating func emitData(from start: Int, to end: Int) {
        var s = start
        if stripNextData {
            while s < end, isSpace(bytes[s]) { s += 1 }
            stripNextData = false
        }
        let e = end
        guard e > s else { return }
        tokens.append(Token(kind: .data(Lexer.normalizingNewlines(bytes[s..<e])), span: source.span(from: s, to: e)))
    }

    /// After a closing delimiter at `pos`: `-` strips following whitespace, else trim_blocks eats one newline.
    private mutating func afterClose(minus: Bool, plus: Bool, isBlock: Bool) {
        if minus { stripNextData = true; return }
        if isBlock, options.trimBlocks, !plus {
            if byte(pos) == 10 { pos += 1 } else if byte(pos) == 13, byte(pos + 1) == 10 { pos += 2 }
        }
    }

    private mutating func lexComment() throws {
        let start = pos
        var i = pos + 2
        if byte(i) == UInt8(ascii: "-") || byte(i) == UInt8(ascii: "+") { i += 1 }
        while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "#") && bytes[i + 1] == UInt8(ascii: "}")) { i += 1 }
        guard i + 1 < bytes.count else {
            throw TemplateError.syntax("Missing end of comment tag").located(source.span(from: start, to: start + 2), in: source)
        }
        let minus = i > start + 2 && bytes[i - 1] == UInt8(ascii: "-")
        let plus = i > start + 2 && bytes[i - 1] == UInt8(ascii: "+")
        pos = i + 2
        afterClose(minus: minus, plus: plus, isBlock: true)
    }

    /// `{% raw %}...{% endraw %}`: the body is data, untouched. Returns false when this is another tag.
    private mutating func lexRaw() throws -> Bool {
        var i = pos + 2
        if byte(i) == UInt8(ascii: "-") || byte(i) == UInt8(ascii: "+") { i += 1 }
        while isSpace(byte(i)) { i += 1 }
        guard matchesWord("raw", at: i) else { return false }
        i += 3
        while isSpace(byte(i)) { i += 1 }
        var openMinus = false
        if byte(i) == UInt8(ascii: "-") || byte(i) == UInt8(ascii: "+") { openMinus = byte(i) == UInt8(ascii: "-"); i += 1 }
        guard byte(i) == UInt8(ascii: "%"), byte(i + 1) == UInt8(ascii: "}") else { return false }
        let tagStart = pos
        pos = i + 2
        let bodyStart = pos
        var j = pos
        while j + 1 < bytes.count {
            if bytes[j] == UInt8(ascii: "{"), bytes[j + 1] == UInt8(ascii: "%") {
                var k = j + 2
                let endMinus = byte(k) == UInt8(ascii: "-")
                if endMinus || byte(k) == UInt8(ascii: "+") { k += 1 }
                while isSpace(byte(k)) { k += 1 }
                if matchesWord("endraw", at: k) {
                    k += 6
                    while isSpace(byte(k)) { k += 1 }
                    let closeMinus = byte(k) == UInt8(ascii: "-")
                    let closePlus = byte(k) == UInt8(ascii: "+")
                    if closeMinus || closePlus { k += 1 }
                    if byte(k) == UInt8(ascii: "%"), byte(k + 1) == UInt8(ascii: "}") {
                        var s = bodyStart, e = j
                        if openMinus { while s < e, isSpace(bytes[s]) { s += 1 } }
                        if endMinus { while e > s, isSpace(bytes[e - 1]) { e -= 1 } } else if options.lstripBlocks, byte(j + 2) != UInt8(ascii: "+") {
                            var t = e
                            while t > s, bytes[t - 1] == 32 || bytes[t - 1] == 9 { t -= 1 }
                            if t == 0 || bytes[t - 1] == 10 { e = t }
                        }
                        if e > s {
                            tokens.append(Token(kind: .data(Lexer.normalizingNewlines(bytes[s..<e])), span: source.span(from: s, to: e)))
                        }
                        pos = k + 2
                        afterClose(minus: closeMinus, plus: closePlus, isBlock: true)
                        return true
                    }
                }
            }
            j += 1
        }
        throw TemplateError.syntax("Missing end of raw directive").located(source.span(from: tagStart, to: tagStart + 2), in: source)
    }

    private func matchesWord(_ word: String, at i: Int) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return false }
        return !isNameByte(byte(i + w.count))
    }

    private mutating func lexTag(begin: Token.Kind, endChar: UInt8, end: Token.Kind) throws {
        let tagStart = pos
        tokens.append(Token(kind: begin, span: source.span(from: pos, to: pos + 2)))
        literalStrings = options.literalBackslashesInExpressions && endChar == UInt8(ascii: "}")
        pos += 2
        if byte(pos) == UInt8(ascii: "-") || byte(pos) == UInt8(ascii: "+") { pos += 1 }
        var depth: [UInt8] = []
        while true {
            while pos < bytes.count, isSpace(bytes[pos]) { pos += 1 }
            guard pos < bytes.count else {
                let what = endChar == UInt8(ascii: "}") ? "print statement" : "block statement"
                throw TemplateError.syntax("unexpected end of template, expected end of \(what)")
                    .located(source.span(from: tagStart, to: tagStart + 2), in: source)
            }
            if depth.isEmpty {
                let c = bytes[pos]
                if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")), byte(pos + 1) == endChar, byte(pos + 2) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: end, span: source.span(from: pos, to: pos + 3)))
                    pos += 3
                    afterClose(minus: c == UInt8(ascii: "-"), plus: c == UInt8(ascii: "+"), isBlock: endChar == UInt8(ascii: "%"))
                    return
                }
                if c == endChar, byte(pos + 1) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: end, span: source.span(from: pos, to: pos + 2)))
                    pos += 2
                    afterClose(minus: false, plus: false, isBlock: endChar == UInt8(ascii: "%"))
                    return
                }
            }
            try lexExpressionToken(depth: &depth)
        }
    }

    private mutating func lexExpressionToken(depth: inout [UInt8]) throws {
        let start = pos
        let c = bytes[pos]
        if isNameStart(c) {
            while pos < bytes.count, isNameByte(bytes[pos]) { pos += 1 }
            add(.name(String(decoding: bytes[start..<pos], as: UTF8.self)), start)
            return
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(byte(pos + 1)) && !lastTokenIsOperand) {
            try lexNumber()
            return
        }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
            try lexString(quote: c)
            return
        }
        let two = pos + 1 < bytes.count ? String(decoding: bytes[pos...pos + 1], as: UTF8.self) : ""
        if ["//", "**", "==", "!=", "<=", ">="].contains(two) {
            pos += 2
            add(.op(two), start)
            return
        }
        let single = "+-*/%~()[]{}.,:|=<>;!"
        let ch = Character(UnicodeScalar(c))
        guard c < 128, single.contains(ch) else {
            throw TemplateError.syntax("unexpected char \(Value.pythonStringRepr(String(decoding: bytes[pos..<min(pos + 1, bytes.count)], as: UTF8.self))) at \(pos)")
                .located(source.span(from: pos, to: pos + 1), in: source)
        }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth.append(c)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            let expected: UInt8 = c == UInt8(ascii: ")") ? UInt8(ascii: "(") : c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
            guard depth.last == expected else {
                throw TemplateError.syntax("unexpected '\(ch)'").located(source.span(from: pos, to: pos + 1), in: source)
            }
            depth.removeLast()
        default: break
        }
        pos += 1
        add(.op(String(ch)), start)
    }

    private var lastTokenIsOperand: Bool {
        switch tokens.last?.kind {
        case .name, .string, .integer, .float: return true
        case .op(let o): return o == ")" || o == "]" || o == "}"
        default: return false
        }
    }

    private mutating func add(_ kind: Token.Kind, _ start: Int) {
        tokens.append(Token(kind: kind, span: source.span(from: start, to: pos)))
    }

    private mutating func lexNumber() throws {
        let start = pos
        func digits(_ ok: (UInt8) -> Bool) { while pos < bytes.count, ok(bytes[pos]) || (bytes[pos] == UInt8(ascii: "_") && ok(byte(pos + 1))) { pos += 1 } }
        if bytes[pos] == UInt8(ascii: "0"), let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "X"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "O"): 8, UInt8(ascii: "b"): 2, UInt8(ascii: "B"): 2][byte(pos + 1)] {
            pos += 2
            let digitStart = pos
            digits { Int(String(UnicodeScalar($0)), radix: radix) != nil }
            let text = String(decoding: bytes[digitStart..<pos], as: UTF8.self).replacingOccurrences(of: "_", with: "")
            guard let v = Int(text, radix: radix) else { throw TemplateError.syntax("invalid integer literal").located(source.span(from: start, to: pos), in: source) }
            add(.integer(v), start)
            return
        }
        digits(isDigit)
        var isFloat = false
        if byte(pos) == UInt8(ascii: "."), isDigit(byte(pos + 1)) {
            isFloat = true
            pos += 1
            digits(isDigit)
        }
        if byte(pos) == UInt8(ascii: "e") || byte(pos) == UInt8(ascii: "E") {
            var k = pos + 1
            if byte(k) == UInt8(ascii: "+") || byte(k) == UInt8(ascii: "-") { k += 1 }
            if isDigit(byte(k)) {
                isFloat = true
                pos = k
                digits(isDigit)
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        if isFloat {
            add(.float(Double(text) ?? 0), start)
        } else if let v = Int(text) {
            add(.integer(v), start)
        } else {
            add(.float(Double(text) ?? .infinity), start)
        }
    }

    private mutating func lexString(quote: UInt8) throws {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else {
                throw TemplateError.syntax("unexpected end of string").located(source.span(from: start, to: start + 1), in: source)
            }
            let c = bytes[pos]
            if c == quote { pos += 1; break }
            if c == UInt8(ascii: "\\"), pos + 1 < bytes.count, literalStrings {
                out += [c, bytes[pos + 1]]
                pos += 2
                continue
            }
            if c == UInt8(ascii: "\\"), pos + 1 < bytes.count {
                let e = bytes[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "a"): out.append(7)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "v"): out.append(11)
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(e)
                case 10: break
                case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                    let hex = String(decoding: bytes[pos..<min(pos + count, bytes.count)], as: UTF8.self)
                    guard hex.count == count, let v = UInt32(hex, radix: 16), let scalar = UnicodeScalar(v) else {
                        throw TemplateError.syntax("invalid escape in string").located(source.span(from: pos - 2, to: pos), in: source)
                    }
                    out += Array(String(Character(scalar)).utf8)
                    pos += count
                default: out += [UInt8(ascii: "\\"), e]
                }
                continue
            }
            if c == 13 {
                // Like Jinja, raw `\r\n` and `\r` become `\n` before escapes are read, so an
                // escaped `\r` stays a carriage return.
                out.append(10)
                pos += pos + 1 < bytes.count && bytes[pos + 1] == 10 ? 2 : 1
                continue
            }
            out.append(c)
            pos += 1
        }
        add(.string(String(decoding: out, as: UTF8.self)), start)
    }

    /// Like Jinja, `\r\n` and `\r` in template data and string literals become `\n`.
    static func normalizingNewlines(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(13) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 13 {
                out.append(10)
                if i + 1 < bytes.endIndex, bytes[i + 1] == 10 { i += 1 }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 || c == 11 }
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isNameStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 128 }
@inline(__always) func isNameByte(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }
