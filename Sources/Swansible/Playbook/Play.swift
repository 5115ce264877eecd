/// One play, raw. Roles come expanded in run order (dependencies before the role that needs
/// them); its tasks already carry the play's inheritable keywords.
public struct Play: Sendable {
    public var name: String?
    /// `hosts:` as written: a pattern string, a list of patterns, or a template.
    public var hosts: Value
    /// The play's own keywords (`become`, `gather_facts`, `serial`, `strategy`, `tags`...),
    /// with tags/conditions of an `import_playbook` that brought it in.
    public var keywords: KeywordValues
    public var vars: ValueDict
    /// Its `vars:` under reserved names, where they are written.
    public var reservedVariables: [ReservedVariable] = []
    public var varsFiles: [Value]
    /// Where each `vars_files` entry is written.
    public var varsFilesLocations: [SourceLocation] = []
    /// `vars_prompt:` is accepted and kept raw.
    public var varsPrompt: Value?
    public var preTasks: [TaskItem]
    public var roles: [PlayRole]
    public var tasks: [TaskItem]
    public var postTasks: [TaskItem]
    /// The play's own handlers (with those of roles it brings in by `import_role`); the
    /// handlers of its `roles:` are on each `PlayRole` (see `allHandlers`).
    public var handlers: [TaskItem]
    public var location: SourceLocation
    /// The directory of the playbook file this play is in (relative paths, `playbook_dir`).
    public var baseDir: String
    /// The role applications that have run, which run-time includes consult and extend.
    public var roleRuns = RoleRunRecord()
    /// Its tasks or handlers (not its roles) `import_role` a role: ansible-core then looks at
    /// the play's variables, with its roles', while reading it (reserved-name warnings).
    public var importsRoleInItsTasks = false
    /// The roles its tasks and handlers `import_role`, with their dependencies, in the order read.
    public var importedRoleNames: [PlayRoleName] = []

    public init(name: String? = nil, hosts: Value, keywords: KeywordValues = .init(), vars: ValueDict = [:],
                varsFiles: [Value] = [], varsPrompt: Value? = nil, preTasks: [TaskItem] = [], roles: [PlayRole] = [],
                tasks: [TaskItem] = [], postTasks: [TaskItem] = [], handlers: [TaskItem] = [],
                location: SourceLocation, baseDir: String)
    {
        self.name = name
        self.hosts = hosts
        self.keywords = keywords
        self.vars = vars
        self.varsFiles = varsFiles
        self.varsPrompt = varsPrompt
        self.preTasks = preTasks
        self.roles = roles
        self.tasks = tasks
        self.postTasks = postTasks
        self.handlers = handlers
        self.location = location
        self.baseDir = baseDir
    }
}

extension Play {
    /// Host patterns as written: a list's items, or the one string.
    public var hostPatterns: [String] {
        switch hosts {
        case .list(let items): return items.map(\.pythonString)
        case .null: return []
        default: return [hosts.pythonString]
        }
    }

    /// `PLAY [name]`: the name, else the host patterns joined with commas, like ansible-core.
    public var displayName: String {
        if let name, !name.isEmpty { return name }
        return hostPatterns.joined(separator: ",")
    }

    public var gatherFacts: Value? { keywords["gather_facts"] }

    /// Every handler the play can notify: its own, then those of its roles (duplicate
    /// applications left out), like ansible-core's play handlers plus role handlers.
    public var allHandlers: [TaskItem] { handlers + roles.filter { !$0.isDuplicate }.flatMap(\.handlers) }

    /// The handlers in the order they run when notified: those of its roles first, then its own
    /// (with the imported roles' after them), like ansible-core.
    public var handlersInRunOrder: [TaskItem] { roles.filter { !$0.isDuplicate }.flatMap(\.handlers) + handlers }

    /// What runs, in order: pre_tasks; roles (duplicate applications left out) then tasks;
    /// post_tasks. The executor flushes handlers after each section, like ansible-core.
    public var sections: [[TaskItem]] {
        [preTasks, roles.filter { !$0.isDuplicate }.flatMap(\.tasks) + tasks, postTasks]
    }
}

/// A playbook: its plays in order, with `import_playbook` already expanded.
public struct Playbook: Sendable {
    /// The path as given to the loader.
    public var path: String
    public var plays: [Play]

    public init(path: String, plays: [Play]) {
        self.path = path
        self.plays = plays
    }

    /// Every task of every play, handlers included, in load order.
    public var allTasks: [PlaybookTask] { plays.flatMap(\.allTasks) }
}
