/// One setting Swansible reads from ansible.cfg or the environment, described the way
/// ansible-config describes it: ansible-core's name, what it does, its type, its default, the
/// environment variables and ini entries that set it. `ConfigSetting.table` lists them all; reading
/// (`AnsibleConfig.load`) and `swansible config` both go through it.
public struct ConfigSetting: Sendable {
    /// ansible-core's types, which decide how the text of a value becomes a value.
    public enum ValueType: String, Sendable {
        /// Text; unquoted when it comes from the file.
        case string
        /// ansible's lenient boolean: y, yes, on, 1, true, t (any case) are true, anything else false.
        case boolean
        /// A whole number (`5.0` accepted, `5.5` refused).
        case integer
        /// One path: `~` and `$VAR` expanded, relative to the file's directory or the current one.
        case path
        /// Comma-separated paths.
        case pathlist
        /// Colon-separated paths.
        case pathspec
        /// Comma-separated words, each trimmed and unquoted.
        case list
    }

    /// A `[section] key` of ansible.cfg.
    public struct INIEntry: Sendable, Equatable {
        public var section: String
        public var key: String
    }

    /// The value used when neither the environment nor the file sets the setting.
    public enum Default: Sendable {
        /// No value (ansible's None).
        case none
        /// This value, as it is.
        case value(Value)
        /// This text, converted by the setting's type as text from the environment would be
        /// (a path default is resolved against the current directory).
        case text(String)
        /// Text made from settings read before this one (`ANSIBLE_HOME`'s roles directory):
        /// `shown` is how `swansible config list` writes it.
        case derived(shown: String, text: @Sendable (_ earlier: ConfigSettingValues) -> String?)
    }

    /// Whether the setting is one of ansible-core's base settings or an option of a plugin
    /// (`ansible-config dump -t all` lists those under the plugin's type and name).
    public enum Scope: Sendable, Equatable, Hashable {
        case base
        case plugin(type: String, name: String)
    }

    /// ansible-core's name: `DEFAULT_FORKS` for a base setting, the option's name (`ssh_args`) for
    /// a plugin's.
    public var name: String
    public var scope: Scope
    public var description: String
    public var type: ValueType
    public var defaultValue: Default
    /// Environment variables that set it; when several are set, the last one listed wins.
    public var env: [String]
    /// Entries of ansible.cfg that set it; when several are present, the last one listed wins.
    public var ini: [INIEntry]

    init(_ name: String, scope: Scope = .base, _ description: String, type: ValueType, default defaultValue: Default = .none,
         env: [String], ini: [(String, String)]) {
        self.name = name
        self.scope = scope
        self.description = description
        self.type = type
        self.defaultValue = defaultValue
        self.env = env
        self.ini = ini.map { INIEntry(section: $0.0, key: $0.1) }
    }

    /// Unique across the table: the name of a base setting, `type.plugin.option` for a plugin's.
    public var id: String {
        switch scope {
        case .base: return name
        case .plugin(let type, let plugin): return "\(type).\(plugin).\(name)"
        }
    }
}

/// Where a setting's value came from.
public enum ConfigOrigin: Sendable, Equatable {
    case defaultValue
    case environment(String)
    case file(path: String, line: Int)

    /// How ansible-config dump writes it between parentheses: `default`, `env: NAME`, the file.
    public var dumpText: String {
        switch self {
        case .defaultValue: return "default"
        case .environment(let name): return "env: \(name)"
        case .file(let path, _): return path
        }
    }
}

/// A setting with the value it has in this configuration.
public struct ConfigSettingValue: Sendable {
    public var setting: ConfigSetting
    /// The converted value; `.null` when it is set nowhere and has no default.
    public var value: Value
    public var origin: ConfigOrigin
    /// The text as written in the environment or the file (nil for a default), for the settings
    /// Swansible validates or interprets beyond their type.
    public var text: String?

    /// Whether the value comes from the environment or the file rather than the default.
    public var isChanged: Bool { origin != .defaultValue }
}

/// The settings of one configuration, in table order, by `ConfigSetting.id`.
public typealias ConfigSettingValues = OrderedDictionary<String, ConfigSettingValue>
