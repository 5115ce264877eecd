import Foundation
import SwansibleYAML

/// The one task of an ad-hoc command (`swansible PATTERN -m MODULE -a ARGS`), as ansible's
/// `ansible` builds it: a play named "Ansible Ad-Hoc" over PATTERN, without fact gathering,
/// whose single task runs MODULE with ARGS (free-form text for the command-line modules,
/// `key=value` words for the others).
public struct AdHocTask: Sendable {
    public var pattern: String
    public var module: String
    public var arguments: String?

    public init(pattern: String, module: String, arguments: String?) {
        self.pattern = pattern
        self.module = module
        self.arguments = arguments
    }

    /// Where the synthesized playbook claims to live (ansible's ad-hoc base directory is the
    /// working directory).
    static let fileName = "<adhoc>"

    /// ansible's exit status for an error in its options.
    static let optionsError: Int32 = 5

    /// Modules that refuse to run without arguments (ansible: "No argument passed to X module").
    static let argumentsRequired: Set<String> = ["command", "shell", "raw", "script"]

    /// The playbook as YAML (JSON text, which YAML reads) for the loader.
    func playbookNode(path: String) throws -> YAMLNode {
        let task: Value = .dict([module: arguments.map(Value.string) ?? .null])
        let play: Value = [
            "name": "Ansible Ad-Hoc", "hosts": .string(pattern), "gather_facts": false, "tasks": .list([task]),
        ]
        guard let node = try YAMLLoader.loadNode(Value.list([play]).jsonText(), file: path) else {
            preconditionFailure("a JSON list is one YAML document")
        }
        return node
    }
}
