import Foundation

/// Reads one setting from the environment or the file and converts it like ansible-core's
/// `ensure_type`: the last environment variable set wins over the file, a later ini location over
/// an earlier one; string values from the file are unquoted (paths, like ansible-core's, are not);
/// booleans are lenient; bad numbers are errors.
struct ConfigSettingReader {
    enum Origin {
        case environment(String)
        case file(path: String, line: Int)
    }

    let file: INIConfigFile?
    let environment: [String: String]
    let currentDirectory: String

    /// The raw text of a setting and where it came from; nil when it is set nowhere.
    func raw(env: [String], ini: [(section: String, key: String)]) -> (text: String, origin: Origin)? {
        if let name = env.last(where: { environment[$0] != nil }), let value = environment[name] {
            return (value, .environment(name))
        }
        guard let file else { return nil }
        for location in ini.reversed() {
            if let entry = file.entry(section: location.section, key: location.key) {
                return (entry.value, .file(path: file.path, line: entry.line))
            }
        }
        return nil
    }

    func string(env: [String], ini: [(section: String, key: String)]) -> String? {
        guard let (text, origin) = raw(env: env, ini: ini) else { return nil }
        if case .file = origin { return Self.unquote(text) }
        return text
    }

    /// ansible's lenient boolean: y, yes, on, 1, true, t (any case) are true, anything else false.
    func bool(env: [String], ini: [(section: String, key: String)]) -> Bool? {
        guard let text = raw(env: env, ini: ini)?.text else { return nil }
        return ["y", "yes", "on", "1", "true", "t"].contains(text.iniTrimmed.lowercased())
    }

    /// An integer; `5.0` is accepted, `5.5` and words are errors naming where the value came from.
    func int(env: [String], ini: [(section: String, key: String)], name: String) throws -> Int? {
        guard let (text, origin) = raw(env: env, ini: ini) else { return nil }
        let trimmed = String(text.iniTrimmed)
        if let i = Int(trimmed) { return i }
        if let d = Double(trimmed), d == d.rounded(), abs(d) < 9e18 { return Int(d) }
        throw error(origin, "invalid value for \(name): '\(text)' is not an integer")
    }

    /// A path: `~` and `$VAR` expanded; relative to the file's directory (from the file) or the
    /// current directory (from the environment).
    func path(env: [String], ini: [(section: String, key: String)]) -> String? {
        guard let (text, origin) = raw(env: env, ini: ini) else { return nil }
        return resolve(text, origin)
    }

    /// Comma-separated paths (`pathlist`).
    func pathList(env: [String], ini: [(section: String, key: String)]) -> [String]? {
        guard let (text, origin) = raw(env: env, ini: ini) else { return nil }
        return text.split(separator: ",", omittingEmptySubsequences: false)
            .map { resolve(String($0.iniTrimmed), origin) }
    }

    /// Colon-separated paths (`pathspec`).
    func pathSpec(env: [String], ini: [(section: String, key: String)]) -> [String]? {
        guard let (text, origin) = raw(env: env, ini: ini) else { return nil }
        return text.split(separator: ":", omittingEmptySubsequences: false).map { resolve(String($0), origin) }
    }

    /// Comma-separated words, each trimmed and unquoted (`list`).
    func list(env: [String], ini: [(section: String, key: String)]) -> [String]? {
        guard let text = raw(env: env, ini: ini)?.text else { return nil }
        return text.split(separator: ",", omittingEmptySubsequences: false).map { Self.unquote(String($0.iniTrimmed)) }
    }

    func resolve(_ text: String, _ origin: Origin) -> String {
        switch origin {
        case .environment:
            return ConfigPath.resolve(text, base: currentDirectory, environment: environment)
        case .file(let path, _):
            return ConfigPath.resolve(text, base: ConfigPath.directory(of: path), environment: environment)
        }
    }

    func error(_ origin: Origin, _ message: String) -> ConfigError {
        switch origin {
        case .environment(let name): return ConfigError(file: nil, line: nil, message: "\(message) (from the environment variable \(name))")
        case .file(let path, let line): return ConfigError(file: path, line: line, message: message)
        }
    }

    /// Removes one pair of matching surrounding quotes, as ansible-core does for ini values.
    static func unquote(_ s: String) -> String {
        guard s.count > 1, let first = s.first, first == "\"" || first == "'", s.last == first else { return s }
        if s.dropLast().last == "\\" { return s }
        return String(s.dropFirst().dropLast())
    }
}
