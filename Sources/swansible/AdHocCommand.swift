import ArgumentParser
import Foundation
import Swansible
import SwansibleCommandLine

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
    @OptionGroup var run: RunOptionGroup
    @Flag(name: [.short, .customLong("one-line")], help: "condense output")
    var oneLine = false
    @Option(name: [.short, .customLong("tree")], help: "log output to this directory")
    var tree: String?
    @Option(name: [.customShort("B"), .customLong("background")], help: "run asynchronously, failing after X seconds (not supported)")
    var background: Int?
    @Option(name: [.customShort("P"), .customLong("poll")], help: "set the poll interval if using -B (not supported)")
    var poll: Int?
    @OptionGroup var vault: VaultOptionGroup

    var options: RunOptions {
        var o = run.runOptions
        o.vault = vault.passwords
        return o
    }

    /// Parses `arguments` (after the program name) as ansible's do, and runs the command.
    static func run(arguments: [String]) async -> Never {
        let command = parseLikeArgparse(arguments)
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
