import Foundation

/// The `key=value` free form of module arguments (`copy: src=a dest="b c"`), split the way
/// ansible-core splits it: on spaces and newlines, but keeping quoted strings and Jinja
/// `{{ }}`, `{% %}`, `{# #}` spans together, so `msg={{ a ~ b }}` stays one argument.
public enum KeyValueArguments {
    /// Keys a free-form module (command, shell, raw, script...) takes out of its command line;
    /// every other `k=v` stays part of `_raw_params`.
    public static let freeFormKeys: Set<String> = [
        "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends",
    ]

    public struct UnbalancedError: Error, Sendable, Equatable {
        public var text: String
        /// ansible-core's wording; like its errors, without trailing whitespace.
        public var message: String {
            var text = "failed at splitting arguments, either an unbalanced jinja2 block or quotes: \(self.text)"
            while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
            return text
        }
    }

    /// Splits `text` into arguments. Newlines stay attached to the argument they end; a lone
    /// `\` at the end of a line joins the next line.
    public static func split(_ text: String) throws(UnbalancedError) -> [String] {
        guard !text.isEmpty else { return [] }
        var state = SplitState()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var continues = false
            let tokens = line.split(separator: " ", omittingEmptySubsequences: false)
            for (index, token) in tokens.enumerated() {
                if token.isEmpty && index != 0 {
                    state.appendToLast(" ")
                } else if token == "\\" && state.quote == nil {
                    continues = true
                } else {
                    state.take(String(token), firstOnLine: index == 0)
                }
            }
            if lineIndex != lines.count - 1 && !continues { state.appendToLast("\n") }
        }
        guard state.quote == nil, !state.insideJinja else { throw UnbalancedError(text: text) }
        return state.params
    }

    /// Parses `k=v` arguments into a mapping of strings. Values lose one level of matching
    /// quotes and have Python escapes (`\n`, `\t`, `\"`, `\u00e9`...) decoded. Arguments without
    /// a key are joined back into `_raw_params`; with `keepRaw`, so are `k=v` pairs whose key
    /// is not one of `freeFormKeys` (how `command`/`shell` keep their command line intact).
    public static func parse(_ text: String, keepRaw: Bool = false) throws(UnbalancedError) -> ValueDict {
        var options = ValueDict()
        var raw: [String] = []
        for original in try split(text) {
            let decoded = PythonEscapes.decode(original)
            guard let equals = firstUnescapedEquals(in: decoded) else {
                raw.append(decoded.contains("=") ? decoded.replacingAll("\\=", with: "=") : original)
                continue
            }
            let key = String(decoded[..<equals])
            let value = String(decoded[decoded.index(after: equals)...])
            if keepRaw && !freeFormKeys.contains(key) {
                raw.append(original)
            } else {
                options[key.pythonStripped] = .string(unquote(value.pythonStripped))
            }
        }
        if !raw.isEmpty { options["_raw_params"] = .string(join(raw)) }
        return options
    }

    /// Joins split arguments back: with a space, except after an argument ending in a newline.
    public static func join(_ params: [String]) -> String {
        var result = ""
        for p in params {
            if result.isEmpty || result.hasSuffix("\n") { result += p } else { result += " " + p }
        }
        return result
    }

    /// Removes one pair of matching outer quotes, unless the closing one is escaped.
    public static func unquote(_ s: String) -> String {
        let chars = Array(s)
        guard chars.count > 1, chars[0] == chars[chars.count - 1], chars[0] == "\"" || chars[0] == "'",
              chars[chars.count - 2] != "\\" else { return s }
        return String(chars[1..<(chars.count - 1)])
    }

    /// The first `=` after the first character that has no backslash before it.
    private static func firstUnescapedEquals(in s: String) -> String.Index? {
        var previous: Character? = nil
        var index = s.startIndex
        var first = true
        while index < s.endIndex {
            let c = s[index]
            if c == "=" && !first && previous != "\\" { return index }
            previous = c
            first = false
            index = s.index(after: index)
        }
        return nil
    }
}

/// The running state of `KeyValueArguments.split`: arguments so far, the open quote, and how
/// deep we are in each kind of Jinja delimiter.
private struct SplitState {
    var params: [String] = []
    var quote: Character?
    var printDepth = 0, blockDepth = 0, commentDepth = 0

    var insideJinja: Bool { printDepth > 0 || blockDepth > 0 || commentDepth > 0 }

    mutating func appendToLast(_ s: String) {
        if params.isEmpty { params.append("") }
        params[params.count - 1] += s
    }

    mutating func take(_ token: String, firstOnLine: Bool) {
        let wasQuoted = quote != nil
        quote = Self.quoteState(after: token, from: quote)
        var appended = false
        if quote != nil && !wasQuoted && !insideJinja {
            params.append(token)
            appended = true
        } else if insideJinja || quote != nil || wasQuoted {
            appendToLast((firstOnLine ? "" : " ") + token)
            appended = true
        }
        for (open, close, path) in [("{{", "}}", \SplitState.printDepth), ("{%", "%}", \.blockDepth), ("{#", "#}", \.commentDepth)] {
            let before = self[keyPath: path]
            let opened = token.occurrences(of: open), closed = token.occurrences(of: close)
            if opened != closed { self[keyPath: path] = max(0, before + opened - closed) }
            if self[keyPath: path] != before && !appended {
                params.append(token)
                appended = true
            }
        }
        if !insideJinja && quote == nil && !appended && !token.isEmpty { params.append(token) }
    }

    /// Which quote is open after `token`: an unescaped quote opens, and only its twin closes.
    static func quoteState(after token: String, from start: Character?) -> Character? {
        var quote = start
        var previous: Character? = nil
        for c in token {
            if (c == "\"" || c == "'") && previous != "\\" {
                if let q = quote { if c == q { quote = nil } } else { quote = c }
            }
            previous = c
        }
        return quote
    }
}

extension String {
    /// Non-overlapping occurrences, like Python's `str.count`.
    func occurrences(of needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let r = rest.range(of: needle) {
            count += 1
            rest = rest[r.upperBound...]
        }
        return count
    }

    func replacingAll(_ needle: String, with replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: needle) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// Python's `str.strip()`: leading and trailing whitespace.
    var pythonStripped: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
