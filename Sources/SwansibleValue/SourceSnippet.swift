/// The lines around a source location, numbered, with a caret under the column — the way
/// ansible-core shows where a problem is:
///
/// ```
/// 3   vars:
/// 4     a: 1
/// 5     a: 2
///       ^ column 5
/// ```
///
/// Shared by every stage that points into a file (YAML, playbook loader, templates).
public struct SourceSnippet: Sendable, CustomStringConvertible {
    /// The annotated lines, without trailing newlines.
    public var lines: [String]

    /// How many lines before the target line are shown.
    public static let contextLineCount = 2
    package static let maxLineWidth = 120

    /// Builds the snippet for `line`/`column` (1-based) in `text`; nil when the line is not in the text.
    public init?(text: String, line: Int, column: Int?) {
        // Split on scalars: as Characters, "\r\n" would not equal "\n".
        var all = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if text.unicodeScalars.last == "\n" { all.removeLast() }
        guard line >= 1, line <= all.count else { return nil }
        let firstShown = max(1, line - Self.contextLineCount)
        self.init(lines: all[(firstShown - 1)..<line].map { String(String.UnicodeScalarView($0)) }, firstLineNumber: firstShown, column: column)
    }

    /// Builds the snippet from the already-extracted lines ending with the target line.
    public init(lines source: [String], firstLineNumber: Int, column: Int?) {
        let target = firstLineNumber + source.count - 1
        let labelWidth = String(target).count
        let maxSource = Self.maxLineWidth - labelWidth - 1
        var usable = maxSource
        var out: [String] = []
        for (offset, raw) in source.enumerated() {
            var text = String(raw.map { $0 == "\t" ? " " : $0 })
            if text.unicodeScalars.last == "\r" { text.unicodeScalars.removeLast() }
            if text.count > maxSource {
                text = String(text.prefix(maxSource - 3)) + "..."
                usable = maxSource - 3
            }
            let label = String(firstLineNumber + offset)
            let padded = String(repeating: " ", count: labelWidth - label.count) + label
            out.append(padded + (text.isEmpty ? "" : " ") + text)
        }
        let indent = String(repeating: " ", count: labelWidth) + " "
        if let column {
            if column >= 1 && column <= usable {
                let marker = "column \(column)"
                let index = column - 1
                if index + 2 + marker.count > maxSource {
                    out.append(indent + String(repeating: " ", count: max(0, index - marker.count - 1)) + marker + " ^")
                } else {
                    out.append(indent + String(repeating: " ", count: index) + "^ " + marker)
                }
            }
        } else if let last = out.last {
            out.append(indent + String(repeating: "^", count: max(0, last.count - labelWidth - 1)))
        }
        lines = out
    }

    /// Stands in for the lines when they cannot be shown (`(source not shown: file truncated)`).
    public static func notShown(_ reason: String) -> SourceSnippet {
        SourceSnippet(rawLines: ["(source not shown: \(reason))"])
    }

    private init(rawLines: [String]) { lines = rawLines }

    public var description: String { lines.joined(separator: "\n") }
}
