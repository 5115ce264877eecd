import Foundation

/// `include_vars`: variables from a YAML/JSON file on the controller. The file is parsed by
/// the templar (`lookup('file', …) | from_yaml`), so YAML, vault and `!unsafe` follow the
/// same rules as everywhere else.
struct IncludeVarsModule: Module {
    static let names = ["include_vars"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", description: "The file to load, as free-form text."),
        ArgumentSpec("depth", .int, default: 0,
                     description: "With `dir`: how many levels of directories to load (0: all, 1: only `dir` itself)."),
        ArgumentSpec("dir", .path,
                     description: "Directory of vars files to load, in sorted order, later files overriding earlier ones (in a role, below its `vars/`; elsewhere beside the task's file)."),
        ArgumentSpec("extensions", .list, default: ["yaml", "yml", "json"],
                     description: "With `dir`: the file name extensions that are vars files (`''` for none)."),
        ArgumentSpec("file", .path,
                     description: "YAML or JSON file on the controller to load (looked for in the role's `vars/` directory, then beside the playbook)."),
        ArgumentSpec("files_matching", description: "With `dir`: load only the files whose names this regular expression finds a match in."),
        ArgumentSpec("hash_behaviour",
                     description: "`merge`: each loaded dictionary is merged, recursively, into the variable of that name the task sees (lists and other values are replaced); anything else replaces, as the configured behaviour does."),
        ArgumentSpec("ignore_files", .list,
                     description: "With `dir`: regular expressions (matched against the end of each file name) of files to skip."),
        ArgumentSpec("ignore_unknown_extensions", .bool, default: false,
                     description: "With `dir`: skip files without one of `extensions` instead of failing on them."),
        ArgumentSpec("name",
                     description: "Put the loaded variables under this one variable instead of at the top level."),
    ], freeForm: "_raw_params")

    static let documentation = ModuleDocumentation(
        "Load variables from a file",
        description: [
            "Reads a YAML or JSON file on the controller, vaulted or not, and sets its variables for the host.",
        ],
        notes: [
            "Like ansible-core, the files of a `dir` that cannot be loaded make the result say `message` (not `msg`).",
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
        if args["dir"] != nil {
            if args["file"] != nil || args["_raw_params"] != nil {
                return .failure("You are mixing file only and dir only arguments, these are incompatible")
            }
            return try loadDirectory(args, in: context)
        }
        // Like ansible-core, a free-form name loses its trailing newlines (a folded `>` scalar).
        let named = args.string("file") ?? args.string("_raw_params").map { text in
            String(text.reversed().drop { $0 == "\n" }.reversed())
        }
        guard let source = named, !source.isEmpty else {
            var refused = failed(try result([:], files: [], args: args, in: context),
                                 "Could not find file on the Ansible Controller.\n" + SourceFile.remoteSourceHint)
            refused.fields["warnings"] = ["Invalid request to find a file that matches a \"null\" value"]
            return refused
        }
        guard let path = SourceFile.locate(source, kind: "vars", in: context) else {
            return failed(try result([:], files: [], args: args, in: context), SourceFile.notFound(source, kind: "vars", in: context))
        }
        switch load(path, in: context) {
        case .success(let loaded): return try result(loaded, files: [path], args: args, in: context)
        case .failure(let message): return failed(try result([:], files: [], args: args, in: context), message.text)
        }
    }

    /// A failed result as ansible-core's action gives it: what went wrong under `message`, and
    /// a `msg` that knows nothing.
    static func failed(_ result: ModuleResult, _ problem: String) -> ModuleResult {
        var refused = result
        refused.failed = true
        refused.message = "Task failed: Action failed: Unknown error."
        refused.fields["message"] = .string(problem)
        return refused
    }

    /// `dir`: every vars file of the directory, later ones overriding earlier ones. Like
    /// ansible-core, a problem is reported as `message`, with what loaded until then.
    static func loadDirectory(_ args: ModuleArguments, in context: ModuleContext) throws -> ModuleResult {
        let rolePath = (try? context.templar.evaluate("role_path | default('')"))?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let taskDirectory = context.searchPaths.first ?? FileManager.default.currentDirectoryPath
        let root = VarsDirectory.resolve(args.string("dir") ?? "", rolePath: rolePath, taskDirectory: taskDirectory)
        var walk = VarsDirectory(root: root)
        walk.depth = args.int("depth") ?? 0
        walk.ignoreFiles = (args["ignore_files"]?.listValue ?? []).map(\.pythonString)
        walk.extensions = (args["extensions"]?.listValue ?? []).map(\.pythonString)
        walk.ignoreUnknownExtensions = args.bool("ignore_unknown_extensions")
        var problem: String?
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
            problem = "\(root) directory does not exist"
        } else if !isDirectory.boolValue {
            problem = "\(root) is not a directory"
        }
        // Like ansible-core, a directory whose files fail to load adds none of its variables
        // (earlier directories' stay); the files read until then are still listed.
        var variables = ValueDict(), pending = ValueDict(), files: [String] = []
        var directory = root
        if problem == nil {
            do {
                walk.filesMatching = try args.string("files_matching").map { try PythonRegex($0) }
                for path in try walk.files() {
                    if PathResolution.directory(of: path) != directory {
                        directory = PathResolution.directory(of: path)
                        for (k, v) in pending { variables[k] = v }
                        pending = [:]
                    }
                    guard walk.hasValidExtension(PathResolution.lastComponent(path)) else {
                        problem = "\(path) does not have a valid extension: \(walk.extensions.joined(separator: ", "))"
                        break
                    }
                    switch load(path, in: context) {
                    case .success(let loaded):
                        for (k, v) in loaded { pending[k] = v }
                        files.append(path)
                    case .failure(let message): problem = message.text
                    }
                    if problem != nil { break }
                }
            } catch {
                return .failure("Invalid regular expression: \(error)")
            }
        }
        if problem == nil { for (k, v) in pending { variables[k] = v } }
        let loaded = try result(variables, files: files, args: args, in: context)
        return problem.map { failed(loaded, $0) } ?? loaded
    }

    private static func result(_ variables: ValueDict, files: [String], args: ModuleArguments,
                               in context: ModuleContext) throws -> ModuleResult
    {
        var variables = variables
        if let name = args.string("name") { variables = [name: .dict(variables)] }
        if args.string("hash_behaviour") == "merge" { variables = try merged(variables, in: context) }
        return ModuleResult(
            fields: ["ansible_facts": .dict(variables), "ansible_included_var_files": .list(files.map(Value.string))],
            includedVariables: variables)
    }

    /// `hash_behaviour: merge`: like ansible-core, each loaded dictionary goes recursively into
    /// the value the task sees under its name (the files of a `dir` replace one another first).
    private static func merged(_ variables: ValueDict, in context: ModuleContext) throws -> ValueDict {
        var result = variables
        for (name, value) in variables {
            guard case .dict = value else { continue }
            let existing = try context.templar.evaluate("lookup('vars', \(literal(name)), default=omit)")
            guard case .dict = existing else { continue }
            result[name] = try AnsibleCollectionFilters.merge(existing, value, recursive: true, listMerge: "replace")
        }
        return result
    }

    /// `text` as a quoted string literal of a template expression.
    private static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    struct LoadFailure: Error { var text: String }

    /// One vars file, parsed by the templar (YAML, vault, `!unsafe`): a mapping, or nothing.
    static func load(_ path: String, in context: ModuleContext) -> Result<ValueDict, LoadFailure> {
        let loaded: Value
        do {
            loaded = try context.templar.evaluate("lookup('file', \(literal(path))) | from_yaml")
        } catch {
            return .failure(LoadFailure(text: "Failed to load \(path): \(error)"))
        }
        switch loaded {
        case .dict(let d): return .success(d)
        case .null: return .success([:])
        default: return .failure(LoadFailure(text: "\(path) must be stored as a dictionary/hash"))
        }
    }
}
