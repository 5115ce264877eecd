import Foundation

/// Python `re` patterns for `grep -E` on the host (wait_for search_regex).
extension PythonRegex {
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
            if c == "(", !inBracket, chars.first == "?" {
                // A named or non-capturing group is a plain group to grep: `(?P<name>` and `(?:` are `(`.
                let rest = String(chars.prefix(3))
                if rest == "?P<", let close = chars.firstIndex(of: ">") {
                    chars = chars[chars.index(after: close)...]
                    out.append("(")
                    continue
                }
                if rest.hasPrefix("?:") {
                    chars = chars.dropFirst(2)
                    out.append("(")
                    continue
                }
            }
            if c == "[" { inBracket = true } else if c == "]" { inBracket = false }
            out.append(c)
        }
        return out
    }

}
