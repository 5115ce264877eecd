/// One task (or handler) as written, raw: the executor templates names, arguments and
/// keywords at run time, per host.
public struct PlaybookTask: Sendable {
    /// The `name:` as written (untemplated), if any.
    public var name: String?
    /// The action as written: `copy`, `ansible.builtin.copy`, `include_tasks`; a short name
    /// that a collection in effect holds is qualified (`ns.coll.mymodule`).
    public var action: String
    /// The action as written, when `action` is the qualified name a collection gave it.
    public var writtenAction: String?
    /// The collections in effect where the task is written (the nearest `collections:`, or
    /// its role's): a dynamic include looks for short role names there.
    public var collections: [String] = []
    /// The content's own module or action plugin the action names, when Swansible has no
    /// module of that name (found in `library/` or `action_plugins/` at load time).
    public var contentAction: ContentAction?
    /// Raw arguments; free-form modules keep their command line under `_raw_params`.
    public var args: ValueDict
    /// Effective keywords: the task's own over those of its blocks, role and play.
    public var keywords: KeywordValues
    /// What the task's blocks, role and play pass down, without its own keywords: what the
    /// tasks of a dynamic include inherit (an include's own keywords stay on the include).
    public var inherited: KeywordValues = .init()
    /// The `vars:` written on the task itself (what `import_role` passes as the role's vars).
    var ownVars: ValueDict = [:]
    public var loop: TaskLoop?
    /// Variables of the task with those of its enclosing blocks and static includes under them
    /// (ansible folds block vars into task vars); role and play vars are kept apart.
    public var vars: ValueDict
    /// The role application the task belongs to.
    public var role: RoleInvocation?
    public var location: SourceLocation
    /// Where the action's key is written (`debug:` of `debug: msg=x`), for error origins.
    public var actionLocation: SourceLocation?
    /// Set when the module's name is a template (`action: "{{ pkg_mgr }} name=x"`): where it is
    /// written. The executor templates it per host before anything else.
    public var templatedActionLocation: SourceLocation?
    /// Where each argument's value is written, for error origins.
    public var argumentLocations: [String: SourceLocation] = [:]
    /// Where each argument's name is written, when the arguments are a mapping.
    public var argumentKeyLocations: [String: SourceLocation] = [:]
    /// Its `vars:` and its blocks' under reserved names (not `tags` or `when`, which ansible-core
    /// leaves out of task vars), and where `register:` names its variable: for the warnings.
    public var reservedVars: [ReservedVariable] = []
    public var registerLocation: SourceLocation?
    /// Where each `when` condition (its text) is written, the task's or its blocks', and where
    /// its loop is: the origins of an error evaluating them.
    public var conditionLocations: [String: SourceLocation] = [:]
    public var loopLocation: SourceLocation?
    /// The file the task was read from.
    public var file: String
    public var isHandler: Bool
    /// `listen:` topics of a handler.
    public var listen: [Value]
    /// Which run-time inclusion brought the task in, where hosts include on their own (the
    /// `free` strategy): like ansible-core's, each inclusion's tasks are tasks of their own.
    var inclusion: Int?

    public init(name: String? = nil, action: String, args: ValueDict = [:], keywords: KeywordValues = .init(),
                loop: TaskLoop? = nil, vars: ValueDict = [:], role: RoleInvocation? = nil,
                location: SourceLocation, file: String? = nil, isHandler: Bool = false, listen: [Value] = [])
    {
        self.name = name
        self.action = action
        self.args = args
        self.keywords = keywords
        self.loop = loop
        self.vars = vars
        self.role = role
        self.location = location
        self.file = file ?? location.file
        self.isHandler = isHandler
        self.listen = listen
    }
}

extension PlaybookTask {
    /// The action without an `ansible.builtin.` / `ansible.legacy.` prefix.
    public var shortAction: String { TaskAction.shortName(action) }

    /// The name in TASK banners: `role : name`, the bare name, or the action when unnamed
    /// (`role : action` inside a role), like ansible-core; an `include_role` names itself
    /// alone, even inside a role.
    public var displayName: String {
        var shown = (name?.isEmpty == false ? name : nil) ?? writtenAction ?? action
        let isRoleInclude = ["include_role", "import_role"].contains(shortAction)
        if name?.isEmpty != false, isRoleInclude, let roleName = args["name"]?.stringValue {
            shown = "\(action) : \(roleName)"
        }
        if let role, !isRoleInclude { return "\(role.role.name) : \(shown)" }
        return shown
    }

    /// The name `--list-tasks` shows: the display name of a named task, else the bare action.
    public var listName: String {
        if let name, !name.isEmpty { return displayName }
        return writtenAction ?? action
    }

    public var tags: [String] { keywords.tags }

    /// Whether the executor must expand this task at run time (`include_tasks`,
    /// `include_role`, a legacy dynamic `include`).
    public var isDynamicInclude: Bool {
        ["include_tasks", "include_role", "include"].contains(shortAction)
    }

    /// The file an include or import names (`_raw_params` or `file:`), raw.
    public var includeTarget: Value? { args["_raw_params"] ?? args["file"] }

    /// Directories where a relative `src` of kind `subdir` (`templates`, `files`, `vars`) is
    /// looked for, in order, like ansible-core: the role's `subdir` and the role itself, the
    /// task file's directory (with `subdir`), then the playbook directory (with `subdir`).
    public func searchPaths(for subdir: String, playbookDir: String) -> [String] {
        var dirs: [String] = []
        if let role = role?.role { dirs += [role.path + "/" + subdir, role.path] }
        let taskDir = PathResolution.directory(of: file)
        dirs += [taskDir + "/" + subdir, taskDir, playbookDir + "/" + subdir, playbookDir]
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }
}
