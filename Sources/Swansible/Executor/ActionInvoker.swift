import Jinja
import Foundation

/// Templates a task's arguments and keywords for one host and runs its module with the
/// right connection (the delegate's, with `delegate_to`), become and environment.
struct ActionInvoker: Sendable {
    let run: RunContext
    let vars: PlayVariables
    let play: Play

    func invoke(_ task: PlaybookTask, host: String, templar: AnsibleTemplar, layers: VariableLayers) async throws -> ModuleResult {
        let args = try templatedArguments(task, templar: templar)
        if let refusal = try asyncRefusal(task, templar: templar) { return refusal }
        let delegate = try TaskRunner(run: run, vars: vars, play: play).delegateHost(task, templar: templar)
        let target = delegate ?? host
        let (connection, isLocal) = try connection(to: target, for: host, task: task, layers: layers, templar: templar)
        let targetVariable = variable(of: target, host: host, task: task, layers: layers, templar: templar)
        var become = try become(task, templar: templar, variable: targetVariable)
        if isLocal { become = become.skippingSameUser(NSUserName()) }
        var context = ModuleContext(
            hostName: host, connection: connection, become: become,
            environment: try environment(task, templar: templar),
            checkMode: try checkMode(task, templar: templar), diffMode: try diffMode(task, templar: templar),
            searchPaths: searchPaths(task), templar: templar, localTempDirectory: run.localTempDirectory,
            inventory: run.inventoryStore)
        context.asyncJobs = run.asyncJobs
        var result: ModuleResult
        do {
            if let async = try asyncRun(task, host: host, templar: templar) {
                let context = context
                result = try await async.run(in: context, jobs: run.asyncJobs) {
                    try await runAction(task, arguments: args, in: context, variable: targetVariable, templar: templar)
                }
            } else {
                result = try await runAction(task, arguments: args, in: context, variable: targetVariable, templar: templar)
            }
        } catch let refusal as ActionRefusal {
            let place = refusal.argument.flatMap { task.argumentLocations[$0] }
            var failure = TaskFailure(causes: refusal.causes.map { ($0, place) }, beforeAction: true)
            failure.help = refusal.help
            throw failure
        }
        if let argument = result.fields.removeValue(forKey: ModuleResult.warningsAtArgumentKey)?.stringValue,
           let place = task.argumentLocations[argument] ?? task.actionLocation {
            result.fields[DefaultCallback.warningsOriginKey] = ["file": .string(place.file), "line": .int(place.line), "column": .int(place.column)]
        }
        return SecretArguments(args, module: ModuleRegistry.module(named: task.action)).masked(result)
    }

    /// Swansible's module of the task's action, or the content's own (`library/`).
    private func runAction(_ task: PlaybookTask, arguments args: ValueDict, in context: ModuleContext,
                           variable: @escaping @Sendable (String) throws -> Value?, templar: AnsibleTemplar) async throws -> ModuleResult {
        switch task.contentAction {
        case nil:
            return try await ModuleRegistry.run(task.action, arguments: args, in: context)
        case .actionPlugin(let path)?:
            return .raisedFailure("Task failed: The action '\(task.action)' is an action plugin (\(path)): Python code that runs "
                                  + "inside ansible-core on the controller, which Swansible does not run.")
        case .module(let path)?:
            let noLog = try task.keywords["no_log"].map { TaskRunner.truthy(try templar.template($0)) } ?? false
            let run = ContentModuleRun(
                name: task.action, path: path, taskLocation: task.location, verbosity: self.run.settings.verbosity, noLog: noLog,
                hostVariable: variable, moduleUtils: self.run.moduleUtilsArchive, library: self.run.loader.library,
                warn: self.run.callback.warning)
            return try await run.run(args, in: context)
        }
    }

    /// The task's `async` (seconds, when above 0) with its `poll` (15 unless given).
    private func asyncRun(_ task: PlaybookTask, host: String, templar: AnsibleTemplar) throws -> AsyncRun? {
        func number(_ keyword: String) throws -> Int? {
            guard let raw = task.keywords[keyword] else { return nil }
            let value = try templar.template(raw)
            return value.intValue ?? Int(value.pythonString.trimmingCharacters(in: .whitespaces))
        }
        guard let seconds = try number("async"), seconds > 0 else { return nil }
        return AsyncRun(seconds: seconds, poll: max(0, try number("poll") ?? 15), host: host)
    }

    /// Like ansible-core, an action without async support refuses a task with `async:` (poll
    /// or not), as an error raised before it runs (`Task failed: MSG`, no `Action failed:`).
    private func asyncRefusal(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> ModuleResult? {
        guard let module = ModuleRegistry.module(named: task.action), !module.supportsAsync,
              let raw = task.keywords["async"] else { return nil }
        let value = try templar.template(raw)
        guard (value.intValue ?? Int(value.pythonString) ?? 0) > 0 else { return nil }
        var refusal = ModuleResult.raisedFailure("This action (\(task.action)) does not support async.")
        // (Raised before the action runs: printed on one line even for debug.)
        refusal.fields["_ansible_verbose_always"] = false
        return refusal
    }

    /// Arguments templated one by one so an error names the argument, like ansible-core 2.19;
    /// arguments whose value is `omit` are dropped.
    private func templatedArguments(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> ValueDict {
        var result = ValueDict()
        let namesTemplated = ModuleRegistry.module(named: task.action)?.templatesArgumentNames ?? false
        let expressions = ModuleRegistry.module(named: task.action)?.expressionArguments ?? []
        for (written, raw) in task.args where written != Self.variableParametersKey {
            let key = namesTemplated ? try templatedName(written, of: task, templar: templar) : written
            if expressions.contains(key) {
                result[key] = raw
                continue
            }
            do {
                let value = try templar.template(raw)
                if value.stringValue == AnsibleTemplar.omit { continue }
                result[key] = Self.droppingOmitted(value)
            } catch let error as TemplateError where UndecryptableVault.isMessage(error.message) {
                throw TaskFailure(causes: [
                    ("Finalization of task args for '\(Self.qualified(task.action))' failed.", task.actionLocation),
                    ("Error while resolving value for '\(key)': Error rendering template.", task.argumentLocations[written] ?? task.actionLocation),
                    (error.message, error.place?.location),
                ], beforeAction: true)
            } catch {
                let finalization = "Finalization of task args for '\(Self.qualified(task.action))' failed."
                let resolving = "Error while resolving value for '\(key)': \(ErrorReport.text(error))"
                throw TaskFailure(causes: [
                    (finalization, task.actionLocation), (resolving, task.argumentLocations[written] ?? task.actionLocation),
                ], beforeAction: true)
            }
        }
        if let spread = task.args[Self.variableParametersKey] {
            for (key, value) in try templatedArgsKeyword(spread, of: task, templar: templar) where result[key] == nil {
                result[key] = value
            }
        }
        return try withModuleDefaults(try withVariableParameters(result, of: task), of: task, templar: templar)
    }

    static let argsTemplateWarning = "Using a template for task args is unsafe in some situations "
        + "(see https://docs.ansible.com/ansible/devel/reference_appendices/faq.html#argsplat-unsafe).\n"

    /// Where the loader keeps `args: "{{ ... }}"` (a template in place of the mapping).
    static let variableParametersKey = "_variable_params"

    /// `args: "{{ ... }}"`: its value must be a mapping (or omit: none), whose entries are the
    /// task's arguments under those written on the action, omitted ones dropped, like ansible-core.
    private func templatedArgsKeyword(_ raw: Value, of task: PlaybookTask, templar: AnsibleTemplar) throws -> ValueDict {
        let finalization = "Finalization of task args for '\(Self.qualified(task.action))' failed."
        let place = task.argumentLocations[Self.variableParametersKey] ?? task.actionLocation
        if let place { run.callback.warning(Self.argsTemplateWarning + String(OriginBlock.render(place).dropLast())) }
        let value: Value
        do {
            value = try templar.template(raw)
        } catch {
            throw TaskFailure(causes: [(finalization, task.actionLocation), (ErrorReport.text(error), place)],
                              beforeAction: true)
        }
        if value.stringValue == AnsibleTemplar.omit { return [:] }
        guard case .dict(let spread) = Self.droppingOmitted(value) else {
            throw TaskFailure(causes: [
                (finalization, task.actionLocation),
                ("Task args must resolve to a 'dict' not '\(value.pythonTypeName)'.", place),
            ], beforeAction: true)
        }
        return spread
    }

    /// The `module_defaults` for the task's action under its own arguments. Like ansible-core,
    /// the play's, blocks' and task's mappings are merged in that order, a nearer entry for an
    /// action replacing a farther one whole; `command` and `ansible.builtin.command` are one
    /// action. (Groups, `group/...`, name only other collections' actions: none apply here.)
    private func withModuleDefaults(_ arguments: ValueDict, of task: PlaybookTask, templar: AnsibleTemplar) throws -> ValueDict {
        guard let entries = task.keywords["module_defaults"]?.listValue, !entries.isEmpty else { return arguments }
        func short(_ name: String) -> String {
            for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) { return String(name.dropFirst(prefix.count)) }
            return name
        }
        let action = short(task.action)
        var found: Value?
        for case .dict(let entry) in entries {
            for (name, defaults) in entry where short(name) == action { found = defaults }
        }
        guard let found, case .dict(let defaults) = try templar.template(found) else { return arguments }
        var merged = ValueDict()
        for (key, value) in defaults where arguments[key] == nil {
            if value.stringValue != AnsibleTemplar.omit { merged[key] = Self.droppingOmitted(value) }
        }
        for (key, value) in arguments { merged[key] = value }
        return merged
    }

    /// `assert: "{{ item }}"`: free-form text that is a template, given to an action that takes
    /// no free form, is its arguments when it comes out a mapping (the task's `args:` over them),
    /// as ansible-core's variable parameters are.
    private func withVariableParameters(_ arguments: ValueDict, of task: PlaybookTask) throws -> ValueDict {
        guard case .dict(let spread)? = arguments["_raw_params"], let module = ModuleRegistry.module(named: task.action),
              !module.argumentsAreVariables, module.spec.freeForm == nil,
              !module.spec.arguments.contains(where: { $0.name == "_raw_params" }) else { return arguments }
        if let place = task.argumentLocations["_raw_params"] ?? task.actionLocation {
            run.callback.warning(Self.argsTemplateWarning + String(OriginBlock.render(place).dropLast()))
        }
        var merged = spread
        for (key, value) in arguments where key != "_raw_params" { merged[key] = value }
        return merged
    }

    /// An argument name that is itself templated (set_fact's keys): it must come out a valid
    /// variable name, or the task fails, pointing at the key.
    private func templatedName(_ written: String, of task: PlaybookTask, templar: AnsibleTemplar) throws -> String {
        if written == "cacheable" { return written }
        let place = task.argumentKeyLocations[written] ?? task.argumentLocations[written] ?? task.actionLocation
        let name: Value
        do {
            name = try templar.template(.string(written))
        } catch {
            throw TaskFailure(causes: [(ErrorReport.text(error), place)], beforeAction: true)
        }
        if let refusal = VariableName.refusal(name) {
            var failure = TaskFailure(causes: [(refusal, place)], beforeAction: true)
            failure.help = VariableName.help
            throw failure
        }
        return name.stringValue ?? written
    }

    static func droppingOmitted(_ value: Value) -> Value { AnsibleTemplar.droppingOmitted(value) }

    static func qualified(_ action: String) -> String {
        action.contains(".") ? action : "ansible.builtin." + action
    }

    private func connection(
        to target: String, for host: String, task: PlaybookTask, layers: VariableLayers, templar: AnsibleTemplar
    ) throws -> (connection: any Connection, isLocal: Bool) {
        if target != host, ["localhost", "127.0.0.1", "::1"].contains(target),
            !run.inventory.hostNames.contains(target)
        {
            return (CountedConnection(base: LocalConnection(), counter: run.connections.traffic), true)
        }
        // The delegate is reached with its own connection variables.
        let targetLayers = (target == host ? layers : vars.layers(host: target, task: task)).withoutPlayContextDefaults()
        let targetTemplar = target == host ? templar : AnsibleTemplar(variables: targetLayers, options: vars.templarOptions(for: task))
        let remoteUser = try task.keywords["remote_user"].map { try templar.template($0).pythonString }
            ?? play.keywords["remote_user"].map { try templar.template($0).pythonString }
        // The `connection:` keyword wins over -c; an `ansible_connection` variable wins over both.
        var overrides = run.settings.connection
        if let keyword = try (task.keywords["connection"] ?? play.keywords["connection"]).map({ try templar.template($0) }),
           !keyword.isNull {
            overrides.connection = keyword.pythonString
        }
        let settings = try ConnectionSettings(
            host: target,
            variable: { name in
                guard let raw = targetLayers.rawValue(name) else { return nil }
                let value = try targetTemplar.template(raw)
                return value.isNull ? nil : value.pythonString
            },
            overrides: overrides, config: run.config, sshClientConfig: run.sshClientConfig,
            playRemoteUser: remoteUser)
        let connection: any Connection = settings.kind == .local
            ? LocalConnection() : LazyConnection(key: target, pool: run.connections, open: { try await settings.open() })
        return (CountedConnection(base: connection, counter: run.connections.traffic), settings.kind == .local)
    }

    /// The become settings of the task: the command line and ansible.cfg, then the keywords,
    /// then the (delegate) host's `ansible_become_*` variables, which win as in ansible-core.
    private func become(_ task: PlaybookTask, templar: AnsibleTemplar, variable: (String) throws -> Value?) throws -> BecomeSettings {
        func keyword(_ name: String) throws -> Value? {
            try task.keywords[name].map { try templar.template($0) }
        }
        func setting(_ keywordName: String, _ variables: String...) throws -> Value? {
            for name in variables {
                if let value = try variable(name), !value.isNull { return value }
            }
            guard let value = try keyword(keywordName), !value.isNull else { return nil }
            return value
        }
        var settings = run.settings.become
        if let enabled = try setting("become", "ansible_become") { settings.enabled = TaskRunner.truthy(enabled) }
        if let user = try setting("become_user", "ansible_become_user", "ansible_sudo_user") { settings.user = user.pythonString }
        if let method = try setting("become_method", "ansible_become_method") { settings.method = method.pythonString }
        if let flags = try setting("become_flags", "ansible_become_flags", "ansible_sudo_flags") { settings.flags = flags.pythonString }
        if let exe = try setting("become_exe", "ansible_become_exe", "ansible_sudo_exe") { settings.executable = exe.pythonString }
        for name in BecomeSettings.passwordVariables {
            if let password = try variable(name), !password.isNull, !password.pythonString.isEmpty {
                settings.password = password.pythonString
                break
            }
        }
        if let message = settings.unsupportedMethodMessage { throw TaskFailure(message, beforeAction: true) }
        return settings
    }

    /// A variable of the host the task reaches (the delegate's, with `delegate_to`), templated.
    private func variable(
        of target: String, host: String, task: PlaybookTask, layers: VariableLayers, templar: AnsibleTemplar
    ) -> @Sendable (String) throws -> Value? {
        let targetLayers = target == host ? layers : vars.layers(host: target, task: task)
        let targetTemplar = target == host ? templar : AnsibleTemplar(variables: targetLayers, options: vars.templarOptions(for: task))
        return { name in try targetLayers.rawValue(name).map { try targetTemplar.template($0) } }
    }

    private func environment(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> ValueDict {
        var merged = ValueDict()
        for raw in task.keywords.environment {
            guard case .dict(let d) = try templar.template(raw) else { continue }
            for (k, v) in d { merged[k] = v }
        }
        return merged
    }

    private func checkMode(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> Bool {
        try task.keywords["check_mode"].map { TaskRunner.truthy(try templar.template($0)) } ?? run.settings.checkMode
    }

    private func diffMode(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> Bool {
        try task.keywords["diff"].map { TaskRunner.truthy(try templar.template($0)) } ?? run.settings.diffMode
    }

    /// The directories `src:` is looked up in, most specific first, like ansible-core's search
    /// stack: the role and its tasks/ dir, the task file's dir, the playbook's dir. Modules add
    /// their own subdirectory (`files/`, `templates/`) to each.
    private func searchPaths(_ task: PlaybookTask) -> [String] {
        var paths: [String] = []
        if let role = task.role?.role { paths += [role.path, role.tasksDir] }
        paths.append((task.file as NSString).deletingLastPathComponent)
        paths.append(play.baseDir)
        return paths
    }
}

/// A task-level failure with ansible's message. `causes` is the chain ansible-core 2.19 prints
/// under `Task failed.` (outermost first), each with where it comes from.
struct TaskFailure: Error, CustomStringConvertible {
    var causes: [(message: String, origin: SourceLocation?)]
    /// The task could not be set up to run (its connection or become settings): like
    /// ansible-core, its result also says `changed: false`.
    var beforeAction = false
    /// What to do about it, told under the last cause (ansible-core's help text).
    var help: String?

    init(_ message: String, beforeAction: Bool = false) {
        causes = [(message, nil)]
        self.beforeAction = beforeAction
    }
    init(causes: [(message: String, origin: SourceLocation?)], beforeAction: Bool = false) {
        self.causes = causes
        self.beforeAction = beforeAction
    }

    /// `A failed: B`: the chain as one sentence, like ansible's summary line (the inner
    /// sentences lose their full stop; the last keeps its own).
    var description: String {
        causes.enumerated().map { index, cause in
            index < causes.count - 1 && cause.message.hasSuffix(".") ? String(cause.message.dropLast()) : cause.message
        }
        .joined(separator: ": ")
    }

    /// The chain as result data for the callback (internal key, never printed as such).
    var resultValue: Value {
        .list(causes.enumerated().map { index, cause in
            var entry: ValueDict = ["msg": .string(cause.message)]
            if index == causes.count - 1, let help { entry["help"] = .string(help) }
            if let origin = cause.origin {
                entry["file"] = .string(origin.file)
                entry["line"] = .int(origin.line)
                entry["column"] = .int(origin.column)
            }
            return .dict(entry)
        })
    }
}
