import Foundation

/// `swansible config list|dump|view`: ansible-config for the settings Swansible reads
/// (`ConfigSetting.table`). `dump` prints ansible-config's lines for those settings only — ansible
/// has many more, which Swansible does not read; `-t all` adds the plugin options Swansible reads
/// (sudo's password, the ssh connection's arguments and host_key_checking) in ansible's layout.
public struct ConfigTool: Sendable {
    public enum Action: String, Sendable { case list, dump, view }

    public var action: Action
    /// `-c/--config`: this file instead of the search (`ANSIBLE_CONFIG`, ./ansible.cfg...).
    public var configFile: String?
    /// `-t/--type`: `base` (the default) or `all`.
    public var type: String?
    public var onlyChanged = false
    /// `--format`: list: yaml (default), json; dump: display (default), json, yaml.
    public var format: String?
    public var environment = ProcessInfo.processInfo.environment
    public var currentDirectory = FileManager.default.currentDirectoryPath

    public init(action: Action) { self.action = action }

    /// ansible-config's plugin types, which `-t` names.
    static let pluginTypes = ["become", "cache", "callback", "cliconf", "connection", "httpapi", "inventory", "lookup", "netconf", "shell", "vars"]

    /// Runs the action, handing `write` whole texts ending with a newline; the exit status is ansible-config's (5 for a missing or bad configuration,
    /// 1 for `view` without a file, 2 for an option Swansible does not take).
    public func run(write: (String) -> Void, warn: (String) -> Void, error: (String) -> Void) -> Int32 {
        let type = self.type ?? "base"
        guard type == "base" || type == "all" else {
            if Self.pluginTypes.contains(type) {
                error("swansible config shows base settings (-t base) or base and plugin settings together (-t all); -t \(type) alone is not supported")
            } else {
                error("argument -t/--type: invalid choice: '\(type)' (choose from 'all', 'base')")
            }
            return 2
        }
        let formats = action == .list ? ["json", "yaml"] : action == .dump ? ["json", "yaml", "display"] : []
        if let format, !formats.contains(format) {
            let choices = formats.map { "'\($0)'" }.joined(separator: ", ")
            error(formats.isEmpty ? "view takes no --format" : "argument --format/-f: invalid choice: '\(format)' (choose from \(choices))")
            return 2
        }
        var environment = self.environment
        if let configFile {
            let path = ConfigPath.resolve(configFile, base: currentDirectory, environment: environment)
            guard FileManager.default.isReadableFile(atPath: path) else {
                error("The provided configuration file is missing or not accessible: \(path)")
                return 5
            }
            environment["ANSIBLE_CONFIG"] = path
        }
        if action == .view { return view(environment: environment, write: write, warn: warn, error: error) }
        let config: AnsibleConfig
        do {
            config = try AnsibleConfig.load(environment: environment, currentDirectory: currentDirectory)
        } catch let failure {
            error(String(describing: failure))
            return 5
        }
        config.warnings.forEach(warn)
        if action == .list {
            write(list(all: type == "all"))
        } else {
            write(dump(config, all: type == "all"))
        }
        return 0
    }

    private func view(environment: [String: String], write: (String) -> Void, warn: (String) -> Void, error: (String) -> Void) -> Int32 {
        var warnings: [String] = []
        let found = AnsibleConfig.findFile(environment: environment, currentDirectory: currentDirectory, warnings: &warnings)
        warnings.forEach(warn)
        guard let path = found,
              let data = FileManager.default.contents(atPath: path) else {
            error("Invalid or no config file was supplied")
            return 1
        }
        let text = String(decoding: data, as: UTF8.self)
        write(text.hasSuffix("\n") ? text : text + "\n")
        return 0
    }

    // MARK: dump

    /// The settings `dump` shows, by section: the base ones with `CONFIG_FILE` first, then with
    /// `-t all` each plugin's, grouped by plugin type.
    func dump(_ config: AnsibleConfig, all: Bool) -> String {
        let values = config.settings.values.filter { !onlyChanged || $0.isChanged }
        let base = values.filter { $0.setting.scope == .base }
            .map { (name: $0.setting.name, origin: $0.origin.dumpText, value: $0.value) }
            + [(name: "CONFIG_FILE", origin: "", value: config.path.map(Value.string) ?? .null)]
        var plugins: [(type: String, name: String, settings: [(name: String, origin: String, value: Value)])] = []
        if all {
            for value in values {
                guard case .plugin(let type, let name) = value.setting.scope else { continue }
                let entry = (name: value.setting.name, origin: value.origin.dumpText, value: value.value)
                if let i = plugins.firstIndex(where: { $0.type == type && $0.name == name }) {
                    plugins[i].settings.append(entry)
                } else {
                    plugins.append((type, name, [entry]))
                }
            }
            plugins.sort { ($0.type, $0.name) < ($1.type, $1.name) }
        }
        func sorted(_ s: [(name: String, origin: String, value: Value)]) -> [(name: String, origin: String, value: Value)] {
            s.sorted { $0.name < $1.name }
        }
        func entries(_ s: [(name: String, origin: String, value: Value)]) -> Value {
            .list(sorted(s).map { ["name": .string($0.name), "origin": .string($0.origin), "value": $0.value] })
        }
        switch format ?? "display" {
        case "json", "yaml":
            var document = entries(base).listValue ?? []
            document.append(["GALAXY_SERVERS": [:]])
            for type in Set(plugins.map(\.type)).sorted() {
                let ofType = plugins.filter { $0.type == type }
                document.append(.dict([type.uppercased() + "_PLUGINS": .list(ofType.map { .dict([$0.name: entries($0.settings)]) })]))
            }
            if format == "json" { return Value.list(document).jsonText(indent: 4) + "\n" }
            return YAMLDumper(indent: 2, flowStyle: false, sortKeys: true).dump(.list(document))
        default:
            var lines = sorted(base).map { "\($0.name)(\($0.origin)) = \($0.value.pythonString)" }
            lines += ["", "GALAXY_SERVERS:"]
            if !plugins.isEmpty { lines.append("") }
            for type in Set(plugins.map(\.type)).sorted() {
                lines += ["", type.uppercased() + ":", String(repeating: "=", count: type.count)]
                for plugin in plugins where plugin.type == type {
                    lines += ["", plugin.name + ":", String(repeating: "_", count: plugin.name.count)]
                    lines += sorted(plugin.settings).map { "\($0.name)(\($0.origin)) = \($0.value.pythonString)" }
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    // MARK: list

    /// Every setting of the table with its default, description, variables, ini entries and type,
    /// by name; with `-t all` the plugin options under `PLUGINS`, by plugin type and name.
    func list(all: Bool) -> String {
        func describe(_ s: ConfigSetting) -> Value {
            var d: ValueDict = ["description": .string(s.description),
                                "env": .list(s.env.map { ["name": .string($0)] }),
                                "ini": .list(s.ini.map { ["key": .string($0.key), "section": .string($0.section)] }),
                                "type": .string(s.type.rawValue)]
            switch s.defaultValue {
            case .none: break
            case .value(let v): d["default"] = v
            case .text(let t): d["default"] = .string(t)
            case .derived(let shown, _): d["default"] = .string(shown)
            }
            return .dict(d)
        }
        var document = ValueDict()
        var plugins = ValueDict()
        for setting in ConfigSetting.table {
            switch setting.scope {
            case .base: document[setting.name] = describe(setting)
            case .plugin(let type, let name):
                var ofType = plugins[type.uppercased()]?.dictValue ?? [:]
                var ofPlugin = ofType[name]?.dictValue ?? [:]
                ofPlugin[setting.name] = describe(setting)
                ofType[name] = .dict(ofPlugin)
                plugins[type.uppercased()] = .dict(ofType)
            }
        }
        if all { document["PLUGINS"] = .dict(plugins) }
        if format == "json" { return Value.dict(document).jsonText(indent: 4, sortKeys: true) + "\n" }
        return YAMLDumper(indent: 2, flowStyle: false, sortKeys: true).dump(.dict(document))
    }
}
