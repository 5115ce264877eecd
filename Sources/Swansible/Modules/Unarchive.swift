import Foundation

/// `unarchive`: unpacks a tar (plain, gzip, bzip2, xz, zstd) or zip archive into a directory on
/// the host with the host's own `tar` or `unzip`, in one script: pick the handler the way
/// ansible-core does, compare (`tar --diff`), extract only when something differs, then set the
/// extracted files' mode and owner.
struct UnarchiveModule: Module, ArgumentNormalising {
    static let names = ["unarchive"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> {
        args.bool("remote_src") || args["_copy"]?.isTruthy == false ? [] : ["src"]
    }
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_copy", .bool, description: "Internal: `copy` as the task gave it (see `normalise`)."),
        ArgumentSpec("_copy_and_remote_src", .bool, description: "Internal: the task gave both `copy` and `remote_src`."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("copy", .bool, default: true, actionOnly: true,
                     description: "Deprecated inverse of `remote_src`: false means the archive is already on the host."),
        ArgumentSpec("creates", .path, description: "A path on the host: when it exists, nothing is unpacked and the task is skipped."),
        ArgumentSpec("decrypt", .bool, default: true, actionOnly: true, description: "Decrypt a vaulted `src` before sending it."),
        ArgumentSpec("dest", .path, required: true, description: "Existing directory on the host to unpack into."),
        ArgumentSpec("exclude", .list, default: .list([]),
                     description: "Archive members (shell patterns) not to unpack nor compare."),
        ArgumentSpec("extra_opts", .list, default: .list([]),
                     description: "More options for `tar` or `unzip`, one per item (`--strip-components=1`)."),
        ArgumentSpec("group"),
        ArgumentSpec("include", .list, default: .list([]), description: "Only these archive members are unpacked."),
        ArgumentSpec("io_buffer_size", .int, default: .int(65536), description: "Accepted for compatibility; the host's tools choose their buffers."),
        ArgumentSpec("keep_newer", .bool, default: false, description: "Do not replace files on the host that are newer than the archive's."),
        ArgumentSpec("list_files", .bool, default: false, description: "Return the archive's members in `files`."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("remote_src", .bool, default: false,
                     description: "`src` is on the host already (a path, or a URL that the host downloads with curl)."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path, required: true,
                     description: "The archive: a controller file (looked for in the role's `files/`, then beside the playbook) sent to the host, or with `remote_src` a path or URL on the host."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Whether the host checks the TLS certificate of a URL `src`."),
    ], mutuallyExclusive: [["include", "exclude"]])

    static let documentation = ModuleDocumentation(
        "Unpack an archive on the host",
        description: [
            "Unpacks a `.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`, `.tar.zst` or `.zip` archive into an existing directory, after sending it from the controller unless `remote_src` is set.",
            "Nothing is unpacked when the directory already holds the archive's content (`tar --diff`), so a second run reports no change.",
        ],
        notes: [
            "The host's GNU tar (or unzip for zip files) does the work, with the archive's compressor (gzip, bzip2, xz, zstd); no Python is needed.",
            "One round trip after the archive is sent: checks, comparison, extraction and file attributes are one script.",
            "A zip archive is compared by unpacking it into a temporary directory and comparing the files' contents.",
            "In check mode a tar archive is skipped, as ansible-core does.",
        ],
        examples: """
            - name: Unpack etcd's release
              ansible.builtin.unarchive:
                src: etcd-v3.5.17-linux-amd64.tar.gz
                dest: /opt/bin
                extra_opts: [--strip-components=1]
                creates: /opt/bin/etcd

            - name: Unpack an archive already on the host
              ansible.builtin.unarchive:
                src: /tmp/cni-plugins.tgz
                dest: /opt/cni/bin
                remote_src: true
            """,
        checkMode: .partial,
        fragments: [.files])

    /// ansible-core's tar handlers in the order it tries them, with their compression flag.
    static let tarHandlers: [(name: String, flag: String)] = [
        ("TgzArchive", "-z"), ("TarArchive", ""), ("TarBzipArchive", "-j"), ("TarXzArchive", "-J"),
        ("TarZstdArchive", "--use-compress-program=zstd"),
    ]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var request = UnarchiveRequest(args)
        if args.bool("_copy_and_remote_src") { return .raisedFailure("parameters are mutually exclusive: ('copy', 'remote_src')") }
        if let copy = args["_copy"] { request.remoteSource = !copy.isTruthy }
        if !request.remoteSource {
            if request.source.contains("://") {
                return .raisedFailure("Unsupported option, an URI src (\(request.source)) is only supported when remote_src is True")
            }
            guard let path = SourceFile.locate(request.source, kind: "files", in: context),
                  let raw = FileManager.default.contents(atPath: path) else {
                return .actionError(SourceFile.notFound(request.source, kind: "files", in: context))
            }
            let data: Data
            do { data = args.bool("decrypt") ? try DataLoader.decrypted(raw, file: path) : raw } catch { return .failure("\(error)") }
            return try await context.withTemporaryUpload(data) { upload in
                request.source = upload
                return try await unpack(request, in: context, uploaded: true)
            }
        }
        return try await unpack(request, in: context, uploaded: false)
    }

    private static func unpack(_ request: UnarchiveRequest, in context: ModuleContext, uploaded: Bool) async throws -> ModuleResult {
        let result = try await context.runScript(request.script(checkMode: context.checkMode, uploaded: uploaded))
        return request.result(fromScriptOutput: result.stdout, stderr: result.stderr, exitCode: result.exitCode)
    }
}

extension UnarchiveModule {
    /// The deprecated `copy` is the action's alone, and only when the task gives it (validation
    /// fills in defaults): it is renamed before validation, and giving it with `remote_src` noted.
    static func normalise(_ args: ValueDict) -> ValueDict {
        guard let copy = args["copy"] else { return args }
        var normalised = args
        normalised["copy"] = nil
        normalised["_copy"] = copy
        if args["remote_src"] != nil { normalised["_copy_and_remote_src"] = true }
        return normalised
    }
}
