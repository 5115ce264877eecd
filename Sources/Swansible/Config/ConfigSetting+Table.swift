/// Every setting Swansible reads, in the order they are read (a derived default may use only
/// settings above it). Names, types, variables and ini entries are ansible-core's; the
/// descriptions are Swansible's. To read a new setting: add it here and to `table`, then use it in
/// `AnsibleConfig.apply`.
extension ConfigSetting {
    static let defaults = "defaults", ssh = "ssh_connection", escalation = "privilege_escalation"
    static let sshPlugin = Scope.plugin(type: "connection", name: "ssh")

    public static let ansibleHome = ConfigSetting(
        "ANSIBLE_HOME", "The directory that holds Ansible's own files on the controller; the default roles directory is inside it.",
        type: .path, default: .text("~/.ansible"), env: ["ANSIBLE_HOME"], ini: [(defaults, "home")])
    public static let hostList = ConfigSetting(
        "DEFAULT_HOST_LIST", "The inventory sources used when the command line names none: files, directories or host lists, comma separated.",
        type: .pathlist, default: .value(["/etc/ansible/hosts"]), env: ["ANSIBLE_INVENTORY"], ini: [(defaults, "inventory")])
    public static let remoteUser = ConfigSetting(
        "DEFAULT_REMOTE_USER", "The user to log in as on the hosts when neither the command line nor the inventory says; none means the connection's own default.",
        type: .string, env: ["ANSIBLE_REMOTE_USER"], ini: [(defaults, "remote_user")])
    public static let remotePort = ConfigSetting(
        "DEFAULT_REMOTE_PORT", "The SSH port of the hosts when the inventory does not give one; none means 22 or the ssh_config file's.",
        type: .integer, env: ["ANSIBLE_REMOTE_PORT"], ini: [(defaults, "remote_port")])
    public static let rolesPath = ConfigSetting(
        "DEFAULT_ROLES_PATH", "Directories where roles are looked for after the playbook's own roles directory, colon separated.",
        type: .pathspec,
        default: .derived(shown: "{{ ANSIBLE_HOME ~ \"/roles:/usr/share/ansible/roles:/etc/ansible/roles\" }}") { earlier in
            earlier[ConfigSetting.ansibleHome.id]?.value.stringValue.map { $0 + "/roles:/usr/share/ansible/roles:/etc/ansible/roles" }
        },
        env: ["ANSIBLE_ROLES_PATH"], ini: [(defaults, "roles_path")])
    public static let collectionsPath = ConfigSetting(
        "COLLECTIONS_PATHS", "Directories holding installed collections (each in ansible_collections/<namespace>/<name> below them), searched after collections/ beside the playbook, colon separated.",
        type: .pathspec,
        default: .derived(shown: "{{ ANSIBLE_HOME ~ \"/collections:/usr/share/ansible/collections\" }}") { earlier in
            earlier[ConfigSetting.ansibleHome.id]?.value.stringValue.map { $0 + "/collections:/usr/share/ansible/collections" }
        },
        env: ["ANSIBLE_COLLECTIONS_PATH"], ini: [(defaults, "collections_path")])
    public static let modulePath = pluginPath(
        "DEFAULT_MODULE_PATH", "Directories where the content's own modules are looked for, before library/ beside the playbook and in roles, colon separated.",
        subdirectory: "modules", env: "ANSIBLE_LIBRARY", ini: "library")
    public static let actionPluginPath = pluginPath(
        "DEFAULT_ACTION_PLUGIN_PATH", "Directories where action plugins are looked for; Swansible refuses to run the ones it finds, which are Python.",
        subdirectory: "action", env: "ANSIBLE_ACTION_PLUGINS", ini: "action_plugins")
    public static let moduleUtilsPath = pluginPath(
        "DEFAULT_MODULE_UTILS_PATH", "Directories whose Python files the content's Python modules import as ansible.module_utils, colon separated.",
        subdirectory: "module_utils", env: "ANSIBLE_MODULE_UTILS", ini: "module_utils")
    public static let deprecationWarnings = ConfigSetting(
        "DEPRECATION_WARNINGS", "Whether to tell about features that ansible-core will remove (the oneline callback).",
        type: .boolean, default: .value(true), env: ["ANSIBLE_DEPRECATION_WARNINGS"], ini: [(defaults, "deprecation_warnings")])
    public static let forceColor = ConfigSetting(
        "ANSIBLE_FORCE_COLOR", "Whether output is in colour even when it is not a terminal; wins over nocolor.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_FORCE_COLOR"], ini: [(defaults, "force_color")])
    public static let noColor = ConfigSetting(
        "ANSIBLE_NOCOLOR", "Whether output on a terminal is without colour.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_NOCOLOR", "NO_COLOR"], ini: [(defaults, "nocolor")])
    /// ansible-core's `[colors]` keys, each with its default colour.
    public static let colourDefaults: [(key: String, colour: String)] = [
        ("changed", "yellow"), ("debug", "dark gray"), ("deprecate", "purple"), ("diff_add", "green"), ("diff_lines", "cyan"),
        ("diff_remove", "red"), ("error", "red"), ("highlight", "white"), ("included", "cyan"), ("ok", "green"), ("skip", "cyan"),
        ("unreachable", "bright red"), ("verbose", "blue"), ("warn", "bright purple"),
    ]
    /// The `[colors]` settings (`COLOR_OK`, `ANSIBLE_COLOR_OK`, `[colors] ok`...).
    public static let colours: [ConfigSetting] = colourDefaults.map { key, colour in
        ConfigSetting(
            "COLOR_" + key.uppercased(), "The colour of \(key.replacingOccurrences(of: "_", with: " ")) text on a terminal.",
            type: .string, default: .value(.string(colour)), env: ["ANSIBLE_COLOR_" + key.uppercased()], ini: [("colors", key)])
    }
    public static let interpreterPython = ConfigSetting(
        "INTERPRETER_PYTHON", "The Python that runs the content's Python modules on the hosts; auto and its variants look for one. Swansible's own modules need none.",
        type: .string, default: .value("auto"), env: ["ANSIBLE_PYTHON_INTERPRETER"], ini: [(defaults, "interpreter_python")])

    /// A `pathspec` setting whose default is `$ANSIBLE_HOME/plugins/<subdirectory>` and
    /// `/usr/share/ansible/plugins/<subdirectory>`.
    static func pluginPath(_ name: String, _ description: String, subdirectory: String, env: String, ini: String) -> ConfigSetting {
        let tail = "/plugins/\(subdirectory):/usr/share/ansible/plugins/\(subdirectory)"
        return ConfigSetting(
            name, description, type: .pathspec,
            default: .derived(shown: "{{ ANSIBLE_HOME ~ \"\(tail)\" }}") { earlier in
                earlier[ConfigSetting.ansibleHome.id]?.value.stringValue.map { $0 + tail }
            },
            env: [env], ini: [(defaults, ini)])
    }
    public static let hostKeyChecking = ConfigSetting(
        "HOST_KEY_CHECKING", "Whether a host's SSH key must be known before connecting; the ssh connection's host_key_checking reads this and more.",
        type: .boolean, default: .value(true), env: ["ANSIBLE_HOST_KEY_CHECKING"], ini: [(defaults, "host_key_checking")])
    public static let forks = ConfigSetting(
        "DEFAULT_FORKS", "How many hosts a task runs on at the same time.",
        type: .integer, default: .value(5), env: ["ANSIBLE_FORKS"], ini: [(defaults, "forks")])
    public static let managedString = ConfigSetting(
        "DEFAULT_MANAGED_STR", "The text of the ansible_managed variable in templates.",
        type: .string, default: .value("Ansible managed"), env: [], ini: [(defaults, "ansible_managed")])
    public static let retryFilesEnabled = ConfigSetting(
        "RETRY_FILES_ENABLED", "Whether a run that failed on some hosts writes <playbook>.retry listing them.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_RETRY_FILES_ENABLED"], ini: [(defaults, "retry_files_enabled")])
    public static let showCustomStats = ConfigSetting(
        "show_custom_stats", scope: .plugin(type: "callback", name: "default"),
        "Whether the statistics of set_stats are printed after the PLAY RECAP.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_SHOW_CUSTOM_STATS"], ini: [(defaults, "show_custom_stats")])
    public static let errorOnMissingHandler = ConfigSetting(
        "ERROR_ON_MISSING_HANDLER", "Whether notifying a handler that does not exist stops the run with an error (otherwise a warning).",
        type: .boolean, default: .value(true), env: ["ANSIBLE_ERROR_ON_MISSING_HANDLER"], ini: [(defaults, "error_on_missing_handler")])
    public static let localhostWarning = ConfigSetting(
        "LOCALHOST_WARNING", "Whether to warn when the inventory has no hosts and only the implicit localhost is left.",
        type: .boolean, default: .value(true), env: ["ANSIBLE_LOCALHOST_WARNING"], ini: [(defaults, "localhost_warning")])
    public static let retryFilesSavePath = ConfigSetting(
        "RETRY_FILES_SAVE_PATH", "The directory for .retry files; none means beside the playbook.",
        type: .path, env: ["ANSIBLE_RETRY_FILES_SAVE_PATH"], ini: [(defaults, "retry_files_save_path")])
    public static let privateKeyFile = ConfigSetting(
        "DEFAULT_PRIVATE_KEY_FILE", "The private key used to log in to the hosts, as --private-key gives it.",
        type: .path, env: ["ANSIBLE_PRIVATE_KEY_FILE"], ini: [(defaults, "private_key_file")])
    public static let timeout = ConfigSetting(
        "DEFAULT_TIMEOUT", "Seconds to wait for a host's connection and SSH handshake.",
        type: .integer, default: .value(10), env: ["ANSIBLE_TIMEOUT"], ini: [(defaults, "timeout")])
    public static let become = ConfigSetting(
        "DEFAULT_BECOME", "Whether tasks run as another user (become) unless a play or task says otherwise.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_BECOME"], ini: [(escalation, "become")])
    public static let becomeUser = ConfigSetting(
        "DEFAULT_BECOME_USER", "The user tasks become.",
        type: .string, default: .value("root"), env: ["ANSIBLE_BECOME_USER"], ini: [(escalation, "become_user")])
    public static let becomeMethod = ConfigSetting(
        "DEFAULT_BECOME_METHOD", "How tasks become another user (sudo, su...).",
        type: .string, default: .value("sudo"), env: ["ANSIBLE_BECOME_METHOD"], ini: [(escalation, "become_method")])
    public static let becomeAskPass = ConfigSetting(
        "DEFAULT_BECOME_ASK_PASS", "Whether to ask for the become password before the run, as -K does.",
        type: .boolean, default: .value(false), env: ["ANSIBLE_BECOME_ASK_PASS"], ini: [(escalation, "become_ask_pass")])
    public static let becomePasswordFile = ConfigSetting(
        "BECOME_PASSWORD_FILE", "A file holding the become password, or an executable that prints it, as --become-password-file gives it.",
        type: .path, env: ["ANSIBLE_BECOME_PASSWORD_FILE"], ini: [(defaults, "become_password_file")])
    public static let callbacksEnabled = ConfigSetting(
        "CALLBACKS_ENABLED", "Output callbacks to enable; Swansible has profile_tasks and profile_roles (both print the --profile report) and refuses none.",
        type: .list, default: .value([]), env: ["ANSIBLE_CALLBACKS_ENABLED"], ini: [(defaults, "callbacks_enabled")])
    public static let stdoutCallback = ConfigSetting(
        "DEFAULT_STDOUT_CALLBACK", "The output callback: default or minimal (ansible-core's others cannot be loaded).",
        type: .string, default: .value("default"), env: ["ANSIBLE_STDOUT_CALLBACK"], ini: [(defaults, "stdout_callback")])
    public static let gathering = ConfigSetting(
        "DEFAULT_GATHERING", "When plays gather facts: implicit (unless the play says gather_facts: false), explicit (only when it says true) or smart (once per host).",
        type: .string, default: .value("implicit"), env: ["ANSIBLE_GATHERING"], ini: [(defaults, "gathering")])
    public static let duplicateDictKey = ConfigSetting(
        "DUPLICATE_YAML_DICT_KEY", "What a key repeated in a YAML mapping does: warn, error or ignore (the last value is kept).",
        type: .string, default: .value("warn"), env: ["ANSIBLE_DUPLICATE_YAML_DICT_KEY"], ini: [(defaults, "duplicate_dict_key")])
    public static let hashBehaviour = ConfigSetting(
        "DEFAULT_HASH_BEHAVIOUR", "How a dictionary variable defined in several places combines; Swansible supports only replace (the highest precedence wins) and refuses merge.",
        type: .string, default: .value("replace"), env: ["ANSIBLE_HASH_BEHAVIOUR"], ini: [(defaults, "hash_behaviour")])
    public static let vaultPasswordFile = ConfigSetting(
        "DEFAULT_VAULT_PASSWORD_FILE", "The vault password file, or an executable that prints the password, used when the command line names none.",
        type: .path, env: ["ANSIBLE_VAULT_PASSWORD_FILE"], ini: [(defaults, "vault_password_file")])
    public static let vaultIdentityList = ConfigSetting(
        "DEFAULT_VAULT_IDENTITY_LIST", "Vault ids (label@source) always read, as if each were given with --vault-id.",
        type: .list, default: .value([]), env: ["ANSIBLE_VAULT_IDENTITY_LIST"], ini: [(defaults, "vault_identity_list")])
    public static let vaultIdentity = ConfigSetting(
        "DEFAULT_VAULT_IDENTITY", "The label of passwords given without one (--vault-password-file, --ask-vault-pass).",
        type: .string, default: .value("default"), env: ["ANSIBLE_VAULT_IDENTITY"], ini: [(defaults, "vault_identity")])
    public static let vaultIDMatch = ConfigSetting(
        "DEFAULT_VAULT_ID_MATCH", "Whether encrypted content is opened only with the password whose label it names.",
        type: .string, default: .value(false), env: ["ANSIBLE_VAULT_ID_MATCH"], ini: [(defaults, "vault_id_match")])
    public static let vaultEncryptIdentity = ConfigSetting(
        "DEFAULT_VAULT_ENCRYPT_IDENTITY", "The vault id swansible vault encrypts with when several passwords are given.",
        type: .string, env: ["ANSIBLE_VAULT_ENCRYPT_IDENTITY"], ini: [(defaults, "vault_encrypt_identity")])
    public static let vaultEncryptSalt = ConfigSetting(
        "VAULT_ENCRYPT_SALT", "A fixed salt for vault encryption, which makes the output reproducible; none means a random salt each time.",
        type: .string, env: ["ANSIBLE_VAULT_ENCRYPT_SALT"], ini: [(defaults, "vault_encrypt_salt")])
    public static let inventoryIgnoreExtensions = ConfigSetting(
        "INVENTORY_IGNORE_EXTS", "Endings of file names an inventory directory skips.",
        type: .list, default: .value(.list(AnsibleConfig.rejectedExtensions.map(Value.string) + [".orig", ".cfg", ".retry"])),
        env: ["ANSIBLE_INVENTORY_IGNORE"], ini: [(defaults, "inventory_ignore_extensions"), ("inventory", "ignore_extensions")])
    public static let inventoryIgnorePatterns = ConfigSetting(
        "INVENTORY_IGNORE_PATTERNS", "Regular expressions of file names an inventory directory skips.",
        type: .list, default: .value([]), env: ["ANSIBLE_INVENTORY_IGNORE_REGEX"],
        ini: [(defaults, "inventory_ignore_patterns"), ("inventory", "ignore_patterns")])

    public static let becomePassword = ConfigSetting(
        "become_pass", scope: .plugin(type: "become", name: "sudo"),
        "sudo's password, below the command line's and the host's variables.",
        type: .string, env: ["ANSIBLE_BECOME_PASS", "ANSIBLE_SUDO_PASS"], ini: [("sudo_become_plugin", "password")])
    public static let sshHostKeyChecking = ConfigSetting(
        "host_key_checking", scope: sshPlugin,
        "Whether a host's SSH key must be known before connecting (what the SSH connection uses).",
        type: .boolean, default: .value(true), env: ["ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING"],
        ini: [(defaults, "host_key_checking"), (ssh, "host_key_checking")])
    public static let sshArgs = ConfigSetting(
        "ssh_args", scope: sshPlugin,
        "ssh options; Swansible reads the ServerAlive settings and -F (an ssh_config file) from them. None: Swansible's own keepalives.",
        type: .string, env: ["ANSIBLE_SSH_ARGS"], ini: [(ssh, "ssh_args")])
    public static let sshCommonArgs = ConfigSetting(
        "ssh_common_args", scope: sshPlugin, "More ssh options, read like ssh_args.",
        type: .string, env: ["ANSIBLE_SSH_COMMON_ARGS"], ini: [(ssh, "ssh_common_args")])
    public static let sshExtraArgs = ConfigSetting(
        "ssh_extra_args", scope: sshPlugin, "More ssh options, read like ssh_args.",
        type: .string, env: ["ANSIBLE_SSH_EXTRA_ARGS"], ini: [(ssh, "ssh_extra_args")])

    /// Every setting Swansible reads, base settings first, in reading order.
    public static let table: [ConfigSetting] = [
        ansibleHome, hostList, remoteUser, remotePort, rolesPath, collectionsPath, modulePath, actionPluginPath, moduleUtilsPath, interpreterPython, deprecationWarnings,
        hostKeyChecking, forks, managedString,
        retryFilesEnabled, localhostWarning, retryFilesSavePath, privateKeyFile, timeout,
        become, becomeUser, becomeMethod, becomeAskPass, becomePasswordFile, callbacksEnabled, stdoutCallback, gathering,
        duplicateDictKey, hashBehaviour,
        vaultPasswordFile, vaultIdentityList, vaultIdentity, vaultIDMatch, vaultEncryptIdentity, vaultEncryptSalt,
        inventoryIgnoreExtensions, inventoryIgnorePatterns,
        becomePassword, sshHostKeyChecking, sshArgs, sshCommonArgs, sshExtraArgs, showCustomStats,
        errorOnMissingHandler, forceColor, noColor,
    ] + colours
}
