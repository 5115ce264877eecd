import Foundation

/// `ini_file` (community.general.ini_file; ansible-core routes the short name there): one
/// option of an INI-style file present (with one or more values) or absent, or a whole section.
/// The file is read by one script (which also settles mode/owner/group), edited on the
/// controller by `IniFileEdit`, and written back atomically only when its text changed.
struct IniFileModule: Module {
    static let names = ["ini_file", "community.general.ini_file"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("allow_no_value", .bool, default: false,
                     description: "Allow an option without a value and without `=` (`skip-name-resolve`)."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before changing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("create", .bool, default: true,
                     description: "Create the file when it does not exist; false makes a missing file an error."),
        ArgumentSpec("exclusive", .bool, default: true,
                     description: "true: the given values replace every line of the option (state=present) or every line of it is removed (state=absent); false: only the given values are added or removed."),
        ArgumentSpec("follow", .bool, default: false,
                     description: "When `path` is a symbolic link, write its target instead of replacing the link with a file."),
        ArgumentSpec("group"),
        ArgumentSpec("ignore_spaces", .bool, default: false,
                     description: "Leave a line alone when the change would only add or remove spaces around `=`."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("modify_inactive_option", .bool, default: true,
                     description: "A commented-out line of the option (`# option = value`) is made active instead of adding a new line; false leaves comments alone."),
        ArgumentSpec("no_extra_spaces", .bool, default: false,
                     description: "Write `option=value` instead of `option = value`."),
        ArgumentSpec("option",
                     description: "The option's name; omitted, the whole `section` is added or removed."),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest"],
                     description: "The INI-style file on the host; created when needed (see `create`)."),
        ArgumentSpec("section",
                     description: "The section (`[name]`); omitted or null, the option goes before the first section (files without sections)."),
        ArgumentSpec("section_has_values", .list,
                     description: "Among sections of the same name, the one whose lines hold these options (dicts of `option` and `value` or `values`); a new section is added with them when none does."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the option (or the section, without `option`) should be in the file."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("value", description: "The option's value (like `values` with one item)."),
        ArgumentSpec("values", .list, description: "Values of the option, one line each (`option` repeated)."),
    ], mutuallyExclusive: [["value", "values"]])

    static let documentation = ModuleDocumentation(
        "Tweak settings in INI files",
        description: [
            "Adds, changes or removes one option of an INI-style file, or a whole section, without managing the file as a whole; missing sections are added.",
            "The file is read by one script, edited on the controller and written back atomically only when its text changed; a missing final newline is added.",
        ],
        notes: [
            "community.general's module; ansible-core routes `ini_file` to it, and so does Swansible (community.general is not needed).",
            "Like community.general, a new file starts with an empty line, Windows line endings become `\\n` when the file is rewritten and a UTF-8 byte order mark is dropped.",
            "In check mode, a difference of mode, owner or group is predicted as a change (community.general only looks at them outside check mode).",
        ],
        examples: """
            - name: Let the registry mirror be used
              community.general.ini_file:
                path: /etc/containers/registries.conf.d/mirror.conf
                section: registries.search
                option: registries
                value: "['mirror.example.test']"
                mode: '0644'

            - name: Two values of the same option (the short name is routed to community.general)
              ansible.builtin.ini_file:
                path: /etc/app.ini
                section: servers
                option: server
                values:
                  - 10.3.0.10
                  - 10.3.0.11

            - name: Drop the old section
              community.general.ini_file:
                path: /etc/app.ini
                section: legacy
                state: absent
            """,
        diffMode: .full,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        var edit = IniFileEdit()
        edit.section = args.string("section")
        edit.option = args.string("option")
        edit.present = args.string("state") != "absent"
        edit.exclusive = args.bool("exclusive")
        edit.noExtraSpaces = args.bool("no_extra_spaces")
        edit.ignoreSpaces = args.bool("ignore_spaces")
        edit.allowNoValue = args.bool("allow_no_value")
        edit.modifyInactiveOption = args.bool("modify_inactive_option")
        if edit.present && !edit.allowNoValue && args["value"] == nil && (args["values"]?.listValue ?? []).isEmpty {
            return .failure("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.")
        }
        edit.values = args.string("value").map { [$0] } ?? (args["values"]?.listValue ?? []).filter { !$0.isNull }.map(\.textValue)
        switch sectionConditions(args["section_has_values"]) {
        case .success(let conditions): edit.sectionHasValues = conditions
        case .failure(let problem): return .failure(problem.message)
        }

        let file = TextFileEdit(path: path, attributes: FileAttributes(args))
        let snapshot = try await file.read(settleAttributes: true, in: context)
        if let failure = snapshot.failure { return .failure(failure, fields: ["rc": 256]) }
        let target = args.bool("follow") ? snapshot.target : path
        if !snapshot.exists && !args.bool("create") {
            return .failure("Destination \(target) does not exist!", fields: ["rc": 257])
        }
        let before = IniFileEdit.readableText(snapshot.exists ? snapshot.text ?? "" : "")
        let outcome = edit.apply(to: before)
        var fields: ValueDict = [
            "diff": [
                "before": .string(context.diffMode ? before : ""), "after": .string(context.diffMode ? outcome.text : ""),
                "before_header": .string(path + " (content)"), "after_header": .string(path + " (content)"),
            ],
            "path": .string(path),
        ]
        if outcome.changed && !context.checkMode {
            let written = try await file.write(outcome.text, to: target, backup: args.bool("backup") && snapshot.exists,
                                               validate: nil, in: context)
            if let failure = written.failure { return .failure(failure) }
            if let backup = written.backupFile { fields["backup_file"] = .string(backup) }
        }
        let diff = context.diffMode && outcome.changed ? [FileDiff(path: path + " (content)", before: before, after: outcome.text)] : []
        return try await PathInfo.added(to: ModuleResult(changed: outcome.changed || snapshot.attributesChanged, message: outcome.message,
                                                         fields: fields, diff: diff), path: path, in: context)
    }

    struct ArgumentFailure: Error { var message: String }

    /// `section_has_values`: a list of dicts, each an `option` with `value` or `values`.
    static func sectionConditions(_ given: Value?) -> Result<[IniFileEdit.Condition], ArgumentFailure> {
        guard let given else { return .success([]) }
        guard let list = given.listValue else { return .failure(ArgumentFailure(message: "section_has_values must be a list of dicts")) }
        var conditions: [IniFileEdit.Condition] = []
        for item in list {
            guard case .dict(let d) = item, let option = d["option"], !option.isNull else {
                return .failure(ArgumentFailure(message: "missing required arguments: option found in section_has_values"))
            }
            let value = d["value"].flatMap { $0.isNull ? nil : $0 }, values = d["values"].flatMap { $0.isNull ? nil : $0 }
            if value != nil && values != nil {
                return .failure(ArgumentFailure(message: "parameters are mutually exclusive: value|values found in section_has_values"))
            }
            let texts = value.map { [$0.textValue] } ?? (values?.listValue ?? values.map { [$0] } ?? []).map(\.textValue)
            conditions.append(IniFileEdit.Condition(option: option.textValue, values: texts))
        }
        return .success(conditions)
    }
}

private extension Value {
    /// A value as the module's `str` elements take it.
    var textValue: String { stringValue ?? pythonString }
}

/// The pure part of `ini_file`: the file's text and the arguments in, the new text, whether it
/// changed and community.general's message out. Lines are handled as community.general reads
/// them (universal newlines, so `\r\n` and `\r` end lines as `\n` does).
struct IniFileEdit {
    /// An option a section must hold for `section_has_values` (any value when `values` is empty).
    struct Condition: Equatable {
        var option: String
        var values: [String]
    }

    struct Outcome: Equatable {
        var text: String
        var changed: Bool
        var message: String
    }

    var section: String?
    var sectionHasValues: [Condition] = []
    var option: String?
    var values: [String] = []
    var present = true
    var exclusive = true
    var noExtraSpaces = false
    var ignoreSpaces = false
    var allowNoValue = false
    var modifyInactiveOption = true

    /// A file's text as Python's text mode reads it: the UTF-8 byte order mark dropped and
    /// every line ending made `\n`.
    static func readableText(_ raw: String) -> String {
        var text = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text
    }

    /// `\n`-terminated lines (the last one may lack it).
    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n").map { $0 + "\n" }
        if let last = lines.last { lines[lines.count - 1] = String(last.dropLast()) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// What an option line holds: whether it is commented out (`#`/`;`), whether it has `=`,
    /// and its value (to the end of the line).
    struct OptionLine: Equatable {
        var commented: Bool
        var hasSeparator: Bool
        var value: String
    }

    /// The option's line in `line`: optional blanks, with `inactive` an optional `#` or `;`
    /// and blanks, the name, blanks, then `=` and the value or the end of the line.
    static func optionLine(_ option: String, _ line: String, inactive: Bool) -> OptionLine? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        var commented = false
        if inactive, let first = rest.first, first == "#" || first == ";" {
            commented = true
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        }
        guard rest.hasPrefix(option) else { return nil }
        rest = rest.dropFirst(option.count).drop { $0 == " " || $0 == "\t" }
        if rest.first == "=" {
            let value = rest.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix { $0 != "\n" }
            return OptionLine(commented: commented, hasSeparator: true, value: String(value))
        }
        guard rest.isEmpty || rest == "\n" else { return nil }
        return OptionLine(commented: commented, hasSeparator: false, value: "")
    }

    /// A line that is blank or only a comment.
    static func isBlankOrComment(_ line: String) -> Bool {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty || rest == "\n" || rest.first == "#" || rest.first == ";"
    }

    /// Whether `line` starts the section `name`: `[`, blanks, the name, blanks, `]`.
    static func startsSection(_ name: String, _ line: String) -> Bool {
        guard line.hasPrefix("[") else { return false }
        let rest = line.dropFirst().drop(while: \.isWhitespace)
        let wanted = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard rest.hasPrefix(wanted) else { return false }
        return rest.dropFirst(wanted.count).drop(while: \.isWhitespace).first == "]"
    }

    func holds(_ conditions: [Condition], _ lines: ArraySlice<String>) -> Bool {
        conditions.allSatisfy { condition in
            lines.contains { line in
                guard let found = Self.optionLine(condition.option, line, inactive: true) else { return false }
                return condition.values.isEmpty || condition.values.contains(found.value)
            }
        }
    }

    func apply(to text: String) -> Outcome {
        var lines = Self.lines(text)
        var changed = false
        if lines.isEmpty { lines = ["\n"] }
        if !lines[lines.count - 1].hasSuffix("\n") {
            lines[lines.count - 1] += "\n"
            changed = true
        }
        // The lines before the first section form a section of their own, whose header is
        // never written; a last "[" closes the last section.
        let preamble = "[\u{1}preamble]"
        lines = [preamble] + lines + ["["]
        let name = section.flatMap { $0.isEmpty ? nil : $0 }
        var found = false, start = 0, end = 0
        for (index, line) in lines.enumerated() {
            if found && line.hasPrefix("[") {
                if holds(sectionHasValues, lines[start..<index]) {
                    end = index
                    break
                }
                found = false
                start = 0
            }
            if name.map({ Self.startsSection($0, line) }) ?? (index == 0) {
                found = true
                start = index
            }
        }
        if !found { start = 0; end = 0 }
        var sectionLines = Array(lines[start..<end])
        var message = "OK"
        var values = values.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if let option, !option.isEmpty {
            if present {
                var edit = SectionEdit(lines: sectionLines, option: option, separator: noExtraSpaces ? "=" : " = ",
                                       ignoreSpaces: ignoreSpaces, inactive: modifyInactiveOption)
                edit.apply(values: &values, exclusive: exclusive, allowNoValue: allowNoValue)
                sectionLines = edit.lines
                if edit.changed { changed = true; message = edit.message }
            } else {
                let kept = sectionLines.filter { line in
                    guard let found = Self.optionLine(option, line, inactive: false) else { return true }
                    return !exclusive && !values.contains(found.value)
                }
                if kept != sectionLines && (exclusive || !values.isEmpty) {
                    sectionLines = kept
                    changed = true
                    message = "option changed"
                }
            }
        } else if !present && sectionLines.count > (name == nil ? 1 : 0) {
            sectionLines = name == nil ? [preamble] : []
            changed = true
            message = "section removed"
        }
        lines = Array(lines[..<start]) + sectionLines + Array(lines[end...])
        lines.removeFirst()
        lines.removeLast()
        if !found && present, let name {
            let separator = noExtraSpaces ? "=" : " = "
            lines.append("[\(name)]\n")
            message = "section and option added"
            for condition in sectionHasValues {
                if condition.option != option {
                    if !condition.values.isEmpty {
                        lines += condition.values.map { "\(condition.option)\(separator)\($0)\n" }
                    } else if allowNoValue {
                        lines.append(condition.option + "\n")
                    }
                } else if !exclusive {
                    for value in condition.values where !values.contains(value) { values.append(value) }
                }
            }
            if let option, !option.isEmpty, !values.isEmpty {
                lines += values.map { "\(option)\(separator)\($0)\n" }
            } else if let option, !option.isEmpty, allowNoValue {
                lines.append(option + "\n")
            } else {
                message = "only section added"
            }
            changed = true
        }
        return Outcome(text: lines.joined(), changed: changed, message: message)
    }
}

/// `ini_file`'s edit of one option inside the lines of its section (the header first):
/// lines holding a wanted value are rewritten in place, other lines of the option take the
/// remaining values or (exclusive) go, and values still missing are added after the
/// section's last line that is neither blank nor a comment.
struct SectionEdit {
    var lines: [String]
    let option: String
    let separator: String
    let ignoreSpaces: Bool
    /// Commented-out lines of the option count as its lines (`modify_inactive_option`).
    let inactive: Bool
    var changed = false
    var message = "OK"
    private var settled: [Bool]

    init(lines: [String], option: String, separator: String, ignoreSpaces: Bool, inactive: Bool) {
        self.lines = lines
        self.option = option
        self.separator = separator
        self.ignoreSpaces = ignoreSpaces
        self.inactive = inactive
        settled = Array(repeating: false, count: lines.count)
    }

    private func match(_ line: String) -> IniFileEdit.OptionLine? {
        IniFileEdit.optionLine(option, line, inactive: inactive)
    }

    /// Puts `newLine` at `index` unless only spaces would change (with `ignoreSpaces`).
    private mutating func update(_ index: Int, _ newLine: String) {
        var differs = lines[index] != newLine
        if ignoreSpaces, let old = IniFileEdit.optionLine(option, lines[index], inactive: true), !old.commented {
            differs = old.value != IniFileEdit.optionLine(option, newLine, inactive: true)?.value
        }
        if differs {
            lines[index] = newLine
            changed = true
            message = "option changed"
        }
        settled[index] = true
    }

    mutating func apply(values: inout [String], exclusive: Bool, allowNoValue: Bool) {
        var noValuePresent = false
        for index in lines.indices {
            guard let found = match(lines[index]) else { continue }
            if let at = values.firstIndex(of: found.value) {
                if found.value.isEmpty && allowNoValue {
                    update(index, option + "\n")
                    noValuePresent = true
                } else {
                    update(index, option + separator + found.value + "\n")
                }
                values.remove(at: at)
            } else if values.isEmpty && allowNoValue {
                update(index, option + "\n")
                noValuePresent = true
                break
            }
        }
        if exclusive && !allowNoValue {
            // A comment that only names the option ("; option") is neither rewritten nor removed.
            func replaceable(_ index: Int) -> Bool {
                guard !settled[index], let found = match(lines[index]) else { return false }
                return !(found.commented && !found.hasSeparator)
            }
            for index in lines.indices where !values.isEmpty && replaceable(index) {
                update(index, option + separator + values.removeFirst() + "\n")
            }
            for index in lines.indices.dropFirst().reversed() where replaceable(index) {
                lines.remove(at: index)
                settled.remove(at: index)
                changed = true
                message = "option changed"
            }
        }
        guard let last = lines.lastIndex(where: { !IniFileEdit.isBlankOrComment($0) }) else { return }
        if !values.isEmpty {
            lines.insert(contentsOf: values.map { option + separator + $0 + "\n" }, at: last + 1)
            changed = true
            message = "option added"
        } else if allowNoValue && !noValuePresent {
            lines.insert(option + "\n", at: last + 1)
            changed = true
            message = "option added"
        }
    }
}
