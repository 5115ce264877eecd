import Foundation

/// Reads the settings of `ConfigSetting.table` from the environment or the file and converts them
/// like ansible-core's `ensure_type`: the last environment variable set wins over the file, a later
/// ini location over an earlier one; string values from the file are unquoted (paths, like
/// ansible-core's, are not); booleans are lenient; bad numbers are errors.
struct ConfigSettingReader {
    let file: INIConfigFile?
    let environment: [String: String]
    let currentDirectory: String

    /// Every setting of `settings`, in order, with its value and origin.
    func read(_ settings: [ConfigSetting]) throws -> ConfigSettingValues {
        var values = ConfigSettingValues()
        for setting in settings {
            values[setting.id] = try read(setting, earlier: values)
        }
        return values
    }

    /// One setting: from the environment or the file, else its default.
    func read(_ setting: ConfigSetting, earlier: ConfigSettingValues) throws -> ConfigSettingValue {
        if let (text, origin) = raw(env: setting.env, ini: setting.ini) {
            let value = try convert(text, origin, setting)
            return ConfigSettingValue(setting: setting, value: value, origin: origin, text: text)
        }
        let value: Value
        switch setting.defaultValue {
        case .none: value = .null
        case .value(let v): value = v
        case .text(let text): value = try convert(text, .defaultValue, setting)
        case .derived(_, let make): value = try make(earlier).map { try convert($0, .defaultValue, setting) } ?? .null
        }
        return ConfigSettingValue(setting: setting, value: value, origin: .defaultValue, text: nil)
    }

    /// The raw text of a setting and where it came from; nil when it is set nowhere.
    func raw(env: [String], ini: [ConfigSetting.INIEntry]) -> (text: String, origin: ConfigOrigin)? {
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

    /// The text of a setting as its type says.
    func convert(_ text: String, _ origin: ConfigOrigin, _ setting: ConfigSetting) throws -> Value {
        switch setting.type {
        case .string:
            if case .file = origin { return .string(Self.unquote(text)) }
            return .string(text)
        case .boolean:
            return .bool(Self.isTrue(text))
        case .integer:
            let trimmed = String(text.iniTrimmed)
            if let i = Int(trimmed) { return .int(i) }
            if let d = Double(trimmed), d == d.rounded(), abs(d) < 9e18 { return .int(Int(d)) }
            throw error(origin, "invalid value for \(setting.ini.first?.key ?? setting.name): '\(text)' is not an integer")
        case .path:
            return .string(resolve(text, origin))
        case .pathlist:
            return .list(text.split(separator: ",", omittingEmptySubsequences: false)
                .map { .string(resolve(String($0.iniTrimmed), origin)) })
        case .pathspec:
            return .list(text.split(separator: ":", omittingEmptySubsequences: false).map { .string(resolve(String($0), origin)) })
        case .list:
            return .list(text.split(separator: ",", omittingEmptySubsequences: false)
                .map { .string(Self.unquote(String($0.iniTrimmed))) })
        }
    }

    /// ansible's lenient boolean: y, yes, on, 1, true, t (any case) are true, anything else false.
    static func isTrue(_ text: String) -> Bool {
        ["y", "yes", "on", "1", "true", "t"].contains(text.iniTrimmed.lowercased())
    }

    /// A path: `~` and `$VAR` expanded; relative to the file's directory (from the file) or the
    /// current directory (from the environment or a default; a default left starting with `~`,
    /// when there is no home directory, stays as it is).
    func resolve(_ text: String, _ origin: ConfigOrigin) -> String {
        switch origin {
        case .defaultValue:
            let expanded = ConfigPath.expandUser(text, environment: environment)
            if expanded.hasPrefix("~") { return expanded }
            return ConfigPath.resolve(expanded, base: currentDirectory, environment: environment)
        case .environment:
            return ConfigPath.resolve(text, base: currentDirectory, environment: environment)
        case .file(let path, _):
            return ConfigPath.resolve(text, base: ConfigPath.directory(of: path), environment: environment)
        }
    }

    func error(_ origin: ConfigOrigin, _ message: String) -> ConfigError {
        switch origin {
        case .environment(let name): return ConfigError(file: nil, line: nil, message: "\(message) (from the environment variable \(name))")
        case .file(let path, let line): return ConfigError(file: path, line: line, message: message)
        case .defaultValue: return ConfigError(file: nil, line: nil, message: "\(message) (the default)")
        }
    }

    /// Removes one pair of matching surrounding quotes, as ansible-core does for ini values.
    static func unquote(_ s: String) -> String {
        guard s.count > 1, let first = s.first, first == "\"" || first == "'", s.last == first else { return s }
        if s.dropLast().last == "\\" { return s }
        return String(s.dropFirst().dropLast())
    }
}
