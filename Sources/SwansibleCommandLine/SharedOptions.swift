import ArgumentParser
import Swansible

/// The options `ansible` and `ansible-playbook` share: which hosts, which variables, how to
/// connect and how to escalate privileges.
public struct RunOptionGroup: ParsableArguments {
    @Option(name: [.short, .customLong("inventory"), .customLong("inventory-file")],
            help: "specify inventory host path or comma separated host list")
    var inventory: [String] = []
    @Option(name: [.short, .customLong("limit")], help: "further limit selected hosts to an additional pattern")
    var limit: [String] = []
    @Option(name: [.short, .customLong("extra-vars")], help: "set additional variables as key=value or YAML/JSON, @file")
    var extraVars: [String] = []
    @Option(name: [.short, .customLong("forks")], help: "specify number of parallel hosts (default=5)")
    var forks: Int?
    @Flag(name: [.short, .customLong("verbose")], help: "more output (-vvv)")
    var verbose: Int
    @Flag(name: [.customShort("C"), .customLong("check")], help: "don't make any changes")
    var check = false
    @Flag(name: [.customShort("D"), .customLong("diff")], help: "show the differences in changed files")
    var diff = false
    @Option(name: [.short, .customLong("user")], help: "connect as this user")
    var user: String?
    @Option(name: [.customLong("private-key"), .customLong("key-file")], help: "use this file to authenticate the connection")
    var privateKey: String?
    @Option(name: [.short, .customLong("connection")], help: "connection type to use (default=ssh)")
    var connection: String?
    @Flag(name: [.customShort("k"), .customLong("ask-pass")], help: "ask for connection password")
    var askPass = false
    @Option(name: [.customLong("connection-password-file"), .customLong("conn-pass-file")], help: "Connection password file")
    var connectionPasswordFile: String?
    @Option(name: [.customShort("T"), .customLong("timeout")], help: "override the connection timeout in seconds")
    var timeout: Int?
    @Option(name: .customLong("ssh-common-args"), help: "specify common arguments to pass to sftp/scp/ssh (e.g. ProxyCommand)")
    var sshCommonArgs: String?
    @Option(name: .customLong("ssh-extra-args"), help: "specify extra arguments to pass to ssh only (e.g. -R)")
    var sshExtraArgs: String?
    @Option(name: .customLong("sftp-extra-args"), help: "accepted and ignored: files travel over the SSH session's own SFTP channel")
    var sftpExtraArgs: String?
    @Option(name: .customLong("scp-extra-args"), help: "accepted and ignored: files travel over the SSH session's own SFTP channel")
    var scpExtraArgs: String?
    @Option(name: [.customShort("M"), .customLong("module-path")],
            help: "prepend colon-separated path(s) to module library; may be given more than once")
    var modulePath: [String] = []
    @Flag(name: [.short, .customLong("become")], help: "run operations with become")
    var become = false
    @Option(name: .customLong("become-user"), help: "run operations as this user (default=root)")
    var becomeUser: String?
    @Option(name: .customLong("become-method"), help: "privilege escalation method to use (default=sudo)")
    var becomeMethod: String?
    @Flag(name: [.customShort("K"), .customLong("ask-become-pass")], help: "ask for privilege escalation password")
    var askBecomePass = false
    @Option(name: [.customLong("become-password-file"), .customLong("become-pass-file")], help: "Become password file")
    var becomePasswordFile: String?

    public init() {}

    public func validate() throws {
        if askPass && connectionPasswordFile != nil {
            throw ValidationError("argument --connection-password-file/--conn-pass-file: not allowed with argument -k/--ask-pass")
        }
        if askBecomePass && becomePasswordFile != nil {
            throw ValidationError("argument --become-password-file/--become-pass-file: not allowed with argument -K/--ask-become-pass")
        }
    }

    public var verbosity: Int { verbose }

    /// These options as the engine takes them; the command adds its own.
    public var runOptions: RunOptions {
        var o = RunOptions()
        o.inventorySources = inventory
        o.limit = limit
        o.checkMode = check
        o.diffMode = diff
        o.extraVars = extraVars
        o.forks = forks
        o.verbosity = verbose
        o.remoteUser = user
        o.privateKeyFile = privateKey
        o.become = become
        o.becomeUser = becomeUser
        o.becomeMethod = becomeMethod
        o.becomePasswordSource = BecomePasswordSource(ask: askBecomePass, file: becomePasswordFile)
        o.connectionPasswordSource = ConnectionPasswordSource(ask: askPass, file: connectionPasswordFile)
        o.connection = connection
        o.timeout = timeout
        o.sshCommonArgs = sshCommonArgs
        o.modulePath = modulePath.flatMap { $0.split(separator: ":").map(String.init) }
        o.sshExtraArgs = sshExtraArgs
        o.ignoredTransferOptions = [("--sftp-extra-args", sftpExtraArgs), ("--scp-extra-args", scpExtraArgs)]
            .filter { $0.1 != nil }.map(\.0)
        return o
    }
}

/// Where vault passwords come from, for the commands that read vaulted content.
public struct VaultOptionGroup: ParsableArguments {
    @Option(name: .customLong("vault-id"), help: "the vault identity to use (label@source; source: a file, a script or 'prompt')")
    var vaultID: [String] = []
    @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")], help: "vault password file")
    var vaultPasswordFile: [String] = []
    @Flag(name: [.customShort("J"), .customLong("ask-vault-password"), .customLong("ask-vault-pass")], help: "ask for vault password")
    var askVaultPass = false

    public init() {}

    public var passwords: VaultPasswords {
        VaultPasswords(vaultIDs: vaultID, passwordFiles: vaultPasswordFile, askVaultPass: askVaultPass)
    }
}
