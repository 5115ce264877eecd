import Foundation
import SwansibleYAML

/// The table of settings: where each one is read from (environment variables, ini section/key).
extension AnsibleConfig {
    mutating func apply(_ r: ConfigSettingReader) throws {
        let defaults = "defaults", ssh = "ssh_connection", escalation = "privilege_escalation"
        if let v = r.pathList(env: ["ANSIBLE_INVENTORY"], ini: [(defaults, "inventory")]) { inventory = v }
        remoteUser = r.string(env: ["ANSIBLE_REMOTE_USER"], ini: [(defaults, "remote_user")])
        remotePort = try r.int(env: ["ANSIBLE_REMOTE_PORT"], ini: [(defaults, "remote_port")], name: "remote_port")

        let home = r.environment["ANSIBLE_HOME"].map { ConfigPath.resolve($0, base: r.currentDirectory, environment: r.environment) }
            ?? ConfigPath.expandUser("~/.ansible", environment: r.environment)
        rolesPath = r.pathSpec(env: ["ANSIBLE_ROLES_PATH"], ini: [(defaults, "roles_path")])
            ?? [home + "/roles", "/usr/share/ansible/roles", "/etc/ansible/roles"]

        hostKeyChecking = r.bool(env: ["ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING"],
                                 ini: [(defaults, "host_key_checking"), (ssh, "host_key_checking")]) ?? true
        forks = try r.int(env: ["ANSIBLE_FORKS"], ini: [(defaults, "forks")], name: "forks") ?? 5
        ansibleManaged = r.string(env: [], ini: [(defaults, "ansible_managed")])
        retryFilesEnabled = r.bool(env: ["ANSIBLE_RETRY_FILES_ENABLED"], ini: [(defaults, "retry_files_enabled")]) ?? false
        localhostWarning = r.bool(env: ["ANSIBLE_LOCALHOST_WARNING"], ini: [(defaults, "localhost_warning")]) ?? true
        retryFilesSavePath = r.path(env: ["ANSIBLE_RETRY_FILES_SAVE_PATH"], ini: [(defaults, "retry_files_save_path")])
        privateKeyFile = r.path(env: ["ANSIBLE_PRIVATE_KEY_FILE"], ini: [(defaults, "private_key_file")])
        timeout = try r.int(env: ["ANSIBLE_TIMEOUT"], ini: [(defaults, "timeout")], name: "timeout") ?? 10
        become = r.bool(env: ["ANSIBLE_BECOME"], ini: [(escalation, "become")]) ?? false
        becomeUser = r.string(env: ["ANSIBLE_BECOME_USER"], ini: [(escalation, "become_user")]) ?? "root"
        becomeMethod = r.string(env: ["ANSIBLE_BECOME_METHOD"], ini: [(escalation, "become_method")]) ?? "sudo"
        becomeAskPass = r.bool(env: ["ANSIBLE_BECOME_ASK_PASS"], ini: [(escalation, "become_ask_pass")]) ?? false
        becomePasswordFile = r.path(env: ["ANSIBLE_BECOME_PASSWORD_FILE"], ini: [(defaults, "become_password_file")])
        becomePassword = r.string(env: ["ANSIBLE_BECOME_PASS", "ANSIBLE_SUDO_PASS"], ini: [("sudo_become_plugin", "password")])
            .flatMap { $0.isEmpty ? nil : $0 }
        gathering = r.string(env: ["ANSIBLE_GATHERING"], ini: [(defaults, "gathering")]) ?? "implicit"
        if let (text, origin) = r.raw(env: ["ANSIBLE_DUPLICATE_YAML_DICT_KEY"], ini: [(defaults, "duplicate_dict_key")]) {
            guard let policy = YAMLDuplicateKeys(rawValue: ConfigSettingReader.unquote(text).lowercased()) else {
                throw r.error(origin, "duplicate_dict_key must be one of warn, error, ignore; got \(String(reflecting: text))")
            }
            duplicateDictKey = policy
        }
        try refuseUnsupported(r)
        readVaultSettings(r)
        if let v = r.list(env: ["ANSIBLE_INVENTORY_IGNORE"], ini: [(defaults, "inventory_ignore_extensions"), ("inventory", "ignore_extensions")]) {
            inventoryIgnoreExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst"] + v
        }
        if let v = r.list(env: ["ANSIBLE_INVENTORY_IGNORE_REGEX"], ini: [(defaults, "inventory_ignore_patterns"), ("inventory", "ignore_patterns")]) {
            inventoryIgnorePatterns = v
        }

        sshArgs = r.string(env: ["ANSIBLE_SSH_ARGS"], ini: [(ssh, "ssh_args")])
        sshCommonArgs = r.string(env: ["ANSIBLE_SSH_COMMON_ARGS"], ini: [(ssh, "ssh_common_args")])
        sshExtraArgs = r.string(env: ["ANSIBLE_SSH_EXTRA_ARGS"], ini: [(ssh, "ssh_extra_args")])
        sshConfigFile = try findSSHConfigFile(r)
    }

    /// Settings ansible-core has that would change what a run does, but that Swansible does not
    /// implement yet: refused (or warned about) rather than silently ignored.
    private mutating func refuseUnsupported(_ r: ConfigSettingReader) throws {
        if let (text, origin) = r.raw(env: ["ANSIBLE_HASH_BEHAVIOUR"], ini: [("defaults", "hash_behaviour")]),
           ConfigSettingReader.unquote(text).lowercased() != "replace" {
            throw r.error(origin, "hash_behaviour = \(ConfigSettingReader.unquote(text)) is not supported by Swansible; only replace (ansible's default) is")
        }
    }

    /// Where vault passwords come from when the command line does not say.
    private mutating func readVaultSettings(_ r: ConfigSettingReader) {
        vaultPasswordFile = r.path(env: ["ANSIBLE_VAULT_PASSWORD_FILE"], ini: [("defaults", "vault_password_file")])
        vaultIdentityList = r.list(env: ["ANSIBLE_VAULT_IDENTITY_LIST"], ini: [("defaults", "vault_identity_list")]) ?? []
        vaultIdentity = r.string(env: ["ANSIBLE_VAULT_IDENTITY"], ini: [("defaults", "vault_identity")]) ?? "default"
        vaultIDMatch = r.bool(env: ["ANSIBLE_VAULT_ID_MATCH"], ini: [("defaults", "vault_id_match")]) ?? false
        vaultEncryptIdentity = r.string(env: ["ANSIBLE_VAULT_ENCRYPT_IDENTITY"], ini: [("defaults", "vault_encrypt_identity")])
        vaultEncryptSalt = r.string(env: ["ANSIBLE_VAULT_ENCRYPT_SALT"], ini: [("defaults", "vault_encrypt_salt")])
    }

    /// The `-F FILE` (or `-FFILE`) of the ssh arguments; a relative FILE is looked for in the
    /// current directory, then beside the cfg file.
    private func findSSHConfigFile(_ r: ConfigSettingReader) throws -> String? {
        for args in [sshArgs, sshCommonArgs, sshExtraArgs].compactMap({ $0 }) {
            let words: [String]
            do { words = try ShellWords.split(args) } catch {
                throw ConfigError(file: path, line: nil, message: "cannot split the ssh arguments \(String(reflecting: args)): \(error)")
            }
            var file: String?
            for (i, word) in words.enumerated() {
                if word == "-F", i + 1 < words.count { file = words[i + 1]; break }
                if word.hasPrefix("-F"), word.count > 2 { file = String(word.dropFirst(2)); break }
            }
            guard let file else { continue }
            let expanded = ConfigPath.expandUser(file, environment: r.environment)
            if expanded.hasPrefix("/") { return ConfigPath.normalize(expanded) }
            let inCurrent = ConfigPath.resolve(expanded, base: r.currentDirectory, environment: r.environment)
            if FileManager.default.fileExists(atPath: inCurrent) { return inCurrent }
            if let path {
                let besideConfig = ConfigPath.resolve(expanded, base: ConfigPath.directory(of: path), environment: r.environment)
                if FileManager.default.fileExists(atPath: besideConfig) { return besideConfig }
            }
            return inCurrent
        }
        return nil
    }
}
