import SwansibleYAML

/// Roles: finding them on the roles path, reading their meta, defaults and vars, and
/// applying them (dependencies first) with the keywords of the entry that names them.
extension PlaybookLoader {
    /// A `roles:` entry or meta dependency: `- name`, `- role: name`, `- name: name`, or a
    /// mapping of keywords, `vars:` and role parameters.
    func applyRoleEntry(_ original: YAMLNode, scope: LoadScope) throws -> [PlayRole] {
        let node = LegacyKeywords.modernized(original, warn: onWarning)
        var params = ValueDict()
        let name: String
        var keywords = KeywordValues()
        var vars = ValueDict()
        switch node.kind {
        case .scalar(let v) where !v.isNull:
            name = v.pythonString
        case .mapping(let pairs):
            guard let nameNode = node["role"] ?? node["name"], !nameNode.value.isNull else {
                throw PlaybookError(.missingRequired, "role definitions must contain a role name", at: node.start)
            }
            name = nameNode.value.pythonString
            let table = PlaybookKeyword.table(for: .role)
            keywords = try KeywordReader.read(pairs, owner: .role, skipping: ["name", "vars"])
            vars = try KeywordReader.mapping(node["vars"] ?? YAMLNode(kind: .scalar(.null), start: node.start, end: node.end),
                                             keyword: "vars", owner: .role)?.dictValue ?? [:]
            for pair in pairs where table[pair.key] == nil && pair.key != "role" {
                params[pair.key] = pair.value.value
            }
        default:
            throw PlaybookError(.malformed, "role definitions must contain a role name", at: node.start)
        }
        let role = try findRole(try staticName(name, vars: scope.session.playVars, playbookDir: scope.playbookDir,
                                                use: .roleName, at: node.start), scope: scope, at: node.start)
        // Like ansible-core, a dependency of an included role sees the include's vars too.
        return try apply(role, params: params, vars: vars, keywords: keywords, from: [:], scope: scope, at: node.start,
                         taskVars: scope.vars)
    }

    /// `import_role`: the role's tasks inline, one block per role application (dependencies
    /// first); its handlers join the play's. A dependency that already ran in the play keeps
    /// its block, marked `isDuplicateRole`, as ansible-core lists it but does not run it.
    func importRole(_ task: PlaybookTask, scope: LoadScope) throws -> [TaskItem] {
        let applied = try applyRoleInclude(args: task.args, task: task, scope: scope)
        scope.session.importedARole = true
        scope.session.importedRoleNames += applied.map(PlayRoleName.init)
        for roleRun in applied where !roleRun.isDuplicate { scope.session.importedHandlers += roleRun.handlers }
        let blocks = applied.map { roleRun -> TaskItem in
            var block = Block(block: roleRun.tasks, keywords: task.keywords, vars: task.vars,
                              role: roleRun.invocation, location: task.location)
            block.isDuplicateRole = roleRun.isDuplicate
            return .block(block)
        }
        return [.block(Block(block: blocks, keywords: task.keywords, vars: task.vars, role: task.role, location: task.location))]
    }

    /// `import_role` / `include_role` arguments: `name`, `tasks_from`, `vars_from`,
    /// `defaults_from`, `handlers_from`, `allow_duplicates`...; the task's keywords and vars
    /// apply to every task of the role.
    func applyRoleInclude(args: ValueDict, task: PlaybookTask, scope: LoadScope) throws -> [PlayRole] {
        guard let name = args["name"]?.stringValue ?? args["role"]?.stringValue else {
            throw PlaybookError(.badArguments, "'name' is a required field for \(task.action).", at: task.location)
        }
        var from: [String: String] = [:]
        for key in ["tasks_from", "vars_from", "defaults_from", "handlers_from"] {
            if let v = args[key]?.stringValue { from[String(key.dropLast(5))] = v }
        }
        var named = scope
        // The collections where the task is written, its own `collections:` included.
        named.collections = task.collections
        let role = try findRole(try staticName(name, vars: scope.staticNameVariables(taskVars: task.vars),
                                                 playbookDir: scope.playbookDir, use: .roleName,
                                                 at: task.argumentLocations["name"] ?? task.argumentLocations["role"] ?? task.location),
                                scope: named, at: task.location)
        var inner = scope
        // Like include_tasks, include_role passes down what its parents give it, not its own
        // keywords (its tags and when concern the include); import_role passes its own too.
        let passed = task.shortAction == "include_role" ? task.inherited : task.keywords.inheritable
        inner.keywords = PlaybookLoader.appliedKeywords(args).inheriting(from: passed)
        // Like ansible-core, the include's vars reach the role's tasks as task-level vars.
        inner.vars = task.vars
        let allowDuplicates = args["allow_duplicates"].map { value in
            // (A boolean field: the words Python's boolean conversion takes for true.)
            value.stringValue.map { ["y", "yes", "on", "1", "true", "t"].contains($0.lowercased()) } ?? value.isTruthy
        }
        return try apply(role, params: [:], vars: task.ownVars, keywords: KeywordValues(), from: from, scope: inner,
                         at: task.location, taskVars: task.vars, included: true, allowDuplicates: allowDuplicates ?? true)
    }

    /// Applies `role` under `scope`: its dependencies (each once per play), then itself.
    func apply(_ role: Role, params: ValueDict, vars: ValueDict, keywords: KeywordValues, from: [String: String],
               scope: LoadScope, at location: SourceLocation, taskVars: ValueDict = [:], included: Bool = false,
               allowDuplicates: Bool? = nil) throws -> [PlayRole]
    {
        // Like ansible-core, a role may import itself for another tasks file; the same one again is a loop.
        let chainEntry = role.path + "\u{0}tasks/" + (from["tasks"] ?? "main")
        if scope.chain.contains(chainEntry) { throw PlaybookError.recursion(role.path, at: location) }
        let effective = keywords.inheriting(from: scope.keywords)
        var invocation = RoleInvocation(role: role, params: params, vars: vars, keywords: keywords, from: from,
                                        location: location)
        invocation.keywords = effective
        if included { invocation.markFromInclude() }
        invocation.allowsDuplicates = allowDuplicates ?? role.allowDuplicates
        (invocation.defaults, invocation.reservedDefaults) = try roleData(role, "defaults", from: from["defaults"])
        (invocation.roleVars, invocation.reservedVars) = try roleData(role, "vars", from: from["vars"])
        // The role whose meta names this one, or whose task includes or imports it.
        if let parent = scope.role { invocation.inherit(from: parent, isInclude: included) }
        var inner = scope
        inner.chain.append(chainEntry)
        inner.keywords = effective.inheritable
        inner.vars = taskVars
        inner.role = invocation
        inner.collections = role.collections
        var result: [PlayRole] = []
        for dependency in role.dependencies {
            result += try applyRoleEntry(dependency, scope: inner).map {
                var applied = $0
                applied.isDependency = true
                return applied
            }
        }
        let identity = invocation.identity
        // A role named by import_role/include_role runs every time unless its allow_duplicates
        // says otherwise; what it depends on does not.
        let isDuplicate = !invocation.allowsDuplicates && scope.session.roleIdentities.contains(identity)
        scope.session.roleIdentities.insert(identity)
        var tasks: [TaskItem] = []
        let entryPoint = from["tasks"] ?? "main"
        if let spec = role.argumentSpecs[entryPoint]?.dictValue {
            tasks += try loadTask(Self.validationTask(spec, entryPoint: entryPoint, invocation: invocation), scope: inner)
        }
        for file in PathResolution.roleFiles(in: role.tasksDir, named: from["tasks"] ?? "main") {
            tasks += try loadTaskFile(file, scope: inner.entering(file: file), at: location)
        }
        if let wanted = from["tasks"], PathResolution.roleFiles(in: role.tasksDir, named: wanted).isEmpty {
            // Like ansible-core: a parser error, told without origin.
            throw PlaybookError(.roleFileNotFound, "Could not find specified file in role: tasks/\(wanted)")
        }
        var handlerScope = inner
        handlerScope.isHandler = true
        var handlers: [TaskItem] = []
        for file in PathResolution.roleFiles(in: role.path + "/handlers", named: from["handlers"] ?? "main") {
            handlers += try loadTaskFile(file, scope: handlerScope.entering(file: file), at: location)
        }
        result.append(PlayRole(invocation: invocation, tasks: tasks, handlers: handlers, isDuplicate: isDuplicate))
        return result
    }

    /// `defaults/` or `vars/` data of a role: `main` (or the `*_from` file), merged in order,
    /// and its variables under reserved names.
    func roleData(_ role: Role, _ kind: String, from name: String?) throws -> (ValueDict, [ReservedVariable]) {
        var data = ValueDict()
        var reserved: [ReservedVariable] = []
        for file in PathResolution.roleFiles(in: role.path + "/" + kind, named: name ?? "main") {
            guard let node = try readNode(file, at: nil) else { continue }
            switch node.value {
            case .dict(let d):
                for (k, v) in d { data[k] = v }
                reserved += ReservedVariableNames.found(in: node)
            case .null: break
            default:
                throw PlaybookError(.malformed, "The \(kind) file \(file) must contain a dictionary", at: node.start)
            }
        }
        return (data, reserved)
    }

    /// Finds a role by name or path: in a collection (`ns.coll.role`, or a short name in the
    /// collections in effect), then `roles/` beside the playbook, the roles path, the
    /// playbook directory; a name may be a path below those (`configure/etcd`) or a path.
    /// Like ansible-core, the error names only the roles directories.
    func findRole(_ name: String, scope: LoadScope, at location: SourceLocation) throws -> Role {
        if let (collection, path) = collectionRole(name, collections: scope.collections) {
            let qualified = collection + "." + PathResolution.lastComponent(path)
            let key = path + "\u{0}" + qualified
            if let known = scope.session.roles[key] { return known }
            let role = try readRole(path: path, name: qualified, collection: collection)
            scope.session.roles[key] = role
            return role
        }
        var searched: [String] = []
        if name.hasPrefix("/") {
            searched = [name]
        } else {
            searched.append(PathResolution.join(scope.playbookDir, "roles"))
            searched += rolesPath.map { PathResolution.join(scope.playbookDir, $0) }
            searched.append(scope.playbookDir)
            // A dependency may also name a sibling of the role that depends on it.
            if let parent = scope.role?.role { searched.append(PathResolution.directory(of: parent.path)) }
            searched = searched.map { PathResolution.join($0, name) }
        }
        guard let path = searched.first(where: PathResolution.isDirectory) else {
            let dirs = searched.map { PathResolution.directory(of: $0) }
            throw PlaybookError.roleNotFound(name, searched: dirs, at: location)
        }
        // ansible-core shows a role by the name it was given, a path as written (`configure/etcd`,
        // `./roles/web`, a templated `{{ playbook_dir }}`), and tells roles apart by it: the same
        // directory named two ways is two roles.
        let key = path + "\u{0}" + name
        if let known = scope.session.roles[key] { return known }
        let role = try readRole(path: path, name: name)
        scope.session.roles[key] = role
        return role
    }

    /// The collection and directory of a collection's role: `ns.coll.role` in that collection,
    /// a short name in the first of `collections` that has it.
    func collectionRole(_ name: String, collections: [String]) -> (String, String)? {
        if let (collection, role) = ModuleLibrary.splitQualifiedName(name) {
            guard !role.contains("."), !role.contains("/"), let dir = library.collectionDirectory(collection) else { return nil }
            let path = dir + "/roles/" + role
            return PathResolution.isDirectory(path) ? (collection, path) : nil
        }
        guard !name.contains("."), !name.contains("/") else { return nil }
        for collection in collections {
            if let dir = library.collectionDirectory(collection), PathResolution.isDirectory(dir + "/roles/" + name) {
                return (collection, dir + "/roles/" + name)
            }
        }
        return nil
    }

    func readRole(path: String, name: String, collection: String? = nil) throws -> Role {
        // A collection's role brings no `library/`: its modules are the collection's.
        if collection == nil { library.addContent(of: path) }
        var dependencies: [YAMLNode] = []
        var allowDuplicates = false
        var argumentSpecs = ValueDict()
        var collections = collection.map { [$0] } ?? []
        if let file = PathResolution.roleFiles(in: path + "/meta", named: "main").first,
           let meta = try readNode(file, at: nil)
        {
            if let deps = meta["dependencies"] {
                switch deps.kind {
                case .sequence(let items): dependencies = items
                case .scalar(.null): break
                default: throw PlaybookError(.malformed, "Expected role dependencies to be a list.", at: meta.start)
                }
            }
            allowDuplicates = meta["allow_duplicates"]?.value.isTruthy ?? false
            argumentSpecs = meta["argument_specs"]?.value.dictValue ?? [:]
            if let names = meta["collections"] { try KeywordReader.checkCollectionNames(names) }
            for name in LoadScope.collectionNames(meta["collections"]?.value) where !collections.contains(name) {
                collections.append(name)
            }
        }
        if let file = PathResolution.roleFiles(in: path + "/meta", named: "argument_specs").first,
           let specs = try readNode(file, at: nil) {
            argumentSpecs = specs["argument_specs"]?.value.dictValue ?? [:]
        }
        return Role(name: name, path: path, allowDuplicates: allowDuplicates, dependencies: dependencies,
                    argumentSpecs: argumentSpecs, collection: collection, collections: collections)
    }

    /// The task ansible-core puts before a role's first when the role has an argument spec for
    /// its entry point: `validate_argument_spec` of the spec's options, with the role's
    /// parameters, tagged `always` (its context names a collection's role by its short name).
    static func validationTask(_ spec: ValueDict, entryPoint: String, invocation: RoleInvocation) -> YAMLNode {
        var name = "Validating arguments against arg spec '\(entryPoint)'"
        if let description = spec["short_description"] { name += " - " + description.pythonString }
        let args: Value = [
            "argument_spec": spec["options"] ?? .dict([:]),
            "provided_arguments": .dict(invocation.params),
            "validate_args_context": ["type": "role", "name": .string(invocation.role.shortName), "argument_spec_name": .string(entryPoint),
                                      "path": .string(invocation.role.path)],
        ]
        let task: Value = ["name": .string(name), "action": "ansible.builtin.validate_argument_spec", "args": args, "tags": ["always"]]
        return node(task, at: invocation.location)
    }

    /// A value as the YAML node the loader reads, every mark at `location`.
    static func node(_ value: Value, at location: SourceLocation) -> YAMLNode {
        let kind: YAMLNode.Kind
        switch value {
        case .list(let items): kind = .sequence(items.map { node($0, at: location) })
        case .dict(let pairs):
            kind = .mapping(pairs.map { YAMLPair(key: $0.key, keyNode: node(.string($0.key), at: location), value: node($0.value, at: location)) })
        default: kind = .scalar(value)
        }
        return YAMLNode(kind: kind, start: location, end: location)
    }
}
