import SwansibleYAML

/// A variable named like a playbook keyword (`name`, `port`, `environment`...), and where it is
/// defined: ansible-core warns about each such definition once per run.
public struct ReservedVariable: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// Where its key is written in a YAML file.
        case source(SourceLocation)
        /// A definition with no file position: `-e name=x` (`<CLI option '-e'>`), inline JSON
        /// or YAML given to `-e` (`<unknown>`).
        case described(String)
    }

    public var name: String
    public var origin: Origin

    public init(_ name: String, at origin: Origin) {
        self.name = name
        self.origin = origin
    }
}

/// The names ansible-core reserves: every play, role, block and task keyword, the
/// template globals, and `action`, `local_action`, `loop_with`, `with_`, `async_val`.
enum ReservedVariableNames {
    static let names: Set<String> = [
        "action", "always", "any_errors_fatal", "args", "async", "async_val", "become", "become_exe", "become_flags",
        "become_method", "become_user", "block", "changed_when", "check_mode", "collections", "connection", "cycler",
        "debugger", "delay", "delegate_facts", "delegate_to", "dict", "diff", "environment", "fact_path", "failed_when",
        "force_handlers", "gather_facts", "gather_timeout", "handlers", "hosts", "ignore_errors", "ignore_unreachable",
        "joiner", "lipsum", "local_action", "lookup", "loop", "loop_control", "loop_with", "max_fail_percentage",
        "module_defaults", "name", "namespace", "no_log", "notify", "now", "omit", "order", "poll", "port", "post_tasks",
        "pre_tasks", "q", "query", "range", "register", "remote_user", "rescue", "retries", "roles", "run_once", "serial",
        "strategy", "tags", "tasks", "throttle", "timeout", "undef", "until", "vars", "vars_files", "vars_prompt", "when",
        "with_",
    ]

    /// The reserved keys of a YAML mapping (a vars file, a `vars:` section), in order.
    static func found(in node: YAMLNode?) -> [ReservedVariable] {
        (node?.pairs ?? []).filter { names.contains($0.key) }.map { ReservedVariable($0.key, at: .source($0.keyNode.start)) }
    }

    /// The reserved keys of a vars file; none when it cannot be read (its loader reports that).
    static func found(inFile path: String) -> [ReservedVariable] {
        found(in: try? DataLoader.loadYAML(path))
    }

    /// `names` as the variables of `location`'s task or keyword: reserved ones, sorted, each
    /// where `locations` says its key is written, else at `location`.
    static func found(_ keys: some Sequence<String>, locations: [String: SourceLocation], default location: SourceLocation) -> [ReservedVariable] {
        keys.filter { names.contains($0) }.sorted().map { ReservedVariable($0, at: .source(locations[$0] ?? location)) }
    }

    /// What ansible-core warns about as a play starts, in its order. It looks at the play's
    /// variables twice: without its roles (play vars, vars_files, extra vars), then with them,
    /// where a name keeps the place of its first definition (role defaults come first).
    static func atPlayStart(play: [ReservedVariable], varsFiles: [ReservedVariable], extra: [ReservedVariable],
                            roleDefaults: [ReservedVariable], roleVars: [ReservedVariable]) -> [ReservedVariable] {
        firstOfEachName(play + varsFiles + extra) + firstOfEachName(roleDefaults + play + varsFiles + roleVars + extra)
    }

    /// A task's variables as ansible-core looks at them: the first definition of each name,
    /// without `tags` and `when`.
    static func taskVariables(_ variables: [ReservedVariable]) -> [ReservedVariable] {
        firstOfEachName(variables).filter { $0.name != "tags" && $0.name != "when" }
    }

    private static func firstOfEachName(_ variables: [ReservedVariable]) -> [ReservedVariable] {
        var seen: Set<String> = []
        return variables.filter { seen.insert($0.name).inserted }
    }
}
