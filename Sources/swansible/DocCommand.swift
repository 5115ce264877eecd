import ArgumentParser
import Foundation
import Swansible

/// `swansible doc`: ansible-doc for Swansible's modules.
struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Show the modules' documentation (ansible-doc): their options, notes and examples.")

    @Argument(help: "Module names: copy, ansible.builtin.copy or ansible.legacy.copy")
    var names: [String] = []
    @Flag(name: [.short, .customLong("list")], help: "List available modules with their short descriptions")
    var list = false
    @Flag(name: [.short, .customLong("snippet")], help: "Show a playbook snippet (a task) for the modules")
    var snippet = false
    @Flag(name: [.short, .customLong("json")], help: "Change output into json format.")
    var json = false
    @Option(name: [.short, .customLong("type")], help: "Plugin type: only module is documented")
    var type = "module"

    func run() throws {
        guard type == "module" else {
            FileHandle.standardError.write(Data("[ERROR]: swansible doc documents modules only, not \(type) plugins\n".utf8))
            throw ExitCode(5)
        }
        var docs = ModuleDocs()
        docs.names = names
        docs.list = list
        docs.format = json ? .json : snippet ? .snippet : .text
        if isatty(STDOUT_FILENO) != 0 {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { docs.columns = max(79, Int(size.ws_col) - 1) }
        }
        let status = docs.run(
            write: { FileHandle.standardOutput.write(Data($0.utf8)) },
            warn: { FileHandle.standardError.write(Data("[WARNING]: \($0)\n".utf8)) },
            error: { FileHandle.standardError.write(Data("[ERROR]: \($0)\n".utf8)) })
        if status != 0 { throw ExitCode(status) }
    }
}
