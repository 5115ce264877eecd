import Foundation

/// Friendlier explanations for the YAML mistakes people make most in playbooks, found by looking
/// at the offending line the way ansible-core does: a tab, an unquoted `{{ template }}`, an
/// unquoted `: ` inside a value, a value that starts with a quote but does not end with it.
enum YAMLErrorHints {
    /// `error` with its message, column and help replaced when its line shows a known mistake.
    static func refine(_ error: YAMLError, text: String) -> YAMLError {
        guard let line = sourceLine(text, error.location.line) else { return error }
        guard let (column, message, help) = diagnose(line) else { return error }
        var refined = error
        refined.parserLocation = error.location
        refined.location.column = column
        refined.hint = message
        refined.help = help
        refined.snippet = SourceSnippet(text: text, line: error.location.line, column: column)
        return refined
    }

    /// (1-based column, message, help) for the first known mistake on `line`.
    static func diagnose(_ line: String) -> (Int, String, String?)? {
        if let tab = line.unicodeScalars.firstIndex(of: "\t") {
            return (line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: tab) + 1,
                    "Tabs are usually invalid in YAML.", nil)
        }
        if let value = match(#"^\s*(?:-\s+)*(?:[\w\s]+:\s+)?(\{\{.*\}\})"#, line) {
            return (value.column, "This may be an issue with missing quotes around a template block.",
                    "Quote a value that starts with a template, for example:\n\n    msg: \"{{ greeting }} world\"")
        }
        if !line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":"),
           let value = match(#"^\s*(?:-\s+)*(?:[\w\s\[\]{}]+:\s+)?(.*)$"#, line), !value.text.isEmpty {
            let fragment = isWhollyQuoted(value.text) ? "" : value.text
            if let colon = match(#":(?:$| )"#, fragment) {
                return (value.column + colon.column - 1, "Colons in unquoted values must be followed by a non-space character.",
                        "Quote the whole value when it contains ': ', for example:\n\n    shell: \"echo 'key: value'\"")
            }
        }
        if let value = match(#"^\s*(?:-\s+)*(?:[\w\s]+:\s+)?([\"'].*?\s*)$"#, line),
           let first = value.text.first, let last = value.text.last {
            if first != last {
                return (value.column, "Values starting with a quote must end with the same quote.",
                        "Quote the whole value with the other kind of quote, for example:\n\n    when: '\"web\" in group_names'")
            }
            if line.filter({ $0 == first }).count > 2 {
                return (value.column, "Values starting with a quote must end with the same quote, and not contain that quote.",
                        "Quote the whole value with the other kind of quote, for example:\n\n    when: '\"a\" in \"abc\"'")
            }
        }
        return nil
    }

    private static func isWhollyQuoted(_ value: String) -> Bool {
        match(#"^\s*('[^']*'|"[^"]*")\s*$"#, value) != nil
    }

    /// The first capture group of `pattern` in `line` (or the whole match), with its 1-based column.
    private static func match(_ pattern: String, _ line: String) -> (text: String, column: Int)? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = line as NSString
        guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let range = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
        guard let r = Range(range, in: line) else { return nil }
        let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: r.lowerBound) + 1
        return (String(line[r]), column)
    }

    private static func sourceLine(_ text: String, _ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if text.unicodeScalars.last == "\n" { lines.removeLast() }
        guard number <= lines.count else { return "" }
        return String(String.UnicodeScalarView(lines[number - 1]))
    }
}
