import Foundation

/// Expands dynamic includes at run time: `include_tasks`, a legacy dynamic `include`, and
/// `include_role`. Hosts that resolve to the same file run its tasks together, after an
/// `included: FILE for HOSTS` line, like ansible-core.
struct IncludeRunner: Sendable {
    let play: PlayRunner

    private var run: RunContext { play.run }

    /// One expansion: the included tasks for some hosts (and, in a loop, one item).
    private struct Inclusion {
        var key: String
        /// What the `included:` line names: the file, or the role as the include names it.
        var shown: String
        var label: String?
        var hosts: [String]
        var items: [TaskItem]
        /// The roles an include_role loaded, which join the play's role names once per inclusion.
        var roles: [PlayRoleName]
    }

    /// What one host includes for one item (or the task without a loop).
    private struct Expansion {
        var key: String
        var shown: String
        var label: String?
        var items: [TaskItem]
        var roles: [PlayRoleName] = []
    }

    func run(_ task: PlaybookTask, on hosts: [String], rescuable: Bool) async {
        // free: the include takes a fork like any task, until its hosts' lines are told.
        if let gate = play.forkGate, let host = hosts.first {
            guard await gate.enter(host) else { return }
        }
        var groups = expandAndTell(task, on: hosts, rescuable: rescuable)
        if let host = hosts.first { play.forkGate?.leave(host) }
        if play.banners.deferred {
            for index in groups.indices {
                let inclusion = play.banners.newInclusion()
                groups[index].items = groups[index].items.map { item in
                    item.mappingTasks { var task = $0; task.inclusion = inclusion; return task }
                }
            }
        }
        for group in groups {
            await Self.$depth.withValue(Self.depth + 1) {
                await play.runItems(group.items, on: group.hosts, rescuable: rescuable)
            }
        }
    }

    /// How many includes the running task is inside.
    @TaskLocal static var depth = 0

    /// Includes nested deeper than this fail: an include cycle (a file including itself with no
    /// condition that ends it) would otherwise run forever, as it does in ansible-core.
    static let depthLimit = 256

    /// The hosts' inclusions, after the task's result lines and `included:` lines are told.
    private func expandAndTell(_ task: PlaybookTask, on hosts: [String], rescuable: Bool) -> [Inclusion] {
        var groups: [Inclusion] = []
        var failures: [TaskOutcome] = []
        var skippedItems: [HostResultEvent] = []
        var stop: RunStopped?
        for host in hosts {
            do {
                guard Self.depth < Self.depthLimit else {
                    throw IncludeTooDeep(limit: Self.depthLimit)
                }
                let (expansions, skippedLabels) = try loopExpansions(task, for: host)
                for label in skippedLabels {
                    skippedItems.append(HostResultEvent(
                        host: host, status: .skipped, itemLabel: label, result: ["changed": false, "skipped": true]))
                }
                if expansions.isEmpty { failures.append(skipped(task, host: host)) }
                for (index, expansion) in expansions.enumerated() {
                    // Hosts that include the same file for the same item run it together.
                    let key = expansion.key + "\u{1}" + (expansion.label ?? "") + "\u{1}\(index)"
                    if let at = groups.firstIndex(where: { $0.key == key }) {
                        groups[at].hosts.append(host)
                    } else {
                        groups.append(Inclusion(key: key, shown: expansion.shown, label: expansion.label, hosts: [host],
                                                items: expansion.items, roles: expansion.roles))
                    }
                }
            } catch let missing as MissingIncludedFile {
                failures.append(missingFile(missing, host: host))
            } catch let error as PlaybookError where error.isParserError {
                // Like ansible-core, a parser error in what an include brings in stops the run.
                stop = RunStopped(message: ErrorReport.text(error), code: ExitCode.parserError)
                break
            } catch {
                failures.append(failed(task, host: host, error: error))
            }
        }
        let banners = play.banners
        banners.taskStarted(task, name: play.bannerName(task, hosts: hosts), kind: task.bannerKind)
        if let stop {
            run.hosts.runError = stop
            return []
        }
        let kind = task.bannerKind
        banners.report(task, kind: kind) { for event in skippedItems { run.callback.hostResult(event) } }
        if !failures.isEmpty || groups.isEmpty {
            var told: Set<String> = []
            for outcome in failures {
                // Like ansible-core, a missing file is told once, before its hosts' results.
                banners.report(task, kind: kind) {
                    if let reason = outcome.result["reason"]?.stringValue, told.insert(reason).inserted { run.callback.error(reason) }
                    for event in outcome.events { run.callback.report(event) }
                }
                run.hosts.update(outcome.host) { entry in
                    if outcome.status == .skipped { entry.stats.skipped += 1 } else if !rescuable {
                        entry.stats.failed += 1
                        entry.failed = true
                    } else {
                        entry.failed = true
                    }
                }
            }
        }
        // Like ansible-core: every `included:` line first, then the included tasks in order.
        for group in groups {
            play.vars.includedRoleNames.append(group.roles)
            banners.report(task, kind: kind) { run.callback.included(file: group.shown, hosts: group.hosts, itemLabel: group.label) }
            for host in group.hosts { run.hosts.update(host) { $0.stats.ok += 1 } }
        }
        return groups
    }

    /// What one host includes: one expansion, or one per loop item (items whose `when` is false
    /// are left out); empty when nothing is included.
    private func loopExpansions(_ task: PlaybookTask, for host: String) throws -> ([Expansion], skipped: [String]) {
        let layers = play.vars.layers(host: host, task: task)
        var templar = AnsibleTemplar(variables: layers, options: play.vars.templarOptions(for: task))
        // Like ansible-core, an include_role in a role already sees, in its own conditions and
        // arguments, the parent role names the role it includes will see.
        if task.shortAction == "include_role", let role = task.role { templar = templar.adding(role.parentRoleVariables) }
        guard let loop = task.loop else {
            return (try expand(task, templar: templar, host: host).map { [$0] } ?? [], [])
        }
        let loopVar = try templar.template(loop.control.loopVar).pythonString
        // Like a task's loop, the included tasks see `index_var` and, extended, `ansible_loop`.
        let indexVar = try loop.control.indexVar.map { try templar.template($0).pythonString }
        let extended = try loop.control.extended.map { try templar.template($0).isTruthy } ?? false
        let allItems = try loop.control.extendedAllItems.map { try templar.template($0).isTruthy } ?? true
        var result: [Expansion] = []
        var skipped: [String] = []
        let items = try LoopItems.expand(loop, action: task.action, templar: templar, variables: layers, run: run)
        for (index, item) in items.enumerated() {
            var extra: ValueDict = [loopVar: item, "ansible_loop_var": .string(loopVar)]
            if let indexVar { extra[indexVar] = .int(index) }
            if extended { extra["ansible_loop"] = LoopItems.extendedVariable(items, at: index, allItems: allItems) }
            var itemTask = task
            for (k, v) in extra { itemTask.vars[k] = v }
            let itemTemplar = templar.adding(extra)
            let label = try loop.control.label.map { try itemTemplar.template($0).pythonString } ?? item.pythonString
            if let expansion = try expand(itemTask, templar: itemTemplar, host: host) {
                var labelled = expansion
                labelled.label = label
                result.append(labelled)
            } else {
                skipped.append(label)
            }
        }
        return (result, skipped)
    }

    /// The file and tasks of one expansion, or nil when its `when` is false.
    private func expand(_ task: PlaybookTask, templar: AnsibleTemplar, host: String) throws -> Expansion? {
        for condition in task.keywords.when where try !templar.evaluateCondition(condition.pythonString) {
            return nil
        }
        if task.shortAction == "include_role" {
            guard case .dict(let args) = try templar.template(.dict(task.args)) else { return nil }
            let loaded = try run.loader.loadIncludedRole(of: task, args: args, playbookDir: play.play.baseDir)
            let roles = loaded.filter { !$0.isDuplicate }
            play.handlers.add(roles.flatMap(\.handlers).flatMap(\.allTasks))
            if let isPublic = args["public"], TaskRunner.truthy(isPublic) {
                for role in roles { play.vars.publicIncludedRoles.publish(role.invocation) }
            }
            let key = roles.map(\.invocation.role.path).joined(separator: ",")
            // ansible-core names the role as the include does (`included: greeter for host`).
            let shown = (args["name"] ?? args["role"])?.pythonString ?? key
            return Expansion(key: key, shown: shown, items: roles.flatMap(\.tasks), roles: loaded.map(PlayRoleName.init))
        }
        guard let raw = task.includeTarget else {
            throw TaskFailure("No file specified for \(task.shortAction)")
        }
        let path = try templar.template(raw).pythonString
        let included: (tasks: [TaskItem], handlers: [TaskItem])
        do {
            included = try run.loader.loadIncludedFile(of: task, path: path, playbookDir: play.play.baseDir)
        } catch let error as PlaybookError where error.kind == .fileNotFound {
            throw MissingIncludedFile(target: path, path: path.hasPrefix("/") ? path
                : PathResolution.join(task.role?.role.tasksDir ?? play.play.baseDir, path))
        }
        play.handlers.add(included.handlers.flatMap(\.allTasks))
        let file = included.tasks.first.flatMap { $0.allTasks.first?.file } ?? path
        return Expansion(key: file, shown: file, items: included.tasks)
    }

    private func skipped(_ task: PlaybookTask, host: String) -> TaskOutcome {
        let result: ValueDict = ["changed": false, "skip_reason": "Conditional result was False", "skipped": true]
        return TaskOutcome(
            host: host, events: [HostResultEvent(host: host, status: .skipped, result: .dict(result))],
            status: .skipped, ignored: false, changed: false, result: result, facts: [:], hostVariables: [:],
            includedVariables: [:])
    }

    /// The include's result when its file is missing: what it includes and why it failed, with
    /// no error block of its own (the reason is told before it).
    private func missingFile(_ missing: MissingIncludedFile, host: String) -> TaskOutcome {
        let result: ValueDict = ["changed": false, "include": .string(missing.target), "reason": .string(missing.description),
                                 DefaultCallback.withoutErrorBlockKey: true]
        return TaskOutcome(
            host: host, events: [HostResultEvent(host: host, status: .failed, result: .dict(result))],
            status: .failed, ignored: false, changed: false, result: result, facts: [:], hostVariables: [:],
            includedVariables: [:])
    }

    private func failed(_ task: PlaybookTask, host: String, error: any Error) -> TaskOutcome {
        let result: ValueDict = ["failed": true, "msg": .string(ErrorReport.text(error))]
        return TaskOutcome(
            host: host,
            events: [HostResultEvent(host: host, status: .failed, result: .dict(result), origin: task.location)],
            status: .failed, ignored: false, changed: false, result: result, facts: [:], hostVariables: [:],
            includedVariables: [:])
    }
}

/// An include inside more includes than `IncludeRunner.depthLimit`.
struct IncludeTooDeep: Error, CustomStringConvertible {
    var limit: Int
    var description: String {
        "\(limit) includes are nested here: an include cycle? A file that includes itself needs a condition that ends it"
    }
}

/// An included task file that is not there, worded like ansible-core's include processing:
/// the path it looked for (the include's target under the role's tasks or the playbook's
/// directory), and why it could not be read.
struct MissingIncludedFile: Error, CustomStringConvertible {
    var target: String
    var path: String

    var description: String {
        "Could not find or access '\(path)' on the Ansible Controller: " + PlaybookError.taskFileNotFound(path).message
    }
}
