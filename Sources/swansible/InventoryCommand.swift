import ArgumentParser
import Foundation
import Swansible
import SwansibleCommandLine

/// `swansible inventory`: ansible-inventory's command line.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Show the inventory as swansible-playbook reads it (ansible-inventory).")

    @Option(name: [.short, .customLong("inventory"), .customLong("inventory-file")],
            help: "specify inventory host path or comma separated host list")
    var inventory: [String] = []
    @Flag(name: .customLong("list"), help: "Output all hosts info, works as inventory script")
    var list = false
    @Option(name: .customLong("host"), help: "Output specific host info, works as inventory script")
    var host: String?
    @Flag(name: .customLong("graph"), help: "create inventory graph, if supplying pattern it must be a valid group name")
    var graph = false
    @Argument(help: "a group name, with --graph")
    var group: String?
    @Flag(name: .customLong("vars"), help: "Add vars to graph display, ignored unless used with --graph")
    var vars = false
    @Flag(name: [.short, .customLong("yaml")], help: "Use YAML format instead of default JSON, ignored for --graph")
    var yaml = false
    @Flag(name: .customLong("toml"), help: "Use TOML format instead of default JSON, ignored for --graph")
    var toml = false
    @Option(name: .customLong("output"), help: "When doing an --list, send the inventory to a file instead of to the screen")
    var output: String?
    @Option(name: .customLong("playbook-dir"), help: "the directory whose group_vars/host_vars count, as a playbook's")
    var playbookDir: String?
    @OptionGroup var vault: VaultOptionGroup

    func run() throws {
        var tool = InventoryTool()
        tool.sources = inventory
        tool.action = list ? .list : host.map { .host($0) } ?? (graph ? .graph(group) : nil)
        tool.yaml = yaml
        tool.toml = toml
        tool.showVariables = vars
        tool.outputFile = output
        tool.playbookDirectory = playbookDir
        tool.vault = vault.passwords
        let status = tool.run(
            write: { print($0) },
            warn: { FileHandle.standardError.write(Data("[WARNING]: \($0)\n".utf8)) },
            error: { FileHandle.standardError.write(Data("[ERROR]: \($0)\n".utf8)) })
        if status != 0 { throw ExitCode(status) }
    }
}
