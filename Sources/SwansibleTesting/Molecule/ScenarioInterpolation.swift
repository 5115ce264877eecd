/// Molecule's substitution of environment variables in `molecule.yml`, done on the text before
/// it is read as YAML: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}`
/// (unset), `${VAR:?message}` / `${VAR?message}` (an error), and `$$` for a literal `$`.
/// An unset variable without a default becomes the empty string, as in molecule.
public enum ScenarioInterpolation {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { message }
    }

    public static func substitute(_ text: String, environment: [String: String]) throws -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let chars = Array(text)
        var i = 0
        var line = 1, lineStart = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1; lineStart = i + 1 }
            guard c == "$", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let next = chars[i + 1]
            if next == "$" { out.append("$"); i += 2; continue }
            if next == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                    throw Failure(line: line, column: i - lineStart + 1, message: "unclosed ${ in variable reference")
                }
                let body = String(chars[(i + 2)..<close])
                out += try expand(body, environment: environment, line: line, column: i - lineStart + 1)
                i = close + 1
                continue
            }
            if isNameStart(next) {
                var end = i + 1
                while end < chars.count, isNameCharacter(chars[end]) { end += 1 }
                out += environment[String(chars[(i + 1)..<end])] ?? ""
                i = end
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// The inside of `${...}`.
    private static func expand(_ body: String, environment: [String: String], line: Int, column: Int) throws -> String {
        guard let first = body.first, isNameStart(first) else {
            throw Failure(line: line, column: column, message: "invalid variable reference ${\(body)}")
        }
        let name = String(body.prefix(while: isNameCharacter))
        let rest = body.dropFirst(name.count)
        let value = environment[name]
        func operand(_ skip: Int) -> String { String(rest.dropFirst(skip)) }
        if rest.isEmpty { return value ?? "" }
        if rest.hasPrefix(":-") { return (value?.isEmpty ?? true) ? operand(2) : value! }
        if rest.hasPrefix("-") { return value ?? operand(1) }
        if rest.hasPrefix(":?") || rest.hasPrefix("?") {
            let colon = rest.hasPrefix(":")
            if let value, !(colon && value.isEmpty) { return value }
            let message = operand(colon ? 2 : 1)
            throw Failure(line: line, column: column,
                          message: "required variable \(name) is missing a value" + (message.isEmpty ? "" : ": \(message)"))
        }
        throw Failure(line: line, column: column, message: "invalid variable reference ${\(body)}")
    }

    private static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    private static func isNameCharacter(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
}
