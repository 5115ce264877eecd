import Foundation

/// An OpenSSH client configuration (ssh_config(5)), such as `vagrant ssh-config` writes.
///
/// Like ssh: for each keyword the first value obtained wins (IdentityFile accumulates); `Host`
/// lines hold several patterns with `*`, `?` and `!negation` (matched against the name as typed); `Match all` applies everywhere and
/// other `Match` blocks are ignored; `Include` reads more files (relative to `~/.ssh`).
public struct SSHClientConfig: Sendable {
    struct Option: Sendable {
        var keyword: String
        var arguments: [String]
        var line: Int
    }

    struct Block: Sendable {
        /// nil: applies to every host (lines before the first `Host`, or `Match all`).
        /// Empty: applies to none (an unsupported `Match`).
        var patterns: [String]?
        var options: [Option] = []
    }

    public var path: String
    var blocks: [Block] = []
    var home: String?
    var localUser: String

    /// Reads the file at `path`; `~` and `%d` expand to `$HOME` from `environment`.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SSHClientConfig {
        var config = SSHClientConfig(path: path, home: environment["HOME"],
                                     localUser: environment["USER"] ?? environment["LOGNAME"] ?? "root")
        try config.read(path: path, inheriting: nil, depth: 0)
        return config
    }

    /// Parses configuration text (for tests and for text that is not in a file).
    public static func parse(_ text: String, path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SSHClientConfig {
        var config = SSHClientConfig(path: path, home: environment["HOME"],
                                     localUser: environment["USER"] ?? environment["LOGNAME"] ?? "root")
        try config.parseText(text, path: path, inheriting: nil, depth: 0)
        return config
    }

    private mutating func read(path: String, inheriting patterns: [String]?, depth: Int) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, message: "could not read the ssh client configuration")
        }
        try parseText(String(decoding: data, as: UTF8.self), path: path, inheriting: patterns, depth: depth)
    }

    private mutating func parseText(_ text: String, path: String, inheriting patterns: [String]?, depth: Int) throws {
        blocks.append(Block(patterns: patterns))
        var lineNumber = 0
        for raw in text.configFileLines {
            lineNumber += 1
            let line = raw.iniTrimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            let (keyword, arguments) = try Self.split(line, path: path, line: lineNumber)
            switch keyword {
            case "host":
                guard !arguments.isEmpty else { throw ConfigError(file: path, line: lineNumber, message: "Host needs at least one pattern") }
                blocks.append(Block(patterns: arguments))
            case "match":
                let all = arguments.count == 1 && arguments[0].lowercased() == "all"
                blocks.append(Block(patterns: all ? nil : []))
            case "include":
                guard depth < 16 else { throw ConfigError(file: path, line: lineNumber, message: "Include nested too deeply") }
                let current = blocks[blocks.count - 1].patterns
                for file in includedFiles(arguments) {
                    try read(path: file, inheriting: current, depth: depth + 1)
                }
                blocks.append(Block(patterns: current))
            default:
                blocks[blocks.count - 1].options.append(Option(keyword: keyword, arguments: arguments, line: lineNumber))
            }
        }
    }

    /// `Keyword args`, `Keyword=args` or `Keyword = args`; arguments may be double- or single-quoted.
    static func split(_ line: Substring, path: String, line number: Int) throws -> (String, [String]) {
        let keywordEnd = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" }) ?? line.endIndex
        let keyword = line[..<keywordEnd].lowercased()
        var rest = line[keywordEnd...].drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("=") { rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" }) }
        var arguments: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for c in rest {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c; inWord = true
            } else if c == " " || c == "\t" {
                if inWord { arguments.append(current); current = ""; inWord = false }
            } else {
                current.append(c); inWord = true
            }
        }
        if quote != nil { throw ConfigError(file: path, line: number, message: "unterminated quote") }
        if inWord { arguments.append(current) }
        return (keyword, arguments)
    }

    /// The files an `Include` names: relative to `~/.ssh`, with `*` and `?` in the last component.
    private func includedFiles(_ arguments: [String]) -> [String] {
        var files: [String] = []
        for argument in arguments {
            var p = ConfigPath.expandUser(argument, environment: ["HOME": home ?? "/"])
            if !p.hasPrefix("/") { p = (home ?? "") + "/.ssh/" + p }
            let directory = ConfigPath.directory(of: p)
            let name = String(p[p.index(after: p.lastIndex(of: "/") ?? p.startIndex)...])
            if Wildcard.hasWildcards(name) {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                files += entries.filter { Wildcard.matches(name, $0) }.sorted().map { directory + "/" + $0 }
            } else if FileManager.default.fileExists(atPath: p) {
                files.append(p)
            }
        }
        return files
    }
}
