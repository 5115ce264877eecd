import Foundation
import SwansibleYAML

/// The settings of ansible.cfg and the `ANSIBLE_*` environment that Swansible uses, resolved like
/// ansible-core: environment over file over default; paths from the file are relative to the
/// file's directory, paths from the environment to the current directory.
public struct AnsibleConfig: Sendable {
    /// The ansible.cfg that was read, nil when none was found.
    public var path: String?
    /// `[defaults] inventory` (comma separated) / `ANSIBLE_INVENTORY`; default `/etc/ansible/hosts`.
    public var inventory: [String] = ["/etc/ansible/hosts"]
    /// `[defaults] remote_user` / `ANSIBLE_REMOTE_USER`.
    public var remoteUser: String?
    /// `[defaults] remote_port` / `ANSIBLE_REMOTE_PORT`.
    public var remotePort: Int?
    /// `[defaults] roles_path` (colon separated) / `ANSIBLE_ROLES_PATH`.
    public var rolesPath: [String] = []
    /// `[defaults] collections_path` / `ANSIBLE_COLLECTIONS_PATH`: roots of installed collections.
    public var collectionsPath: [String] = []
    /// `library` / `ANSIBLE_LIBRARY` (with `-M` before it), `action_plugins`, `module_utils`:
    /// where the content's own modules, action plugins and module utilities are.
    public var modulePath: [String] = []
    public var actionPluginPath: [String] = []
    public var moduleUtilsPath: [String] = []
    /// `interpreter_python` / `ANSIBLE_PYTHON_INTERPRETER`: under `ansible_python_interpreter`.
    public var interpreterPython = "auto"
    /// `deprecation_warnings` / `ANSIBLE_DEPRECATION_WARNINGS`.
    public var deprecationWarnings = true
    /// `host_key_checking` in `[defaults]` or `[ssh_connection]` / `ANSIBLE_HOST_KEY_CHECKING`.
    public var hostKeyChecking = true
    public var forks = 5
    /// `[defaults] ansible_managed`, nil when not configured (the templar then uses "Ansible managed").
    public var ansibleManaged: String?
    /// `[defaults] retry_files_enabled`: write `<playbook>.retry` listing failed hosts.
    public var retryFilesEnabled = false
    /// The default callback's `show_custom_stats` / `ANSIBLE_SHOW_CUSTOM_STATS`.
    public var showCustomStats = false
    /// `error_on_missing_handler`: notifying an unknown handler stops the run (else a warning).
    public var errorOnMissingHandler = true
    /// `localhost_warning` / `ANSIBLE_LOCALHOST_WARNING`: warn when the inventory has no hosts.
    public var localhostWarning = true
    /// `[defaults] retry_files_save_path`, resolved; nil: beside the playbook.
    public var retryFilesSavePath: String?
    /// `[defaults] private_key_file` / `ANSIBLE_PRIVATE_KEY_FILE`, resolved.
    public var privateKeyFile: String?
    /// Connection timeout in seconds.
    public var timeout = 10
    /// `[privilege_escalation] become`, `become_user` (default root), `become_method` (default sudo).
    public var become = false
    public var becomeUser: String? = "root"
    public var becomeMethod: String? = "sudo"
    /// `[privilege_escalation] become_ask_pass` / `ANSIBLE_BECOME_ASK_PASS`: prompt like `-K`.
    public var becomeAskPass = false
    /// `[defaults] become_password_file` / `ANSIBLE_BECOME_PASSWORD_FILE`, resolved.
    public var becomePasswordFile: String?
    /// sudo's own password setting (`ANSIBLE_BECOME_PASS`, `ANSIBLE_SUDO_PASS`,
    /// `[sudo_become_plugin] password`): below the command line and the host's variables.
    public var becomePassword: String?
    /// `[defaults] stdout_callback` / `ANSIBLE_STDOUT_CALLBACK`: which callback prints the run.
    public var stdoutCallback = "default"
    /// `force_color`: colours even when standard output is not a terminal.
    public var forceColor = false
    /// `nocolor` (or `NO_COLOR`): no colours on a terminal.
    public var noColor = false
    /// The `[colors]` settings that differ from ansible-core's defaults, by key (`ok`, `diff_add`).
    public var colourNames: [String: String] = [:]
    /// `[defaults] callbacks_enabled`, as given.
    public var callbacksEnabled: [String] = []
    /// `callbacks_enabled` names profile_tasks or profile_roles (with or without their
    /// collection's prefix): the `--profile` report is printed.
    public var profileCallbackEnabled: Bool {
        callbacksEnabled.contains { ["profile_tasks", "profile_roles"].contains($0.split(separator: ".").last.map(String.init) ?? $0) }
    }
    /// `[defaults] gathering`: implicit, explicit or smart.
    public var gathering = "implicit"
    /// `[ssh_connection] ssh_args` / `ANSIBLE_SSH_ARGS`, nil when not configured.
    public var sshArgs: String?
    /// `[ssh_connection] ssh_common_args` and `ssh_extra_args`.
    public var sshCommonArgs: String?
    public var sshExtraArgs: String?
    /// The FILE of `-F FILE` in the ssh arguments, resolved against the current directory, or the
    /// cfg file's directory when it is not found there.
    public var sshConfigFile: String?
    /// `[defaults] vault_password_file` / `ANSIBLE_VAULT_PASSWORD_FILE`, resolved: the password
    /// file (or script) used when the command line names no vault password.
    public var vaultPasswordFile: String?
    /// `vault_identity_list`: `label@source` entries always read.
    public var vaultIdentityList: [String] = []
    /// `vault_identity`: the label of `--vault-password-file` and `--ask-vault-pass` passwords.
    public var vaultIdentity = "default"
    /// `vault_id_match`: decrypt only with secrets whose label is the envelope's.
    public var vaultIDMatch = false
    /// `vault_encrypt_identity`: the vault id `swansible vault` encrypts with.
    public var vaultEncryptIdentity: String?
    /// `vault_encrypt_salt`: a fixed salt for encryption (reproducible output, for tests).
    public var vaultEncryptSalt: String?
    /// `[defaults] duplicate_dict_key` / `ANSIBLE_DUPLICATE_YAML_DICT_KEY`: what a repeated
    /// mapping key in playbooks, inventories and vars files does (warn, error or ignore).
    public var duplicateDictKey = YAMLDuplicateKeys.warn
    /// File name endings an inventory directory skips.
    public var inventoryIgnoreExtensions = AnsibleConfig.rejectedExtensions + [".orig", ".cfg", ".retry"]
    /// Regular expressions of file names an inventory directory skips.
    public var inventoryIgnorePatterns: [String] = []
    /// Every setting of `ConfigSetting.table` with its value and where it came from (what
    /// `swansible config dump` prints); the fields above are made from these.
    public var settings = ConfigSettingValues()
    /// Problems worth telling the user about (an ignored ansible.cfg in a world-writable directory).
    public var warnings: [String] = []

    var file: INIConfigFile?

    public init() {}

    /// Finds the file like ansible: `$ANSIBLE_CONFIG` (a file, or a directory holding ansible.cfg),
    /// `./ansible.cfg` (unless the directory is world-writable), `~/.ansible.cfg`,
    /// `/etc/ansible/ansible.cfg`; then applies the `ANSIBLE_*` environment.
    public static func load(environment: [String: String], currentDirectory: String) throws -> AnsibleConfig {
        var config = AnsibleConfig()
        var warnings: [String] = []
        config.path = findFile(environment: environment, currentDirectory: currentDirectory, warnings: &warnings)
        if let path = config.path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(file: path, line: nil, message: "could not read the configuration file")
            }
            config.file = try INIConfigFile(path: path, text: String(decoding: data, as: UTF8.self))
        }
        let reader = ConfigSettingReader(file: config.file, environment: environment, currentDirectory: currentDirectory)
        config.warnings = warnings
        try config.apply(reader)
        return config
    }

    /// The raw value of any key of the file (unknown keys included), unquoted; nil when absent.
    public func value(section: String, key: String) -> String? {
        file?.entry(section: section, key: key).map { ConfigSettingReader.unquote($0.value) }
    }

    static func findFile(environment: [String: String], currentDirectory: String, warnings: inout [String]) -> String? {
        var candidates: [String] = []
        let fm = FileManager.default
        var fromEnvironment: String?
        if let env = environment["ANSIBLE_CONFIG"] {
            var p = ConfigPath.resolve(env, base: currentDirectory, environment: environment)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: p, isDirectory: &isDirectory), isDirectory.boolValue { p += "/ansible.cfg" }
            fromEnvironment = p
            candidates.append(p)
        }
        let local = ConfigPath.normalize(currentDirectory + "/ansible.cfg")
        var skippedLocal = false
        if isWorldWritable(currentDirectory) {
            skippedLocal = fm.fileExists(atPath: local)
        } else {
            candidates.append(local)
        }
        if let home = environment["HOME"] { candidates.append(home + "/.ansible.cfg") }
        candidates.append("/etc/ansible/ansible.cfg")
        let found = candidates.first { fm.fileExists(atPath: $0) && fm.isReadableFile(atPath: $0) }
        if skippedLocal, found == nil || found != fromEnvironment {
            warnings.append("Ansible is being run in a world writable directory (\(currentDirectory)), ignoring it as an ansible.cfg source.")
        }
        return found
    }

    private static func isWorldWritable(_ directory: String) -> Bool {
        var info = stat()
        guard stat(directory, &info) == 0 else { return false }
        return info.st_mode & S_IWOTH != 0
    }
}
