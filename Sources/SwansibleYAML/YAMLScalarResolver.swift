/// PyYAML's YAML 1.1 implicit resolution of plain scalars, as Ansible's loader uses it, and the
/// constructors of the core scalar types.
///
/// Like PyYAML, candidates are chosen by the first character, so most scalars are settled by one
/// switch; the patterns are hand-written matchers over UTF-8 bytes (no regular expressions).
enum YAMLScalarResolver {
    /// The core-schema tag a plain scalar resolves to.
    enum Kind: Equatable { case null, bool, int, float, timestamp, merge, value, string }

    /// The tag PyYAML's `Resolver` gives a plain, untagged scalar.
    static func kind(ofPlain text: String) -> Kind {
        var text = text
        return text.withUTF8 { kind(ofBytes: $0) }
    }

    private static func kind(ofBytes b: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = b.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            return boolWords.contains(String(decoding: b, as: UTF8.self)) ? .bool : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            let s = String(decoding: b, as: UTF8.self)
            if boolWords.contains(s) { return .bool }
            return (s == "null" || s == "Null" || s == "NULL") ? .null : .string
        case UInt8(ascii: "~"):
            return b.count == 1 ? .null : .string
        case UInt8(ascii: "<"):
            return (b.count == 2 && b[1] == UInt8(ascii: "<")) ? .merge : .string
        case UInt8(ascii: "="):
            return b.count == 1 ? .value : .string
        case UInt8(ascii: "."):
            return isFloat(b) ? .float : .string
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            if isFloat(b) { return .float }
            return isInt(b) ? .int : .string
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if isFloat(b) { return .float }
            if isInt(b) { return .int }
            return isTimestamp(b) ? .timestamp : .string
        default:
            return .string
        }
    }

    static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]

    // MARK: - Matchers (each mirrors one alternative of PyYAML's pattern, anchored at both ends)

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isDigitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == 95 }

    /// Consumes `[-+]?`; returns the index after it.
    private static func skipSign(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        i < b.count && (b[i] == 45 || b[i] == 43) ? i + 1 : i
    }

    /// Consumes `(?::[0-5]?[0-9])+`; returns the index after it, or nil when there is none.
    private static func skipSexagesimal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start, groups = 0
        while i < b.count, b[i] == 58 {
            var j = i + 1
            if j + 1 < b.count, b[j] >= 48, b[j] <= 53, isDigit(b[j + 1]) { j += 2 }
            else if j < b.count, isDigit(b[j]) { j += 1 }
            else { break }
            i = j
            groups += 1
        }
        return groups > 0 ? i : nil
    }

    private static func skip(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, while pred: (UInt8) -> Bool) -> Int {
        var i = i
        while i < b.count, pred(b[i]) { i += 1 }
        return i
    }

    /// `[eE][-+][0-9]+` at `i` (optional): the index after it, or nil when it is malformed.
    private static func skipExponent(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i < b.count else { return i }
        guard b[i] == 101 || b[i] == 69 else { return nil }
        guard i + 1 < b.count, b[i + 1] == 45 || b[i + 1] == 43 else { return nil }
        let end = skip(b, i + 2, while: isDigit)
        return end > i + 2 ? end : nil
    }

    static func isFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        // \.[0-9][0-9_]*([eE][-+][0-9]+)?   |   \.(nan|NaN|NAN)   (no sign)
        if n > 1, b[0] == 46 {
            if isDigit(b[1]) {
                return skipExponent(b, skip(b, 2, while: isDigitOrUnderscore)) == n
            }
            let rest = String(decoding: UnsafeBufferPointer(rebasing: b[1...]), as: UTF8.self)
            return rest == "nan" || rest == "NaN" || rest == "NAN" || rest == "inf" || rest == "Inf" || rest == "INF"
        }
        let i = skipSign(b, 0)
        guard i < n else { return false }
        // [-+]?\.(inf|Inf|INF)
        if b[i] == 46 {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)...]), as: UTF8.self)
            return rest == "inf" || rest == "Inf" || rest == "INF"
        }
        guard isDigit(b[i]) else { return false }
        let afterInt = skip(b, i + 1, while: isDigitOrUnderscore)
        // [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?
        if afterInt < n, b[afterInt] == 46 {
            return skipExponent(b, skip(b, afterInt + 1, while: isDigitOrUnderscore)) == n
        }
        // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
        if let afterSexagesimal = skipSexagesimal(b, afterInt), afterSexagesimal < n, b[afterSexagesimal] == 46 {
            return skip(b, afterSexagesimal + 1, while: isDigitOrUnderscore) == n
        }
        return false
    }

    static func isInt(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        let i = skipSign(b, 0)
        guard i < n, isDigit(b[i]) else { return false }
        if b[i] == 48 {
            if i + 1 == n { return true }  // 0
            let c = b[i + 1]
            if c == 98 {  // 0b[0-1_]+
                return n > i + 2 && skip(b, i + 2, while: { $0 == 48 || $0 == 49 || $0 == 95 }) == n
            }
            if c == 120 {  // 0x[0-9a-fA-F_]+
                return n > i + 2 && skip(b, i + 2, while: { isDigitOrUnderscore($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) == n
            }
            return skip(b, i + 1, while: { ($0 >= 48 && $0 <= 55) || $0 == 95 }) == n  // 0[0-7_]+
        }
        let afterInt = skip(b, i + 1, while: isDigitOrUnderscore)
        if afterInt == n { return true }
        return skipSexagesimal(b, afterInt) == n  // [1-9][0-9_]*(:[0-5]?[0-9])+
    }

    /// `YYYY-MM-DD`, or a date with a time, optional fraction and optional zone.
    static func isTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n >= 8, b[0..<4].allSatisfy(isDigit), b[4] == 45 else { return false }
        if n == 10, isDigit(b[5]), isDigit(b[6]), b[7] == 45, isDigit(b[8]), isDigit(b[9]) { return true }
        var i = 5
        func digits(_ min: Int, _ max: Int) -> Bool {
            let start = i
            while i < n, i - start < max, isDigit(b[i]) { i += 1 }
            return i - start >= min
        }
        func char(_ c: UInt8) -> Bool { if i < n, b[i] == c { i += 1; return true }; return false }
        guard digits(1, 2), char(45), digits(1, 2) else { return false }
        if i < n, b[i] == 84 || b[i] == 116 { i += 1 } else {
            let s = i
            while i < n, b[i] == 32 || b[i] == 9 { i += 1 }
            guard i > s else { return false }
        }
        guard digits(1, 2), char(58), digits(2, 2), char(58), digits(2, 2) else { return false }
        if char(46) { _ = digits(0, Int.max) }
        if i == n { return true }
        while i < n, b[i] == 32 || b[i] == 9 { i += 1 }
        if char(90) { return i == n }
        guard i < n, b[i] == 45 || b[i] == 43 else { return false }
        i += 1
        guard digits(1, 2) else { return false }
        if char(58) { guard digits(2, 2) else { return false } }
        return i == n
    }

    // MARK: - Constructors of the core types (PyYAML's SafeConstructor semantics)

    /// `!!int`: underscores dropped, sign, `0b`/`0x`/leading-zero octal/sexagesimal; nil if malformed.
    static func constructInt(_ text: String) -> Int? {
        var s = Substring(text.filter { $0 != "_" })
        var sign = ""
        if let f = s.first, f == "-" || f == "+" { sign = f == "-" ? "-" : ""; s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        // The sign goes into the parse so that Int.min does not overflow.
        if s == "0" { return 0 }
        if s.hasPrefix("0b") { return s.count > 2 ? Int(sign + s.dropFirst(2), radix: 2) : nil }
        if s.hasPrefix("0x") { return s.count > 2 ? Int(sign + s.dropFirst(2), radix: 16) : nil }
        if s.hasPrefix("0") { return Int(sign + s, radix: 8) }
        if s.contains(":") {
            var total = 0
            for part in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = Int(part), digit >= 0 else { return nil }
                let (shifted, o1) = total.multipliedReportingOverflow(by: 60)
                let (sum, o2) = shifted.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                total = sum
            }
            return sign == "-" ? -total : total
        }
        return Int(sign + s)
    }

    /// `!!float`: underscores dropped, `.inf`/`.nan` in any case, sexagesimal; nil if malformed.
    static func constructFloat(_ text: String) -> Double? {
        var s = Substring(text.filter { $0 != "_" }.lowercased())
        var sign = 1.0
        if let f = s.first, f == "-" || f == "+" { sign = f == "-" ? -1 : 1; s = s.dropFirst() }
        if s == ".inf" { return sign * .infinity }
        if s == ".nan" { return .nan }
        if s.contains(":") {
            var total = 0.0
            for part in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = pythonFloat(part) else { return nil }
                total = total * 60 + digit
            }
            return sign * total
        }
        return pythonFloat(s).map { sign * $0 }
    }

    /// Python's `float()` of an ASCII literal; rejects Swift-only forms such as hex floats.
    private static func pythonFloat(_ s: Substring) -> Double? {
        let trimmed = s.trimmingSpaces
        guard !trimmed.isEmpty, !trimmed.contains("x"), !trimmed.contains("p") else { return nil }
        return Double(trimmed)
    }

    /// `!!bool`: the YAML 1.1 words, in any case.
    static func constructBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on": return true
        case "no", "false", "off": return false
        default: return nil
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return s
    }
}
