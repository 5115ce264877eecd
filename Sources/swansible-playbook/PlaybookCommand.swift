import ArgumentParser
import Foundation
import Swansible
import SwansibleYAML

/// `swansible-playbook`: ansible-playbook's command line over the Swansible engine.
@main
struct PlaybookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swansible-playbook",
        abstract: "Runs Ansible playbooks, executing the defined tasks on the targeted hosts.",
        version: VersionReport.text(program: "swansible-playbook"))

    @Option(name: [.short, .customLong("inventory"), .customLong("inventory-file")],
            help: "specify inventory host path or comma separated host list")
    var inventory: [String] = []
    @Option(name: [.short, .customLong("limit")], help: "further limit selected hosts to an additional pattern")
    var limit: [String] = []
    @Option(name: [.short, .customLong("tags")], help: "only run plays and tasks tagged with these values")
    var tags: [String] = []
    @Option(name: .customLong("skip-tags"), help: "only run plays and tasks whose tags do not match these values")
    var skipTags: [String] = []
    @Flag(name: [.customShort("C"), .customLong("check")], help: "don't make any changes")
    var check = false
    @Flag(name: [.customShort("D"), .customLong("diff")], help: "show the differences in changed files")
    var diff = false
    @Option(name: [.short, .customLong("extra-vars")], help: "set additional variables as key=value or YAML/JSON, @file")
    var extraVars: [String] = []
    @Option(name: [.short, .customLong("forks")], help: "specify number of parallel hosts (default=5)")
    var forks: Int?
    @Flag(name: [.short, .customLong("verbose")], help: "more output (-vvv)")
    var verbose: Int
    @Flag(name: .customLong("list-tasks"), help: "list all tasks that would be executed")
    var listTasks = false
    @Flag(name: .customLong("list-tags"), help: "list all available tags")
    var listTags = false
    @Flag(name: .customLong("list-hosts"), help: "outputs a list of matching hosts")
    var listHosts = false
    @Flag(name: .customLong("syntax-check"), help: "perform a syntax check on the playbook")
    var syntaxCheck = false
    @Option(name: .customLong("start-at-task"), help: "start the playbook at the task matching this name")
    var startAtTask: String?
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
    @Flag(name: .customLong("force-handlers"), help: "run handlers even if a task fails")
    var forceHandlers = false
    @Flag(name: .customLong("flush-cache"), help: "clear the fact cache")
    var flushCache = false
    @Option(name: .customLong("vault-id"), help: "the vault identity to use (label@source; source: a file, a script or 'prompt')")
    var vaultID: [String] = []
    @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")], help: "vault password file")
    var vaultPasswordFile: [String] = []
    @Flag(name: [.customShort("J"), .customLong("ask-vault-password"), .customLong("ask-vault-pass")], help: "ask for vault password")
    var askVaultPass = false
    @Argument(help: "Playbook(s)")
    var playbooks: [String]

    func validate() throws {
        if askBecomePass && becomePasswordFile != nil {
            throw ValidationError("argument --become-password-file/--become-pass-file: not allowed with argument -K/--ask-become-pass")
        }
    }

    var options: RunOptions {
        var o = RunOptions()
        o.inventorySources = inventory
        o.limit = limit
        o.tags = tags
        o.skipTags = skipTags
        o.checkMode = check
        o.diffMode = diff
        o.extraVars = extraVars
        o.forks = forks
        o.verbosity = verbose
        o.startAtTask = startAtTask
        o.remoteUser = user
        o.privateKeyFile = privateKey
        o.become = become
        o.becomeUser = becomeUser
        o.becomeMethod = becomeMethod
        o.becomePasswordSource = BecomePasswordSource(ask: askBecomePass, file: becomePasswordFile)
        o.connection = connection
        o.timeout = timeout
        o.forceHandlers = forceHandlers
        o.flushCache = flushCache
        o.vault = VaultPasswords(vaultIDs: vaultID, passwordFiles: vaultPasswordFile, askVaultPass: askVaultPass)
        return o
    }

    var mode: PlaybookCLI.Mode {
        if syntaxCheck { return .syntaxCheck }
        if listTasks || listTags || listHosts {
            return .list(tasks: listTasks, tags: listTags, hosts: listHosts)
        }
        return .run
    }

    static func main() async {
        let command: PlaybookCommand
        do {
            command = try parseAsRoot() as! PlaybookCommand
        } catch {
            // Like argparse: usage and the error on stderr, exit 2 (0 for --help).
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Swansible.ExitCode.badArguments)
        }
        let cli = PlaybookCLI(options: command.options, playbooks: command.playbooks, mode: command.mode)
        let status = await InterruptibleRun.run { await cli.run() }
        Foundation.exit(status)
    }
}
