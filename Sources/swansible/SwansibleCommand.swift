import ArgumentParser
import Foundation
import Swansible
import SwansibleYAML

/// `swansible`: the tools around the playbook runner.
@main
struct SwansibleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swansible",
        abstract: "Ad-hoc commands (swansible PATTERN -m MODULE -a ARGS), the inventory, templates, Ansible Vault, the configuration, module docs, role tests.",
        version: VersionReport.text(program: "swansible"),
        subcommands: [InventoryCommand.self, TemplateCommand.self, VaultCommand.self, ConfigCommand.self, DocCommand.self, GalaxyCommand.self, RoleCommand.self, TestCommand.self])

    /// Words after `swansible` that are not a host pattern.
    static let ownWords: Set<String> = ["inventory", "template", "vault", "config", "doc", "galaxy", "role", "test", "help", "-h", "--help", "--version",
                                        "--generate-completion-script", "--experimental-dump-help"]

    /// As ArgumentParser's, except that a subcommand's command line that cannot be parsed exits
    /// with 2, argparse's (and click's) status, as the ansible tools and molecule do
    /// (ArgumentParser's is 64).
    static func main() async {
        // `swansible PATTERN -m MODULE ...` (or options first, as `ansible -i inv all -m ping`):
        // an ad-hoc command.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !ownWords.contains(first) {
            await AdHocCommand.run(arguments: arguments)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            // ansible-vault, ansible-config, ansible-doc and ansible-galaxy (argparse) and molecule
            // (click) all exit 2 on a command line they cannot parse.
            if code == .validationFailure, let first = CommandLine.arguments.dropFirst().first,
               ["vault", "config", "doc", "galaxy", "role", "test"].contains(first) {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// `swansible template FILE`: what the template module would write, without touching a host.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a template with the template module's rules ('-' reads standard input).")

    @Argument(help: "The template file, or - for standard input")
    var file: String
    @Option(name: [.short, .customLong("extra-vars")], help: "variables as key=value, YAML/JSON, or @file")
    var extraVars: [String] = []
    @Option(name: [.short, .customLong("inventory")], help: "inventory to take a host's variables from")
    var inventory: [String] = []
    @Option(name: .customLong("host"), help: "the inventory host whose variables the template sees")
    var host: String?
    @Option(name: .customLong("repeat"), help: .hidden)
    var repeatCount: Int?

    func run() throws {
        let source: String
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                FileHandle.standardError.write(Data("[ERROR]: could not read template \(file)\n".utf8))
                throw ExitCode(1)
            }
            source = text
        }
        let preview = TemplatePreview(extraVars: extraVars, inventorySources: inventory, host: host)
        do {
            if let repeatCount {
                // For bench/template.sh: render N times, report the time spent rendering on stderr.
                let (output, seconds) = try preview.renderRepeatedly(source: source, path: file, times: repeatCount)
                FileHandle.standardError.write(Data("rendered \(max(repeatCount, 1)) times in \(String(format: "%.6f", seconds)) s\n".utf8))
                FileHandle.standardOutput.write(Data(output.utf8))
                return
            }
            FileHandle.standardOutput.write(Data(try preview.render(source: source, path: file).utf8))
        } catch {
            FileHandle.standardError.write(Data("[ERROR]: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
