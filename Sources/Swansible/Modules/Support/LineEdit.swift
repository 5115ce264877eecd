import Foundation

/// The pure part of `lineinfile`: given the file's lines and the arguments, the new lines and
/// ansible's message. Lines keep their line endings, like Python's `readlines()`.
struct LineEdit {
    var line: String?
    var regexp: PythonRegex?
    var searchString: String?
    var insertAfter: String?
    var insertBefore: String?
    var backrefs = false
    var firstMatch = false

    struct Outcome: Equatable {
        var lines: [String]
        var changed: Bool
        var message: String
        /// Lines removed (state=absent).
        var found: Int?
    }

    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for c in text {
            current.append(c)
            if c == "\n" || c == "\r\n" { lines.append(current); current = "" }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func stripEnding(_ s: String) -> String {
        var t = Substring(s)
        while let last = t.last, last == "\n" || last == "\r" || last == "\r\n" { t = t.dropLast() }
        return String(t)
    }

    func present(_ original: [String]) throws -> Outcome {
        var lines = original
        let newLine = line ?? ""
        let insertPattern = try [insertAfter, insertBefore].compactMap { $0 }.first
            .flatMap { $0 == "EOF" || $0 == "BOF" ? nil : try PythonRegex($0) }
        var matchIndex = -1, insertIndex = -1
        var match: NSTextCheckingResult? = nil
        var matchedText = ""
        for (i, current) in lines.enumerated() {
            var found = false
            if let regexp {
                if let m = regexp.firstMatch(in: current) { found = true; match = m; matchedText = current }
            } else if let searchString {
                found = LineEdit.holds(current, searchString)
            } else {
                found = LineEdit.stripEnding(current) == newLine
            }
            if found {
                matchIndex = i
                if firstMatch { break }
            } else if let insertPattern, insertPattern.firstMatch(in: current) != nil {
                insertIndex = insertAfter != nil ? i + 1 : i
                if firstMatch { break }
            }
        }
        // A regexp or search string that matched nothing still leaves an existing exact line alone.
        if matchIndex == -1, regexp != nil || searchString != nil, !backrefs,
           lines.contains(where: { LineEdit.stripEnding($0) == newLine }) {
            return Outcome(lines: lines, changed: false, message: "")
        }
        if matchIndex != -1 {
            var replacement = newLine
            if backrefs, let match, let regexp { replacement = try regexp.expand(newLine, match, in: matchedText) }
            if !replacement.hasSuffix("\n") { replacement += "\n" }
            if lines[matchIndex] == replacement { return Outcome(lines: lines, changed: false, message: "") }
            lines[matchIndex] = replacement
            return Outcome(lines: lines, changed: true, message: "line replaced")
        }
        if backrefs { return Outcome(lines: lines, changed: false, message: "") }
        if insertBefore == "BOF" || insertAfter == "BOF" {
            lines.insert(newLine + "\n", at: 0)
        } else if insertAfter == "EOF" || insertIndex == -1 {
            if let last = lines.last, !last.hasSuffix("\n"), !last.hasSuffix("\r") { lines[lines.count - 1] += "\n" }
            lines.append(newLine + "\n")
        } else if insertAfter != nil {
            if insertIndex == lines.count {
                if LineEdit.stripEnding(lines[insertIndex - 1]) == newLine { return Outcome(lines: lines, changed: false, message: "") }
                if !lines[insertIndex - 1].hasSuffix("\n") { lines[insertIndex - 1] += "\n" }
                lines.append(newLine + "\n")
            } else {
                if LineEdit.stripEnding(lines[insertIndex]) == newLine { return Outcome(lines: lines, changed: false, message: "") }
                lines.insert(newLine + "\n", at: insertIndex)
            }
        } else {
            let before = insertIndex > 0 ? lines[insertIndex - 1] : nil
            if let before, LineEdit.stripEnding(before) == newLine { return Outcome(lines: lines, changed: false, message: "") }
            lines.insert(newLine + "\n", at: insertIndex)
        }
        return Outcome(lines: lines, changed: true, message: "line added")
    }

    /// Python's `text in line`: the empty text is in every line (Foundation's `contains` says no).
    static func holds(_ line: String, _ text: String) -> Bool {
        text.isEmpty || line.contains(text)
    }

    func absent(_ original: [String]) -> Outcome {
        let kept = original.filter { current in
            if let regexp { return regexp.firstMatch(in: current) == nil }
            if let searchString { return !LineEdit.holds(current, searchString) }
            return LineEdit.stripEnding(current) != (line ?? "")
        }
        let removed = original.count - kept.count
        return Outcome(lines: kept, changed: removed > 0, message: removed > 0 ? "\(removed) line(s) removed" : "", found: removed)
    }
}
