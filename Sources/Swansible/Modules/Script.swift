import Foundation

/// `script`: uploads a controller-side script and runs it on the host with its arguments;
/// `creates`/`removes` are checked in the same round trip as the run.
struct ScriptModule: Module {
    static let names = ["script"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", description: "Path of the script on the controller, followed by its arguments."),
        ArgumentSpec("chdir", description: "Directory on the host to change into before running the script."),
        ArgumentSpec("cmd", description: "The script and its arguments, as an argument instead of free-form text."),
        ArgumentSpec("creates", description: "A path on the host: when it exists, the script is not run."),
        ArgumentSpec("decrypt", .bool, default: true, description: "Decrypt a vaulted script before sending it."),
        ArgumentSpec("executable",
                     description: "Program to run the script with (bash, or another interpreter on the host)."),
        ArgumentSpec("removes", description: "A path on the host: when it does not exist, the script is not run."),
    ], freeForm: "_raw_params", mutuallyExclusive: [["_raw_params", "cmd"]], requiredOneOf: [["_raw_params", "cmd"]])

    static let documentation = ModuleDocumentation(
        "Copy a script from the controller and run it on the host",
        description: [
            "Sends a local script to the host, runs it there with its arguments and removes it afterwards.",
            "The script is looked for in the role's `files/` directory, then beside the playbook.",
        ],
        notes: [
            "`creates` and `removes` are checked in the same round trip as the run.",
            "In check mode the script never runs: without `creates` or `removes` the task is skipped, with them it reports whether the script would run.",
        ],
        examples: """
            - name: Prepare the disks
              ansible.builtin.script: prepare-disks.sh --force
              args:
                creates: /var/lib/disks-ready
            """,
        checkMode: .partial)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let line = (args.string("cmd") ?? args.string("_raw_params"))?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            return .failure("script: no script given")
        }
        let words: [String]
        do { words = try ShellQuote.split(line) } catch { return .failure("\(error)") }
        guard let source = words.first else { return .failure("script: no script given") }
        let arguments = argumentText(line, after: source)
        guard let path = SourceFile.locate(source, kind: "files", in: context), let raw = FileManager.default.contents(atPath: path) else {
            return .actionError(SourceFile.notFound(source, kind: "files", in: context))
        }
        let data: Data
        do { data = args.bool("decrypt") ? try DataLoader.decrypted(raw, file: path) : raw } catch { return .failure("\(error)") }
        let creates = args.string("creates"), removes = args.string("removes")
        if context.checkMode && creates == nil && removes == nil {
            return ModuleResult.skippedByTheAction(message: "Check mode is not supported for this task.")
        }
        let result = try await context.withTemporaryUpload(data) { upload in
            try await context.runScript(scriptText(upload: upload, arguments: arguments, creates: creates, removes: removes,
                                                  args: args, checkMode: context.checkMode))
        }
        if let marker = result.stderr.range(of: CommandRun.guardMarker) {
            let outcome = result.stderr[marker.upperBound...].prefix { $0 != "\n" }
            switch outcome {
            // Like ansible-core's script action, which skips before sending the script.
            case "creates": return ModuleResult.skippedByTheAction(message: "\(creates ?? "") exists, matching creates option")
            case "removes": return ModuleResult.skippedByTheAction(message: "\(removes ?? "") does not exist, matching removes option")
            case "chdir": return .failure("Unable to change directory: \(args.string("chdir") ?? "")")
            default: return ModuleResult(changed: true)  // check mode: it would run
            }
        }
        let fields: ValueDict = [
            "rc": .int(Int(result.exitCode)),
            "stderr": .string(result.stderr),
            "stderr_lines": .list(CommandRun.lines(result.stderr).map(Value.string)),
            "stdout": .string(result.stdout),
            "stdout_lines": .list(CommandRun.lines(result.stdout).map(Value.string)),
        ]
        let failed = result.exitCode != 0
        return ModuleResult(changed: true, failed: failed, message: failed ? "non-zero return code" : nil, fields: fields)
    }

    /// Makes the uploaded script executable, applies `creates`/`removes`/`chdir`, runs it, and
    /// removes it on the way out.
    private static func scriptText(upload: String, arguments: String, creates: String?, removes: String?,
                                  args: ModuleArguments, checkMode: Bool) -> String {
        var s = "sw_up=\(ShellQuote.quote(upload))\ntrap 'rm -f \"$sw_up\"' EXIT\nchmod 700 \"$sw_up\"\n"
        let guardRun = CommandRun(payload: .argv([]), reportedCommand: .null, chdir: args.string("chdir"), creates: creates,
                                  removes: removes, stdin: nil, stdinAddNewline: false, stripEmptyEnds: false)
        s += guardRun.guardScript(probeOnly: checkMode)
        let interpreter = args.string("executable").map { ShellQuote.quote($0) + " " } ?? ""
        s += "\(interpreter)\"$sw_up\" \(arguments)\n"
        return s
    }

    /// The text after the script's own word, kept as written (ansible passes it on unsplit).
    static func argumentText(_ line: String, after first: String) -> String {
        var rest = Substring(line)
        while let c = rest.first, c == " " || c == "\t" { rest = rest.dropFirst() }
        // Skip the first shell word as written (it may be quoted).
        var quote: Character? = nil
        while let c = rest.first {
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == " " || c == "\t" { break }
            rest = rest.dropFirst()
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }
}
