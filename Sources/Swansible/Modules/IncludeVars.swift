import Foundation

/// `include_vars`: variables from a YAML/JSON file on the controller. The file is parsed by
/// the templar (`lookup('file', …) | from_yaml`), so YAML, vault and `!unsafe` follow the
/// same rules as everywhere else.
struct IncludeVarsModule: Module {
    static let names = ["include_vars"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("dir", .path),
        ArgumentSpec("file", .path),
        ArgumentSpec("hash_behaviour"),
        ArgumentSpec("name"),
    ], freeForm: "_raw_params")

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
