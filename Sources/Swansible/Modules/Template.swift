import Foundation

/// `template`: renders a controller-side Jinja file with the host's variables, then installs
/// it like `copy`.
struct TemplateFileModule: Module {
    static let names = ["template"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false),
        ArgumentSpec("block_end_string", default: "%}"),
        ArgumentSpec("block_start_string", default: "{%"),
        ArgumentSpec("comment_end_string", default: "#}"),
        ArgumentSpec("comment_start_string", default: "{#"),
        ArgumentSpec("dest", .path, required: true),
        ArgumentSpec("follow", .bool, default: false),
        ArgumentSpec("force", .bool, default: true),
        ArgumentSpec("group"),
        ArgumentSpec("lstrip_blocks", .bool, default: false),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("newline_sequence", default: "\n", choices: ["\n", "\r", "\r\n"]),
        ArgumentSpec("output_encoding", default: "utf-8"),
        ArgumentSpec("owner"),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path, required: true),
        ArgumentSpec("trim_blocks", .bool, default: true),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate"),
        ArgumentSpec("variable_end_string", default: "}}"),
        ArgumentSpec("variable_start_string", default: "{{"),
    ])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let src = args.string("src") ?? ""
        let dest = args.string("dest") ?? ""
        guard let path = SourceFile.locate(src, kind: "templates", in: context),
              let raw = FileManager.default.contents(atPath: path)
        else {
            return .actionError(SourceFile.notFound(src, kind: "templates", in: context))
        }
        let data: Data
        do { data = try DataLoader.decrypted(raw, file: path) } catch { return .failure("\(error)") }
        guard let source = String(data: data, encoding: .utf8) else {
            return .failure("Template source files must be utf-8 encoded")
        }
        var rendered: String
        do {
            rendered = try context.templar.renderFile(source, path: path, extraVariables: templateVariables(path: path, dest: dest))
        } catch {
            return .failure("\(error)")
        }
        let newline = args.string("newline_sequence") ?? "\n"
        if newline != "\n" { rendered = rendered.replacingOccurrences(of: "\n", with: newline) }
        var attributes = FileAttributes(args)
        if attributes.mode == "preserve" {
            let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
            attributes.mode = mode.map { "0" + String($0, radix: 8) }
        }
        var install = ContentInstall(
            content: Data(rendered.utf8), dest: dest, nameInDirectory: (path as NSString).lastPathComponent, attributes: attributes)
        install.force = args.bool("force")
        install.backup = args.bool("backup")
        install.validate = args.string("validate")
        return try await install.run(in: context)
    }

    /// The variables ansible adds for a template: template_host, template_path, ...
    static func templateVariables(path: String, dest: String) -> ValueDict {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let mtime = (attributes[.modificationDate] as? Date) ?? Date()
        let owner = (attributes[.ownerAccountName] as? String) ?? ""
        return [
            "template_host": .string(ProcessInfo.processInfo.hostName),
            "template_path": .string(path),
            "template_fullpath": .string(URL(fileURLWithPath: path).standardizedFileURL.path),
            "template_mtime": .string(pythonDateTime(mtime)),
            "template_uid": .string(owner),
            "template_run_date": .string(pythonDateTime(Date())),
            "template_destpath": .string(dest),
        ]
    }

    /// `str(datetime)` without microseconds, local time.
    static func pythonDateTime(_ date: Date) -> String {
        String(CommandRun.timestamp(date).prefix(19))
    }
}
