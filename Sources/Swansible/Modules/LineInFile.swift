import Foundation

/// `lineinfile`: one line present (replaced, inserted) or absent. The file is read in one
/// script (which also settles mode/owner/group), edited on the controller, and written back
/// atomically only when its text changed.
struct LineInFileModule: Module {
    static let names = ["lineinfile"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backrefs", .bool, default: false,
                     description: "With `regexp`, `line` may use its groups (`\\1`), and a file without a match is left alone."),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before changing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("create", .bool, default: false,
                     description: "Create the file when it does not exist (otherwise that is an error)."),
        ArgumentSpec("firstmatch", .bool, default: false,
                     description: "With `insertafter`/`insertbefore`, use the first matching line instead of the last."),
        ArgumentSpec("group"),
        ArgumentSpec("insertafter",
                     description: "Where to add `line` when nothing matches: after the last line matching this regular expression, or `EOF`."),
        ArgumentSpec("insertbefore",
                     description: "Where to add `line` when nothing matches: before the last line matching this regular expression, or `BOF`."),
        ArgumentSpec("line", aliases: ["value"],
                     description: "The line to have in the file (needed with `state: present`)."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "destfile", "name"],
                     description: "File on the host to edit."),
        ArgumentSpec("regexp", aliases: ["regex"],
                     description: "Python-style regular expression of the line to replace or remove (the last match counts)."),
        ArgumentSpec("search_string",
                     description: "Literal text of the line to replace or remove, instead of `regexp`."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the line should be in the file."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the new file before it replaces the old one; `%s` stands for its path."),
    ], mutuallyExclusive: [["insertbefore", "insertafter"], ["regexp", "search_string"], ["backrefs", "search_string"]])

    static let contentMarker = "__swansible_content__"

    static let documentation = ModuleDocumentation(
        "Make sure a line is in a file, or is not",
        description: [
            "Adds, replaces or removes one line of a text file on the host, found by a regular expression or a string.",
            "The file is read by one script, edited on the controller and written back atomically only when its text changed.",
        ],
        notes: [
            "Regular expressions follow Python's `re` syntax (as in ansible-core), translated for the controller's engine.",
        ],
        examples: """
            - name: Point the resolver at the cluster DNS
              ansible.builtin.lineinfile:
                path: /etc/resolv.conf
                regexp: '^nameserver '
                line: nameserver 10.3.0.10

            - name: Remove an old mount
              ansible.builtin.lineinfile:
                path: /etc/fstab
                regexp: ' /mnt/old '
                state: absent
            """,
        diffMode: .full,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        let present = args.string("state") != "absent"
        if present && args["line"] == nil { return .failure("line is required with state=present") }
        if !present && args["line"] == nil && args["regexp"] == nil && args["search_string"] == nil {
            return .failure("one of line, search_string, or regexp is required with state=absent")
        }
        if args.bool("backrefs") && args["regexp"] == nil { return .failure("regexp is required with backrefs=true") }
        var edit = LineEdit()
        edit.line = args.string("line")
        edit.searchString = args.string("search_string")
        edit.insertAfter = args.string("insertafter")
        edit.insertBefore = args.string("insertbefore")
        edit.backrefs = args.bool("backrefs")
        edit.firstMatch = args.bool("firstmatch")
        do {
            edit.regexp = try args.string("regexp").map { try PythonRegex($0) }
        } catch {
            return .failure("Invalid regular expression: \(args.string("regexp") ?? "")")
        }
        let attributes = FileAttributes(args)
        let warnings = emptyPatternWarnings(args)

        let (result, report, text) = try await read(path, attributes: attributes, in: context)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr, fields: ["rc": 256]) }
        let exists = report.flag("exists")
        let attributesChanged = report.flag("changed")
        if !exists {
            if !present { return ModuleResult(changed: false, message: "file not present", fields: warnings) }
            if !args.bool("create") {
                return .failure("Destination \(path) does not exist !", fields: ["rc": 257])
            }
        }
        let original = LineEdit.splitLines(text ?? "")
        let outcome: LineEdit.Outcome
        do {
            outcome = present ? try edit.present(original) : edit.absent(original)
        } catch {
            return .failure("Invalid regular expression: \(error)")
        }
        var message = outcome.message
        let newAttributes = !exists && (attributes.mode != nil || attributes.owner != nil || attributes.group != nil)
        if attributesChanged || (newAttributes && outcome.changed) {
            message = message.isEmpty ? "ownership, perms or SE linux context changed" : message + " and ownership, perms or SE linux context changed"
        }
        var fields: ValueDict = warnings
        fields["backup"] = ""
        if let found = outcome.found { fields["found"] = .int(found) }
        let newText = outcome.lines.joined()
        fields["diff"] = registeredDiff(path, before: text ?? "", after: newText, checkingNewFile: context.checkMode && !exists,
                                        diffMode: context.diffMode)
        let diff = context.diffMode && outcome.changed ? [FileDiff(path: path + " (content)", before: text ?? "", after: newText)] : []
        if outcome.changed && !context.checkMode {
            let target = report["realpath"] ?? path
            var install = ContentInstall(content: Data(newText.utf8), dest: target, nameInDirectory: nil, attributes: attributes)
            install.backup = args.bool("backup")
            install.validate = args.string("validate")
            install.createParents = true
            let (ran, installed) = try await context.withTemporaryUpload(install.content) { upload in
                try await context.runReport(install.installScript(upload: upload, resolvedDest: target))
            }
            if installed.flag("failed") || ran.exitCode != 0 {
                return .failure(installed["msg"] ?? "could not write \(path): \(ran.stderr)")
            }
            if let b = installed["backup_file"] { fields["backup"] = .string(b) }
        }
        return ModuleResult(changed: outcome.changed || attributesChanged, message: message, fields: fields, diff: diff)
    }

    /// Like ansible-core, an empty `regexp` or `search_string` is allowed (it matches every
    /// line) with a warning.
    static func emptyPatternWarnings(_ args: ModuleArguments) -> ValueDict {
        let everyLine = "which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending."
        var warnings: [Value] = []
        if args.string("regexp") == "" {
            warnings.append(.string("The regular expression is an empty string, \(everyLine) If this is desired, use '^' to match every line in the file and avoid this warning."))
        }
        if args.string("search_string") == "" { warnings.append(.string("The search string is an empty string, \(everyLine)")) }
        return warnings.isEmpty ? [:] : ["warnings": .list(warnings)]
    }

    /// The `diff` ansible-core's lineinfile always returns: the content (its text only in diff
    /// mode) and the file attributes' headers; the content alone for a file check mode would create.
    static func registeredDiff(_ path: String, before: String, after: String, checkingNewFile: Bool, diffMode: Bool) -> Value {
        let content: Value = [
            "before": .string(diffMode ? before : ""), "after": .string(diffMode ? after : ""),
            "before_header": .string(path + " (content)"), "after_header": .string(path + " (content)"),
        ]
        if checkingNewFile { return content }
        let attributes: Value = [
            "before_header": .string(path + " (file attributes)"), "after_header": .string(path + " (file attributes)"),
        ]
        return [content, attributes]
    }

    /// One script: settle attributes of an existing file, report, and print its text.
    static func read(_ path: String, attributes: FileAttributes, in context: ModuleContext) async throws -> (CommandResult, ScriptReport, String?) {
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(context.checkMode ? 1 : 0)\np=\(ShellQuote.quote(path))\n"
        s += "[ -d \"$p\" ] && sw_fail \"Path $p is a directory !\"\n"
        s += "if [ -e \"$p\" ]; then\n  [ -r \"$p\" ] || sw_fail \"Path $p is not readable\"\n"
        s += "  \(attributes.applyCall(pathWord: "\"$p\""))\n"
        // Like ansible, a symlinked path is edited through the link (the target is rewritten).
        s += "  [ -L \"$p\" ] && printf 'realpath=%s\\n' \"$(readlink -f \"$p\")\"\n"
        s += "  printf 'exists=1\\nchanged=%s\\n' \"$sw_changed\"; echo \(contentMarker); cat \"$p\"\nelse\n  echo exists=0\nfi\n"
        let result = try await context.runScript(s)
        guard let marker = result.stdout.range(of: contentMarker + "\n") else {
            return (result, ScriptReport(result.stdout), nil)
        }
        return (result, ScriptReport(String(result.stdout[..<marker.lowerBound])), String(result.stdout[marker.upperBound...]))
    }
}
