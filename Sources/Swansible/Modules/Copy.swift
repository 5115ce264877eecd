import Foundation

/// `copy`: controller content (`content:` or a `src:` file) to a file on the host.
struct CopyModule: Module {
    static let names = ["copy"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> { args.bool("remote_src") ? [] : ["src"] }
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_original_basename",
                     description: "Internal: the source file's name, as the copy action passes it on."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before replacing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("checksum",
                     description: "SHA1 the transferred file is expected to have; accepted, not checked by Swansible yet."),
        ArgumentSpec("content", .raw,
                     description: "Text to write to `dest`, instead of a `src` file; a non-string value is written as JSON."),
        ArgumentSpec("decrypt", .bool, default: true, actionOnly: true,
                     description: "Decrypt a vaulted `src` file before sending it."),
        // Required, but checked in `run` with the copy action's own wording.
        ArgumentSpec("dest", .path,
                     description: "Path on the host to write; when it ends with `/` (or is a directory) the file keeps its own name in it."),
        ArgumentSpec("directory_mode", .mode,
                     description: "Mode of the directories of a recursive copy (those of the tree, and those created on the way)."),
        ArgumentSpec("follow", .bool, default: false,
                     description: "Whether an existing `dest` that is a link is followed; accepted, not applied yet."),
        ArgumentSpec("force", .bool, default: true,
                     description: "Replace `dest` when its content differs; with false, only write a `dest` that does not exist."),
        ArgumentSpec("group"),
        ArgumentSpec("local_follow", .bool,
                     description: "Whether links inside a `src` directory are followed (their targets copied) or made again as links on the host. A directory from the controller follows them unless this is false; a directory on the host (`remote_src`) only when this is true."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("remote_src", .bool, default: false,
                     description: "`src` is a path on the host rather than on the controller."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path,
                     description: "File on the controller to copy (looked for in the role's `files/` directory, then beside the playbook)."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the new file before it replaces `dest`; `%s` stands for the file's path."),
    ])

    static let documentation = ModuleDocumentation(
        "Copy files to the host",
        description: [
            "Writes a file from the controller (or text given in `content`) to a path on the host, and sets its mode and owner.",
            "The file is replaced only when its content or attributes differ, atomically: it is written beside `dest` and renamed.",
        ],
        notes: [
            "The content travels over the SSH session's SFTP channel and is compared with sha1sum on the host; no Python is involved.",
            "A `src` directory is copied recursively: with a trailing `/` its contents go into `dest`, without one the directory itself does.",
            "A directory on the host (`remote_src` with a directory) is copied by a script on the host: missing files and files whose content differs are copied, files only in `dest` stay, `owner` and `group` apply to the whole tree and `mode` to `dest`.",
        ],
        examples: """
            - name: Install the kubelet unit
              ansible.builtin.copy:
                src: kubelet.service
                dest: /etc/systemd/system/kubelet.service
                owner: root
                group: root
                mode: "0644"
              notify: restart kubelet

            - name: Write a small file from a string
              ansible.builtin.copy:
                content: "{{ cluster_name }}\\n"
                dest: /etc/cluster-name
            """,
        diffMode: .full,
        fragments: [.files])

    /// Like ansible-core's copy action, `content` is masked in the invocation of the module.
    static let invocationMasks: Set<String> = ["content"]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var result = try await copy(args, in: context)
        // Like ansible-core's copy action, a result no module gave an invocation (the action's
        // own failures, check mode, an existing file kept by `force: false`) gets the task's
        // arguments as one, both at its top and as `module_args`, `content` masked.
        guard result.fields[ModuleInvocation.key] == nil,
              result.ownsInvocation || result.fields[ModuleResult.failureKindKey] != nil
                || result.fields[ModuleResult.actionErrorMarker] != nil else { return result }
        var invocation = args.given
        var moduleArgs = args.given
        if !(invocation["content"] ?? .null).isNull { invocation["content"] = "CENSORED: content is a no_log parameter" }
        if !(moduleArgs["content"] ?? .null).isNull { moduleArgs["content"] = .string(ModuleInvocation.noLogValue) }
        invocation["module_args"] = .dict(moduleArgs)
        result.fields[ModuleInvocation.key] = .dict(invocation)
        result.ownsInvocation = true
        return result
    }

    private static func copy(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        if let problem = actionProblem(args) { return .actionFailure(problem) }
        let dest = args.string("dest") ?? ""
        let data: Data
        var name: String? = nil
        if let content = args["content"] {
            if case .string(let s) = content { data = Data(s.utf8) }
            else if case .unsafe(let s) = content { data = Data(s.utf8) }
            else { data = Data(content.jsonText().utf8) }
        } else {
            let src = args.string("src") ?? ""
            if args.bool("remote_src") {
                var attributes = FileAttributes(args)
                if attributes.mode == "preserve" { attributes.mode = nil }
                var copy = RemoteCopy(src: src, dest: dest, attributes: attributes, force: args.bool("force"), backup: args.bool("backup"))
                copy.followLinks = args.bool("local_follow")  // unset: links stay links, as ansible-core's copytree keeps them
                return try await copy.run(in: context)
            }
            guard let path = SourceFile.locate(src, kind: "files", in: context) else {
                return .actionError(SourceFile.notFound(src, kind: "files", in: context))
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                var attributes = FileAttributes(args)
                if attributes.mode == "preserve" { attributes.mode = nil }
                let copy = DirectoryCopy(
                    source: src.hasSuffix("/") && !path.hasSuffix("/") ? path + "/" : path, dest: dest, fileAttributes: attributes,
                    directoryMode: args["directory_mode"].flatMap(FileAttributes.chmodMode), force: args.bool("force"),
                    decrypt: args.bool("decrypt"), followLinks: args["local_follow"]?.isTruthy ?? true)
                return try await copy.run(in: context)
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                return .failure("Could not read src \(path)")
            }
            do { data = args.bool("decrypt") ? try DataLoader.decrypted(contents, file: path) : contents } catch {
                return .failure("\(error)")
            }
            name = (path as NSString).lastPathComponent
        }
        var attributes = FileAttributes(args)
        if attributes.mode == "preserve" { attributes.mode = nil }
        var install = ContentInstall(content: data, dest: dest, nameInDirectory: name, attributes: attributes)
        install.sourcePath = args.string("src")
        install.failuresNameTheChecksum = true
        install.force = args.bool("force")
        install.backup = args.bool("backup")
        install.validate = args.string("validate")
        install.invokedWith = args.given
        install.originalBasename = name
        if let name, dest.hasSuffix("/") {
            install.dest = dest + name
            install.createParents = true
        }
        return try await install.run(in: context)
    }

    /// What the copy action itself checks, in its order and wording, as ansible-core 2.19
    /// reports it (`src (or content)`, then `dest`, then both given).
    static func actionProblem(_ args: ModuleArguments) -> String? {
        let content = args["content"], src = args.string("src")
        if content == nil && src == nil { return "src (or content) is required" }
        if args.string("dest") == nil { return "dest is required" }
        if content != nil && src != nil { return "src and content are mutually exclusive" }
        return nil
    }
}
