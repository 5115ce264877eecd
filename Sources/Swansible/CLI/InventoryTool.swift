import Foundation
import SwansibleCrypto

/// What `swansible inventory` does (ansible-inventory): the inventory as `--list` JSON (or
/// YAML), one host's variables (`--host`), or the group tree (`--graph [GROUP] [--vars]`),
/// read exactly as swansible-playbook reads it. Errors and exit codes are ansible-inventory's.
public struct InventoryTool: Sendable {
    public enum Action: Sendable, Equatable { case list, host(String), graph(String?) }

    public var sources: [String] = []
    public var action: Action?
    public var yaml = false
    public var toml = false
    /// `--vars` with `--graph`: each host's and group's variables under it.
    public var showVariables = false
    public var outputFile: String?
    public var playbookDirectory: String?
    public var vault = VaultPasswords()
    public var environment = ProcessInfo.processInfo.environment
    public var currentDirectory = FileManager.default.currentDirectoryPath

    public init() {}

    /// ansible-inventory's exit status for an error in its options.
    static let optionsError: Int32 = 5

    public func run(write: (String) -> Void, warn: @escaping @Sendable (String) -> Void, error: (String) -> Void) -> Int32 {
        guard let action else {
            error("No action selected, at least one of --host, --graph or --list needs to be specified.")
            return Self.optionsError
        }
        if toml {
            error("Swansible cannot write TOML (ansible-inventory needs the python 'toml' library for it); use --yaml or the default JSON")
            return Self.optionsError
        }
        let config: AnsibleConfig
        let keyring: VaultKeyring
        do {
            config = try AnsibleConfig.load(environment: environment, currentDirectory: currentDirectory)
            config.warnings.forEach(warn)
            let secrets = try vault.secrets(config: config, currentDirectory: currentDirectory, warn: warn)
            keyring = VaultKeyring(secrets, onlyMatchingLabel: config.vaultIDMatch)
        } catch let failure {
            error(ErrorReport.text(failure))
            return ExitCode.error
        }
        return VaultKeyring.$current.withValue(keyring) {
            do {
                let absolute = sources.map { $0.hasPrefix("/") || $0.contains(",") ? $0 : currentDirectory + "/" + $0 }
                let inventory = try Inventory.load(config: config, sources: absolute.isEmpty ? nil : absolute, onWarning: warn)
                let text: String
                switch action {
                case .list:
                    text = try list(inventory)
                case .host(let name):
                    for word in inventory.unmatchedWords(in: name) { warn("Could not match supplied host pattern, ignoring: \(word)") }
                    guard (try? inventory.hosts(matching: name))?.count == 1, let host = try inventory.hosts(matching: name).first else {
                        error("You must pass a single valid host to --host parameter")
                        return Self.optionsError
                    }
                    text = try render(.dict(hostVariables(inventory, host)))
                case .graph(let group):
                    text = try inventory.graphText(from: group ?? "all", variables: showVariables ? variablesForGraph(inventory) : nil)
                }
                if let outputFile {
                    // As ansible-inventory writes it: no final line end.
                    try Data(text.utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
                } else {
                    write(text)
                }
                return ExitCode.ok
            } catch let failure as InventoryError where failure.message.hasPrefix("Pattern must be valid group name") {
                error(failure.message)
                return Self.optionsError
            } catch let failure {
                error(ErrorReport.text(failure))
                return ExitCode.error
            }
        }
    }

    private var playbookDirectoryPath: String? {
        playbookDirectory.map { $0.hasPrefix("/") ? $0 : currentDirectory + "/" + $0 }
    }

    private func list(_ inventory: Inventory) throws -> String {
        if yaml { return Self.yamlText(try inventory.yamlListValue(playbookDirectory: playbookDirectoryPath)) }
        return try inventory.listValue(playbookDirectory: playbookDirectoryPath).jsonText(indent: 4, sortKeys: true)
    }

    private func render(_ value: Value) throws -> String {
        yaml ? Self.yamlText(value) : value.jsonText(indent: 4, sortKeys: true)
    }

    /// Block-style YAML with sorted keys, without the final newline (the line end is added on output).
    private static func yamlText(_ value: Value) -> String {
        let text = YAMLDumper(indent: 2, flowStyle: false, sortKeys: true).dump(value)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    private func hostVariables(_ inventory: Inventory, _ host: String) throws -> ValueDict {
        var vars = try inventory.variables(for: host, playbookDirectory: playbookDirectoryPath)
        vars["inventory_file"] = nil
        vars["inventory_dir"] = nil
        return vars
    }

    private func variablesForGraph(_ inventory: Inventory) throws -> Inventory.GraphVariables {
        var hosts: [String: ValueDict] = [:]
        for host in inventory.hostNames { hosts[host] = try hostVariables(inventory, host) }
        return Inventory.GraphVariables(hosts: hosts, groups: try inventory.groupVariables(playbookDirectory: playbookDirectoryPath))
    }
}
