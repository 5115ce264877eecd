import Foundation

/// `pam_limits` (community.general.pam_limits; ansible-core routes the short name there): one
/// line of limits.conf (`domain type item value`) present with the given value, or with the
/// smaller or larger of the given and the present one. One script reads the file (and checks
/// that it can be written); the edit is made on the controller and written back atomically
/// only when the text changed.
struct PamLimitsModule: Module {
    static let names = ["pam_limits", "community.general.pam_limits"]
    static let items: [Value] = [
        "core", "data", "fsize", "memlock", "nofile", "rss", "stack", "cpu", "nproc", "as", "maxlogins",
        "maxsyslogins", "priority", "locks", "sigpending", "msgqueue", "nice", "rtprio", "chroot",
    ]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before changing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("comment", default: "",
                     description: "A comment written after the limit (`#` is added); empty, a changed line keeps its own."),
        ArgumentSpec("dest", default: "/etc/security/limits.conf",
                     description: "The limits file; created when missing (its directory must exist)."),
        ArgumentSpec("domain", required: true, description: "A user name, `@group`, `*` or a UID/GID range."),
        ArgumentSpec("limit_item", required: true, choices: items, description: "The limit to set (see limits.conf(5))."),
        ArgumentSpec("limit_type", required: true, choices: ["hard", "soft", "-"],
                     description: "`soft`, `hard`, or `-` for both."),
        ArgumentSpec("use_max", .bool, default: false,
                     description: "Keep the larger of `value` and the value in the file."),
        ArgumentSpec("use_min", .bool, default: false,
                     description: "Keep the smaller of `value` and the value in the file."),
        ArgumentSpec("value", required: true,
                     description: "The limit: a number of 0 or more, or `unlimited`, `infinity` or `-1`; for `nice` and `priority` a number from -20 to 19."),
    ])

    static let documentation = ModuleDocumentation(
        "Modify Linux PAM limits",
        description: [
            "Adds or changes one limit of /etc/security/limits.conf (or another limits file): the line for a domain, a type and an item, only when its value differs.",
        ],
        notes: [
            "community.general's module; ansible-core routes `pam_limits` to it, and so does Swansible (community.general is not needed).",
            "Like community.general, every line of four fields in the file must hold a valid value, and the result's `msg` is the limit's line.",
            "Without `comment`, a changed line keeps its own comment (community.general may take the comment of another line and adds an empty line after it).",
        ],
        examples: """
            - name: Let the container runtime open many files
              community.general.pam_limits:
                domain: '*'
                limit_type: '-'
                limit_item: nofile
                value: 65536

            - name: Keep the larger core size (the short name is routed to community.general)
              ansible.builtin.pam_limits:
                domain: etcd
                limit_type: hard
                limit_item: core
                value: 100000
                use_max: true
                comment: etcd may dump
            """,
        diffMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let dest = args.string("dest") ?? "/etc/security/limits.conf"
        var edit = PamLimitsEdit(domain: args.string("domain") ?? "", type: args.string("limit_type") ?? "",
                                 item: args.string("limit_item") ?? "", value: args.string("value") ?? "", dest: dest)
        edit.useMax = args.bool("use_max")
        edit.useMin = args.bool("use_min")
        edit.comment = args.string("comment") ?? ""

        let (result, report, text) = try await read(dest, in: context)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard let exists = report["exists"] else { return .failure("could not read \(dest): \(result.stderr)") }
        if edit.useMax && edit.useMin { return .failure("Cannot use use_min and use_max at the same time.") }
        let before = text ?? ""
        let outcome: PamLimitsEdit.Outcome
        do { outcome = try edit.apply(to: before) } catch { return .failure(error.message) }
        let changed = outcome.changed || exists != "1"
        var fields: ValueDict = ["diff": ["before": .string(before), "after": .string(outcome.text)]]
        if changed && !context.checkMode {
            let written = try await TextFileEdit(path: dest, attributes: FileAttributes())
                .write(outcome.text, to: dest, backup: args.bool("backup") && exists == "1", validate: nil, in: context)
            if let failure = written.failure { return .failure(failure) }
            if let backup = written.backupFile { fields["backup_file"] = .string(backup) }
        }
        // The result's diff names no file, so --diff shows bare `--- before` / `+++ after` headers.
        let diff = context.diffMode && changed ? [FileDiff(path: "", before: before, after: outcome.text)] : []
        return ModuleResult(changed: changed, message: outcome.message, fields: fields, diff: diff)
    }

    static let contentMarker = "__swansible_limits__"

    /// One script: whether the file exists and can be written (or else can be created), then its text.
    static func read(_ dest: String, in context: ModuleContext) async throws -> (CommandResult, ScriptReport, String?) {
        var s = RemoteFileLibrary.functions
        s += "p=\(ShellQuote.quote(dest))\n"
        s += #"""
            if [ -f "$p" ]; then
              [ -w "$p" ] || sw_fail "$p is not writable. Use sudo"
              [ -r "$p" ] || sw_fail "$p is not readable"
              echo exists=1
            else
              d=$(dirname "$p")
              [ -d "$d" ] && [ -w "$d" ] || sw_fail "directory $d is not writable (check presence, access rights, use sudo)"
              echo exists=0; exit 0
            fi

            """#
        s += "echo \(contentMarker); cat \"$p\"\n"
        let result = try await context.runScript(s)
        guard let marker = result.stdout.range(of: contentMarker + "\n") else { return (result, ScriptReport(result.stdout), nil) }
        return (result, ScriptReport(String(result.stdout[..<marker.lowerBound])), String(result.stdout[marker.upperBound...]))
    }
}

/// The pure part of `pam_limits`: the file's text in, the text with the limit's line, whether
/// it changed and the line (community.general's `msg`) out.
struct PamLimitsEdit {
    var domain: String
    var type: String
    var item: String
    var value: String
    /// Named in the message about an invalid line of the file.
    var dest: String
    var useMax = false
    var useMin = false
    var comment = ""

    struct Outcome: Equatable {
        var text: String
        var changed: Bool
        var message: String
    }

    struct Failure: Error, Equatable {
        var message: String
    }

    static let unlimited: Set<String> = ["unlimited", "infinity", "-1"]

    /// community.general's check of a value (the given one, or one found in the file with `prefix`).
    static func validate(item: String, value: String, prefix: String = "") throws(Failure) {
        let reference = "Refer to the limits.conf(5) manual pages for more details."
        let shown = "\(prefix) Value of \(Value.pythonStringRepr(value)) for item \(Value.pythonStringRepr(item)) is invalid."
        if item == "nice" || item == "priority" {
            guard let n = Int(value), (-20...19).contains(n) else {
                throw Failure(message: "\(shown) Value must be a number in the range -20 to 19 inclusive. \(reference)")
            }
        } else if !unlimited.contains(value), value.isEmpty || !value.allSatisfy(\.isWholeNumber) {
            throw Failure(message: "\(shown) Value must either be 'unlimited', 'infinity' or -1, all of which indicate no limit, or a limit of 0 or larger. \(reference)")
        }
    }

    /// The value to keep when the file holds `present`: `value`, or with `useMax`/`useMin` the
    /// larger/smaller of the two (unlimited being the largest).
    func wanted(_ present: String) -> String {
        let presentUnlimited = Self.unlimited.contains(present), givenUnlimited = Self.unlimited.contains(value)
        if useMax {
            if presentUnlimited { return present }
            if givenUnlimited { return value }
            return String(max(Int(value) ?? 0, Int(present) ?? 0))
        }
        if useMin {
            if presentUnlimited { return givenUnlimited ? present : value }
            if givenUnlimited { return present }
            return String(min(Int(value) ?? 0, Int(present) ?? 0))
        }
        return value
    }

    func line(_ value: String, comment: String) -> String {
        "\(domain)\t\(type)\t\(item)\t\(value)\(comment.isEmpty ? "" : "\t#" + comment)\n"
    }

    func apply(to text: String) throws(Failure) -> Outcome {
        try Self.validate(item: item, value: value)
        var lines = LineEdit.splitLines(text)
        var found = false, changed = false, message = ""
        for (index, original) in lines.enumerated() where !original.hasPrefix("#") {
            let content = original.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let fields = content[0].split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count == 4 else { continue }
            try Self.validate(item: fields[2], value: fields[3], prefix: "Invalid configuration found in '\(dest)'.")
            guard fields[0] == domain, fields[1] == type, fields[2] == item else { continue }
            found = true
            let newValue = wanted(fields[3])
            if newValue == fields[3] {
                message = original
                continue
            }
            let ownComment = content.count > 1 ? LineEdit.stripEnding(String(content[1])) : ""
            lines[index] = line(newValue, comment: comment.isEmpty ? ownComment : comment)
            message = lines[index]
            changed = true
        }
        if !found {
            if let last = lines.last, !last.hasSuffix("\n") { lines[lines.count - 1] += "\n" }
            lines.append(line(value, comment: comment))
            message = lines[lines.count - 1]
            changed = true
        }
        return Outcome(text: lines.joined(), changed: changed, message: message)
    }
}
