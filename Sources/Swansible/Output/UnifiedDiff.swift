/// Unified diffs as ansible's `--diff` prints them (Python difflib's format, 3 lines of context).
enum UnifiedDiff {
    private enum Op { case equal, delete, insert }

    /// In colour, like ansible, added, removed and `@@` lines are painted with their line end
    /// inside the paint (which leaves an empty painted piece at the start of the next line).
    static func render(_ diff: FileDiff, colours: TerminalColours = .off) -> String {
        if let prepared = diff.prepared { return prepared }
        let before = lines(diff.before ?? ""), after = lines(diff.after ?? "")
        // No path: ansible's diff without headers (hostname's `hostname = …` lines).
        var text = diff.before == nil || diff.path.isEmpty ? "--- before\n" : "--- before: \(diff.path)\n"
        let afterPath = diff.afterPath ?? diff.path
        text += afterPath.isEmpty ? "+++ after\n" : "+++ after: \(afterPath)\n"
        for hunk in hunks(before, after) { text += hunk }
        guard colours.isOn else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let role: TerminalColours.Kind? = line.hasPrefix("+") ? .diffAdd : line.hasPrefix("-") ? .diffRemove : line.hasPrefix("@@") ? .diffLines : nil
            return role.map { colours.paint(line + "\n", $0) } ?? line + "\n"
        }.joined()
    }

    /// The lines with their newlines, like Python's `splitlines(True)` for `\n`: a last line
    /// without one differs from the same line with one.
    private static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = parts.last {
            parts.removeLast()
            if last != "\n" { parts.append(String(last.dropLast())) }
        }
        return parts
    }

    /// One line of a hunk; like ansible's callback, a line without a newline is followed by
    /// difflib's `\ No newline at end of file` marker.
    private static func hunkLine(_ prefix: String, _ line: String) -> String {
        line.hasSuffix("\n") ? prefix + line : prefix + line + "\n\\ No newline at end of file\n"
    }

    /// The edit script: deletions of a run before its insertions, like difflib's replace.
    private static func script(_ a: [String], _ b: [String]) -> [(Op, String)] {
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var ops: [(Op, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if (i < a.count && removed.contains(i)) || (j < b.count && inserted.contains(j)) {
                while i < a.count, removed.contains(i) { ops.append((.delete, a[i])); i += 1 }
                while j < b.count, inserted.contains(j) { ops.append((.insert, b[j])); j += 1 }
            } else {
                ops.append((.equal, a[i]))
                i += 1
                j += 1
            }
        }
        return ops
    }

    private static func hunks(_ a: [String], _ b: [String], context: Int = 3) -> [String] {
        let ops = script(a, b)
        let changed = ops.indices.filter { ops[$0].0 != .equal }
        guard !changed.isEmpty else { return [] }
        // Group changes whose equal gap is at most 2 * context.
        var groups: [(Int, Int)] = []
        var start = changed[0], end = changed[0]
        for index in changed.dropFirst() {
            if index - end - 1 <= 2 * context { end = index } else {
                groups.append((start, end))
                start = index
                end = index
            }
        }
        groups.append((start, end))
        // Line numbers before each op.
        var aLine = [Int](), bLine = [Int]()
        var x = 0, y = 0
        for op in ops {
            aLine.append(x)
            bLine.append(y)
            if op.0 != .insert { x += 1 }
            if op.0 != .delete { y += 1 }
        }
        return groups.map { group in
            let first = max(0, group.0 - context), last = min(ops.count - 1, group.1 + context)
            let slice = ops[first...last]
            let aCount = slice.filter { $0.0 != .insert }.count, bCount = slice.filter { $0.0 != .delete }.count
            var text = "@@ -\(range(aLine[first], aCount)) +\(range(bLine[first], bCount)) @@\n"
            for (op, line) in slice {
                switch op {
                case .equal: text += hunkLine(" ", line)
                case .delete: text += hunkLine("-", line)
                case .insert: text += hunkLine("+", line)
                }
            }
            return text
        }
    }

    /// difflib's range: `start` alone for one line, `start-1,0` for none.
    private static func range(_ start: Int, _ length: Int) -> String {
        if length == 1 { return "\(start + 1)" }
        if length == 0 { return "\(start),0" }
        return "\(start + 1),\(length)"
    }
}
