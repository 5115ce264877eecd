import Foundation

/// A PEP 508 requirement (`name[extras] specifiers ; marker` or `name @ url`), read as Python's
/// `packaging` reads it and printed as it prints one (extras and specifiers sorted, spaces
/// dropped), for the pip module's command line and its check of what is installed.
struct PythonRequirement: Sendable {
    var name: String
    var extras: [String]
    var specifiers: [PythonSpecifier]
    var url: String?
    var marker: String?

    /// nil when `packaging` would refuse the text (a path, a URL without a name, a bad version).
    init?(_ text: String) {
        var s = Substring(text)
        func skipSpaces() { s = s.drop { $0 == " " || $0 == "\t" } }
        skipSpaces()
        let name = s.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
        guard let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return nil }
        self.name = String(name)
        s = s.dropFirst(name.count)
        skipSpaces()
        extras = []
        if s.first == "[" {
            guard let close = s.firstIndex(of: "]") else { return nil }
            let inside = s[s.index(after: s.startIndex)..<close]
            extras = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard extras.allSatisfy({ !$0.isEmpty && PythonRequirement(String($0))?.name == $0 }) else { return nil }
            s = s[s.index(after: close)...]
            skipSpaces()
        }
        specifiers = []
        if s.first == "@" {
            s = s.dropFirst()
            skipSpaces()
            let link = s.prefix { $0 != " " && $0 != "\t" }
            guard !link.isEmpty else { return nil }
            url = String(link)
            s = s.dropFirst(link.count)
            skipSpaces()
            guard s.isEmpty || s.first == ";" else { return nil }
        } else {
            var clause = s.prefix { $0 != ";" }
            s = s.dropFirst(clause.count)
            clause = Substring(clause.trimmingCharacters(in: .whitespaces))
            if clause.first == "(" {
                guard clause.last == ")" else { return nil }
                clause = clause.dropFirst().dropLast()
            }
            if !clause.trimmingCharacters(in: .whitespaces).isEmpty {
                for part in clause.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let specifier = PythonSpecifier(String(part)) else { return nil }
                    specifiers.append(specifier)
                }
            }
        }
        if s.first == ";" {
            guard let words = Self.markerWords(String(s.dropFirst())) else { return nil }
            var tokens = words[...]
            guard let nodes = Self.markerNodes(&tokens), tokens.isEmpty, !nodes.isEmpty else { return nil }
            marker = Self.format(nodes, first: true)
        }
    }

    /// PEP 503's form of a project name: runs of `-`, `_` and `.` as one `-`, lowercased.
    static func canonicalName(_ name: String) -> String {
        name.replacingOccurrences(of: "[-_.]+", with: "-", options: .regularExpression).lowercased()
    }

    var canonicalName: String { Self.canonicalName(name) }

    /// As `str(Requirement)` prints it.
    var description: String {
        var s = name
        if !extras.isEmpty { s += "[" + extras.sorted().joined(separator: ",") + "]" }
        s += specifiers.map(\.description).sorted().joined(separator: ",")
        if let url { s += "@ " + url + (marker == nil ? "" : " ") }
        if let marker { s += "; " + marker }
        return s
    }

    /// Whether `version` satisfies every specifier (any version when there is none).
    func isSatisfied(by version: String) -> Bool {
        PythonVersion(version) != nil && specifiers.allSatisfy { $0.contains(version) }
    }

    /// A marker's parts: comparisons, `and`/`or`, and parenthesised groups.
    private indirect enum MarkerNode { case comparison(String), join(String), group([MarkerNode]) }

    /// Reads marker words up to the end or a closing parenthesis (which it leaves).
    private static func markerNodes(_ tokens: inout ArraySlice<String>) -> [MarkerNode]? {
        var nodes: [MarkerNode] = []
        while let token = tokens.first, token != ")" {
            if token == "(" {
                tokens.removeFirst()
                guard let inner = markerNodes(&tokens), tokens.first == ")" else { return nil }
                tokens.removeFirst()
                nodes.append(.group(inner))
            } else if token == "and" || token == "or" {
                tokens.removeFirst()
                nodes.append(.join(token))
            } else {
                guard tokens.count >= 3 else { return nil }
                var parts = [tokens.removeFirst(), tokens.removeFirst()]
                if parts[1] == "not" { parts[1] = "not " + tokens.removeFirst() }
                guard !tokens.isEmpty else { return nil }
                parts.append(tokens.removeFirst())
                nodes.append(.comparison(parts.joined(separator: " ")))
            }
        }
        return nodes
    }

    /// A marker as `packaging` prints it: a group of one part without its parentheses.
    private static func format(_ nodes: [MarkerNode], first: Bool) -> String {
        if nodes.count == 1 {
            if case .comparison(let text) = nodes[0] { return text }
            if case .group(let inner) = nodes[0] { return format(inner, first: true) }
        }
        let inner = nodes.map { node -> String in
            switch node {
            case .comparison(let text), .join(let text): return text
            case .group(let group): return format(group, first: false)
            }
        }.joined(separator: " ")
        return first ? inner : "(" + inner + ")"
    }

    /// A marker's words with its strings in double quotes, as `packaging` prints markers.
    private static func markerWords(_ text: String) -> [String]? {
        var words: [String] = []
        var s = Substring(text)
        while let c = s.first {
            if c == " " || c == "\t" { s = s.dropFirst(); continue }
            if c == "'" || c == "\"" {
                let body = s.dropFirst().prefix { $0 != c }
                guard s.dropFirst(body.count + 1).first == c else { return nil }
                words.append("\"" + body + "\"")
                s = s.dropFirst(body.count + 2)
            } else if c == "(" || c == ")" {
                words.append(String(c)); s = s.dropFirst()
            } else if "<>=!~".contains(c) {
                let op = s.prefix { "<>=!~".contains($0) }
                words.append(String(op)); s = s.dropFirst(op.count)
            } else {
                let word = s.prefix { !" \t'\"()<>=!~".contains($0) }
                words.append(String(word)); s = s.dropFirst(word.count)
            }
        }
        return words
    }
}
