/// Splits a command line into words like Python's `shlex.split` (which ansible-core uses for
/// ssh arguments and INI host lines): whitespace separates, single quotes are literal, inside
/// double quotes a backslash escapes only `"` and a backslash, a backslash outside quotes escapes the
/// next character; with `comments`, a `#` outside quotes ends the line, even inside a word.
public enum ShellWords {
    public struct UnclosedQuote: Error, CustomStringConvertible, Sendable {
        public var description: String { "No closing quotation" }
    }

    public static func split(_ line: String, comments: Bool = false) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let q = iterator.next() else { throw UnclosedQuote() }
                    if q == "'" { break }
                    current.append(q)
                }
            case "\"":
                inWord = true
                while true {
                    guard let q = iterator.next() else { throw UnclosedQuote() }
                    if q == "\"" { break }
                    if q == "\\" {
                        guard let e = iterator.next() else { throw UnclosedQuote() }
                        if e != "\"" && e != "\\" { current.append("\\") }
                        current.append(e)
                        continue
                    }
                    current.append(q)
                }
            case "#" where comments:
                if inWord { words.append(current) }
                return words
            case "\\":
                inWord = true
                if let e = iterator.next() { if e != "\n" { current.append(e) } }
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
