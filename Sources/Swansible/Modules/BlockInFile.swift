import Foundation

/// `blockinfile`: a block of lines between two marker lines, present or absent. The file is
/// read by one script (which also settles mode/owner/group), the block is placed on the
/// controller, and the text is written back atomically only when it changed.
struct BlockInFileModule: Module {
    static let names = ["blockinfile"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("append_newline", .bool, default: false,
                     description: "Put an empty line after the block unless it ends the file or one is already there."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before changing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("block", default: "", aliases: ["content"],
                     description: "The lines to have between the markers; empty (or `state: absent`) removes the block and its markers."),
        ArgumentSpec("create", .bool, default: false,
                     description: "Create the file when it does not exist (otherwise that is an error)."),
        ArgumentSpec("group"),
        ArgumentSpec("insertafter",
                     description: "Where a new block goes: after the last line matching this regular expression, or `EOF` (the default)."),
        ArgumentSpec("insertbefore",
                     description: "Where a new block goes: before the last line matching this regular expression, or `BOF`."),
        ArgumentSpec("marker", default: "# {mark} ANSIBLE MANAGED BLOCK",
                     description: "The marker lines' text; `{mark}` becomes `marker_begin` or `marker_end`."),
        ArgumentSpec("marker_begin", default: "BEGIN",
                     description: "What `{mark}` becomes in the first marker line."),
        ArgumentSpec("marker_end", default: "END",
                     description: "What `{mark}` becomes in the last marker line."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "destfile", "name"],
                     description: "File on the host to edit."),
        ArgumentSpec("prepend_newline", .bool, default: false,
                     description: "Put an empty line before the block unless it starts the file or one is already there."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the block should be in the file."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the new file before it replaces the old one; `%s` stands for its path."),
    ], mutuallyExclusive: [["insertbefore", "insertafter"]])

    static let documentation = ModuleDocumentation(
        "Keep a marked block of lines in a file",
        description: [
            "Inserts, updates or removes a block of text that two marker lines surround, so that later runs find and update the same block.",
            "The file is read by one script, edited on the controller and written back atomically only when its text changed.",
        ],
        notes: [
            "Regular expressions of `insertafter`/`insertbefore` follow Python's `re` syntax, translated for the controller's engine.",
            "A failed `validate` reports its standard error on one line.",
        ],
        examples: """
            - name: Let the cluster network through
              ansible.builtin.blockinfile:
                path: /etc/hosts.allow
                block: |
                  sshd: 10.3.0.0/16
                  etcd: 10.3.0.0/16

            - name: Remove the block again
              ansible.builtin.blockinfile:
                path: /etc/hosts.allow
                marker: "# {mark} cluster network"
                state: absent
            """,
        diffMode: .full,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        let present = args.string("state") != "absent"
        var placement = BlockPlacement(
            marker: args.string("marker") ?? "", begin: args.string("marker_begin") ?? "", end: args.string("marker_end") ?? "",
            block: present ? args.string("block") ?? "" : "")
        placement.insertAfter = args.string("insertafter")
        placement.insertBefore = args.string("insertbefore")
        placement.prependNewline = present && args.bool("prepend_newline")
        placement.appendNewline = present && args.bool("append_newline")

        let edit = TextFileEdit(path: path, attributes: FileAttributes(args))
        let snapshot = try await edit.read(settleAttributes: true, in: context)
        if let failure = snapshot.failure { return .failure(failure, fields: ["rc": 256]) }
        if !snapshot.exists {
            if !args.bool("create") { return .failure("Path \(path) does not exist !", fields: ["rc": 257]) }
            if !present { return ModuleResult(changed: false, message: "File \(path) not present") }
        }
        let original = snapshot.exists ? snapshot.text ?? "" : nil
        let newText: String
        do {
            newText = try placement.apply(to: original ?? "")
        } catch {
            return .failure("Invalid regular expression: \(placement.insertAfter ?? placement.insertBefore ?? "")")
        }
        let changed = original != newText
        let message = !changed ? "" : original == nil ? "File created" : placement.blockLines.isEmpty ? "Block removed" : "Block inserted"
        let diff = context.diffMode && changed ? [FileDiff(path: path + " (content)", before: original ?? "", after: newText)] : []
        if context.checkMode && !snapshot.exists {
            return ModuleResult(changed: changed, message: message, diff: diff)
        }
        var fields = ValueDict()
        var attributesChanged = snapshot.attributesChanged
        if changed && !context.checkMode {
            let written = try await edit.write(newText, to: snapshot.target, backup: args.bool("backup") && snapshot.exists,
                                               validate: args.string("validate"), in: context)
            if let failure = written.failure { return .failure(failure) }
            if let backup = written.backupFile { fields["backup_file"] = .string(backup) }
            attributesChanged = attributesChanged || written.attributesChanged
        }
        let finalMessage = attributesChanged ? TextFileEdit.withAttributesMessage(message, contentChanged: changed) : message
        return ModuleResult(changed: changed || attributesChanged, message: finalMessage, fields: fields, diff: diff)
    }
}

/// The pure part of `blockinfile`: where the marked block goes in a text, as ansible-core
/// places it (an existing block is replaced where it is; a new one goes after/before the last
/// line matching the pattern, or at the end).
struct BlockPlacement {
    var beginMarker: String
    var endMarker: String
    /// Marker lines and block lines, each with its line ending; empty when the block is removed.
    var blockLines: [String]
    var insertAfter: String?
    var insertBefore: String?
    var prependNewline = false
    var appendNewline = false

    init(marker: String, begin: String, end: String, block: String) {
        beginMarker = marker.replacingOccurrences(of: "{mark}", with: begin) + "\n"
        endMarker = marker.replacingOccurrences(of: "{mark}", with: end) + "\n"
        if block.isEmpty {
            blockLines = []
        } else {
            let text = block.hasSuffix("\n") ? block : block + "\n"
            blockLines = [beginMarker] + LineEdit.splitLines(text) + [endMarker]
        }
    }

    func apply(to text: String) throws -> String {
        var lines = LineEdit.splitLines(text)
        var after = insertAfter, before = insertBefore
        if after == nil && before == nil { after = "EOF" }
        let pattern: PythonRegex?
        if let a = after, a != "EOF" {
            pattern = try PythonRegex(a)
        } else if let b = before, b != "BOF" {
            pattern = try PythonRegex(b)
        } else {
            pattern = nil
        }
        var begin: Int? = nil, end: Int? = nil
        for (i, line) in lines.enumerated() {
            if line == beginMarker { begin = i }
            if line == endMarker { end = i }
        }
        var at: Int
        if let b = begin, let e = end {
            if b < e {
                lines.removeSubrange(b...e)
                at = b
            } else {
                lines.removeSubrange(e...b)
                at = e
            }
        } else if let pattern {
            var found: Int? = nil
            if Self.hasMultilineFlag(after ?? before ?? "") {
                if let m = pattern.firstMatch(in: text), let r = Range(m.range, in: text) {
                    let upTo = after != nil ? r.upperBound : r.lowerBound
                    found = text[..<upTo].filter { $0 == "\n" || $0 == "\r\n" }.count
                }
            } else {
                for (i, line) in lines.enumerated() where pattern.firstMatch(in: line) != nil { found = i }
            }
            if let f = found { at = after != nil ? f + 1 : f } else { at = lines.count }
        } else if before != nil {
            at = 0
        } else {
            at = lines.count
        }
        at = min(at, lines.count)
        if at > 0, !lines[at - 1].hasSuffix("\n") { lines[at - 1] += "\n" }
        if prependNewline, at != 0, lines[at - 1] != "\n" {
            lines.insert("\n", at: at)
            at += 1
        }
        lines.insert(contentsOf: blockLines, at: at)
        if appendNewline {
            let next = at + blockLines.count
            if next < lines.count, lines[next] != "\n" { lines.insert("\n", at: next) }
        }
        return lines.joined()
    }

    /// A pattern that turns on `re.MULTILINE` itself (`(?m)...`) is searched in the whole text,
    /// as ansible-core does, instead of line by line.
    static func hasMultilineFlag(_ pattern: String) -> Bool {
        guard pattern.hasPrefix("(?") else { return false }
        let flags = pattern.dropFirst(2).prefix { $0.isLetter }
        return flags.contains("m") && pattern.dropFirst(2 + flags.count).first.map { $0 == ")" || $0 == ":" } == true
    }
}
