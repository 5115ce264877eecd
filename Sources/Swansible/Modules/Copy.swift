import Foundation

/// `copy`: controller content (`content:` or a `src:` file) to a file on the host.
struct CopyModule: Module {
    static let names = ["copy"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_original_basename"),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false),
        ArgumentSpec("checksum"),
        ArgumentSpec("content", .raw),
        ArgumentSpec("decrypt", .bool, default: true, actionOnly: true),
        // Required, but checked in `run` with the copy action's own wording.
        ArgumentSpec("dest", .path),
        ArgumentSpec("directory_mode", .mode),
        ArgumentSpec("follow", .bool, default: false),
        ArgumentSpec("force", .bool, default: true),
        ArgumentSpec("group"),
        ArgumentSpec("local_follow", .bool, default: true),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("remote_src", .bool, default: false),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate"),
    ])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
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
                let copy = RemoteCopy(src: src, dest: dest, attributes: attributes, force: args.bool("force"), backup: args.bool("backup"))
                return try await copy.run(in: context)
            }
            guard let path = SourceFile.locate(src, kind: "files", in: context) else {
                return .actionError(SourceFile.notFound(src, kind: "files", in: context))
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return .failure("copying a directory (\(src)) is not supported yet by swansible's copy")
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
        install.force = args.bool("force")
        install.backup = args.bool("backup")
        install.validate = args.string("validate")
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
