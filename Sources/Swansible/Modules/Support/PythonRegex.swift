import Foundation

/// A Python `re` pattern run by NSRegularExpression: the few spellings that differ are
/// translated (`(?P<n>`, `(?P=n)`, `\Z`), and `expand` follows Python's `Match.expand`.
struct PythonRegex {
    let regex: NSRegularExpression

    init(_ pattern: String) throws {
        regex = try NSRegularExpression(pattern: PythonRegex.translate(pattern))
    }

    static func translate(_ pattern: String) -> String {
        var out = ""
        var chars = Array(pattern)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\", let next = chars.first {
                chars = chars.dropFirst()
                out += next == "Z" ? "\\z" : "\\" + String(next)
            } else if c == "(", chars.starts(with: "?P<") {
                chars = chars.dropFirst(3)
                out += "(?<"
            } else if c == "(", chars.starts(with: "?P=") {
                chars = chars.dropFirst(3)
                let name = chars.prefix { $0 != ")" }
                chars = chars.dropFirst(name.count + 1)
                out += "\\k<" + name + ">"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The pattern as POSIX ERE for `grep -E` on the host: Python's class escapes spelled out.
    static func extendedRegex(_ pattern: String) -> String {
        let classes: [Character: String] = [
            "d": "[0-9]", "D": "[^0-9]", "w": "[[:alnum:]_]", "W": "[^[:alnum:]_]", "s": "[[:space:]]", "S": "[^[:space:]]",
        ]
        var out = ""
        var chars = Array(pattern)[...]
        var inBracket = false
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\", let next = chars.first {
                chars = chars.dropFirst()
                if let cls = classes[next] {
                    out += inBracket ? String(cls.dropFirst().dropLast()) : cls
                } else {
                    out += "\\" + String(next)
                }
                continue
            }
            if c == "[" { inBracket = true } else if c == "]" { inBracket = false }
            out.append(c)
        }
        return out
    }

    func firstMatch(in text: String) -> NSTextCheckingResult? {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }

    func matches(_ text: String) -> Bool { firstMatch(in: text) != nil }

    /// Python's `m.expand(template)`: `\1`, `\g<1>`, `\g<name>`, and `\n`-style escapes.
    func expand(_ template: String, match: NSTextCheckingResult, in text: String) -> String {
        func group(_ index: Int) -> String {
            guard index < match.numberOfRanges, let r = Range(match.range(at: index), in: text) else { return "" }
            return String(text[r])
        }
        func named(_ name: String) -> String {
            if let i = Int(name) { return group(i) }
            guard let r = Range(match.range(withName: name), in: text) else { return "" }
            return String(text[r])
        }
        var out = ""
        var chars = Array(template)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "\\", let next = chars.first else { out.append(c); continue }
            chars = chars.dropFirst()
            switch next {
            case "0"..."9":
                var digits = String(next)
                if let d = chars.first, d.isNumber { digits.append(d); chars = chars.dropFirst() }
                out += group(Int(digits) ?? 0)
            case "g" where chars.first == "<":
                let name = chars.dropFirst().prefix { $0 != ">" }
                chars = chars.dropFirst(name.count + 2)
                out += named(String(name))
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "\\": out += "\\"
            default: out += "\\" + String(next)
            }
        }
        return out
    }
}
