import Jinja

/// Python's `ast.literal_eval` for the values of INI inventories, as ansible-core's INI plugin
/// uses it: numbers, strings (with prefixes, escapes, adjacent concatenation), `True`, `False`,
/// `None`, lists, tuples and sets (both become lists), dicts, a sign on a number, and a bare
/// top-level tuple (`1, 2`). Anything else is not a literal, and the plugin keeps the text.
enum PythonLiteral {
    /// The value of `text`, or nil when `text` is not a Python literal.
    static func evaluate(_ text: String) -> Value? {
        var parser = Parser(Array(text.unicodeScalars))
        return parser.parseAll()
    }

    struct NotALiteral: Error {}

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var depth = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func parseAll() -> Value? {
            do {
                skipSpace()
                let first = try parseExpression()
                skipSpace()
                // `Value` is nil-literal-convertible: spell "no literal" out.
                guard peek == "," else { return i == s.count ? first : Optional<Value>.none }
                var items = [first]
                while peek == "," {
                    i += 1
                    skipSpace()
                    if i == s.count { break }
                    items.append(try parseExpression())
                    skipSpace()
                }
                return i == s.count ? .list(items) : Optional<Value>.none
            } catch {
                return nil
            }
        }

        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

        /// Spaces, tabs, newlines, `\`-continuations and `#` comments.
        mutating func skipSpace() {
            while let c = peek {
                if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" { i += 1 }
                else if c == "\\", i + 1 < s.count, s[i + 1] == "\n" { i += 2 }
                else if c == "#" { while let d = peek, d != "\n" { i += 1 } }
                else { break }
            }
        }

        mutating func parseExpression() throws -> Value {
            depth += 1
            defer { depth -= 1 }
            guard depth < 100, let c = peek else { throw NotALiteral() }
            switch c {
            case "-", "+":
                i += 1
                skipSpace()
                if let next = peek, next == "-" || next == "+" { throw NotALiteral() }  // one sign only
                let negative = c == "-"
                switch try parseExpression() {
                case .int(let n): return .int(negative ? -n : n)
                case .float(let f): return .float(negative ? -f : f)
                default: throw NotALiteral()
                }
            case "[": return .list(try parseSequence(close: "]"))
            case "(":
                i += 1
                skipSpace()
                if peek == ")" { i += 1; return .list([]) }
                let first = try parseExpression()
                skipSpace()
                if peek == ")" { i += 1; return first }  // parenthesised, not a tuple
                guard peek == "," else { throw NotALiteral() }
                i += 1
                return .list([first] + (try parseItems(close: ")")))
            case "{": return try parseBraces()
            case "0"..."9", ".": return try parseNumber()
            default:
                if isIdentifierStart(c) { return try parseNameOrString() }
                if c == "'" || c == "\"" { return try parseStrings(prefix: "") }
                throw NotALiteral()
            }
        }

        mutating func parseSequence(close: Unicode.Scalar) throws -> [Value] {
            i += 1
            return try parseItems(close: close)
        }

        /// Comma-separated expressions up to `close`, a trailing comma allowed.
        mutating func parseItems(close: Unicode.Scalar) throws -> [Value] {
            var items: [Value] = []
            while true {
                skipSpace()
                if peek == close { i += 1; return items }
                items.append(try parseExpression())
                skipSpace()
                if peek == "," { i += 1; continue }
                guard peek == close else { throw NotALiteral() }
                i += 1
                return items
            }
        }

        /// `{}` and `{k: v, ...}` are dicts; `{a, b}` is a set (a list here).
        mutating func parseBraces() throws -> Value {
            i += 1
            skipSpace()
            if peek == "}" { i += 1; return .dict([:]) }
            let first = try parseExpression()
            skipSpace()
            guard peek == ":" else {
                if peek == "}" { i += 1; return .list([first]) }
                guard peek == "," else { throw NotALiteral() }
                i += 1
                return .list([first] + (try parseItems(close: "}")))
            }
            var dict = ValueDict()
            var identities: [String: String] = [:]  // Python key identity → the first key's text
            var key = first
            while true {
                i += 1  // ':'
                skipSpace()
                let value = try parseExpression()
                guard case .some(let text) = Self.keyText(key) else { throw NotALiteral() }
                // 1, 1.0 and True are one key in Python; the first spelling stays.
                let identity = Self.keyIdentity(key)
                let k = identities[identity] ?? text
                identities[identity] = k
                dict[k] = value
                skipSpace()
                if peek == "," { i += 1; skipSpace() }
                else if peek != "}" { throw NotALiteral() }
                if peek == "}" { i += 1; return .dict(dict) }
                key = try parseExpression()
                skipSpace()
                guard peek == ":" else { throw NotALiteral() }
            }
        }

        /// Python's `str()` of a hashable key; lists and dicts are unhashable.
        static func keyText(_ key: Value) -> String? {
            switch key {
            case .list, .dict: return nil
            default: return key.pythonString
            }
        }

        static func keyIdentity(_ key: Value) -> String {
            switch key {
            case .bool(let b): return "n:" + (b ? "1" : "0")
            case .int(let i): return "n:\(i)"
            case .float(let f) where f == f.rounded() && abs(f) < 9e15: return "n:\(Int(f))"
            case .float(let f): return "f:\(f)"
            case .null: return "none"
            default: return "s:" + key.pythonString
            }
        }

        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || c.properties.numericType != nil }

        mutating func parseNameOrString() throws -> Value {
            let start = i
            while let c = peek, isIdentifierPart(c) { i += 1 }
            let word = String(String.UnicodeScalarView(s[start..<i]))
            if let q = peek, q == "'" || q == "\"", ["r", "u", "b", "br", "rb"].contains(word.lowercased()) {
                return try parseStrings(prefix: word.lowercased())
            }
            if word == "set", peek == "(", i + 1 < s.count, s[i + 1] == ")" { i += 2; return .list([]) }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .null
            default: throw NotALiteral()
            }
        }
    }
}
