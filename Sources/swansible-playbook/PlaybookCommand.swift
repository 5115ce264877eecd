import ArgumentParser
import Foundation
import Swansible
import SwansibleCommandLine
import SwansibleYAML

/// `swansible-playbook`: ansible-playbook's command line over the Swansible engine.
@main
struct PlaybookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swansible-playbook",
        abstract: "Runs Ansible playbooks, executing the defined tasks on the targeted hosts.",
        version: VersionReport.text(program: "swansible-playbook"))

    @OptionGroup var run: RunOptionGroup
    @Option(name: [.short, .customLong("tags")], help: "only run plays and tasks tagged with these values")
    var tags: [String] = []
    @Option(name: .customLong("skip-tags"), help: "only run plays and tasks whose tags do not match these values")
    var skipTags: [String] = []
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
    @Flag(name: .customLong("step"), help: "one-step-at-a-time: confirm each task before running")
    var step = false
    @Flag(name: .customLong("force-handlers"), help: "run handlers even if a task fails")
    var forceHandlers = false
    @Flag(name: .customLong("flush-cache"), help: "clear the fact cache")
    var flushCache = false
    @Flag(name: .customLong("profile"),
          help: "after the recap, print the slowest tasks, the time per role, remote round trips and bytes, and the controller's CPU and memory")
    var profile = false
    @OptionGroup var vault: VaultOptionGroup
    @Argument(help: "Playbook(s)")
    var playbooks: [String]

    var options: RunOptions {
        var o = run.runOptions
        o.tags = tags
        o.skipTags = skipTags
        o.startAtTask = startAtTask
        o.forceHandlers = forceHandlers
        o.step = step
        o.flushCache = flushCache
        o.profile = profile
        o.vault = vault.passwords
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
        let command = parseLikeArgparse()
        let cli = PlaybookCLI(options: command.options, playbooks: command.playbooks, mode: command.mode)
        let status = await InterruptibleRun.run { await cli.run() }
        Foundation.exit(status)
    }
}
