import SwansibleYAML

/// What a task list inherits where it is read: the keywords and vars of its enclosing play,
/// role, blocks and static includes, and where its relative paths resolve.
struct LoadScope {
    /// Inheritable keywords of everything around (outermost first for `when`/`tags`).
    var keywords: KeywordValues
    /// Vars of the enclosing blocks and static includes (not role or play vars).
    var vars: ValueDict
    /// Those of them under reserved names, where they are written.
    var reservedVars: [ReservedVariable] = []
    /// Where the enclosing blocks' `when` conditions are written, by their text.
    var conditionLocations: [String: SourceLocation] = [:]
    var role: RoleInvocation?
    /// The collections short module and role names are looked for in first: the nearest
    /// `collections:` keyword, or inside a role the role's own list (a role from a roles path
    /// without `collections:` in its meta has none, whatever its play says).
    var collections: [String] = []
    /// The file being read.
    var file: String
    /// The directory of the playbook that holds the play.
    var playbookDir: String
    /// Task files and roles being read (a role as its path and tasks file), outermost first: an
    /// include of one of them is a loop.
    var chain: [String]
    var isHandler: Bool
    let session: PlaySession

    var fileDir: String { PathResolution.directory(of: file) }

    /// Where each condition of a `when:` value is written, by its text.
    static func conditionLocations(_ node: YAMLNode?) -> [String: SourceLocation] {
        guard let node else { return [:] }
        guard let items = node.items else { return [node.value.pythonString: node.start] }
        var found: [String: SourceLocation] = [:]
        for item in items where found[item.value.pythonString] == nil { found[item.value.pythonString] = item.start }
        return found
    }

    /// The variables a name templated at load time sees (an import's file, a role's name): the
    /// playbook's directory and the play's vars, and inside a role its defaults, vars, parameters, `role_path` and
    /// `role_name`, under `taskVars` — like ansible-core, which templates static imports with
    /// the play's and the enclosing role's variables.
    func staticNameVariables(taskVars: ValueDict) -> ValueDict {
        var merged: ValueDict = ["playbook_dir": .string(playbookDir)]
        if let role {
            for (k, v) in role.defaults { merged[k] = v }
        }
        for (k, v) in session.playVars { merged[k] = v }
        if let role {
            for (k, v) in role.roleVars { merged[k] = v }
            for (k, v) in role.vars { merged[k] = v }
            for (k, v) in role.params { merged[k] = v }
            merged["role_path"] = .string(role.role.path)
            merged["role_name"] = .string(role.role.shortName)
            merged["ansible_role_name"] = .string(role.role.name)
        }
        for (k, v) in taskVars { merged[k] = v }
        return merged
    }

    /// The catalog a task of this scope is read with: Swansible's modules, the content's, and
    /// the collections in effect (`own`, the task's `collections:`, when given).
    func actions(_ builtin: any ActionCatalog, library: ModuleLibrary, own: [String] = [],
                 warn: (@Sendable (String) -> Void)? = nil) -> ContentActions {
        ContentActions(builtin: builtin, library: library, collections: own.isEmpty ? collections : own,
                       allowsLegacy: role?.role.collection == nil, warn: warn)
    }

    /// The names of a `collections:` keyword's value: a list of strings, or one string.
    static func collectionNames(_ value: Value?) -> [String] {
        if let name = value?.stringValue { return [name] }
        return value?.listValue?.compactMap(\.stringValue) ?? []
    }

    func entering(file: String) -> LoadScope {
        var inner = self
        inner.file = file
        inner.chain.append(file)
        return inner
    }
}

/// Per-play state of a load: handlers brought in by `import_role`, and which role
/// applications the play has seen (a second identical one is a duplicate).
final class PlaySession {
    /// The play's vars, for names that static imports template at load time.
    var playVars: ValueDict = [:]
    var importedHandlers: [TaskItem] = []
    /// The roles `import_role` applied, in the order read: like ansible-core, they join the
    /// play's role names.
    var importedRoleNames: [PlayRoleName] = []
    /// An `import_role` was read (set by the loader; the play loader looks at it after the
    /// play's `roles:`).
    var importedARole = false
    var roleIdentities: Set<String>
    var roles: [String: Role] = [:]

    init(roleIdentities: Set<String> = []) { self.roleIdentities = roleIdentities }
}
