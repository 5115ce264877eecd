import Foundation

/// The `Origin:` block ansible-core 2.19 prints under an error: the file position, up to two
/// lines of context before the line, and a caret under the column.
public enum SourceSnippet {
    public static func render(_ origin: SourceLocation) -> String {
        var text = "Origin: \(origin)\n\n"
        guard let source = try? String(contentsOfFile: origin.file, encoding: .utf8) else { return text }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard origin.line >= 1, origin.line <= lines.count else { return text }
        let first = max(1, origin.line - 2)
        let width = String(origin.line).count
        for n in first...origin.line {
            let number = String(n).padding(toLength: width, withPad: " ", startingAt: 0)
            text += "\(number) \(lines[n - 1])\n"
        }
        text += String(repeating: " ", count: width + origin.column) + "^ column \(origin.column)\n\n"
        return text
    }
}
