import Jinja
import Foundation
import SwansibleYAML

/// Assembles a host's variables in ansible-core's precedence order (lowest first):
/// role defaults < inventory vars < facts < play vars < vars_files < role vars < block/task vars
/// < include_vars < set_fact/registered < role params < extra vars < magic variables.
/// Values stay raw; the templar templates them when a template uses them.
struct PlayVariables: Sendable {
    let run: RunVariables
    let play: Play
    /// Hosts targeted by the play, in inventory order (`ansible_play_hosts_all`).
    let playHosts: [String]
    /// The hosts of the current `serial` batch (all of them without `serial`).
    var batchHosts: [String]
    /// Per host: inventory vars and vars_files, fixed for the play.
    let inventoryVars: [String: ValueDict]
    var varsFiles: [String: ValueDict]
    /// Defaults and vars of every role of the play: ansible makes them visible play-wide.
    let allRoleDefaults: ValueDict
    let allRoleVars: ValueDict
    /// Variables of the vars_files (as the first host reads them) under reserved names.
    var reservedInVarsFiles: [ReservedVariable] = []
    /// The `vars_files` entries that name a variable the play alone does not define (a host's,
    /// a fact): ansible-core warns of each, having read them once without a host.
    var varsFilesNeedingAHost: [SourceLocation] = []
    /// Roles an `include_role` with `public: true` brought in: from then on their defaults and
    /// vars are visible play-wide, like those of the play's own roles.
    let publicIncludedRoles = PublicRoleVariables()
    /// The roles `include_role` has loaded so far in the play.
    let includedRoleNames = IncludedRoleNames()

    /// The variables a task sees on `host` (`task` nil: play level, as `hostvars` shows them).
    func layers(host: String, task: PlaybookTask?) -> VariableLayers {
        let state = run.learned.learned(host)
        let role = task?.role
        var layers: [ValueDict] = []
        var defaults = ValueDict()
        if let managed = run.config.ansibleManaged { defaults["ansible_managed"] = .string(managed) }
        // Like ansible-core's play context: `ansible_connection` is defined for every host, from
        // the `connection:` keyword, -c, or ssh, below anything that sets it.
        // `ansible_host` likewise (the inventory name; 127.0.0.1 for the implicit localhost).
        // (Task level only: `hostvars` shows what the inventory and the run set.) This is
        // always the first layer: connection settings skip it (`withoutPlayContextDefaults`).
        if let task {
            defaults["ansible_connection"] = task.keywords["connection"] ?? play.keywords["connection"]
                ?? .string(run.defaultConnection)
            // (The name test first: the inventory scan then runs only for localhost names.)
            let implicitLocalhost = HostPattern.localhostNames.contains(host) && !run.inventory.hostNames.contains(host)
            defaults["ansible_host"] = .string(implicitLocalhost ? "127.0.0.1" : host)
            // The implicit localhost runs the controller's Python, as in ansible-core.
            if implicitLocalhost, let python = ControllerPython.path { defaults["ansible_python_interpreter"] = .string(python) }
        }
        layers.append(defaults)
        layers.append(allRoleDefaults)
        let published = publicIncludedRoles.current
        layers.append(published.defaults)
        if let role { layers.append(role.defaults) }
        layers.append(inventoryVariables(of: host))
        layers.append(factLayer(state.facts))
        layers.append(play.vars)
        layers.append(varsFiles[host] ?? [:])
        layers.append(allRoleVars)
        layers.append(published.vars)
        if let role {
            layers.append(role.inheritedVars)
            layers.append(role.roleVars)
            layers.append(role.vars)
        }
        if let task { layers.append(task.vars) }
        layers.append(state.includedVariables)
        layers.append(state.hostVariables)
        if let role {
            layers.append(role.inheritedParams)
            layers.append(role.params)
        }
        layers.append(run.extraVars)
        layers.append(magic(host: host, role: role, task: task))
        let lookup: @Sendable (String) -> VariableLayers? = { [self] other in
            guard run.inventory.hostNames.contains(other) || other == host else { return nil }
            return self.layers(host: other, task: nil)
        }
        return VariableLayers(layers: layers, hostLookup: lookup, hostNames: run.inventory.hostNames)
    }

    /// Whether a layer below the task's own vars defines `name` on `host`: ansible-core's
    /// warning about a reserved name in task vars then names that first definition instead.
    func definedBelowTaskVars(_ name: String, host: String, task: PlaybookTask) -> Bool {
        let state = run.learned.learned(host)
        var below = [allRoleDefaults, inventoryVariables(of: host), factLayer(state.facts), play.vars, varsFiles[host] ?? [:], allRoleVars]
        if let role = task.role { below += [role.defaults, role.inheritedVars, role.roleVars, role.vars] }
        return below.contains { $0[name] != nil }
    }

    /// The host's inventory variables: as read at the play's start, unless add_host or
    /// group_by changed the host since (or added it), when they are read again.
    private func inventoryVariables(of host: String) -> ValueDict {
        if let read = inventoryVars[host], !run.inventoryStore.changedHosts.contains(host) { return read }
        return (try? run.inventory.variables(for: host, playbookDirectory: play.baseDir)) ?? inventoryVars[host] ?? [:]
    }

    /// Facts as top-level `ansible_*` variables and as `ansible_facts` (names without the
    /// prefix, except `ansible_local`, which keeps it there as in ansible-core); like
    /// ansible-core, `ansible_facts` is `{}` before any fact is known.
    private func factLayer(_ facts: ValueDict) -> ValueDict {
        guard !facts.isEmpty else { return ["ansible_facts": .dict([:])] }
        var layer = facts
        var bare = ValueDict()
        for (key, value) in facts {
            bare[key.hasPrefix("ansible_") && key != "ansible_local" ? String(key.dropFirst(8)) : key] = value
        }
        layer["ansible_facts"] = .dict(bare)
        return layer
    }

    private func magic(host: String, role: RoleInvocation?, task: PlaybookTask?) -> ValueDict {
        var m = run.inventory.magicVariables(for: host)
        m["playbook_dir"] = .string(play.baseDir)
        m["inventory_dir"] = run.inventoryDirectory.map(Value.string) ?? .null
        let active = playHosts.filter { run.learned.isActive($0) }.map(Value.string)
        let batch = batchHosts.filter { run.learned.isActive($0) }.map(Value.string)
        m["ansible_play_hosts_all"] = .list(playHosts.map(Value.string))
        m["ansible_play_hosts"] = .list(active)
        m["ansible_play_batch"] = .list(batch)
        m["play_hosts"] = .list(batch)
        m["ansible_play_name"] = .string(play.displayName)
        m["omit"] = .string(AnsibleTemplar.omit)
        for (name, value) in run.magic { m[name] = value }
        m["ansible_version"] = [
            "full": "2.19.0", "major": 2, "minor": 19, "revision": 0, "string": "2.19.0 (swansible)",
        ]
        m["ansible_config_file"] = run.config.path.map(Value.string) ?? .null
        for (name, names) in roleNames { m[name] = .list(names.map(Value.string)) }
        if let task { m["ansible_search_path"] = .list(searchPath(of: task).map(Value.string)) }
        if let role {
            m["role_name"] = .string(role.role.shortName)
            m["role_path"] = .string(role.role.path)
            m["ansible_role_name"] = .string(role.role.name)
            m["role_uuid"] = .string(role.uuid)
            // `ns.coll` for a collection's role; a role from a roles path belongs to none.
            m["ansible_collection_name"] = role.role.collection.map(Value.string) ?? .null
        }
        return m
    }
}

extension PlayVariables {
    /// `ansible_search_path`, like ansible-core: the task's role, the directory of the file the
    /// task was read from, the playbook's directory, each once.
    func searchPath(of task: PlaybookTask) -> [String] {
        var seen = Set<String>()
        let dirs = (task.role.map { [$0.role.path] } ?? []) + [PathResolution.directory(of: task.file), play.baseDir]
        return dirs.filter { seen.insert($0).inserted }
    }

    /// ansible-core's role name lists of a play: the roles it names (`ansible_play_role_names`,
    /// and the older `role_names`: `roles:` entries, duplicates too, then those `import_role`
    /// brings in, then each `include_role` as it runs), the names of their dependencies, and
    /// both together, each of these two once.
    var roleNames: [String: [String]] {
        func unique(_ names: [String]) -> [String] {
            var seen = Set<String>()
            return names.filter { seen.insert($0).inserted }
        }
        let all = play.roles.map(PlayRoleName.init) + play.importedRoleNames + includedRoleNames.current
        let named = all.filter { !$0.isDependency }.map(\.name)
        let dependencies = unique(all.filter(\.isDependency).map(\.name))
        return ["ansible_play_role_names": named, "role_names": named, "ansible_dependent_role_names": dependencies,
                "ansible_role_names": unique(named + dependencies)]
    }

    /// Loads what is fixed for the play: each host's inventory variables and vars_files.
    static func load(run: RunVariables, play: Play, hosts: [String], batch: [String]? = nil) throws -> PlayVariables {
        var inventoryVars: [String: ValueDict] = [:]
        for host in Set(hosts + run.inventory.hostNames) {
            inventoryVars[host] = try run.inventory.variables(for: host, playbookDirectory: play.baseDir)
        }
        var allDefaults = ValueDict(), allRoleVars = ValueDict()
        for role in play.roles {
            allDefaults.merge(role.invocation.defaults) { _, new in new }
            allRoleVars.merge(role.invocation.roleVars) { _, new in new }
        }
        var partial = PlayVariables(
            run: run, play: play, playHosts: hosts, batchHosts: batch ?? hosts, inventoryVars: inventoryVars, varsFiles: [:],
            allRoleDefaults: allDefaults, allRoleVars: allRoleVars)
        guard !play.varsFiles.isEmpty else { return partial }
        var files: [String: ValueDict] = [:]
        var reserved: [ReservedVariable] = []
        let needingAHost = try hostlessVarsFiles(run: run, play: play, defaults: allDefaults)
        for host in hosts {
            var loaded = ValueDict()
            for entry in play.varsFiles {
                // Like ansible-core, an entry's name may use the variables of the files before it.
                partial.varsFiles[host] = loaded
                let templar = AnsibleTemplar(variables: partial.layers(host: host, task: nil))
                // A list entry means: the first of these files that exists.
                let candidates = (entry.listValue ?? [entry]).map { try? templar.template($0).pythonString }
                var found = false
                for case let name? in candidates {
                    let path = name.hasPrefix("/") ? name : play.baseDir + "/" + name
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    let node = try loadVarsFile(path, duplicateKeys: run.config.duplicateDictKey)
                    if case .dict(let d)? = node?.value {
                        loaded.merge(d) { _, new in new }
                        if host == hosts.first { reserved += ReservedVariableNames.found(in: node) }
                    }
                    found = true
                    break
                }
                if !found, entry.listValue == nil {
                    throw VariablesError(description: "vars file \(entry.pythonString) was not found")
                }
            }
            files[host] = loaded
        }
        partial = PlayVariables(
            run: run, play: play, playHosts: hosts, batchHosts: batch ?? hosts, inventoryVars: inventoryVars, varsFiles: files,
            allRoleDefaults: allDefaults, allRoleVars: allRoleVars)
        partial.reservedInVarsFiles = reserved
        partial.varsFilesNeedingAHost = needingAHost
        return partial
    }

    /// Like ansible-core, which also reads the vars files with no host: the places of the
    /// entries whose names then name an undefined variable.
    private static func hostlessVarsFiles(run: RunVariables, play: Play, defaults: ValueDict) throws -> [SourceLocation] {
        var loaded = ValueDict(), places: [SourceLocation] = []
        let magic: ValueDict = ["playbook_dir": .string(play.baseDir), "groups": run.inventory.groupsVariable]
        for (index, entry) in play.varsFiles.enumerated() {
            let templar = AnsibleTemplar(variables: VariableLayers(
                layers: [defaults, play.vars, loaded, run.extraVars, magic], hostLookup: { _ in nil }))
            do {
                for candidate in entry.listValue ?? [entry] {
                    let name = try templar.template(candidate).pythonString
                    let path = name.hasPrefix("/") ? name : play.baseDir + "/" + name
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    if case .dict(let d)? = try? DataLoader.loadYAML(path, duplicateKeys: run.config.duplicateDictKey)?.value {
                        loaded.merge(d) { _, new in new }
                    }
                    break
                }
            } catch let error as TemplateError where error.kind == .undefined {
                if index < play.varsFilesLocations.count { places.append(play.varsFilesLocations[index]) }
            }
        }
        return places
    }
}

extension PlayVariables {
    /// Templating options for a task: lookups and template includes search the role's and the
    /// playbook's directories; `ansible_managed` comes from ansible.cfg when set there.
    func templarOptions(for task: PlaybookTask?) -> TemplarOptions {
        var paths: [String] = []
        if let role = task?.role?.role { paths += [role.path, role.templatesDir, role.filesDir] }
        if let file = task?.file { paths.append((file as NSString).deletingLastPathComponent) }
        paths.append(play.baseDir)
        var options = TemplarOptions(searchPaths: paths)
        if let managed = run.config.ansibleManaged { options.ansibleManaged = managed }
        options.config = run.config
        options.warn = run.warn
        return options
    }

    /// One vars file; a file that cannot be decrypted is reported as ansible-core reports it.
    private static func loadVarsFile(_ path: String, duplicateKeys: YAMLDuplicateKeys) throws -> YAMLNode? {
        do {
            return try DataLoader.loadYAML(path, duplicateKeys: duplicateKeys)
        } catch let error as DataLoaderError {
            let cause = error.message.hasSuffix(".") ? error.message : error.message + "."
            throw VariablesError(description: """
                Invalid vars_files file '\(path)': \(cause)

                Invalid vars_files file '\(path)'.

                <<< caused by >>>

                \(cause)
                Origin: \(path)
                """)
        }
    }
}

/// The defaults and vars of roles made public at run time (`include_role` with `public: true`),
/// shared by every host of the play.
final class PublicRoleVariables: @unchecked Sendable {
    private let lock = NSLock()
    private var defaults = ValueDict()
    private var vars = ValueDict()

    var current: (defaults: ValueDict, vars: ValueDict) {
        lock.lock()
        defer { lock.unlock() }
        return (defaults, vars)
    }

    func publish(_ role: RoleInvocation) {
        lock.lock()
        defer { lock.unlock() }
        defaults.merge(role.defaults) { _, new in new }
        vars.merge(role.roleVars) { _, new in new }
    }
}

/// The roles `include_role` tasks have loaded in a play, once per inclusion (hosts that
/// include the same role for the same item share one), as ansible-core adds them to the play.
final class IncludedRoleNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [PlayRoleName] = []

    var current: [PlayRoleName] { lock.withLock { names } }

    func append(_ more: [PlayRoleName]) { lock.withLock { names += more } }
}
