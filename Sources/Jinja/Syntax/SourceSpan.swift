/// Where a token or AST node sits in its template source: 1-based line/column, UTF-8 offsets.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var startLine: Int
    public var startColumn: Int
    public var startOffset: Int
    public var endOffset: Int

    public init(startLine: Int, startColumn: Int, startOffset: Int, endOffset: Int) {
        self.startLine = startLine
        self.startColumn = startColumn
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    public var description: String { "line \(startLine), column \(startColumn)" }

    /// The span covering both `self` and `other`.
    func merged(with other: SourceSpan) -> SourceSpan {
        var s = self
        s.endOffset = max(endOffset, other.endOffset)
        return s
    }
}

/// A template source with a line table, to turn offsets into line/column and print snippets.
package struct SourceText: Sendable {
    let bytes: [UInt8]
    let name: String?
    private let lineStarts: [Int]

    init(_ text: String, name: String?) {
        self.bytes = Array(text.utf8)
        self.name = name
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// A span with its line; the column (a character count, costly on long lines) is left 0
    /// and worked out from the offset only when an error is reported.
    func span(from start: Int, to end: Int) -> SourceSpan {
        SourceSpan(startLine: lineIndex(of: start) + 1, startColumn: 0, startOffset: start, endOffset: end)
    }

    private func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func position(of offset: Int) -> (line: Int, column: Int) {
        let lo = lineIndex(of: offset)
        let lineStart = lineStarts[lo]
        let clamped = min(max(offset, lineStart), bytes.count)
        let column = String(decoding: bytes[lineStart..<clamped], as: UTF8.self).count + 1
        return (lo + 1, column)
    }

    /// The text of the 1-based `line`, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
