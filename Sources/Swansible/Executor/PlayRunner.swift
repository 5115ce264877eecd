import Foundation

/// Runs one play (one `serial` batch of it). Under `linear` each task goes to every active host
/// (in parallel, up to `forks`) before the next, and handlers flush for all hosts after each
/// section. Under `free` and `host_pinned` each host goes through the play on its own.
struct PlayRunner: Sendable {
    let run: RunContext
    let play: Play
    let vars: PlayVariables
    let handlers: HandlerQueue
    let progress: StartAtTask
    let strategy: PlayStrategy
    let banners: TaskBanners
    /// `free`: the forks that hosts running on their own take turns on, one per task.
    let forkGate: ForkGate?

    init(run: RunContext, play: Play, vars: PlayVariables, handlers: HandlerQueue, progress: StartAtTask) {
        self.run = run
        self.play = play
        self.vars = vars
        self.handlers = handlers
        self.progress = progress
        strategy = PlayStrategy(play: play, templar: run.playTemplar(play))
        banners = TaskBanners(deferred: strategy != .linear, callback: run.callback, checkMode: run.settings.checkMode)
        forkGate = strategy == .free ? ForkGate(forks: run.settings.forks, hosts: vars.batchHosts) : nil
    }

    var tasks: TaskRunner { TaskRunner(run: run, vars: vars, play: play) }

    func execute() async {
        switch strategy {
        case .linear:
            await runThroughPlay(vars.batchHosts)
        case .free, .hostPinned:
            if play.keywords["max_fail_percentage"] != nil {
                run.callback.warning(PlayStrategy.freeIgnoresMaxFailPercentage)
            }
            // host_pinned: a host keeps its fork to the play's end; free: forks go task by task.
            let pipelines = strategy == .hostPinned ? max(1, run.settings.forks) : vars.batchHosts.count
            await withTaskGroup(of: Void.self) { group in
                var next = 0
                let hosts = vars.batchHosts
                while next < min(pipelines, hosts.count) {
                    let host = hosts[next]
                    group.addTask { await runThroughPlay(alone: host) }
                    next += 1
                }
                while await group.next() != nil {
                    if next < hosts.count, !Task.isCancelled {
                        let host = hosts[next]
                        group.addTask { await runThroughPlay(alone: host) }
                        next += 1
                    }
                }
            }
            // Like ansible-core's free strategy, a play that every host left unreachable says so
            // (failed hosts still count as hosts left there).
            if !vars.batchHosts.isEmpty, vars.batchHosts.allSatisfy({ run.hosts.entry($0).unreachable }) {
                run.callback.noMoreHosts()
            }
        }
    }

    private func runThroughPlay(alone host: String) async {
        await runThroughPlay([host])
        forkGate?.finish(host)
    }

    /// Facts, then pre_tasks, roles and tasks, post_tasks, each followed by their handlers,
    /// for these hosts together.
    private func runThroughPlay(_ hosts: [String]) async {
        if shouldGatherFacts() {
            // The play's gather_subset, gather_timeout and fact_path are the implicit setup's arguments.
            var args = ValueDict()
            for key in ["gather_subset", "gather_timeout", "fact_path"] { if let value = play.keywords[key] { args[key] = value } }
            let setup = PlaybookTask(name: "Gathering Facts", action: "setup", args: args, location: play.location)
            await runTask(setup, on: hosts, banner: "Gathering Facts", kind: .task)
        }
        let mainTasks = play.roles.filter { !$0.isDuplicate }.flatMap(\.tasks) + play.tasks
        let only = strategy == .linear ? nil : Set(hosts)
        for section in [play.preTasks, mainTasks, play.postTasks] {
            await runItems(section, on: hosts, rescuable: false)
            await flushHandlers(only: only)
        }
    }

    private func shouldGatherFacts() -> Bool {
        if let raw = play.gatherFacts {
            let templar = run.playTemplar(play)
            return TaskRunner.truthy((try? templar.template(raw)) ?? raw)
        }
        return run.config.gathering != "explicit"
    }

    func activeHosts(_ hosts: [String]) -> [String] { hosts.filter { run.hosts.isActive($0) } }

    func runItems(_ items: [TaskItem], on hosts: [String], rescuable: Bool) async {
        for item in items {
            guard !activeHosts(hosts).isEmpty, !Task.isCancelled, run.hosts.runError == nil else { return }
            switch item {
            case .task(let task): await runTaskItem(task, on: hosts, rescuable: rescuable)
            case .block(let block) where block.isDuplicateRole: continue  // listed, not run again
            case .block(let block): await runBlock(block, on: hosts, rescuable: rescuable)
            }
        }
    }

    /// `block`, then `rescue` for the hosts that failed in it, then `always` for all.
    private func runBlock(_ block: Block, on hosts: [String], rescuable: Bool) async {
        let entering = activeHosts(hosts)
        await runItems(block.block, on: entering, rescuable: rescuable || !block.rescue.isEmpty)
        let failed = entering.filter { !run.hosts.isActive($0) && !run.hosts.entry($0).unreachable }
        if !block.rescue.isEmpty, !failed.isEmpty {
            for host in failed {
                run.hosts.update(host) {
                    // Rescued is counted for a failure of the host's own.
                    if !$0.failedByAnotherHost { $0.stats.rescued += 1 }
                    $0.failed = false
                    $0.failedByAnotherHost = false
                }
            }
            await runItems(block.rescue, on: failed, rescuable: rescuable)
        }
        if !block.always.isEmpty {
            let stillFailed = entering.filter { run.hosts.entry($0).failed }
            for host in stillFailed { run.hosts.update(host) { $0.failed = false; $0.failureSuspended = true } }
            await runItems(block.always, on: entering, rescuable: rescuable)
            for host in stillFailed {
                run.hosts.update(host) { if $0.failureSuspended { $0.failed = true; $0.failureSuspended = false } }
            }
        }
    }

    private func runTaskItem(_ task: PlaybookTask, on allHosts: [String], rescuable: Bool) async {
        guard run.settings.tagSelection.shouldRun(Set(task.tags)) else { return }
        // A role an include already ran on a host is not run there again (no line, as in ansible-core).
        let hosts = task.role.map { role in allHosts.filter { !play.roleRuns.ranBefore(role, on: $0) } } ?? allHosts
        guard !hosts.isEmpty else { return }
        guard progress.shouldRun(task) else { return }
        if task.shortAction != "meta", !run.step.allows(bannerName(task, hosts: hosts)) { return }
        if task.isDynamicInclude {
            await IncludeRunner(play: self).run(task, on: activeHosts(hosts), rescuable: rescuable)
            return
        }
        if task.shortAction == "meta" {
            await runMeta(task, on: hosts)
            return
        }
        await runTask(task, on: hosts, banner: bannerName(task, hosts: hosts), kind: task.bannerKind, rescuable: rescuable)
    }

    /// Like ansible-core's linear strategy, most meta actions run once for the whole batch,
    /// their `when` judged with the first host's variables; `noop`, `flush_handlers`,
    /// `end_host`, `end_role` and `reset_connection` run once per host, a banner each.
    private func runMeta(_ task: PlaybookTask, on hosts: [String]) async {
        let action = task.args["_raw_params"]?.pythonString ?? ""
        let targets = activeHosts(hosts).filter { !endedRole(task, host: $0) }
        guard let first = targets.first else { return }
        let perHost = ["noop", "flush_handlers", "end_host", "end_role", "reset_connection"].contains(action)
        var flushFor: [String] = []
        // What the play's hosts share (ended, facts, errors) is all of the batch's, as in ansible-core.
        let batch = activeHosts(vars.batchHosts)
        for host in perHost ? targets : [first] {
            banners.taskStarted(task, name: bannerName(task, hosts: [host]), kind: task.bannerKind)
            guard ["noop", "reset_connection"].contains(action) || metaConditionHolds(task, host: host) else {
                let result: ValueDict = ["changed": false, "skip_reason": .string("\(action) conditional evaluated to False"), "skipped": true]
                banners.report(task, kind: task.bannerKind) {
                    run.callback.hostResult(HostResultEvent(host: host, status: .skipped, result: .dict(result), origin: task.location))
                }
                continue
            }
            switch action {
            case "flush_handlers" where task.isHandler:
                // Like ansible-core: the run stops, after the handler's banner.
                run.hosts.runError = RunStopped(message: "flush_handlers cannot be used as a handler", code: ExitCode.error)
                return
            case "flush_handlers": flushFor.append(host)
            case "end_host": run.hosts.update(host) { $0.endedPlay = true }
            case "end_role": if let role = task.role?.uuid { run.hosts.update(host) { $0.endedRole = role } }
            case "reset_connection": await run.connections.reset(host)
            case "end_batch":
                for other in Set(targets + batch) { run.hosts.update(other) { $0.endedPlay = true } }
            case "end_play":
                for other in Set(targets + batch) { run.hosts.update(other) { $0.endedPlay = true } }
                run.hosts.playEnded = true
            case "clear_facts":
                for other in Set(hosts + vars.batchHosts) { run.hosts.update(other) { $0.facts = [:] } }
            case "clear_host_errors":
                for other in Set(hosts + vars.batchHosts) { run.hosts.update(other) { $0.clearErrors() } }
            default: break
            }
        }
        if !flushFor.isEmpty {
            await flushHandlers(only: flushFor.count == targets.count && strategy == .linear ? nil : Set(flushFor))
        }
    }

    /// A meta task's `when` for one host (a condition that cannot be evaluated does not hold).
    private func metaConditionHolds(_ task: PlaybookTask, host: String) -> Bool {
        let templar = AnsibleTemplar(variables: vars.layers(host: host, task: task), options: vars.templarOptions(for: task))
        return task.keywords.when.allSatisfy { (try? templar.evaluateCondition($0.pythonString)) ?? false }
    }

    /// `meta: end_role` ended this task's role application for the host: its remaining tasks
    /// are passed over. A task of any other role (or none) means the role is behind the host.
    func endedRole(_ task: PlaybookTask, host: String) -> Bool {
        guard let ended = run.hosts.entry(host).endedRole else { return false }
        if ended == task.role?.uuid { return true }
        run.hosts.update(host) { $0.endedRole = nil }
        return false
    }

    /// The banner name: templated with the first host's variables when that works, like ansible.
    func bannerName(_ task: PlaybookTask, hosts: [String]) -> String {
        let shown = task.displayName
        // (An unnamed task with a templated module shows the template, as ansible-core's does.)
        let namesItsTemplatedAction = task.templatedActionLocation != nil && task.name?.isEmpty != false
        guard shown.contains("{{"), !namesItsTemplatedAction, let first = activeHosts(hosts).first else { return shown }
        let templar = AnsibleTemplar(variables: vars.layers(host: first, task: task), options: vars.templarOptions(for: task))
        guard let value = try? templar.template(.string(shown)) else { return shown }
        return value.pythonString
    }

    func runTask(_ task: PlaybookTask, on hosts: [String], banner: String, kind: TaskBannerKind, rescuable: Bool = false,
                 forced: Bool = false) async {
        // Forced handlers run on failed hosts too (not on unreachable ones).
        var targets = forced ? hosts.filter { !run.hosts.entry($0).unreachable }
            : activeHosts(hosts).filter { !endedRole(task, host: $0) }
        guard !targets.isEmpty else { return }
        for variable in task.reservedVars where !vars.definedBelowTaskVars(variable.name, host: targets[0], task: task) {
            run.callback.warning(variable.warning)
        }
        let runOnce = task.keywords["run_once"].map { TaskRunner.truthy($0) } ?? false
        let fatal = task.keywords["any_errors_fatal"].map(TaskRunner.truthy) ?? false
        if strategy != .linear {
            if runOnce { run.callback.warning(PlayStrategy.freeRunsRunOnceEverywhere) }
            if fatal { run.callback.warning(PlayStrategy.freeIgnoresAnyErrorsFatal) }
        }
        // free: the task waits for a fork, and keeps it until its results are told.
        if let forkGate {
            // The banner's name is the first host's to start the task, in turn order.
            let banners = banners
            guard await forkGate.enter(targets[0], admitted: { banners.taskStarted(task, name: banner, kind: kind) }) else { return }
        } else {
            banners.taskStarted(task, name: banner, kind: kind)
        }
        defer { forkGate?.leave(targets[0]) }
        if runOnce { targets = [targets[0]] }
        let outcomes = await runConcurrently(task, on: targets)
        // Interrupted: what the cut-short hosts returned is not a result to report.
        guard !Task.isCancelled else { return }
        for outcome in outcomes {
            // Like ansible-core, notifying an unknown handler stops the run before the result shows.
            if run.config.errorOnMissingHandler, outcome.changed, outcome.status != .failed,
                let name = unknownHandler(notifiedBy: task, host: outcome.host)
            {
                run.hosts.runError = RunStopped(message: Self.missingHandlerMessage(name), code: ExitCode.error)
                return
            }
            // Told before the result, or after a loop's item results, as ansible-core does.
            let reserved = ReservedVariableNames.setBy(task, outcome: outcome).map(\.warning)
            banners.report(task, kind: kind) {
                if task.loop == nil { reserved.forEach(run.callback.warning) }
                for event in outcome.events { run.callback.report(event) }
                if task.loop != nil { reserved.forEach(run.callback.warning) }
            }
            record(outcome, task: task, rescuable: rescuable)
            // Like ansible-core, a role has run on a host once one of its tasks did (not skipped).
            if let role = task.role, outcome.status != .skipped, outcome.status != .unreachable {
                play.roleRuns.ran(role, on: outcome.host)
            }
            if runOnce {
                for other in activeHosts(hosts) where other != outcome.host {
                    apply(outcome, task: task, to: other)
                }
                // Like ansible-core, a run_once failure fails every host (only the one that ran counts it).
                if outcome.status == .failed, !outcome.ignored {
                    for other in activeHosts(hosts) { run.hosts.update(other) { $0.failed = true; $0.failedByAnotherHost = true } }
                }
            }
        }
        // `any_errors_fatal`: one host's failure fails every host of the play (not in the recap):
        // like ansible-core, they still run the `rescue` and `always` sections they are in; with
        // no rescue, the run stops after them.
        // (Neither applies where hosts go through the play on their own: ansible-core warns.)
        guard strategy == .linear else { return }
        if fatal, outcomes.contains(where: { $0.status == .failed && !$0.ignored }) {
            for host in activeHosts(hosts) { run.hosts.update(host) { $0.failed = true; $0.failedByAnotherHost = true } }
            if !rescuable { run.hosts.runAborted = true }
        } else if !rescuable, exceedsMaxFailPercentage() {
            // Like ansible-core's linear strategy: no host goes on, the run stops after this play.
            for host in activeHosts(vars.batchHosts) { run.hosts.update(host) { $0.endedPlay = true } }
            run.hosts.runAborted = true
            run.callback.noMoreHosts()
            run.callback.noMoreHosts()
        }
    }

    /// `max_fail_percentage`: more than that share of the batch's hosts have failed.
    private func exceedsMaxFailPercentage() -> Bool {
        guard let raw = play.keywords["max_fail_percentage"] else { return false }
        let text = ((try? run.playTemplar(play).template(raw)) ?? raw).pythonString
        guard let limit = Double(text.hasSuffix("%") ? String(text.dropLast()) : text) else { return false }
        let batch = vars.batchHosts
        let failed = batch.filter { run.hosts.entry($0).failed || run.hosts.entry($0).unreachable }.count
        return !batch.isEmpty && Double(failed) / Double(batch.count) * 100 > limit
    }

    /// Hosts in parallel, at most `forks` at a time; outcomes in host order.
    private func runConcurrently(_ task: PlaybookTask, on hosts: [String]) async -> [TaskOutcome] {
        let callback = run.callback
        let tasks = tasks
        let runner = { @Sendable (host: String) async -> TaskOutcome in
            callback.hostStarted(host)
            defer { callback.hostFinished(host) }
            return await tasks.execute(task, on: host)
        }
        let limit = max(1, run.settings.forks)
        return await withTaskGroup(of: (Int, TaskOutcome).self) { group in
            var results = [TaskOutcome?](repeating: nil, count: hosts.count)
            var next = 0
            while next < min(limit, hosts.count) {
                let index = next
                group.addTask { (index, await runner(hosts[index])) }
                next += 1
            }
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                if next < hosts.count, !Task.isCancelled {
                    let index = next
                    group.addTask { (index, await runner(hosts[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// Counts the outcome in the recap, stores registered/fact variables, marks failures and
    /// queues notified handlers.
    private func record(_ outcome: TaskOutcome, task: PlaybookTask, rescuable: Bool) {
        let host = outcome.host
        run.hosts.update(host) { entry in
            switch outcome.status {
            case .skipped: entry.stats.skipped += 1
            case .ok, .changed:
                entry.stats.ok += 1
                if outcome.changed { entry.stats.changed += 1 }
            case .failed:
                if outcome.ignored {
                    entry.stats.ok += 1
                    entry.stats.ignored += 1
                    if outcome.changed { entry.stats.changed += 1 }
                } else {
                    if !rescuable { entry.stats.failed += 1 }
                    entry.failed = true
                    // Like ansible-core, a rescue is told what failed (and it stays set after).
                    if rescuable {
                        entry.hostVariables["ansible_failed_task"] = Self.failedTaskValue(task)
                        entry.hostVariables["ansible_failed_result"] = .dict(outcome.result.registrable(failed: task.loop == nil))
                    }
                }
            case .unreachable:
                if outcome.ignored {
                    entry.stats.ok += 1
                    entry.stats.ignored += 1
                } else {
                    entry.stats.unreachable += 1
                    entry.unreachable = true
                }
            }
        }
        apply(outcome, task: task, to: host)
        // Like ansible-core, a failure (even an ignored one) notifies no handler.
        if outcome.changed, outcome.status != .failed {
            notifyHandlers(of: task, host: host)
        }
    }

    /// `ansible_failed_task`: the failed task as a rescue sees it (its name, empty when it has
    /// none, its action as written, its arguments and tags).
    static func failedTaskValue(_ task: PlaybookTask) -> Value {
        ["name": .string(task.name ?? ""), "action": .string(task.action), "args": .dict(task.args),
         "tags": .list(task.tags.map(Value.string))]
    }

    private func apply(_ outcome: TaskOutcome, task: PlaybookTask, to host: String) {
        run.hosts.update(host) { entry in
            entry.facts.merge(outcome.facts) { _, new in new }
            entry.hostVariables.merge(outcome.hostVariables) { _, new in new }
            entry.includedVariables.merge(outcome.includedVariables) { _, new in new }
            if let name = task.keywords.register {
                var registered = outcome.result.registrable(failed: task.loop == nil && outcome.status == .failed)
                // Like ansible-core, a module's `invocation` stays out (not out of a loop's items).
                registered["invocation"] = nil
                entry.hostVariables[name] = .dict(registered)
            }
        }
        if let name = task.keywords.register, let variable = ReservedVariableNames.registered(name, by: task) {
            run.callback.warning(variable.warning)
        }
        // set_stats: a result's ansible_stats, or each loop item's.
        let items = outcome.result["results"]?.listValue ?? [.dict(outcome.result)]
        for item in items { if let stats = item["ansible_stats"] { run.customStats.record(stats, host: host) } }
    }

    private func notifyHandlers(of task: PlaybookTask, host: String) {
        for name in notifiedNames(task, host: host) {
            let matches = handlers.handlers(matching: name)
            if matches.isEmpty { run.callback.warning(Self.missingHandlerMessage(name)) }
            for index in matches { handlers.notify(index, host: host) }
        }
    }

    /// The task's `notify:` names, templated with the host's variables.
    private func notifiedNames(_ task: PlaybookTask, host: String) -> [String] {
        let names = task.keywords.notify
        guard !names.isEmpty else { return [] }
        let templar = AnsibleTemplar(variables: vars.layers(host: host, task: task), options: vars.templarOptions(for: task))
        return names.map { ((try? templar.template($0)) ?? $0).pythonString }
    }

    /// The first name the task notifies that reaches no handler.
    private func unknownHandler(notifiedBy task: PlaybookTask, host: String) -> String? {
        notifiedNames(task, host: host).first { handlers.handlers(matching: $0).isEmpty }
    }

    static func missingHandlerMessage(_ name: String) -> String {
        "The requested handler '\(name)' was not found in either the main handlers list nor in the listening handlers list"
    }

    /// `--force-handlers`, or the play's `force_handlers`: failed hosts still run the handlers
    /// they were notified.
    private var forceHandlers: Bool {
        guard let raw = play.keywords["force_handlers"] else { return run.settings.forceHandlers }
        return TaskRunner.truthy((try? run.playTemplar(play).template(raw)) ?? raw)
    }

    /// Runs the notified handlers in definition order; a handler that is an `include_tasks`
    /// goes through the include machinery, its tasks shown as handlers (like ansible-core).
    func flushHandlers(only: Set<String>? = nil) async {
        while !Task.isCancelled, run.hosts.runError == nil, let (handler, hosts) = handlers.takeNext(only: only) {
            let forced = forceHandlers
            let targets = forced ? hosts.filter { !run.hosts.entry($0).unreachable } : activeHosts(hosts)
            guard !targets.isEmpty else { continue }
            if handler.isDynamicInclude {
                await IncludeRunner(play: self).run(handler, on: targets, rescuable: false)
            } else if handler.shortAction == "meta" {
                await runMeta(handler, on: targets)
            } else {
                await runTask(handler, on: targets, banner: bannerName(handler, hosts: targets), kind: .handler, forced: forced)
            }
        }
    }
}

extension PlaybookTask {
    /// A handler's banner reads `RUNNING HANDLER`, and so do the tasks a handler includes.
    var bannerKind: TaskBannerKind { isHandler ? .handler : .task }
}

/// `--start-at-task`: tasks are skipped until one whose name matches.
final class StartAtTask: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: String?

    init(_ name: String?) { pending = name }

    func shouldRun(_ task: PlaybookTask) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let name = pending else { return true }
        if task.name == name || task.displayName == name {
            pending = nil
            return true
        }
        return false
    }
}
