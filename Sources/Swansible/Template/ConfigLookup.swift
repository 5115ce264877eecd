import Foundation
import Jinja

/// The `config` lookup: values of ansible-core's configuration settings by their constant names
/// (`DEFAULT_ROLES_PATH`, `DEFAULT_FORKS`, ...), for the settings Swansible reads.
extension Lookups {
    static var configTable: [String: Lookup] {
        ["config": { terms, options, ctx in try config(terms, options, ctx) }]
    }

    static func config(_ terms: [Value], _ options: ValueDict, _ ctx: LookupContext) throws -> [Value] {
        let onMissing = options["on_missing"]?.pythonString ?? "error"
        guard ["error", "warn", "skip"].contains(onMissing) else {
            throw TemplateError.lookup("config", "Invalid value '\(onMissing)' for config 'on_missing' for 'config' lookup plugin.")
        }
        if options["show_origin"]?.isTruthy ?? false {
            throw TemplateError.lookup("config", "show_origin is not supported: Swansible does not record where a setting came from")
        }
        let pluginType = options["plugin_type"].flatMap { $0 == .null ? nil : $0.pythonString }
        let pluginName = options["plugin_name"].flatMap { $0 == .null ? nil : $0.pythonString }
        guard (pluginType == nil) == (pluginName == nil) else {
            throw TemplateError.lookup("config", "Both plugin_type and plugin_name are required, cannot use one without the other.")
        }
        let config = ctx.templar.options.config ?? AnsibleConfig.controllerDefault
        var out: [Value] = []
        for term in terms {
            guard case .string(let name) = term else {
                throw TemplateError.lookup("config", "Invalid setting identifier, \(term.pythonRepr) is not a string.")
            }
            let value: Value?
            if let pluginType, let pluginName {
                value = config.pluginSetting(type: pluginType, plugin: pluginName, name: name)
            } else {
                value = config.setting(named: name)
            }
            if let value { out.append(value); continue }
            if onMissing == "error" {
                let what = pluginType.map { "\($0) plugin \(pluginName ?? "")" } ?? "config"
                throw TemplateError.lookup("config", "No \(what) definition exists for '\(name)'.")
            }
        }
        return out
    }
}

extension AnsibleConfig {
    /// The controller's configuration (ansible.cfg and `ANSIBLE_*` of this process), for templars
    /// built without one; plain defaults when the file cannot be read.
    static let controllerDefault: AnsibleConfig = {
        (try? AnsibleConfig.load(environment: ProcessInfo.processInfo.environment,
                                 currentDirectory: FileManager.default.currentDirectoryPath)) ?? AnsibleConfig()
    }()

    /// A setting by ansible-core's constant name, as the `config` lookup returns it; nil when
    /// Swansible does not know the name.
    public func setting(named name: String) -> Value? {
        func optional(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        func strings(_ l: [String]) -> Value { .list(l.map(Value.string)) }
        switch name {
        case "DEFAULT_HOST_LIST": return strings(inventory)
        case "DEFAULT_REMOTE_USER": return optional(remoteUser)
        case "DEFAULT_REMOTE_PORT": return remotePort.map(Value.int) ?? .null
        case "DEFAULT_ROLES_PATH": return strings(rolesPath)
        case "HOST_KEY_CHECKING": return .bool(hostKeyChecking)
        case "DEFAULT_FORKS": return .int(forks)
        case "DEFAULT_MANAGED_STR": return .string(ansibleManaged ?? "Ansible managed")
        case "RETRY_FILES_ENABLED": return .bool(retryFilesEnabled)
        case "DEFAULT_PRIVATE_KEY_FILE": return optional(privateKeyFile)
        case "DEFAULT_TIMEOUT": return .int(timeout)
        case "DEFAULT_BECOME": return .bool(become)
        case "DEFAULT_BECOME_USER": return optional(becomeUser)
        case "DEFAULT_BECOME_METHOD": return optional(becomeMethod)
        case "DEFAULT_GATHERING": return .string(gathering)
        case "DEFAULT_VAULT_PASSWORD_FILE": return optional(vaultPasswordFile)
        case "DEFAULT_HASH_BEHAVIOUR": return "replace"  // the only behaviour the configuration accepts
        case "DUPLICATE_YAML_DICT_KEY": return .string(duplicateDictKey.rawValue)
        case "INVENTORY_IGNORE_EXTS": return strings(inventoryIgnoreExtensions)
        case "INVENTORY_IGNORE_PATTERNS": return strings(inventoryIgnorePatterns)
        default: return nil
        }
    }

    /// A plugin's option (`plugin_type='connection', plugin_name='ssh'`); only the ssh
    /// connection's settings that Swansible reads are known.
    func pluginSetting(type: String, plugin: String, name: String) -> Value? {
        guard type == "connection", AnsibleTemplar.ansibleEnvironment.unqualified(plugin) == "ssh" else { return nil }
        switch name {
        case "remote_user": return remoteUser.map(Value.string) ?? .null
        case "port": return remotePort.map(Value.int) ?? .null
        case "host_key_checking": return .bool(hostKeyChecking)
        case "private_key_file": return privateKeyFile.map(Value.string) ?? .null
        case "timeout": return .int(timeout)
        case "ssh_args": return .string(sshArgs ?? "-C -o ControlMaster=auto -o ControlPersist=60s")
        case "ssh_common_args": return .string(sshCommonArgs ?? "")
        case "ssh_extra_args": return .string(sshExtraArgs ?? "")
        default: return nil
        }
    }
}
