import Foundation

/// `file`: the state of a path — file, directory, touch, absent, link, hard — and its
/// mode/owner/group; checked and changed in one script.
struct FileModule: Module {
    static let names = ["file"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_diff_peek",
                     description: "Internal: set by ansible-core's actions to ask about a file before a diff."),
        ArgumentSpec("_original_basename", description: "Internal: the source file's name, as actions pass it on."),
        ArgumentSpec("access_time",
                     description: "Access time to set: `preserve`, `now`, or a time in `access_time_format`; accepted, not applied yet."),
        ArgumentSpec("access_time_format", default: "%Y%m%d%H%M.%S", description: "strftime format of `access_time`."),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("follow", .bool, default: true,
                     description: "When `path` is a link, set the attributes of what it points to."),
        ArgumentSpec("force", .bool, default: false,
                     description: "With `state: link` or `hard`, replace what is at `path` (even a file) by the link."),
        ArgumentSpec("group"),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("modification_time",
                     description: "Modification time to set: `preserve`, `now`, or a time in `modification_time_format`; accepted, not applied yet."),
        ArgumentSpec("modification_time_format", default: "%Y%m%d%H%M.%S",
                     description: "strftime format of `modification_time`."),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"],
                     description: "Path on the host to manage."),
        ArgumentSpec("recurse", .bool, default: false,
                     description: "With `state: directory`, set the owner, group and mode on everything inside too."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path, description: "With `state: link` or `hard`, what the link points to."),
        ArgumentSpec("state", choices: ["absent", "directory", "file", "hard", "link", "touch"],
                     description: "What `path` should be: `file` (must exist), `directory` (created with its parents), `link`, `hard`, `touch` (created or its times updated) or `absent`; by default what it already is."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
    ])

    static let documentation = ModuleDocumentation(
        "Manage files, directories, links and their attributes",
        description: [
            "Makes `path` a file, a directory, a symbolic or hard link, or nothing at all, and sets its owner, group and mode.",
            "Everything is checked and changed by one shell script on the host.",
        ],
        notes: [
            "`attributes`, `access_time`, `modification_time` and the SELinux options are accepted but not applied yet.",
        ],
        examples: """
            - name: Directory for the certificates
              ansible.builtin.file:
                path: /etc/kubernetes/ssl
                state: directory
                mode: "0755"

            - name: The current release is a link
              ansible.builtin.file:
                src: /opt/app/releases/1.4.2
                dest: /opt/app/current
                state: link

            - name: No stale lock file
              ansible.builtin.file:
                path: /run/app.lock
                state: absent
            """,
        diffMode: .partial,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        let plan = FileStatePlan(
            path: path, state: args.string("state"), src: args.string("src"), attributes: FileAttributes(args),
            recurse: args.bool("recurse"), force: args.bool("force"), follow: args.bool("follow"))
        if plan.recurse, let state = plan.state, state != "directory" {
            return .failure("recurse option requires state to be 'directory'")
        }
        if let state = plan.state, ["link", "hard"].contains(state), plan.src == nil {
            return .failure("src is required for creating a \(state == "link" ? "link" : "hard link")")
        }
        let (result, report) = try await context.runReport(plan.script(checkMode: context.checkMode, diffMode: context.diffMode))
        // Like ansible-core's file module, a state not given is settled from the path's (then
        // a directory with `recurse`, else a file), and its invocation says which.
        func settled(_ outcome: ModuleResult) -> ModuleResult {
            guard plan.state == nil, let prev = report["prev"] else { return outcome }
            var outcome = outcome
            outcome.settledArguments["state"] = .string(prev != "absent" ? prev : plan.recurse ? "directory" : "file")
            return outcome
        }
        if report.flag("failed") {
            var fields: ValueDict = ["path": .string(path)]
            if let wanted = plan.state, wanted == "link" || wanted == "hard" {
                fields["src"] = .string(plan.src ?? "")
            } else if let prev = report["prev"] {
                for (k, v) in report.previousPathFields { fields[k] = v }
                fields["state"] = .string(prev)
            }
            return settled(.failure(report["msg"] ?? result.stderr, fields: ContentInstall.sorted(fields)))
        }
        guard let state = report["state"] else {
            return settled(.failure("could not manage \(path): \(result.stderr)\(result.stdout)"))
        }
        let (diffFields, diff) = context.diffMode ? Self.diff(path: path, wanted: state, report: report) : ([:], [])
        if report.flag("would_create") {
            let fields: ValueDict = ["path": .string(path)]
            return settled(ModuleResult(changed: true, fields: fields.merging(diffFields) { $1 }, diff: diff))
        }
        if state == "absent", context.checkMode, report.flag("changed"), let prev = report["prev"] {
            var fields: ValueDict = ["path": .string(path), "state": .string(prev)]
            for (k, v) in report.previousPathFields { fields[k] = v }
            return settled(ModuleResult(changed: true, fields: ContentInstall.sorted(fields.merging(diffFields) { $1 }), diff: diff))
        }
        var fields = diffFields
        if state == "absent" {
            fields["path"] = .string(path)
            fields["state"] = "absent"
            return settled(ModuleResult(changed: report.flag("changed"), fields: fields, diff: diff))
        }
        for (k, v) in report.pathFields { fields[k] = v }
        switch state {
        case "link", "hard", "touch":
            fields["dest"] = .string(path)
            if state != "touch" { fields["src"] = .string(plan.src ?? "") }
        default:
            fields["path"] = .string(path)
        }
        fields["state"] = .string(state == "touch" ? "file" : state)
        return settled(ModuleResult(changed: report.flag("changed"), fields: ContentInstall.sorted(fields), diff: diff))
    }

    /// `--diff`: ansible's before/after of the path (its state when that changes, a removed
    /// directory's tree, the mode and owners that were changed), registered and shown.
    /// (touch's access and modification times are not compared.)
    static func diff(path: String, wanted: String, report: ScriptReport) -> (ValueDict, [FileDiff]) {
        var before: ValueDict = ["path": .string(path)], after: ValueDict = ["path": .string(path)]
        let prev = report["prev"] ?? "absent"
        if prev != wanted {
            before["state"] = .string(prev)
            after["state"] = .string(wanted)
        }
        if wanted == "absent", prev == "directory" {
            func listed(_ prefix: String) -> Value {
                let entries = report.values.compactMap { key, value -> (Int, String)? in
                    guard key.hasPrefix(prefix), let n = Int(key.dropFirst(prefix.count)) else { return nil }
                    return (n, value)
                }
                return .list(entries.sorted { $0.0 < $1.0 }.map { .string($0.1) })
            }
            before["path_content"] = ["directories": listed("pc_dir_"), "files": listed("pc_file_")]
        }
        if let was = report["mid_mode"], let now = report["mode"], was != now {
            before["mode"] = .string(ScriptReport.ansibleMode(was))
            after["mode"] = .string(ScriptReport.ansibleMode(now))
        }
        for (key, mid) in [("owner", "mid_uid"), ("group", "mid_gid")] {
            let final = key == "owner" ? "uid" : "gid"
            if let was = report.int(mid), let now = report.int(final), was != now {
                before[key] = .int(was)
                after[key] = .int(now)
            }
        }
        let text = { (side: ValueDict) in Value.dict(side).jsonText(indent: 4, sortKeys: true) + "\n" }
        let shown = before == after ? [] : [FileDiff(path: "", before: text(before), after: text(after))]
        return (["diff": ["before": .dict(before), "after": .dict(after)]], shown)
    }
}
