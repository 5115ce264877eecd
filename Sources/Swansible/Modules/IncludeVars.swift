import Foundation

/// `include_vars`: variables from a YAML/JSON file on the controller. The file is parsed by
/// the templar (`lookup('file', …) | from_yaml`), so YAML, vault and `!unsafe` follow the
/// same rules as everywhere else.
struct IncludeVarsModule: Module {
    static let names = ["include_vars"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", description: "The file to load, as free-form text."),
        ArgumentSpec("dir", .path, description: "Directory of vars files to load; not supported yet (the task fails)."),
        ArgumentSpec("file", .path,
                     description: "YAML or JSON file on the controller to load (looked for in the role's `vars/` directory, then beside the playbook)."),
        ArgumentSpec("hash_behaviour",
                     description: "`merge` or `replace`, overriding the configured hash behaviour; accepted, not applied yet."),
        ArgumentSpec("name",
                     description: "Put the loaded variables under this one variable instead of at the top level."),
    ], freeForm: "_raw_params")

    static let documentation = ModuleDocumentation(
        "Load variables from a file",
        description: [
            "Reads a YAML or JSON file on the controller, vaulted or not, and sets its variables for the host.",
        ],
        notes: [
            "Only single files are loaded; `dir` (a directory of files) is not supported yet.",
        ],
        examples: """
            - name: Load the versions for this cluster
              ansible.builtin.include_vars: versions.yml

            - name: Load a file under one name
              ansible.builtin.include_vars:
                file: network.yml
                name: network
            """,
        freeFormName: "free-form")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let source = args.string("file") ?? args.string("_raw_params") else {
            return .failure("No file was specified; 'dir' is not supported yet by swansible's include_vars")
        }
        guard let path = SourceFile.locate(source, kind: "vars", in: context) else {
            return .failure("Could not find or access '\(source)' on the Ansible Controller.")
        }
        let quoted = "'" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        let loaded: Value
        do {
            loaded = try context.templar.evaluate("lookup('file', \(quoted)) | from_yaml")
        } catch {
            return .failure("Failed to load \(path): \(error)")
        }
        var variables: ValueDict
        switch loaded {
        case .dict(let d): variables = d
        case .null: variables = [:]
        default: return .failure("\(path) must be stored as a dictionary/hash")
        }
        if let name = args.string("name") { variables = [name: .dict(variables)] }
        return ModuleResult(
            fields: ["ansible_facts": .dict(variables), "ansible_included_var_files": [.string(path)]],
            includedVariables: variables)
    }
}
