import Foundation

/// Host patterns (`all`, `web*`, `~web\d+`, `web:&prod:!web3`, `g[0]`, `g[1:]`) evaluated over
/// an inventory with ansible-core's rules and ordering:
///
/// - the pattern splits on `,` (or, when it has none and is not a host address, on `:`);
/// - plain patterns come first, then `&` intersections, then `!` exclusions;
/// - a word matching group names brings those groups' hosts, and hosts are matched by name too
///   when no group matched or the pattern has a wildcard (`*?[.`) or is a regex (`~`);
/// - a subscript picks by position from what the word matched;
/// - `localhost`, `127.0.0.1` and `::1` name the implicit localhost when the inventory lacks them.
struct HostPattern {
    let graph: InventoryGraph

    static let localhostNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

    func hosts(matching pattern: String) throws -> [String] {
        try hosts(matchingWords: Self.split(pattern))
    }

    /// The hosts already-split words select.
    func hosts(matchingWords words: [String]) throws -> [String] {
        var hosts: [String] = []
        var present = Set<String>()
        for word in Self.ordered(words) {
            if graph.hosts[word] != nil {
                if present.insert(word).inserted { hosts.append(word) }
                continue
            }
            let matched = try matchOne(word)
            switch word.first {
            case "!":
                let excluded = Set(matched)
                hosts.removeAll { excluded.contains($0) }
                present.subtract(excluded)
            case "&":
                let kept = Set(matched)
                hosts.removeAll { !kept.contains($0) }
                present = Set(hosts)
            default:
                for h in matched where present.insert(h).inserted { hosts.append(h) }
            }
        }
        return hosts
    }

    /// The words of `pattern` that match no host, for ansible's warning "Could not match supplied
    /// host pattern, ignoring: WORD": named without their `&`/`!` and subscript; host names,
    /// `all`, localhost's names and `@file` limits never count.
    func unmatchedWords(in pattern: String) -> [String] {
        Self.ordered(Self.split(pattern)).compactMap { word in
            guard graph.hosts[word] == nil, !word.hasPrefix("@"), word != "all" else { return nil }
            var expression = word
            if let f = expression.first, f == "&" || f == "!" { expression.removeFirst() }
            expression = Self.splitSubscript(expression).0
            guard !expression.isEmpty, let matched = try? enumerate(expression), matched.isEmpty else { return nil }
            return expression
        }
    }

    /// ansible's `split_host_pattern`.
    static func split(_ pattern: String) -> [String] {
        let words: [String]
        if pattern.contains(",") {
            words = pattern.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if InventoryAddress.parse(pattern, allowRanges: true) != nil {
            words = [pattern]
        } else {
            // Runs of anything but whitespace, ':' and brackets, or complete [...] groups.
            var result: [String] = []
            var current = ""
            var chars = Array(pattern)[...]
            while let c = chars.first {
                if c == "[", let close = chars.firstIndex(of: "]") {
                    current += String(chars[chars.startIndex...close])
                    chars = chars[(close + 1)...]
                    continue
                }
                if c.isWhitespace || c == ":" || c == "[" || c == "]" {
                    if !current.isEmpty { result.append(current); current = "" }
                } else {
                    current.append(c)
                }
                chars = chars.dropFirst()
            }
            if !current.isEmpty { result.append(current) }
            words = result
        }
        return words.map { String($0.iniTrimmed) }.filter { !$0.isEmpty }
    }

    /// Plain words first, then `&` words, then `!` words; only `&`/`!` words imply `all` first.
    static func ordered(_ words: [String]) -> [String] {
        let exclusions = words.filter { $0.hasPrefix("!") }
        let intersections = words.filter { $0.hasPrefix("&") }
        var regular = words.filter { !$0.hasPrefix("!") && !$0.hasPrefix("&") }
        if regular.isEmpty { regular = ["all"] }
        return regular + intersections + exclusions
    }

    /// The hosts one word matches, before `&`/`!` are applied.
    private func matchOne(_ word: String) throws -> [String] {
        var pattern = word
        if let f = pattern.first, f == "&" || f == "!" { pattern.removeFirst() }
        guard !pattern.isEmpty else { return [] }
        let (expression, selection) = Self.splitSubscript(pattern)
        let matched = try enumerate(expression)
        guard let selection, !matched.isEmpty else { return matched }
        switch selection {
        case .index(let i):
            let index = i < 0 ? matched.count + i : i
            guard matched.indices.contains(index) else {
                throw InventoryError(message: "No hosts matched the subscripted pattern '\(pattern)'")
            }
            return [matched[index]]
        case .range(let start, let end):
            // Like ansible, an end of 0 selects the start host alone (and must exist).
            if end == 0 {
                guard start < matched.count else {
                    throw InventoryError(message: "No hosts matched the subscripted pattern '\(pattern)'")
                }
                return [matched[start]]
            }
            let upper = min((end ?? matched.count - 1) + 1, matched.count)
            return start < upper ? Array(matched[start..<upper]) : []
        }
    }

    enum Subscript: Equatable { case index(Int), range(Int, Int?) }

    /// `name[2]`, `name[-1]`, `name[1:3]`, `name[1:]` (not for `~regex` words).
    static func splitSubscript(_ pattern: String) -> (String, Subscript?) {
        guard !pattern.hasPrefix("~"), pattern.hasSuffix("]"), let open = pattern.lastIndex(of: "["),
              open > pattern.startIndex else { return (pattern, nil) }
        let inside = pattern[pattern.index(after: open)..<pattern.index(before: pattern.endIndex)]
        let base = String(pattern[..<open])
        if let i = Int(inside), inside.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) {
            return (base, .index(i))
        }
        guard let sep = inside.firstIndex(where: { $0 == ":" || $0 == "-" }) else { return (pattern, nil) }
        let first = inside[..<sep], second = inside[inside.index(after: sep)...]
        guard !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }), let start = Int(first),
              second.allSatisfy({ $0.isASCII && $0.isNumber }) else { return (pattern, nil) }
        return (base, .range(start, second.isEmpty ? nil : Int(second)))
    }

    private func enumerate(_ pattern: String) throws -> [String] {
        let matches = try matcher(pattern)
        var results: [String] = []
        let groups = graph.groups.keys.filter(matches)
        for group in groups { results += graph.hostsBelow(group) }
        if groups.isEmpty || pattern.hasPrefix("~") || pattern.contains(where: { ".?*[".contains($0) }) {
            results += graph.hosts.keys.filter(matches)
        }
        if results.isEmpty, Self.localhostNames.contains(pattern) { results = [pattern] }
        var seen = Set<String>()
        return results.filter { seen.insert($0).inserted }
    }

    /// fnmatch for plain words (case-sensitive, whole name), a regex anchored at the start for `~`.
    private func matcher(_ pattern: String) throws -> (String) -> Bool {
        guard pattern.hasPrefix("~") else {
            return { Wildcard.matches(pattern, $0, brackets: true) }
        }
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: Self.icuPattern(String(pattern.dropFirst()))) } catch {
            throw InventoryError(message: "Invalid host list pattern: \(pattern)")
        }
        return { name in
            regex.firstMatch(in: name, options: .anchored, range: NSRange(location: 0, length: (name as NSString).length)) != nil
        }
    }

    /// The few Python `re` spellings ICU writes differently.
    static func icuPattern(_ python: String) -> String {
        python.replacingOccurrences(of: "(?P<", with: "(?<")
            .replacingOccurrences(of: #"\Z"#, with: #"\z"#)
            .replacingOccurrences(of: #"\(\?P=(\w+)\)"#, with: #"\\k<$1>"#, options: .regularExpression)
    }
}
