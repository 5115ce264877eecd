import Foundation

/// Expands dynamic includes at run time: `include_tasks`, a legacy dynamic `include`, and
/// `include_role`. Hosts that resolve to the same file run its tasks together, after an
/// `included: FILE for HOSTS` line, like ansible-core.
struct IncludeRunner: Sendable {
    let play: PlayRunner

    private var run: RunContext { play.run }

    func run(_ task: PlaybookTask, on hosts: [String], rescuable: Bool) async {
        var groups: [(key: String, hosts: [String], items: [TaskItem])] = []
        var failures: [TaskOutcome] = []
        for host in hosts {
            do {
                guard let items = try expand(task, for: host) else {
                    failures.append(skipped(task, host: host))
                    continue
                }
                let key = items.key
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].hosts.append(host)
                } else {
                    groups.append((key, [host], items.items))
                }
            } catch {
                failures.append(failed(task, host: host, error: error))
            }
        }
        run.callback.taskStarted(name: play.bannerName(task, hosts: hosts), kind: .task, checkMode: run.options.checkMode)
        if !failures.isEmpty || groups.isEmpty {
            for outcome in failures {
                for event in outcome.events { run.callback.hostResult(event) }
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
        for group in groups {
            run.callback.included(file: group.key, hosts: group.hosts)
            for host in group.hosts { run.hosts.update(host) { $0.stats.ok += 1 } }
            await play.runItems(group.items, on: group.hosts, rescuable: rescuable)
        }
    }

    /// The file and tasks one host includes, or nil when its `when` is false.
    private func expand(_ task: PlaybookTask, for host: String) throws -> (key: String, items: [TaskItem])? {
        let layers = play.vars.layers(host: host, task: task)
        let templar = AnsibleTemplar(variables: layers, options: play.vars.templarOptions(for: task))
        for condition in task.keywords.when where try !templar.evaluateCondition(condition.pythonString) {
            return nil
        }
        if task.shortAction == "include_role" {
            guard case .dict(let args) = try templar.template(.dict(task.args)) else { return nil }
            let roles = try run.loader.loadIncludedRole(of: task, args: args, playbookDir: play.play.baseDir)
                .filter { !$0.isDuplicate }
            play.handlers.add(roles.flatMap(\.handlers).flatMap(\.allTasks))
            let key = roles.map(\.invocation.role.path).joined(separator: ",")
            return (key, roles.flatMap(\.tasks))
        }
        guard let raw = task.includeTarget else {
            throw TaskFailure("No file specified for \(task.shortAction)")
        }
        let path = try templar.template(raw).pythonString
        let included = try run.loader.loadIncludedFile(of: task, path: path, playbookDir: play.play.baseDir)
        play.handlers.add(included.handlers.flatMap(\.allTasks))
        let file = included.tasks.first.flatMap { $0.allTasks.first?.file } ?? path
        return (file, included.tasks)
    }

    private func skipped(_ task: PlaybookTask, host: String) -> TaskOutcome {
        let result: ValueDict = ["changed": false, "skip_reason": "Conditional result was False", "skipped": true]
        return TaskOutcome(
            host: host, events: [HostResultEvent(host: host, status: .skipped, result: .dict(result))],
            status: .skipped, ignored: false, changed: false, result: result, facts: [:], hostVariables: [:],
            includedVariables: [:])
    }

    private func failed(_ task: PlaybookTask, host: String, error: any Error) -> TaskOutcome {
        let result: ValueDict = ["failed": true, "msg": .string(TaskRunner.describe(error))]
        return TaskOutcome(
            host: host,
            events: [HostResultEvent(host: host, status: .failed, result: .dict(result), origin: task.location)],
            status: .failed, ignored: false, changed: false, result: result, facts: [:], hostVariables: [:],
            includedVariables: [:])
    }
}
