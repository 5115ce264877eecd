/// An INI file read the way Python's `configparser` reads ansible.cfg: `[section]` headers,
/// `key = value` or `key: value` (keys lower-cased), `#`/`;` comment lines, ` ;` inline comments,
/// indented continuation lines, no interpolation. A duplicate section or key is an error, like
/// configparser's strict mode.
public struct INIConfigFile: Sendable {
    public struct Entry: Sendable {
        public var value: String
        public var line: Int
    }

    public var path: String
    /// Section name → key → entry, in file order.
    public private(set) var sections: OrderedDictionary<String, OrderedDictionary<String, Entry>> = [:]

    public init(path: String, text: String) throws {
        self.path = path
        var section: String?
        var lastKey: (section: String, key: String, indent: Int)?
        var lineNumber = 0
        for rawLine in text.configFileLines {
            lineNumber += 1
            let line = rawLine[...]
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            let stripped = line.drop(while: { $0 == " " || $0 == "\t" })
            if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
            let content = Self.removingInlineComment(stripped).iniTrimmed
            if content.isEmpty { continue }
            // A line indented deeper than its key continues the key's value.
            if let last = lastKey, indent > last.indent {
                sections[last.section]?[last.key]?.value += "\n" + content
                continue
            }
            if content.hasPrefix("[") && content.hasSuffix("]") {
                let name = String(content.dropFirst().dropLast())
                if sections[name] != nil {
                    throw ConfigError(file: path, line: lineNumber, message: "section '\(name)' already exists")
                }
                sections[name] = [:]
                section = name
                lastKey = nil
                continue
            }
            guard let section else {
                throw ConfigError(file: path, line: lineNumber, message: "file contains no section headers: \(String(reflecting: String(line)))")
            }
            guard let delimiter = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError(file: path, line: lineNumber, message: "expected 'key = value', found \(String(reflecting: String(line)))")
            }
            let key = content[..<delimiter].iniTrimmed.lowercased()
            let value = String(content[content.index(after: delimiter)...].iniTrimmed)
            if sections[section]?[key] != nil {
                throw ConfigError(file: path, line: lineNumber, message: "option '\(key)' in section '\(section)' already exists")
            }
            sections[section]?[key] = Entry(value: value, line: lineNumber)
            lastKey = (section, key, indent)
        }
    }

    /// The raw value of `key` in `section` (keys are case-insensitive), falling back to `[DEFAULT]`.
    public func entry(section: String, key: String) -> Entry? {
        let key = key.lowercased()
        return sections[section]?[key] ?? sections["DEFAULT"]?[key]
    }

    /// ` ;` (or a tab before `;`) starts an inline comment.
    private static func removingInlineComment(_ s: Substring) -> Substring {
        var previous: Character = " "
        for index in s.indices {
            if s[index] == ";", previous == " " || previous == "\t", index != s.startIndex {
                return s[..<index]
            }
            previous = s[index]
        }
        return s
    }
}

extension String {
    /// The lines of a text file: split at `\n`, `\r\n` or `\r` (a `"\r\n"` is one Character,
    /// so splitting at `"\n"` alone would miss Windows line ends).
    var configFileLines: [Substring] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks.
    var iniTrimmed: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
              let last = s.lastIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        return s[first...last]
    }
}
