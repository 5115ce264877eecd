/// Splits a command line into words like POSIX sh (and Python's `shlex.split`): whitespace
/// separates, single quotes are literal, double quotes allow `\"`, `\\`, `\$` and `` \` ``,
/// a backslash outside quotes escapes the next character.
public enum ShellWords {
    public struct UnclosedQuote: Error, CustomStringConvertible, Sendable {
        public var description: String { "No closing quotation" }
    }

    public static func split(_ line: String) throws -> [String] {
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
                        if e != "\"" && e != "\\" && e != "$" && e != "`" && e != "\n" { current.append("\\") }
                        if e != "\n" { current.append(e) }
                        continue
                    }
                    current.append(q)
                }
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
