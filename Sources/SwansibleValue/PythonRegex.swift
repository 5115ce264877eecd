import Foundation

/// Python `re` patterns on NSRegularExpression: the syntax translated, replacements expanded by hand.
package struct PythonRegex {
    package let regex: NSRegularExpression
    package let pattern: String

    package init(_ pattern: String, ignoreCase: Bool = false, multiline: Bool = false, dotAll: Bool = false) throws {
        self.pattern = pattern
        var options: NSRegularExpression.Options = []
        if ignoreCase { options.insert(.caseInsensitive) }
        if multiline { options.insert(.anchorsMatchLines) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        do {
            // Python's empty pattern matches everywhere; NSRegularExpression refuses an empty one.
            regex = try NSRegularExpression(pattern: pattern.isEmpty ? "(?:)" : PythonRegex.translate(pattern), options: options)
        } catch {
            throw ValueError("invalid regular expression \(Value.pythonStringRepr(pattern))")
        }
    }

    /// `(?P<n>` → `(?<n>`, `(?P=n)` → `\k<n>`, `\Z` → `\z`, `{,n}` → `{0,n}`.
    package static func translate(_ p: String) -> String {
        var out = ""
        let c = Array(p)
        var i = 0
        var inClass = false
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count {
                if c[i + 1] == "Z", !inClass { out += "\\z" } else { out.append(ch); out.append(c[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if ch == "]" { inClass = false }
                out.append(ch)
                i += 1
                continue
            }
            if ch == "[" {
                inClass = true
                out.append(ch)
                i += 1
                if i < c.count, c[i] == "^" { out.append("^"); i += 1 }
                if i < c.count, c[i] == "]" { out += "\\]"; i += 1 }
                continue
            }
            if ch == "(", i + 2 < c.count, c[i + 1] == "?", c[i + 2] == "P" {
                if i + 3 < c.count, c[i + 3] == "<" { out += "(?<"; i += 4; continue }
                if i + 3 < c.count, c[i + 3] == "=" {
                    var j = i + 4
                    var name = ""
                    while j < c.count, c[j] != ")" { name.append(c[j]); j += 1 }
                    out += "\\k<\(name)>"
                    i = j + 1
                    continue
                }
            }
            if ch == "{", i + 1 < c.count, c[i + 1] == "," {
                var j = i + 2
                while j < c.count, c[j].isNumber { j += 1 }
                if j < c.count, c[j] == "}", j > i + 2 { out += "{0,"; i += 2; continue }
            }
            out.append(ch)
            i += 1
        }
        return out
    }

    package func matches(in s: String) -> [NSTextCheckingResult] {
        regex.matches(in: s, range: NSRange(s.startIndex..., in: s))
    }

    package func firstMatch(in s: String, anchored: Bool = false) -> NSTextCheckingResult? {
        regex.firstMatch(in: s, options: anchored ? [.anchored] : [], range: NSRange(s.startIndex..., in: s))
    }

    package static func group(_ m: NSTextCheckingResult, _ i: Int, in s: String) -> Value {
        guard i < m.numberOfRanges, let r = Range(m.range(at: i), in: s) else { return .null }
        return .string(String(s[r]))
    }

    package func group(_ m: NSTextCheckingResult, named name: String, in s: String) -> Value {
        let r = m.range(withName: name)
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return .null }
        return .string(String(s[range]))
    }

    /// Expands `\1`, `\g<1>`, `\g<name>` and escapes of a Python replacement string for one match.
    package func expand(_ replacement: String, _ m: NSTextCheckingResult, in s: String) throws -> String {
        var out = ""
        let c = Array(replacement)
        var i = 0
        while i < c.count {
            let ch = c[i]
            guard ch == "\\", i + 1 < c.count else { out.append(ch); i += 1; continue }
            let n = c[i + 1]
            if n.isNumber {
                var j = i + 1
                var digits = ""
                while j < c.count, c[j].isNumber, digits.count < 2 { digits.append(c[j]); j += 1 }
                guard let g = Int(digits), g < m.numberOfRanges else { throw ValueError("invalid group reference \(digits)") }
                out += PythonRegex.group(m, g, in: s).stringValue ?? ""
                i = j
            } else if n == "g", i + 2 < c.count, c[i + 2] == "<" {
                var j = i + 3
                var name = ""
                while j < c.count, c[j] != ">" { name.append(c[j]); j += 1 }
                if let g = Int(name) {
                    guard g < m.numberOfRanges else { throw ValueError("invalid group reference \(g)") }
                    out += PythonRegex.group(m, g, in: s).stringValue ?? ""
                } else {
                    out += group(m, named: name, in: s).stringValue ?? ""
                }
                i = j + 1
            } else {
                switch n {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "\\": out += "\\"
                default: out.append("\\"); out.append(n)
                }
                i += 2
            }
        }
        return out
    }

    /// Python's `re.sub(pattern, repl, s, count)`.
    package func substitute(in s: String, with replacement: String, count: Int = 0) throws -> String {
        var out = ""
        var last = s.startIndex
        var done = 0
        for m in matches(in: s) {
            if count > 0, done >= count { break }
            guard let r = Range(m.range, in: s) else { continue }
            out += s[last..<r.lowerBound]
            out += try expand(replacement, m, in: s)
            last = r.upperBound
            done += 1
        }
        return out + s[last...]
    }
}

extension PythonRegex {
    /// Python's `re.error` text for the commonest malformed patterns ("nothing to repeat at
    /// position 0", "missing ), unterminated subpattern at position 2", ...), or nil when the
    /// pattern has none of them (or uses a construct this scan does not follow).
    package static func pythonError(in pattern: String) -> String? {
        let c = Array(pattern)
        func at(_ k: Int) -> Character? { k < c.count ? c[k] : nil }
        var open: [Int] = []
        var i = 0, classStart: Int?
        var canRepeat = false, afterRepeat = false
        while i < c.count {
            let ch = c[i]
            if let start = classStart {
                if ch == "\\" { i += 2; continue }
                if ch == "]", i > start + 1 { classStart = nil; canRepeat = true; afterRepeat = false }
                i += 1
                continue
            }
            var repeats = false
            switch ch {
            case "\\": i += 1; canRepeat = true
            case "[":
                classStart = i
                if at(i + 1) == "^" { i += 1 }
            case "(":
                open.append(i)
                canRepeat = false
                if at(i + 1) == "?" {
                    switch (at(i + 2), at(i + 3)) {
                    case (":", _), ("=", _), ("!", _): i += 2
                    case ("<", "="), ("<", "!"): i += 3
                    case ("P", "<"):
                        guard let close = c[(i + 4)...].firstIndex(of: ">") else { return nil }
                        i = close
                    default: return nil
                    }
                }
            case ")":
                guard open.popLast() != nil else { return "unbalanced parenthesis at position \(i)" }
                canRepeat = true
            case "|": canRepeat = false
            case "*", "+", "?": repeats = true
            case "{":
                var k = i + 1
                while let d = at(k), d.isNumber || d == "," { k += 1 }
                if k > i + 1, at(k) == "}" { repeats = true; i = k } else { canRepeat = true }
            default: canRepeat = true
            }
            if repeats {
                if afterRepeat { return "multiple repeat at position \(i)" }
                if !canRepeat { return "nothing to repeat at position \(i)" }
                // A lazy or possessive sign after a repeat is part of it.
                if at(i + 1) == "?" || at(i + 1) == "+" { i += 1 }
                canRepeat = false
            }
            afterRepeat = repeats
            i += 1
        }
        if let start = classStart { return "unterminated character set at position \(start)" }
        if let start = open.last { return "missing ), unterminated subpattern at position \(start)" }
        return nil
    }
}
