/// The objects of a playbook that take keywords, named as ansible-core names them in
/// "'x' is not a valid attribute for a Task".
public enum KeywordOwner: String, Sendable, CaseIterable {
    case play, role, block, task, handler, loopControl

    var className: String {
        switch self {
        case .play: return "Play"
        case .role: return "Role"
        case .block: return "Block"
        case .task: return "Task"
        case .handler: return "Handler"
        case .loopControl: return "LoopControl"
        }
    }
}

/// One playbook keyword, declared once: the shape its raw value must have, which objects take
/// it, and how a value set on a play, role or block reaches the tasks inside.
public struct PlaybookKeyword: Sendable {
    public enum Shape: Sendable {
        /// Any value (templated by the executor).
        case any
        /// A scalar: string, number or bool, or a template.
        case scalar
        /// A mapping, or a template that gives one.
        case mapping
        /// A list; a lone scalar becomes a one-item list (`when`, `notify`, `environment`).
        case list
        /// `tags`: a list, a comma-separated string, or a number.
        case tags
    }

    public enum Inheritance: Sendable {
        /// Stays on the object that sets it (`register`, `loop`, `name`).
        case none
        /// The nearest value wins: the task's own, else its block's, role's, play's.
        case replace
        /// Outer values first, then the object's own (`when`: all must hold; `tags`: union;
        /// `environment`: later entries override earlier ones).
        case extend
    }

    public var name: String
    public var shape: Shape
    public var inheritance: Inheritance
    public var owners: Set<KeywordOwner>
    /// The value ansible-core uses when nothing sets the keyword (some come from ansible.cfg
    /// there: `any_errors_fatal`, `poll`, `timeout`); nil when "unset" means something.
    public var defaultValue: Value?

    init(_ name: String, _ shape: Shape, _ inheritance: Inheritance, _ owners: Set<KeywordOwner>,
         default defaultValue: Value? = nil)
    {
        self.name = name
        self.shape = shape
        self.inheritance = inheritance
        self.owners = owners
        self.defaultValue = defaultValue
    }
}

extension PlaybookKeyword {
    private static let everywhere: Set<KeywordOwner> = [.play, .role, .block, .task, .handler]
    private static let belowPlay: Set<KeywordOwner> = [.role, .block, .task, .handler]
    private static let tasks: Set<KeywordOwner> = [.task, .handler]

    /// Every keyword of Play, Role, Block, Task, Handler and loop_control, from ansible-core
    /// 2.19's keyword reference.
    public static let all: [PlaybookKeyword] = [
        // Shared by plays, roles, blocks and tasks: set outside, inherited inside.
        .init("any_errors_fatal", .scalar, .replace, everywhere, default: false),
        .init("become", .scalar, .replace, everywhere),
        .init("become_exe", .scalar, .replace, everywhere),
        .init("become_flags", .scalar, .replace, everywhere),
        .init("become_method", .scalar, .replace, everywhere),
        .init("become_user", .scalar, .replace, everywhere),
        .init("check_mode", .scalar, .replace, everywhere, default: false),
        .init("collections", .list, .none, everywhere),
        .init("connection", .scalar, .replace, everywhere),
        .init("debugger", .scalar, .replace, everywhere),
        .init("diff", .scalar, .replace, everywhere),
        .init("environment", .list, .extend, everywhere),
        .init("ignore_errors", .scalar, .replace, everywhere),
        .init("ignore_unreachable", .scalar, .replace, everywhere),
        .init("module_defaults", .list, .extend, everywhere),
        .init("name", .scalar, .none, everywhere),
        .init("no_log", .scalar, .replace, everywhere, default: false),
        .init("port", .scalar, .replace, everywhere),
        .init("remote_user", .scalar, .replace, everywhere),
        .init("run_once", .scalar, .replace, everywhere),
        .init("tags", .tags, .extend, everywhere),
        .init("throttle", .scalar, .replace, everywhere, default: 0),
        .init("timeout", .scalar, .replace, everywhere, default: 0),
        .init("vars", .mapping, .none, everywhere),
        // Roles, blocks and tasks.
        .init("delegate_facts", .scalar, .replace, belowPlay),
        .init("delegate_to", .scalar, .replace, belowPlay),
        .init("when", .list, .extend, belowPlay),
        // Blocks and tasks.
        .init("notify", .list, .replace, [.block, .task, .handler]),
        .init("block", .list, .none, [.block]),
        .init("rescue", .list, .none, [.block]),
        .init("always", .list, .none, [.block]),
        // Tasks only.
        .init("action", .any, .none, tasks),
        .init("args", .any, .none, tasks),
        .init("async", .scalar, .none, tasks, default: 0),
        .init("changed_when", .list, .none, tasks),
        .init("delay", .scalar, .none, tasks, default: 5),
        .init("failed_when", .list, .none, tasks),
        .init("local_action", .any, .none, tasks),
        .init("loop", .any, .none, tasks),
        .init("loop_control", .mapping, .none, tasks),
        .init("poll", .scalar, .none, tasks, default: 15),
        .init("register", .scalar, .none, tasks),
        .init("retries", .scalar, .none, tasks),
        .init("until", .list, .none, tasks),
        .init("listen", .list, .none, [.handler]),
        // Plays only.
        .init("fact_path", .scalar, .none, [.play]),
        .init("force_handlers", .scalar, .none, [.play]),
        .init("gather_facts", .scalar, .none, [.play]),
        .init("gather_subset", .any, .none, [.play]),
        .init("gather_timeout", .scalar, .none, [.play]),
        .init("handlers", .list, .none, [.play]),
        .init("hosts", .any, .none, [.play]),
        .init("max_fail_percentage", .scalar, .none, [.play]),
        .init("order", .scalar, .none, [.play]),
        .init("post_tasks", .list, .none, [.play]),
        .init("pre_tasks", .list, .none, [.play]),
        .init("roles", .list, .none, [.play]),
        .init("serial", .any, .none, [.play]),
        .init("strategy", .scalar, .none, [.play]),
        .init("tasks", .list, .none, [.play]),
        .init("vars_files", .any, .none, [.play]),
        .init("vars_prompt", .any, .none, [.play]),
        // loop_control.
        .init("loop_var", .scalar, .none, [.loopControl]),
        .init("index_var", .scalar, .none, [.loopControl]),
        .init("label", .any, .none, [.loopControl]),
        .init("pause", .scalar, .none, [.loopControl]),
        .init("extended", .scalar, .none, [.loopControl]),
        .init("extended_allitems", .scalar, .none, [.loopControl]),
        .init("break_when", .list, .none, [.loopControl]),
    ]

    /// The keyword named `name`, whatever owns it.
    public static func named(_ name: String) -> PlaybookKeyword? { byName[name] }

    private static let byName: [String: PlaybookKeyword] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The keywords an owner takes, by name.
    public static func table(for owner: KeywordOwner) -> [String: PlaybookKeyword] {
        tables[owner] ?? [:]
    }

    /// Keywords that flow from a play, role or block down to the tasks inside.
    public static let inherited: [PlaybookKeyword] = all.filter { $0.inheritance != .none }

    private static let tables: [KeywordOwner: [String: PlaybookKeyword]] = {
        var tables: [KeywordOwner: [String: PlaybookKeyword]] = [:]
        for keyword in all {
            for owner in keyword.owners { tables[owner, default: [:]][keyword.name] = keyword }
        }
        return tables
    }()
}
