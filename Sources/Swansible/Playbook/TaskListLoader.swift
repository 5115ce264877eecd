import SwansibleYAML

/// Task lists: blocks, tasks, and the static imports expanded where they stand.
extension PlaybookLoader {
    func loadTaskFile(_ file: String, scope: LoadScope, at location: SourceLocation?) throws -> [TaskItem] {
        if scope.chain.dropLast().contains(file) { throw PlaybookError.recursion(file, at: location) }
        guard let node = try readNode(file, at: location) else { return [] }
        return try loadTaskList(node, what: "tasks", scope: scope)
    }

    /// `owner` is where ansible-core points when the list is not a list: the play or block.
    func loadTaskList(_ node: YAMLNode?, what: String, scope: LoadScope, owner: SourceLocation? = nil) throws -> [TaskItem] {
        guard let node else { return [] }
        switch node.kind {
        case .scalar(.null): return []
        case .sequence(let items):
            var result: [TaskItem] = []
            for item in items {
                guard let pairs = item.pairs else { throw PlaybookError.notAMapping("a block", item.value, at: item.start) }
                if pairs.contains(where: { ["block", "rescue", "always"].contains($0.key) }) {
                    result.append(.block(try loadBlock(item, scope: scope)))
                } else {
                    do {
                        result += try loadTask(item, scope: scope)
                    } catch var error as PlaybookError {
                        if error.taskName == nil { error.taskName = Self.taskLabel(item, role: scope.role) }
                        throw error
                    }
                }
            }
            return result
        default:
            throw PlaybookError.notAList(what, node.value, at: owner ?? node.start)
        }
    }

    func loadBlock(_ original: YAMLNode, scope: LoadScope) throws -> Block {
        let node = LegacyKeywords.modernized(original, warn: onWarning)
        let pairs = node.pairs ?? []
        try KeywordReader.validate(pairs, owner: .block)
        let own = try KeywordReader.read(pairs, owner: .block)
        let effective = own.inheriting(from: scope.keywords)
        var inner = scope
        inner.keywords = effective.inheritable
        for (k, v) in own["vars"]?.dictValue ?? [:] { inner.vars[k] = v }
        let collections = LoadScope.collectionNames(own["collections"])
        if !collections.isEmpty { inner.collections = collections }
        inner.reservedVars += ReservedVariableNames.found(in: node["vars"])
        inner.conditionLocations.merge(LoadScope.conditionLocations(node["when"])) { outer, _ in outer }
        return Block(
            name: node["name"]?.value.pythonString,
            block: try loadTaskList(node["block"], what: "tasks", scope: inner, owner: node.start),
            rescue: try loadTaskList(node["rescue"], what: "tasks", scope: inner, owner: node.start),
            always: try loadTaskList(node["always"], what: "tasks", scope: inner, owner: node.start),
            keywords: effective, vars: inner.vars, role: scope.role, location: node.start)
    }

    /// One task mapping; a static import gives the tasks it brings in.
    func loadTask(_ original: YAMLNode, scope: LoadScope) throws -> [TaskItem] {
        let node = LegacyKeywords.modernized(original, warn: onWarning)
        let (task, staticFlag) = try buildTask(node, scope: scope)
        switch task.shortAction {
        case "import_tasks":
            return try importTasks(task, scope: scope)
        case "include" where staticFlag?.isTruthy ?? isStaticLegacyInclude(task):
            return try importTasks(task, scope: scope)
        case "import_role":
            return try importRole(task, scope: scope)
        default:
            return [.task(task)]
        }
    }

    /// The task of a mapping: its action among the keys that are not keywords, then its
    /// keywords over those of `scope`. Also gives a legacy include's `static:` value.
    func buildTask(_ node: YAMLNode, scope: LoadScope) throws -> (PlaybookTask, static: Value?) {
        let pairs = node.pairs ?? []
        let taskTable = PlaybookKeyword.table(for: .task), handlerTable = PlaybookKeyword.table(for: .handler)
        let candidates = pairs.filter {
            taskTable[$0.key] == nil && handlerTable[$0.key] == nil && $0.key != "static" && !$0.key.hasPrefix("with_")
        }
        // Like ansible-core, a bad `collections:` fails before any name is looked for in it.
        if let names = node["collections"] { try KeywordReader.checkCollectionNames(names) }
        let ownCollections = LoadScope.collectionNames(node["collections"]?.value)
        let content = scope.actions(actions, library: library, own: ownCollections, warn: onWarning)
        let parsed = try TaskAction.parse(task: node, candidates: candidates, actions: content)
        // Ansible 2.2's `include:` took `static: yes|no`; ansible-core 2.19 knows it no more.
        let legacyInclude = TaskAction.shortName(parsed.action) == "include"
        let keywordPairs = pairs.filter { p in
            !candidates.contains { $0.key == p.key } && !p.key.hasPrefix("with_") && !(legacyInclude && p.key == "static")
        }
        let owner: KeywordOwner = scope.isHandler ? .handler : .task
        try KeywordReader.validate(keywordPairs, owner: owner)
        let own = try KeywordReader.read(keywordPairs, owner: owner)
        var keywords = own.inheriting(from: scope.keywords)
        if parsed.isLocal { keywords["delegate_to"] = "localhost" }
        for keyword in ["name", "vars", "action", "local_action", "args", "loop", "loop_control", "listen"] {
            keywords[keyword] = nil
        }
        var vars = scope.vars
        for (k, v) in own["vars"]?.dictValue ?? [:] { vars[k] = v }
        var task = PlaybookTask(
            name: node["name"].flatMap { $0.value.isNull ? nil : $0.value.pythonString },
            action: parsed.action, args: parsed.args, keywords: keywords,
            loop: try TaskLoopReader.read(node, pairs: pairs), vars: vars, role: scope.role,
            location: node.start, file: scope.file, isHandler: scope.isHandler,
            listen: own["listen"]?.listValue ?? [])
        task.inherited = scope.keywords
        task.collections = content.collections
        // A short name found in a collection of the list runs as that collection's module
        // (Swansible's own when it has one of that name); banners keep the name as written.
        let resolved = content.resolved(parsed.action)
        if resolved != parsed.action {
            task.writtenAction = parsed.action
            task.action = resolved
        }
        task.contentAction = content.contentAction(resolved)
        task.actionLocation = parsed.actionLocation
        if parsed.isTemplatedAction { task.templatedActionLocation = parsed.actionValueLocation }
        task.argumentLocations = parsed.argumentLocations
        task.argumentKeyLocations = parsed.argumentKeyLocations
        task.ownVars = own["vars"]?.dictValue ?? [:]
        task.reservedVars = ReservedVariableNames.taskVariables(scope.reservedVars + ReservedVariableNames.found(in: node["vars"]))
        task.registerLocation = node["register"]?.start
        task.conditionLocations = scope.conditionLocations.merging(LoadScope.conditionLocations(node["when"])) { outer, _ in outer }
        task.loopLocation = (node["loop"] ?? pairs.first { $0.key.hasPrefix("with_") }?.value)?.start
        try IncludeRules.check(task, keys: keywordPairs.map(\.key), isHandler: scope.isHandler)
        return (task, legacyInclude ? node["static"]?.value : nil)
    }

    /// How an error names the task it is in: `role : name`, or the name, or nil when unnamed.
    static func taskLabel(_ node: YAMLNode, role: RoleInvocation?) -> String? {
        guard let name = node["name"]?.value.stringValue, !name.isEmpty else { return nil }
        return role.map { "\($0.role.name) : \(name)" } ?? name
    }

    /// Ansible 2.2's `include:` without `static:` is static when its file name has no template
    /// and it does not loop.
    func isStaticLegacyInclude(_ task: PlaybookTask) -> Bool {
        guard task.loop == nil, let target = task.includeTarget?.stringValue else { return false }
        return !target.contains("{{")
    }

    /// `import_tasks` / static `include`: the file's tasks, each under the import's keywords
    /// (including its `tags` and `when`) and vars.
    func importTasks(_ task: PlaybookTask, scope: LoadScope) throws -> [TaskItem] {
        guard let written = task.includeTarget?.stringValue else {
            throw PlaybookError(.badArguments, "No file specified for \(task.shortAction)", at: task.location)
        }
        let target = try staticName(written, vars: scope.staticNameVariables(taskVars: task.vars),
                                    playbookDir: scope.playbookDir, at: task.location,
                                    valueAt: task.argumentLocations["_raw_params"] ?? task.argumentLocations["file"])
        guard let file = resolveTaskFile(target, scope: scope) else {
            // Like ansible-core: the path under the role's tasks or the playbook's directory, no origin.
            throw PlaybookError.taskFileNotFound(target.hasPrefix("/") ? target
                : PathResolution.join(scope.role?.role.tasksDir ?? scope.playbookDir, target))
        }
        var inner = scope.entering(file: file)
        inner.keywords = task.keywords.inheritable
        inner.vars = task.vars
        for (k, v) in task.args where k != "_raw_params" && k != "file" { inner.vars[k] = v }
        return try loadTaskFile(file, scope: inner, at: task.location)
    }

    /// A task file named by an include: relative to the including file, then the role's
    /// `tasks/`, then the playbook directory, like ansible-core.
    func resolveTaskFile(_ target: String, scope: LoadScope) -> String? {
        if target.hasPrefix("/") { return PathResolution.isFile(target) ? target : nil }
        var bases = [scope.fileDir]
        if let role = scope.role?.role { bases += [role.tasksDir, role.path] }
        bases.append(scope.playbookDir)
        return PathResolution.firstFile(bases.map { PathResolution.join($0, target) })
    }
}
