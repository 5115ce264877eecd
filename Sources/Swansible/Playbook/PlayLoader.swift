import SwansibleYAML

/// Plays, and the playbook files that hold them.
extension PlaybookLoader {
    /// What an `import_playbook` entry passes to the plays it brings in.
    struct ImportedPlaybook {
        var keywords = KeywordValues()
        var vars = ValueDict()
    }

    func loadPlays(file: String, imported: ImportedPlaybook, chain: [String]) throws -> [Play] {
        if chain.contains(file) { throw PlaybookError.recursion(file, at: nil) }
        library.addContent(of: PathResolution.directory(of: file))
        guard let node = try readNode(file, at: nil) else { return [] }
        return try loadPlays(node, file: file, imported: imported, chain: chain)
    }

    func loadPlays(_ node: YAMLNode, file: String, imported: ImportedPlaybook, chain: [String]) throws -> [Play] {
        guard let items = node.items else {
            throw PlaybookError(.malformed, "A playbook must be a list of plays, got a <class '\(node.value.pythonTypeName)'> "
                                + "instead: \(file)", at: node.start)
        }
        var plays: [Play] = []
        for item in items {
            guard let pairs = item.pairs else {
                throw PlaybookError(.malformed, "playbook entries must be either valid plays or 'import_playbook' statements",
                                    at: item.start)
            }
            if let target = item["import_playbook"] ?? item["include"] {
                plays += try importPlaybook(item, target: target, pairs: pairs, from: file, imported: imported,
                                            chain: chain + [file])
            } else {
                plays.append(try loadPlay(item, file: file, imported: imported))
            }
        }
        return plays
    }

    /// `import_playbook: other.yml` (or Ansible 2.2's play-level `include:`), with `tags`,
    /// `when` and `vars` applied to every imported play.
    func importPlaybook(_ node: YAMLNode, target: YAMLNode, pairs: [YAMLPair], from file: String,
                        imported: ImportedPlaybook, chain: [String]) throws -> [Play]
    {
        // Like ansible-core, any play keyword is accepted; only tags, when and vars pass on.
        let playKeywords = PlaybookKeyword.table(for: .play)
        for pair in pairs where !["import_playbook", "include", "when"].contains(pair.key) && playKeywords[pair.key] == nil {
            throw PlaybookError(.invalidAttribute, "'\(pair.key)' is not a valid attribute for a PlaybookInclude",
                                at: pair.keyNode.start)
        }
        guard let text = target.value.stringValue else {
            throw PlaybookError(.badArguments, "import_playbook parameters must be a string", at: target.start)
        }
        // Ansible 2.2's play-level `include: file.yml a=1` passed `k=v` vars; import_playbook
        // takes the whole text as the file name.
        let kv = node["include"] != nil ? try KeyValueArguments.parse(text) : ["_raw_params": .string(text)]
        let path = try staticName(kv["_raw_params"]?.stringValue ?? text, vars: imported.vars,
                                  playbookDir: PathResolution.directory(of: file), use: .playbookImport,
                                  at: target.start)
        var inner = imported
        let own = try KeywordReader.read(pairs, owner: .block, skipping: ["name", "vars"])
        inner.keywords = own.inheriting(from: imported.keywords)
        for (k, v) in kv where k != "_raw_params" { inner.vars[k] = v }
        if let varsNode = node["vars"] {
            for (k, v) in try KeywordReader.mapping(varsNode, keyword: "vars", owner: .play)?.dictValue ?? [:] { inner.vars[k] = v }
        }
        let resolved = PathResolution.join(PathResolution.directory(of: file), path)
        guard PathResolution.isFile(resolved) else { throw PlaybookError.fileNotFound(path, at: target.start) }
        return try loadPlays(file: resolved, imported: inner, chain: chain)
    }

    func loadPlay(_ original: YAMLNode, file: String, imported: ImportedPlaybook) throws -> Play {
        let node = LegacyKeywords.modernized(original, warn: onWarning)
        let pairs = node.pairs ?? []
        try KeywordReader.validate(pairs, owner: .play)
        guard let hosts = node["hosts"], !hosts.value.isNull else { throw PlaybookError.required("hosts", at: node.start) }
        var keywords = try KeywordReader.read(pairs, owner: .play, skipping: Self.playSections)
        keywords = keywords.inheriting(from: imported.keywords)
        var vars = imported.vars
        for (k, v) in keywords["vars"]?.dictValue ?? [:] { vars[k] = v }
        keywords["vars"] = nil
        let session = PlaySession()
        session.playVars = vars
        let baseDir = PathResolution.directory(of: file)
        var scope = LoadScope(keywords: keywords.inheritable, vars: [:], role: nil, file: file, playbookDir: baseDir,
                              chain: [file], isHandler: false, session: session)
        scope.collections = LoadScope.collectionNames(keywords["collections"])
        var roles: [PlayRole] = []
        if let rolesNode = node["roles"], !rolesNode.value.isNull {
            guard let entries = rolesNode.items else {
                throw PlaybookError(.malformed, "A malformed role declaration was encountered: ds (\(rolesNode.value.pythonString)) "
                    + "should be a list but was a <class '\(rolesNode.value.pythonTypeName)'>", at: node.start)
            }
            for entry in entries { roles += try applyRoleEntry(entry, scope: scope) }
        }
        session.importedARole = false
        let preTasks = try loadTaskList(node["pre_tasks"], what: "tasks", scope: scope, owner: node.start)
        let tasks = try loadTaskList(node["tasks"], what: "tasks", scope: scope, owner: node.start)
        let postTasks = try loadTaskList(node["post_tasks"], what: "tasks", scope: scope, owner: node.start)
        var handlerScope = scope
        handlerScope.isHandler = true
        var handlers = try loadTaskList(node["handlers"], what: "handlers", scope: handlerScope, owner: node.start)
        handlers += session.importedHandlers
        var varsFiles: [Value] = []
        switch node["vars_files"]?.value {
        case .list(let l)?: varsFiles = l
        case .null?, nil: break
        case let v?: varsFiles = [v]
        }
        var play = Play(
            name: node["name"].flatMap { $0.value.isNull ? nil : $0.value.pythonString },
            hosts: hosts.value, keywords: keywords, vars: vars, varsFiles: varsFiles,
            varsPrompt: node["vars_prompt"]?.value, preTasks: preTasks, roles: roles, tasks: tasks,
            postTasks: postTasks, handlers: handlers, location: node.start, baseDir: baseDir)
        play.importsRoleInItsTasks = session.importedARole
        play.importedRoleNames = session.importedRoleNames
        if let entries = node["vars_files"] { play.varsFilesLocations = entries.items?.map(\.start) ?? [entries.start] }
        play.reservedVariables = ReservedVariableNames.found(in: node["vars"])
        return play
    }

    /// Play keys that are sections, not keywords passed to tasks.
    static let playSections: Set<String> = [
        "name", "hosts", "roles", "pre_tasks", "tasks", "post_tasks", "handlers", "vars_files", "vars_prompt",
    ]
}
