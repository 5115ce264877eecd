import Foundation

/// Runs a loaded playbook against an inventory, like ansible-playbook: plays in order, the
/// recap at the end, and ansible-playbook's exit code.
public struct PlaybookRunner: Sendable {
    let run: RunContext

    public init(
        config: AnsibleConfig, inventory: Inventory, settings: RunSettings, loader: PlaybookLoader,
        callback: any OutputCallback
    ) throws {
        let sshConfig = try config.sshConfigFile.map { try SSHClientConfig.load(path: $0) }
        run = RunContext(
            config: config, inventoryStore: InventoryStore(inventory), settings: settings, callback: callback, loader: loader,
            hosts: HostStateStore(), connections: ConnectionPool(), sshClientConfig: sshConfig,
            localTempDirectory: NSTemporaryDirectory(), step: StepPrompt(enabled: settings.step))
    }

    /// The remote work of the run so far (`--profile`).
    public var traffic: RemoteTraffic { run.connections.traffic.current }

    /// Runs every play and prints the recap; returns ansible-playbook's exit code.
    ///
    /// Cancelling the calling task (Ctrl-C) starts no further task, drops the results of the
    /// running ones (their commands are ended, their channels closed), prints no recap, closes
    /// the connections and returns `ExitCode.interrupted`; the caller says why.
    public func run(_ playbook: Playbook) async -> Int32 {
        let progress = StartAtTask(run.settings.startAtTask)
        var participants: [String] = []
        var prompts = VarsPrompt()
        for var play in playbook.plays {
            run.hosts.startPlay()
            do {
                play.vars.merge(try prompts.answers(for: play, run: run)) { _, new in new }
                let hosts = try playHosts(play)
                participants += hosts.filter { !participants.contains($0) }
                for batch in try SerialBatches.split(hosts, serial: play.keywords["serial"], play: play, run: run) {
                    // Hosts that failed in an earlier batch stay out; a batch of none ends the play.
                    let active = batch.filter { run.hosts.isActive($0) }
                    if active.isEmpty, !batch.isEmpty { break }
                    if Task.isCancelled || run.hosts.playEnded { break }
                    try await PlayExecution(run: run, play: play, hosts: active, allHosts: hosts, progress: progress)
                        .execute()
                    if let stopped = run.hosts.runError { throw stopped }
                    // Like ansible-playbook, a batch whose every host failed ends the run.
                    if !batch.isEmpty, active.count == batch.count, batch.allSatisfy({ run.hosts.entry($0).failedForGood }) {
                        run.hosts.runAborted = true
                        break
                    }
                }
            } catch {
                run.callback.error(ErrorReport.text(error))
                await run.connections.closeAll()
                return (error as? RunStopped)?.code ?? ExitCode.error
            }
            if run.hosts.runAborted || Task.isCancelled { break }
            // Like ansible-playbook, stop when every host of the play has failed.
            let hosts = (try? playHosts(play)) ?? []
            if !hosts.isEmpty, hosts.allSatisfy({ run.hosts.entry($0).failedForGood }) {
                break
            }
        }
        if Task.isCancelled {
            await run.connections.closeAll()
            return ExitCode.interrupted
        }
        // Like ansible-core's recap, only hosts that have a result counted (a host that a
        // run_once task in every batch passed over has none).
        let stats = participants.map { (host: $0, stats: run.hosts.entry($0).stats) }.filter { $0.stats != HostStats() }
        if run.config.retryFilesEnabled {
            RetryFile.write(failed: stats.filter { $0.stats.failed > 0 || $0.stats.unreachable > 0 }.map(\.host),
                            playbook: playbook.path, directory: run.config.retryFilesSavePath, callback: run.callback)
        }
        let custom = run.config.showCustomStats ? run.customStats.snapshot : nil
        let shownStats = custom.flatMap { !$0.hosts.isEmpty || $0.run != nil ? (hosts: $0.hosts, run: $0.run) : nil }
        run.callback.recap(stats, customStats: shownStats)
        await run.connections.closeAll()
        if participants.contains(where: { run.hosts.entry($0).countsAsUnreachable }) { return ExitCode.hostUnreachable }
        if participants.contains(where: { run.hosts.entry($0).countsAsFailed }) { return ExitCode.hostFailed }
        return ExitCode.ok
    }

    /// The play's hosts: its patterns (templated with play and extra vars), limited by `--limit`.
    func playHosts(_ play: Play) throws -> [String] {
        let templar = run.playTemplar(play)
        let pattern = try templar.template(.string(play.hostPatterns.joined(separator: ":"))).pythonString
        let limit = run.settings.limit
        for word in run.inventory.unmatchedWords(in: pattern) {
            run.callback.warning("Could not match supplied host pattern, ignoring: \(word)")
        }
        return Self.ordered(try run.inventory.hosts(matching: pattern, limit: limit), by: play.keywords["order"]?.pythonString)
    }

    /// The play's `order`: inventory (as found), reverse_inventory, sorted, reverse_sorted or
    /// shuffle; another value keeps the inventory's order, as ansible-core's inventory does.
    static func ordered(_ hosts: [String], by order: String?) -> [String] {
        switch order {
        case "reverse_inventory": hosts.reversed()
        case "sorted": hosts.sorted()
        case "reverse_sorted": hosts.sorted(by: >)
        case "shuffle": hosts.shuffled()
        default: hosts
        }
    }
}

/// One play's setup: its hosts' variables, the handler list, then its strategy (`PlayRunner`).
struct PlayExecution {
    let run: RunContext
    let play: Play
    /// This batch's hosts (all of them unless the play has `serial`).
    let hosts: [String]
    let allHosts: [String]
    let progress: StartAtTask

    func execute() async throws {
        let templar = run.playTemplar(play)
        // Like ansible-core, the play's vars files are read before its banner: one that cannot
        // be read or decrypted stops the run with no PLAY line.
        let variables = hosts.isEmpty ? nil : try PlayVariables.load(run: run.variables, play: play, hosts: allHosts, batch: hosts)
        for place in variables?.varsFilesNeedingAHost ?? [] {
            run.callback.warning("skipping vars_files item due to an undefined variable\n" + String(OriginBlock.render(place).dropLast()))
        }
        let name = play.name.map { ((try? templar.template(.string($0))) ?? .string($0)).pythonString }
        let roles = play.roles.filter { !$0.isDuplicate }.map(\.invocation)
        for variable in ReservedVariableNames.atPlayStart(
            play: play.reservedVariables, varsFiles: variables?.reservedInVarsFiles ?? [], extra: run.settings.reservedExtraVars,
            roleDefaults: roles.flatMap(\.reservedDefaults), roleVars: roles.flatMap(\.reservedVars)) {
            run.callback.warning(variable.warning)
        }
        run.callback.playStarted(name: name ?? play.displayName, checkMode: run.settings.checkMode, location: play.location)
        guard let variables else {
            run.callback.noHostsMatched()
            return
        }
        try checkStrategy(templar: templar)
        for host in hosts { run.hosts.update(host) { _ in } }
        let handlerTasks = play.handlersInRunOrder.flatMap(\.allTasks)
        let runner = PlayRunner(
            run: run, play: play, vars: variables, handlers: HandlerQueue(handlers: handlerTasks), progress: progress)
        await runner.execute()
    }
}

extension PlayExecution {
    /// The strategies ansible-core ships (`debug` runs as `linear`).
    static let strategies: Set<String> = ["linear", "free", "host_pinned", "debug"]

    /// Like ansible-core, a play whose `strategy` names none of them stops the run once its
    /// banner is out.
    func checkStrategy(templar: AnsibleTemplar) throws {
        guard let raw = play.keywords["strategy"] else { return }
        let name = ((try? templar.template(raw)) ?? raw).pythonString
        let short = ["ansible.builtin.", "ansible.legacy."].reduce(name) { $0.hasPrefix($1) ? String($0.dropFirst($1.count)) : $0 }
        guard !Self.strategies.contains(short) else { return }
        let origin = OriginBlock.render(play.location).trimmingCharacters(in: .newlines)
        throw RunStopped(message: "Invalid play strategy specified: \(name)\n" + origin, code: ExitCode.error)
    }
}

/// `serial:`: the play's hosts in batches, like ansible-core. A number, a percentage
/// (`"30%"`, at least one host), or a list of them whose last entry repeats.
enum SerialBatches {
    static func split(_ hosts: [String], serial raw: Value?, play: Play, run: RunContext) throws -> [[String]] {
        guard let raw, !hosts.isEmpty else { return [hosts] }
        let templar = run.playTemplar(play)
        let value = try templar.template(raw)
        let steps = (value.listValue ?? [value]).map { size(of: $0, total: hosts.count) }
        if steps.allSatisfy({ $0 <= 0 }) { return [hosts] }
        var batches: [[String]] = []
        var rest = hosts[...]
        var index = 0
        while !rest.isEmpty {
            let count = max(1, steps[min(index, steps.count - 1)])
            batches.append(Array(rest.prefix(count)))
            rest = rest.dropFirst(count)
            index += 1
        }
        return batches
    }

    private static func size(of value: Value, total: Int) -> Int {
        if let n = value.intValue { return n }
        let text = value.pythonString.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%"), let percent = Double(text.dropLast()) {
            return max(1, Int(Double(total) * percent / 100))
        }
        return Int(text) ?? 0
    }
}

/// The run stopped on an error raised while it ran (`HostStateStore.runError`).
struct RunStopped: Error, CustomStringConvertible {
    var message: String
    /// The run's exit code.
    var code: Int32
    var description: String { message }
}
