import Foundation

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
        if !options.keepTrailingNewline, b.last == 10 || b.last == 13 {
            if b.removeLast() == 10, b.last == 13 { b.removeLast() }
        }
        self.bytes = b
    }

    /// The tokens, ending with an end of template, and the lexing error that stopped them if any
    /// (the parser raises it when it reaches that point, as Jinja's lazy lexer does).
    /// `expression`: start inside `{{ }}` without its opening delimiter, as Jinja's
    /// `compile_expression` does (its end is the end of the text, or a `}}` there).
    static func tokenize(_ source: SourceText, options: LexerOptions, expression: Bool = false) -> ([Token], TemplateError?) {
        var lexer = Lexer(source: source, options: options)
        var failure: TemplateError?
        do {
            if expression {
                try lexer.lexTag(begin: nil, endChar: UInt8(ascii: "}"), end: .variableEnd)
            }
            try lexer.run()
        } catch let e as TemplateError {
            failure = e
            lexer.tokens.append(Token(kind: .eof, span: source.span(from: lexer.pos, to: lexer.pos)))
        } catch {
            failure = .syntax("\(error)")
            lexer.tokens.append(Token(kind: .eof, span: source.span(from: lexer.pos, to: lexer.pos)))
        }
        return (lexer.tokens, failure)
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
        // like Jinja, an opening that ends the text is no error: there is nothing left to lex
        if i >= bytes.count { pos = i; return }
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
        // Jinja's raw opening takes `-%}` or `%}` only; `{% raw +%}` is an ordinary (unknown) tag
        let openMinus = byte(i) == UInt8(ascii: "-")
        if openMinus { i += 1 }
        guard byte(i) == UInt8(ascii: "%"), byte(i + 1) == UInt8(ascii: "}") else { return false }
        let tagStart = pos
        pos = i + 2
        if openMinus { while pos < bytes.count, isSpace(bytes[pos]) { pos += 1 } }
        // like Jinja, an opening that ends the text is no error: there is nothing left to lex
        if pos >= bytes.count { return true }
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

    /// Lexes one `{{ }}` or `{% %}` tag from its opening delimiter (or, with no `begin`, from `pos`
    /// for a bare expression). Like Jinja, a tag the text ends inside of is not a lexing error:
    /// the tokens simply stop and the parser reports what it expected.
    mutating func lexTag(begin: Token.Kind?, endChar: UInt8, end: Token.Kind) throws {
        if let begin {
            tokens.append(Token(kind: begin, span: source.span(from: pos, to: pos + 2)))
            pos += 2
            if byte(pos) == UInt8(ascii: "-") || byte(pos) == UInt8(ascii: "+") { pos += 1 }
        }
        literalStrings = options.literalBackslashesInExpressions && endChar == UInt8(ascii: "}")
        let isBlock = endChar == UInt8(ascii: "%")
        // the closing brackets awaited; the tag cannot end while one is open
        var balance: [UInt8] = []
        while pos < bytes.count {
            if balance.isEmpty {
                // Jinja: `%}`, `-%}`, `+%}` end a block; `}}` and `-}}` (no `+`) end a print
                let c = bytes[pos]
                let signed = c == UInt8(ascii: "-") || (isBlock && c == UInt8(ascii: "+"))
                if signed, byte(pos + 1) == endChar, byte(pos + 2) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: end, span: source.span(from: pos, to: pos + 3)))
                    pos += 3
                    afterClose(minus: c == UInt8(ascii: "-"), plus: c == UInt8(ascii: "+"), isBlock: isBlock)
                    return
                }
                if c == endChar, byte(pos + 1) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: end, span: source.span(from: pos, to: pos + 2)))
                    pos += 2
                    afterClose(minus: false, plus: false, isBlock: isBlock)
                    return
                }
            }
            if let length = whitespaceLength(at: pos) {
                pos += length
                continue
            }
            try lexExpressionToken(balance: &balance)
        }
    }

    /// The scalar at byte offset `i` and its length in bytes.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[i]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= bytes.count,
              let s = String(bytes: bytes[i..<i + length], encoding: .utf8)?.unicodeScalars.first else {
            return (Unicode.Scalar(lead), 1)
        }
        return (s, length)
    }

    /// Python's `\s`: Unicode white space and the ASCII separators 0x1c-0x1f.
    private func whitespaceLength(at i: Int) -> Int? {
        let c = bytes[i]
        if c < 0x80 { return isSpace(c) || (c >= 0x1c && c <= 0x1f) ? 1 : nil }
        let (s, length) = scalar(at: i)
        return s.properties.isWhitespace ? length : nil
    }

    /// Python's `\w` and the combining marks Jinja's name pattern adds.
    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return isNameByte(UInt8(s.value)) }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.isXIDContinue || p.generalCategory == .nonspacingMark
            || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark
    }

    /// Jinja's "unexpected char 'c' at N": N counts characters of the newline-normalised source.
    private func unexpectedChar(at i: Int) -> TemplateError {
        let (s, length) = scalar(at: i)
        var index = 0
        var k = 0
        while k < i {
            let b = bytes[k]
            if b & 0xC0 != 0x80, !(b == 10 && k > 0 && bytes[k - 1] == 13) { index += 1 }
            k += 1
        }
        return TemplateError.syntax("unexpected char \(Value.pythonStringRepr(String(Character(s)))) at \(index)")
            .located(source.span(from: i, to: i + length), in: source)
    }

    /// One token inside a tag, tried in Jinja's order: float, integer, name, string, operator.
    private mutating func lexExpressionToken(balance: inout [UInt8]) throws {
        let start = pos
        let c = bytes[pos]
        if isDigit(c) {
            lexNumber()
            return
        }
        if isNameStart(c) {
            if c >= 0x80, !Lexer.isNameScalar(scalar(at: pos).0) { throw unexpectedChar(at: pos) }
            var k = pos
            while k < bytes.count, bytes[k] < 0x80, isNameByte(bytes[k]) { k += 1 }
            if c < 0x80, byte(k) < 0x80 {
                // the common case, an ASCII name
                pos = k
                add(.name(String(decoding: bytes[start..<pos], as: UTF8.self)), start)
                return
            }
            var scalars = String.UnicodeScalarView()
            while pos < bytes.count {
                let (s, length) = scalar(at: pos)
                guard Lexer.isNameScalar(s) else { break }
                scalars.append(s)
                pos += length
            }
            let name = String(scalars)
            let first = name.unicodeScalars.first!
            guard first == "_" || first.properties.isXIDStart,
                  name.unicodeScalars.dropFirst().allSatisfy({ $0.properties.isXIDContinue }) else {
                throw TemplateError.syntax("Invalid character in identifier").located(source.span(from: start, to: pos), in: source)
            }
            add(.name(name), start)
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
        let single = "+-*/%~()[]{}.,:|=<>;"
        guard c < 128, single.contains(Character(UnicodeScalar(c))) else { throw unexpectedChar(at: pos) }
        let ch = Character(UnicodeScalar(c))
        switch c {
        case UInt8(ascii: "("): balance.append(UInt8(ascii: ")"))
        case UInt8(ascii: "["): balance.append(UInt8(ascii: "]"))
        case UInt8(ascii: "{"): balance.append(UInt8(ascii: "}"))
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            guard let awaited = balance.popLast() else {
                throw TemplateError.syntax("unexpected '\(ch)'").located(source.span(from: pos, to: pos + 1), in: source)
            }
            guard awaited == c else {
                throw TemplateError.syntax("unexpected '\(ch)', expected '\(Character(UnicodeScalar(awaited)))'")
                    .located(source.span(from: pos, to: pos + 1), in: source)
            }
        default: break
        }
        pos += 1
        add(.op(String(ch)), start)
    }

    private mutating func add(_ kind: Token.Kind, _ start: Int) {
        tokens.append(Token(kind: kind, span: source.span(from: start, to: pos)))
    }

    /// Digits with single underscores between them (`1_000`), from `i`; the end, or nil without a digit.
    private func digitRun(from i: Int, _ ok: (UInt8) -> Bool = isDigit) -> Int? {
        guard ok(byte(i)) else { return nil }
        var k = i
        while k < bytes.count, ok(bytes[k]) || (bytes[k] == UInt8(ascii: "_") && ok(byte(k + 1))) { k += 1 }
        return k
    }

    /// Jinja's number patterns: a float (digits with a fraction and/or an exponent, not right
    /// after a `.`), else an integer: `0b`/`0o`/`0x` with digits, a decimal not starting with
    /// `0`, or zeros alone (`007` is `00` then `7`).
    private mutating func lexNumber() {
        let start = pos
        func text(_ from: Int, _ to: Int) -> String {
            String(decoding: bytes[from..<to], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        }
        if start == 0 || bytes[start - 1] != UInt8(ascii: "."), let intEnd = digitRun(from: start) {
            var end: Int?
            var f = intEnd
            if byte(f) == UInt8(ascii: "."), let fraction = digitRun(from: f + 1) { f = fraction }
            if byte(f) | 0x20 == UInt8(ascii: "e") {
                var k = f + 1
                if byte(k) == UInt8(ascii: "+") || byte(k) == UInt8(ascii: "-") { k += 1 }
                end = digitRun(from: k)
            }
            if end == nil, byte(intEnd) == UInt8(ascii: "."), let fraction = digitRun(from: intEnd + 1) { end = fraction }
            if let end {
                pos = end
                add(.float(Double(text(start, end)) ?? .infinity), start)
                return
            }
        }
        if bytes[start] == UInt8(ascii: "0") {
            let prefixes: [UInt8: (Int, (UInt8) -> Bool)] = [
                UInt8(ascii: "b"): (2, { $0 == 48 || $0 == 49 }),
                UInt8(ascii: "o"): (8, { $0 >= 48 && $0 <= 55 }),
                UInt8(ascii: "x"): (16, { isDigit($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }),
            ]
            if let (radix, ok) = prefixes[byte(start + 1) | 0x20] {
                // `0x_ff`: an underscore may follow the prefix
                let first = byte(start + 2) == UInt8(ascii: "_") && ok(byte(start + 3)) ? start + 3 : start + 2
                if let end = digitRun(from: first, ok) {
                    pos = end
                    let v = Int(text(start + 2, end), radix: radix)
                    add(v.map { .integer($0) } ?? .float(.infinity), start)
                    return
                }
            }
            pos = digitRun(from: start) { $0 == 48 } ?? start + 1
            add(.integer(0), start)
            return
        }
        pos = digitRun(from: start) ?? start + 1
        let t = text(start, pos)
        add(Int(t).map { .integer($0) } ?? .float(Double(t) ?? .infinity), start)
    }

    private mutating func lexString(quote: UInt8) throws {
        let start = pos
        var k = pos + 1
        // Jinja's string pattern: up to the next unescaped quote, else the quote is an unexpected char
        while k < bytes.count, bytes[k] != quote {
            if bytes[k] == UInt8(ascii: "\\") {
                guard k + 1 < bytes.count else { break }
                k += 2
            } else {
                k += 1
            }
        }
        guard k < bytes.count, bytes[k] == quote else { throw unexpectedChar(at: start) }
        pos = k + 1
        let body = Lexer.normalizingNewlines(bytes[start + 1..<k])
        if literalStrings {
            add(.string(body), start)
            return
        }
        do {
            add(.string(try Lexer.unescaped(body)), start)
        } catch {
            throw TemplateError.syntax(error.text).located(source.span(from: start, to: pos), in: source)
        }
    }

    struct EscapeError: Error { var text: String }

    /// Python's `unicode-escape` decoding of a string literal's body, as Jinja applies it
    /// (after escaping non-ASCII characters, so `\é` reads as `\` then `xe9`).
    static func unescaped(_ body: String) throws(EscapeError) -> String {
        guard body.contains("\\") else { return body }
        let s = Array(body.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func hex(_ count: Int, _ name: String) throws(EscapeError) -> UInt32 {
            guard i + count <= s.count, s[i..<i + count].allSatisfy({ $0.properties.isASCIIHexDigit }) else {
                throw EscapeError(text: "truncated \\\(name) escape")
            }
            let v = UInt32(String(String.UnicodeScalarView(s[i..<i + count])), radix: 16)!
            i += count
            return v
        }
        func append(_ v: UInt32) throws(EscapeError) {
            guard v <= 0x10FFFF else { throw EscapeError(text: "illegal Unicode character") }
            out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
        while i < s.count {
            let c = s[i]
            i += 1
            guard c == "\\", i < s.count else { out.append(c); continue }
            let e = s[i]
            i += 1
            switch e {
            case "\n": break
            case "\\", "'", "\"": out.append(e)
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var v = e.value - 48
                var n = 1
                while n < 3, i < s.count, ("0"..."7").contains(s[i]) { v = v * 8 + s[i].value - 48; i += 1; n += 1 }
                try append(v)
            case "x": try append(try hex(2, "xXX"))
            case "u": try append(try hex(4, "uXXXX"))
            case "U": try append(try hex(8, "UXXXXXXXX"))
            case "N":
                guard i < s.count, s[i] == "{", let close = s[i...].firstIndex(of: "}"), close > i + 1 else {
                    throw EscapeError(text: "malformed \\N character escape")
                }
                let name = String(String.UnicodeScalarView(s[i + 1..<close]))
                guard let named = Lexer.scalar(named: name) else { throw EscapeError(text: "unknown Unicode character name") }
                out.append(named)
                i = close + 1
            default:
                out.append("\\")
                if e.isASCII {
                    out.append(e)
                } else {
                    let v = e.value
                    let text = v < 0x100 ? "x" + String(format: "%02x", v) : v < 0x10000 ? "u" + String(format: "%04x", v) : "U" + String(format: "%08x", v)
                    out.append(contentsOf: text.unicodeScalars)
                }
            }
        }
        return String(out)
    }

    /// The character with Unicode name `name` (`\N{...}`), through ICU's name transform.
    static func scalar(named name: String) -> Unicode.Scalar? {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "}" }),
              let s = ("\\N{" + name.uppercased() + "}").applyingTransform(StringTransform("Name-Any"), reverse: false),
              s.unicodeScalars.count == 1 else { return nil }
        return s.unicodeScalars.first
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
