import Foundation

/// `file`: the state of a path — file, directory, touch, absent, link, hard — and its
/// mode/owner/group; checked and changed in one script.
struct FileModule: Module {
    static let names = ["file"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_diff_peek"),
        ArgumentSpec("_original_basename"),
        ArgumentSpec("access_time"),
        ArgumentSpec("access_time_format", default: "%Y%m%d%H%M.%S"),
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("follow", .bool, default: true),
        ArgumentSpec("force", .bool, default: false),
        ArgumentSpec("group"),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("modification_time"),
        ArgumentSpec("modification_time_format", default: "%Y%m%d%H%M.%S"),
        ArgumentSpec("owner"),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"]),
        ArgumentSpec("recurse", .bool, default: false),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path),
        ArgumentSpec("state", choices: ["absent", "directory", "file", "hard", "link", "touch"]),
        ArgumentSpec("unsafe_writes", .bool, default: false),
    ])

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
        let (result, report) = try await context.runReport(plan.script(checkMode: context.checkMode))
        if report.flag("failed") {
            var fields: ValueDict = ["path": .string(path)]
            if let wanted = plan.state, wanted == "link" || wanted == "hard" {
                fields["src"] = .string(plan.src ?? "")
            } else if let prev = report["prev"] {
                for (k, v) in report.previousPathFields { fields[k] = v }
                fields["state"] = .string(prev)
            }
            return .failure(report["msg"] ?? result.stderr, fields: ContentInstall.sorted(fields))
        }
        guard let state = report["state"] else {
            return .failure("could not manage \(path): \(result.stderr)\(result.stdout)")
        }
        if report.flag("would_create") {
            return ModuleResult(changed: true, fields: ["path": .string(path)])
        }
        if state == "absent", context.checkMode, report.flag("changed"), let prev = report["prev"] {
            var fields: ValueDict = ["path": .string(path), "state": .string(prev)]
            for (k, v) in report.previousPathFields { fields[k] = v }
            return ModuleResult(changed: true, fields: ContentInstall.sorted(fields))
        }
        var fields = ValueDict()
        if state == "absent" {
            fields["path"] = .string(path)
            fields["state"] = "absent"
            return ModuleResult(changed: report.flag("changed"), fields: fields)
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
        return ModuleResult(changed: report.flag("changed"), fields: ContentInstall.sorted(fields))
    }
}
