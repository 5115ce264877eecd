/// POSIX sh quoting for text spliced into remote scripts.
public enum ShellQuote {
    /// One shell word holding exactly `text`: single-quoted unless it is plainly safe.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy(isSafe) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// Words joined by spaces, each quoted.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    /// Splits a command line into words the way Python's `shlex.split` does (what the command
    /// module does with its free-form text): quotes and backslashes, no expansion.
    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var iterator = Array(line).makeIterator()
        while let c = iterator.next() {
            if let q = quote {
                if c == q {
                    quote = nil
                } else if c == "\\" && q == "\"" {
                    guard let next = iterator.next() else { throw ShellSplitError.noEscapedCharacter }
                    if next != "\"" && next != "\\" { current.append("\\") }
                    current.append(next)
                } else {
                    current.append(c)
                }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == "\\" {
                guard let next = iterator.next() else { throw ShellSplitError.noEscapedCharacter }
                current.append(next)
                inWord = true
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        if quote != nil { throw ShellSplitError.noClosingQuotation }
        if inWord { words.append(current) }
        return words
    }

    private static func isSafe(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", ",", ":", "=", "+", "@", "%": return true
        default: return false
        }
    }
}

/// Why a free-form command line could not be split (`shlex` wording).
public enum ShellSplitError: Error, Sendable, CustomStringConvertible {
    case noClosingQuotation, noEscapedCharacter
    public var description: String {
        switch self {
        case .noClosingQuotation: return "No closing quotation"
        case .noEscapedCharacter: return "No escaped character"
        }
    }
}
