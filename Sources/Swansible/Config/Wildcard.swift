/// Shell-style wildcard matching over Unicode scalars: `*` (any run), `?` (one character) and,
/// when `brackets` is on, fnmatch's `[abc]`, `[a-z]`, `[!x]` sets. Used by ssh_config `Host`
/// patterns (no brackets) and inventory host patterns (fnmatch).
enum Wildcard {
    static func matches(_ pattern: String, _ text: String, brackets: Bool = false, caseInsensitive: Bool = false) -> Bool {
        let p = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
        let t = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    starP = pi; starT = ti; pi += 1
                    continue
                case "?":
                    pi += 1; ti += 1
                    continue
                case "[" where brackets:
                    if let (matched, next) = matchSet(p, pi, t[ti]) {
                        if matched { pi = next; ti += 1; continue }
                    } else if t[ti] == "[" {  // an unclosed '[' is literal
                        pi += 1; ti += 1
                        continue
                    }
                default:
                    if p[pi] == t[ti] { pi += 1; ti += 1; continue }
                }
            }
            // Mismatch: let the last '*' swallow one more character, or fail.
            guard starP >= 0 else { return false }
            pi = starP + 1
            starT += 1
            ti = starT
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether `c` is in the set starting at `p[start] == "["`, and the index after the set;
    /// nil when the set is not closed.
    private static func matchSet(_ p: [Unicode.Scalar], _ start: Int, _ c: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == "!" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count {
            if p[i] == "]", !first { return (matched != negate, i + 1) }
            first = false
            if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        return nil
    }

    /// Whether the pattern uses any wildcard character.
    static func hasWildcards(_ pattern: String, brackets: Bool = false) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || (brackets && $0 == "[") }
    }
}
