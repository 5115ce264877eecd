/// What ansible-core allows on include and import tasks: `include_tasks`/`include_role` take
/// only a few keywords (their others would not reach the included tasks), and each include
/// takes only its own arguments.
enum IncludeRules {
    /// Keywords a dynamic include takes (`with_*` loops too).
    static let dynamicIncludeKeywords: Set<String> = [
        "action", "args", "collections", "debugger", "ignore_errors", "loop", "loop_control", "name", "no_log",
        "register", "run_once", "tags", "timeout", "vars", "when",
    ]
    static let taskFileArguments: Set<String> = ["file", "_raw_params", "apply"]
    static let roleArguments: Set<String> = [
        "name", "role", "tasks_from", "vars_from", "defaults_from", "handlers_from", "apply", "public",
        "allow_duplicates", "rolespec_validate",
    ]

    /// Checks an include or import task; other tasks pass untouched.
    static func check(_ task: PlaybookTask, keys: [String], isHandler: Bool) throws {
        let action = task.shortAction
        let at = task.location
        if action == "include_tasks" || action == "include_role" {
            // A handler's include_tasks also listens to topics.
            let allowed = isHandler && action == "include_tasks" ? dynamicIncludeKeywords.union(["listen"]) : dynamicIncludeKeywords
            for key in keys where !allowed.contains(key) && !key.hasPrefix("with_") {
                let owner = action == "include_role" ? "IncludeRole" : isHandler ? "HandlerTaskInclude" : "TaskInclude"
                throw PlaybookError(.invalidAttribute, "'\(key)' is not a valid attribute for a \(owner)", at: at)
            }
        }
        switch action {
        case "include_tasks", "import_tasks":
            try onlyArguments(taskFileArguments, of: task)
            if task.args["_raw_params"] == nil && task.args["file"] == nil {
                throw PlaybookError(.badArguments, "No file specified for \(task.action)", at: at)
            }
            if let apply = task.args["apply"] {
                if action != "include_tasks" {
                    throw PlaybookError(.badArguments, "Invalid options for \(task.action): apply", at: at)
                }
                if apply.dictValue == nil {
                    throw PlaybookError(.badArguments,
                                        "Expected a dict for apply but got <class '\(apply.pythonTypeName)'> instead", at: at)
                }
            }
        case "include_role", "import_role":
            try onlyArguments(roleArguments, of: task)
            if task.args["name"] == nil && task.args["role"] == nil {
                throw PlaybookError(.missingRequired, "'name' is a required field for \(task.action).", at: at)
            }
        default:
            break
        }
    }

    private static func onlyArguments(_ allowed: Set<String>, of task: PlaybookTask) throws {
        let bad = task.args.keys.filter { !allowed.contains($0) }
        if !bad.isEmpty {
            throw PlaybookError(.badArguments, "Invalid options for \(task.action): \(bad.joined(separator: ","))",
                                at: task.location)
        }
    }
}
