import Foundation

/// The `Origin:` block ansible-core 2.19 prints under an error: the file position and a
/// numbered snippet with a caret under the column.
enum OriginBlock {
    static func render(_ origin: SourceLocation) -> String {
        var text = "Origin: \(origin)\n\n"
        if let source = try? String(contentsOfFile: origin.file, encoding: .utf8),
            let snippet = SourceSnippet(text: source, line: origin.line, column: origin.column)
        {
            text += snippet.description + "\n\n"
        }
        return text
    }
}
