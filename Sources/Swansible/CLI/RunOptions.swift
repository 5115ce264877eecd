import Foundation

/// What the ansible-playbook command line asks of a run, as given: `settings` resolves it
/// against ansible.cfg into the executor's `RunSettings`.
public struct RunOptions: Sendable {
    public var inventorySources: [String] = []
    public var limit: [String] = []
    public var tags: [String] = []
    public var skipTags: [String] = []
    public var checkMode = false
    public var diffMode = false
    /// `-e` values in order: `key=value ...`, YAML/JSON text, or `@file`.
    public var extraVars: [String] = []
    public var forks: Int?
    public var verbosity = 0
    public var startAtTask: String?
    public var remoteUser: String?
    public var privateKeyFile: String?
    public var become = false
    public var becomeUser: String?
    public var becomeMethod: String?
    /// `-K` / `--become-password-file`: read by `PlaybookCLI` before the run.
    public var becomePasswordSource = BecomePasswordSource()
    /// The become password obtained from `becomePasswordSource`.
    public var becomePassword: String?
    /// `-k` / `--connection-password-file`: read by `PlaybookCLI` before the run.
    public var connectionPasswordSource = ConnectionPasswordSource()
    /// The connection password obtained from `connectionPasswordSource`.
    public var connectionPassword: String?
    public var connection: String?
    public var timeout: Int?
    /// `--ssh-common-args` / `--ssh-extra-args`, below a host's own `ansible_ssh_*_args`.
    public var sshCommonArgs: String?
    public var sshExtraArgs: String?
    /// `--sftp-extra-args` / `--scp-extra-args` given: accepted, told to be ignored.
    public var ignoredTransferOptions: [String] = []
    public var forceHandlers = false
    /// `--step`: ask before each task.
    public var step = false
    /// `-M` / `--module-path`: searched for the content's modules before the configured `library`.
    public var modulePath: [String] = []
    /// The controller's Python with ansible-core, whose `module_utils` the content's Python
    /// modules import (else `SWANSIBLE_ANSIBLE_PYTHON`, else found on the PATH).
    public var ansiblePython: String?
    /// `--profile`: time tasks and roles and count the run's remote work (also on with
    /// `callbacks_enabled` naming profile_tasks or profile_roles).
    public var profile = false
    /// Accepted for compatibility: Swansible keeps no fact cache between runs, so there is
    /// never anything to flush.
    public var flushCache = false
    /// `--vault-id`, `--vault-password-file`, `--ask-vault-pass`.
    public var vault = VaultPasswords()
    /// Whether `vars_prompt` may ask on the terminal: standard input is one, unless told not to.
    public var interactive = isatty(0) != 0

    public init() {}

    /// The run's settings: `-e` parsed (files read from `currentDirectory`), tags, the last
    /// `--limit` (ansible-playbook's rule), forks and become defaults over ansible.cfg.
    public func settings(config: AnsibleConfig, currentDirectory: String) throws -> RunSettings {
        var s = RunSettings()
        s.extraVars = try ExtraVars.parse(extraVars, currentDirectory: currentDirectory)
        s.reservedExtraVars = ExtraVars.reservedVariables(extraVars, currentDirectory: currentDirectory)
        s.tagSelection = TagSelection(tags: tags, skipTags: skipTags)
        s.limit = limit.last
        s.checkMode = checkMode
        s.diffMode = diffMode
        s.forks = forks ?? config.forks
        s.verbosity = verbosity
        s.startAtTask = startAtTask
        s.forceHandlers = forceHandlers
        s.step = step
        s.interactive = interactive
        s.inventoryDirectory = inventoryDirectory(config: config, currentDirectory: currentDirectory)
        s.inventorySources = (inventorySources.isEmpty ? config.inventory : inventorySources).map {
            Self.shownSource($0, currentDirectory: currentDirectory)
        }
        s.connection = ConnectionOverrides(connection: connection, remoteUser: remoteUser, privateKeyFile: privateKeyFile, timeout: timeout)
        s.connection.password = connectionPassword
        s.connection.sshCommonArgs = sshCommonArgs
        s.connection.sshExtraArgs = sshExtraArgs
        s.become = BecomeSettings(
            enabled: become || config.become, user: becomeUser ?? config.becomeUser ?? "root",
            method: becomeMethod ?? config.becomeMethod ?? "sudo", password: becomePassword ?? config.becomePassword)
        return s
    }

    /// Like ansible-core, a source without a comma is a path, shown absolute and normalised
    /// (whether it exists or not); a host list stays as written.
    static func shownSource(_ source: String, currentDirectory: String) -> String {
        if source.contains(",") { return source }
        let expanded = (source as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : currentDirectory + "/" + expanded
        return (absolute as NSString).standardizingPath
    }

    /// `inventory_dir`: the directory of the first inventory source (the source itself when
    /// it is a directory); nil for a host list.
    private func inventoryDirectory(config: AnsibleConfig, currentDirectory: String) -> String? {
        guard let source = inventorySources.first ?? config.inventory.first else { return nil }
        var isDirectory: ObjCBool = false
        // (a relative source is found from the run's directory, not the process's)
        let absolute = source.hasPrefix("/") ? source : currentDirectory + "/" + source
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent
    }
}
