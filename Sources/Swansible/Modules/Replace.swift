import Foundation

/// `replace`: every match of a Python regular expression in a file replaced. The file is read
/// by one script, the substitution runs on the controller (Python `re` semantics: multiline,
/// `\1` and `\g<name>` references), and the text is written back atomically only when it changed.
struct ReplaceModule: Module {
    static let names = ["replace"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("after",
                     description: "Only replace in the text after the first match of this regular expression (DOTALL)."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before changing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("before",
                     description: "Only replace in the text before the last match of this regular expression (DOTALL)."),
        ArgumentSpec("encoding", default: "utf-8",
                     description: "Character encoding the file is read and written in."),
        ArgumentSpec("group"),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "destfile", "name"],
                     description: "File on the host to edit."),
        ArgumentSpec("regexp", required: true,
                     description: "Python-style regular expression (MULTILINE) whose every match is replaced."),
        ArgumentSpec("replace", default: "",
                     description: "What each match becomes; may use groups (`\\1`, `\\g<name>`); empty removes the matches."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the new file before it replaces the old one; `%s` stands for its path."),
    ])

    static let documentation = ModuleDocumentation(
        "Replace every match of a pattern in a file",
        description: [
            "Replaces all the matches of a regular expression in a file on the host, optionally only between `after` and `before`.",
            "The file is read by one script, the substitution is made on the controller and the file is written back atomically only when its text changed.",
        ],
        notes: [
            "Regular expressions follow Python's `re` syntax (as in ansible-core), translated for the controller's engine.",
            "One difference from Python's `re` remains: `^` does not match at the very end of a text that ends with a newline (Python's MULTILINE `^` does there).",
            "Only UTF-8 compatible encodings (utf-8, ascii) are read and written; others are refused with a message.",
            "A failed `validate` reports its standard error on one line.",
        ],
        examples: """
            - name: Point every server line at the new registry
              ansible.builtin.replace:
                path: /etc/containers/registries.conf
                regexp: 'registry\\.old\\.example'
                replace: registry.example

            - name: Comment out the options of one section only
              ansible.builtin.replace:
                path: /etc/app.conf
                after: '\\[cache\\]'
                before: '\\[log\\]'
                regexp: '^(\\w+ *=)'
                replace: '# \\1'
            """,
        diffMode: .full,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        let encoding = (args.string("encoding") ?? "utf-8").lowercased().replacingOccurrences(of: "_", with: "-")
        guard ["utf-8", "utf8", "ascii", "us-ascii"].contains(encoding) else {
            return .failure("encoding \(args.string("encoding") ?? "") is not supported by Swansible's replace (UTF-8 and ASCII are)")
        }
        let after = args.string("after").flatMap { $0.isEmpty ? nil : $0 }
        let before = args.string("before").flatMap { $0.isEmpty ? nil : $0 }
        let edit = TextFileEdit(path: path, attributes: FileAttributes(args))
        // Like ansible-core, a section pattern that does not match leaves even mode and owner
        // alone: then the attributes are settled only once the section is known to match.
        let sectioned = after != nil || before != nil
        let snapshot = try await edit.read(settleAttributes: !sectioned, in: context)
        if let failure = snapshot.failure { return .failure(failure, fields: ["rc": 256]) }
        if !snapshot.exists { return .failure("Path \(path) does not exist !", fields: ["rc": 257]) }
        let contents = snapshot.text ?? ""

        var sectionPattern = ""
        if let after, let before { sectionPattern = "\(after)(?P<subsection>.*?)\(before)" }
        else if let after { sectionPattern = "\(after)(?P<subsection>.*)" }
        else if let before { sectionPattern = "(?P<subsection>.*)\(before)" }
        var sectionRange = contents.startIndex..<contents.endIndex
        if !sectionPattern.isEmpty {
            guard let section = try? PythonRegex(sectionPattern, dotAll: true) else {
                return .failure("Invalid regular expression: \(sectionPattern)")
            }
            guard let m = section.firstMatch(in: contents),
                  let r = Range(m.range(withName: "subsection"), in: contents) else {
                return ModuleResult(changed: false, message: "Pattern for before/after params did not match the given file: \(sectionPattern)",
                                    fields: ["rc": 0])
            }
            sectionRange = r
        }
        let section = String(contents[sectionRange])
        let replaced: String, count: Int
        do {
            let regexp = try PythonRegex(args.string("regexp") ?? "", multiline: true)
            count = regexp.matches(in: section).count
            replaced = count > 0 ? try regexp.substitute(in: section, with: args.string("replace") ?? "") : section
        } catch {
            return .failure("Unable to process replace due to error: \(error)")
        }
        let changed = count > 0 && replaced != section
        let newText = changed ? String(contents[..<sectionRange.lowerBound]) + replaced + String(contents[sectionRange.upperBound...]) : contents
        let message = changed ? "\(count) replacements made" : ""
        var fields: ValueDict = ["rc": 0]
        let diff = context.diffMode && changed ? [FileDiff(path: path, before: contents, after: newText)] : []
        var attributesChanged = snapshot.attributesChanged
        if sectioned {
            do { attributesChanged = try await edit.settleAttributes(in: context) } catch let failure as TextFileEditFailure {
                return .failure(failure.message)
            }
        }
        if changed && !context.checkMode {
            let written = try await edit.write(newText, to: snapshot.target, backup: args.bool("backup"),
                                               validate: args.string("validate"), in: context)
            if let failure = written.failure { return .failure(failure) }
            if let backup = written.backupFile { fields["backup_file"] = .string(backup) }
            attributesChanged = attributesChanged || written.attributesChanged
        }
        let finalMessage = attributesChanged ? TextFileEdit.withAttributesMessage(message, contentChanged: changed) : message
        return ModuleResult(changed: changed || attributesChanged, message: finalMessage, fields: fields, diff: diff)
    }
}
