import ArgumentParser
import Foundation
import Swansible

/// `swansible config`: ansible-config's list, dump and view for the settings Swansible reads.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings Swansible reads from ansible.cfg and ANSIBLE_* variables (ansible-config).",
        subcommands: [List.self, Dump.self, View.self])

    /// The options every action takes.
    struct Common: ParsableArguments {
        @Option(name: [.short, .customLong("config")], help: "path to configuration file, defaults to first file found in precedence.")
        var config: String?
        @Option(name: [.short, .customLong("type")], help: "Filter down to a specific plugin type: base (the default) or all.")
        var type: String?

        func run(_ action: ConfigTool.Action, format: String? = nil, onlyChanged: Bool = false) throws {
            var tool = ConfigTool(action: action)
            tool.configFile = config
            tool.type = type
            tool.format = format
            tool.onlyChanged = onlyChanged
            let status = tool.run(
                write: { FileHandle.standardOutput.write(Data($0.utf8)) },
                warn: { FileHandle.standardError.write(Data("[WARNING]: \($0)\n".utf8)) },
                error: { FileHandle.standardError.write(Data("[ERROR]: \($0)\n".utf8)) })
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print all config options")
        @OptionGroup var common: Common
        @Option(name: [.customLong("format"), .short], help: "Output format for list: yaml (the default) or json")
        var format: String?
        func run() throws { try common.run(.list, format: format) }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dump configuration")
        @OptionGroup var common: Common
        @Flag(name: [.customLong("only-changed"), .customLong("changed-only")], help: "Only show configurations that have changed from the default")
        var onlyChanged = false
        @Option(name: [.customLong("format"), .short], help: "Output format for dump: display (the default), json or yaml")
        var format: String?
        func run() throws { try common.run(.dump, format: format, onlyChanged: onlyChanged) }
    }

    struct View: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "View configuration file")
        @OptionGroup var common: Common
        func run() throws { try common.run(.view) }
    }
}
