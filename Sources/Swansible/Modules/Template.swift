import Foundation

/// `template`: renders a controller-side Jinja file with the host's variables, then installs
/// it like `copy`.
struct TemplateFileModule: Module {
    static let names = ["template"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> { ["src"] }
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before replacing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("block_end_string", default: "%}",
                     description: "Marker that ends a block; accepted, Swansible always uses `%}`."),
        ArgumentSpec("block_start_string", default: "{%",
                     description: "Marker that starts a block; accepted, Swansible always uses `{%`."),
        ArgumentSpec("comment_end_string", default: "#}",
                     description: "Marker that ends a comment; accepted, Swansible always uses `#}`."),
        ArgumentSpec("comment_start_string", default: "{#",
                     description: "Marker that starts a comment; accepted, Swansible always uses `{#`."),
        ArgumentSpec("dest", .path, required: true, description: "Path on the host to write the rendered template to."),
        ArgumentSpec("follow", .bool, default: false,
                     description: "Whether an existing `dest` that is a link is followed; accepted, not applied yet."),
        ArgumentSpec("force", .bool, default: true,
                     description: "Replace `dest` when its content differs; with false, only write a `dest` that does not exist."),
        ArgumentSpec("group"),
        ArgumentSpec("lstrip_blocks", .bool, default: false,
                     description: "Strip spaces and tabs before a block tag on its line; accepted, not applied yet."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("newline_sequence", default: "\n", choices: ["\n", "\r", "\r\n"],
                     description: "Line ending written in the result."),
        ArgumentSpec("output_encoding", default: "utf-8",
                     description: "Encoding of the written file; accepted, Swansible always writes UTF-8."),
        ArgumentSpec("owner"),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path, required: true,
                     description: "Jinja template on the controller (looked for in the role's `templates/` directory, then beside the playbook)."),
        ArgumentSpec("trim_blocks", .bool, default: true,
                     description: "Drop the newline after a block tag; accepted, Swansible always does."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the new file before it replaces `dest`; `%s` stands for the file's path."),
        ArgumentSpec("variable_end_string", default: "}}",
                     description: "Marker that ends an expression; accepted, Swansible always uses `}}`."),
        ArgumentSpec("variable_start_string", default: "{{",
                     description: "Marker that starts an expression; accepted, Swansible always uses `{{`."),
    ])

    static let documentation = ModuleDocumentation(
        "Render a template into a file on the host",
        description: [
            "Renders a Jinja template on the controller with the host's variables, then installs the result on the host as the copy module does.",
            "The template also sees `template_path`, `template_host`, `template_run_date` and the other variables ansible-core adds, and `ansible_managed`.",
        ],
        notes: [
            "Rendered by Swansible's own Jinja engine, written to reproduce Jinja2's output.",
            "`swansible template FILE` prints what this module would write, without a host.",
        ],
        examples: """
            - name: Write etcd's environment file
              ansible.builtin.template:
                src: etcd.env.j2
                dest: /etc/etcd/etcd.env
                mode: "0640"
              notify: restart etcd
            """,
        diffMode: .full,
        fragments: [.files])

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
            rendered = try context.templar.renderFile(source, path: path, extraVariables: templateVariables(path: path, dest: dest),
                                                      options: TemplateFileOptions(args.values))
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
        install.failuresNameTheChecksum = true
        install.invokedWith = args.given
        install.originalBasename = (path as NSString).lastPathComponent
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
