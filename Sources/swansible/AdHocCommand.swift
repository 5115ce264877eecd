import ArgumentParser
import Foundation
import Swansible

/// `swansible PATTERN -m MODULE -a ARGS`: ansible's ad-hoc command line (the `ansible` program).
struct AdHocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swansible",
        abstract: "Define and run a single task 'playbook' against a set of hosts (swansible PATTERN -m MODULE -a ARGS).")

    @Argument(help: "host pattern")
    var pattern: String
    @Option(name: [.short, .customLong("module-name")], help: "Name of the action to execute (default=command)")
    var moduleName = "command"
    @Option(name: [.short, .customLong("args")], help: "The action's options in space separated k=v format or a free-form command")
    var args: String?
    @Option(name: [.short, .customLong("inventory"), .customLong("inventory-file")], help: "specify inventory host path or comma separated host list")
    var inventory: [String] = []
    @Option(name: [.short, .customLong("limit")], help: "further limit selected hosts to an additional pattern")
    var limit: [String] = []
    @Option(name: [.short, .customLong("extra-vars")], help: "set additional variables as key=value or YAML/JSON, @file")
    var extraVars: [String] = []
    @Option(name: [.short, .customLong("forks")], help: "specify number of parallel processes to use (default=5)")
    var forks: Int?
    @Flag(name: [.short, .customLong("verbose")], help: "more output (-vvv)")
    var verbose: Int
    @Flag(name: [.customShort("C"), .customLong("check")], help: "don't make any changes")
    var check = false
    @Flag(name: [.customShort("D"), .customLong("diff")], help: "show the differences in changed files")
    var diff = false
    @Flag(name: [.short, .customLong("one-line")], help: "condense output")
    var oneLine = false
    @Option(name: [.short, .customLong("tree")], help: "log output to this directory")
    var tree: String?
    @Option(name: [.short, .customLong("user")], help: "connect as this user")
    var user: String?
    @Option(name: [.customLong("private-key"), .customLong("key-file")], help: "use this file to authenticate the connection")
    var privateKey: String?
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
    @Option(name: [.short, .customLong("connection")], help: "connection type to use (default=ssh)")
    var connection: String?
    @Option(name: [.customShort("T"), .customLong("timeout")], help: "override the connection timeout in seconds")
    var timeout: Int?
    @Option(name: [.customShort("B"), .customLong("background")], help: "run asynchronously, failing after X seconds (not supported)")
    var background: Int?
    @Option(name: [.customShort("P"), .customLong("poll")], help: "set the poll interval if using -B (not supported)")
    var poll: Int?
    @Option(name: .customLong("vault-id"), help: "the vault identity to use")
    var vaultID: [String] = []
    @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")], help: "vault password file")
    var vaultPasswordFile: [String] = []
    @Flag(name: [.customShort("J"), .customLong("ask-vault-password"), .customLong("ask-vault-pass")], help: "ask for vault password")
    var askVaultPass = false

    func validate() throws {
        if askBecomePass && becomePasswordFile != nil {
            throw ValidationError("argument --become-password-file/--become-pass-file: not allowed with argument -K/--ask-become-pass")
        }
    }

    var options: RunOptions {
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
        o.connection = connection
        o.timeout = timeout
        o.vault = VaultPasswords(vaultIDs: vaultID, passwordFiles: vaultPasswordFile, askVaultPass: askVaultPass)
        return o
    }

    /// Parses `arguments` (after the program name) as ansible's do, and runs the command.
    static func run(arguments: [String]) async -> Never {
        let command: AdHocCommand
        do {
            command = try parse(arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Swansible.ExitCode.badArguments)
        }
        if command.background != nil || command.poll != nil {
            FileHandle.standardError.write(Data("[ERROR]: Swansible does not run tasks in the background yet (-B/-P, async)\n".utf8))
            Foundation.exit(Swansible.ExitCode.error)
        }
        var cli = PlaybookCLI(
            options: command.options, playbooks: [],
            callback: AdHocCallback(module: command.moduleName, oneLine: command.oneLine, treeDirectory: command.tree))
        cli.adHoc = AdHocTask(pattern: command.pattern, module: command.moduleName, arguments: command.args)
        Foundation.exit(await cli.run())
    }
}
