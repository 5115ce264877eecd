import SwansibleYAML

/// Finds a task's action and arguments among its keys, in every form ansible-core accepts:
/// `copy: {src: a}`, `copy: src=a dest=b`, `action: copy src=a`, `local_action: ...`, `args:`,
/// and combinations (the action's own arguments override `args:`).
struct TaskAction {
    var action: String
    var args: ValueDict
    /// `local_action:` was used: the task runs delegated to localhost.
    var isLocal: Bool
    /// Where the action's key is (`copy:` of `copy: ...`), for error origins.
    var actionLocation: SourceLocation?
    /// Where each argument's value is written: its node for a mapping, the whole
    /// `k=v` text for free-form arguments.
    var argumentLocations: [String: SourceLocation] = [:]
    /// Where each argument's name is written (arguments given as a mapping), for errors about
    /// the name itself (set_fact's templated keys).
    var argumentKeyLocations: [String: SourceLocation] = [:]
    /// Where the value of `action:`/`local_action:` is written: a templated module name there
    /// (`action: "{{ pkg_mgr }} name=x"`) is resolved per host at run time, as ansible-core does.
    var actionValueLocation: SourceLocation?

    /// The module's name is a template, known only when the task runs (old-style only).
    var isTemplatedAction: Bool { actionValueLocation != nil && action.contains("{{") }

    /// Playbook constructs written as actions: the loader or the strategy carries them out, so
    /// they are never looked up among the modules.
    static let builtinActions: Set<String> = [
        "meta", "include_tasks", "include_role", "import_tasks", "import_role", "include", "import_playbook",
    ]

    /// `copy` for `copy`, `ansible.builtin.copy` and `ansible.legacy.copy`.
    static func shortName(_ action: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy."] where action.hasPrefix(prefix) {
            return String(action.dropFirst(prefix.count))
        }
        return action
    }

    /// Parses the action out of `task`. `candidates` are the task's keys that are neither
    /// keywords nor `with_*` loops, in document order; `actions` tells which are modules and
    /// how their free-form text reads.
    static func parse(task: YAMLNode, candidates: [YAMLPair], actions: any ActionCatalog) throws -> TaskAction {
        let at = task.start
        var base = ValueDict()
        var baseLocations: [String: SourceLocation] = [:]
        if let extra = task["args"] {
            for pair in extra.pairs ?? [] { baseLocations[pair.key] = pair.value.start }
            switch extra.kind {
            case .mapping: base = extra.value.dictValue ?? [:]
            case .scalar(.null): break
            case .scalar(let v) where v.stringValue.map(isWholeTemplate) == true:
                base["_variable_params"] = v
                baseLocations["_variable_params"] = extra.start
            default:
                throw PlaybookError(.malformed, "The value of the task `args` keyword is invalid.", at: extra.start)
            }
        }
        var found: TaskAction?
        if let old = task["action"] {
            found = try oldStyle(old, base: base, actions: actions, at: at)
            found?.actionValueLocation = old.start
            found?.actionLocation = task.pairs?.first { $0.key == "action" }?.keyNode.start
            found?.argumentLocations = Self.locations(of: old, base: baseLocations)
        }
        if let local = task["local_action"] {
            if found != nil { throw PlaybookError.actionExclusive(at: at) }
            found = try oldStyle(local, base: base, actions: actions, at: at)
            found?.actionValueLocation = local.start
            found?.isLocal = true
            found?.actionLocation = task.pairs?.first { $0.key == "local_action" }?.keyNode.start
            found?.argumentLocations = Self.locations(of: local, base: baseLocations)
        }
        for pair in candidates {
            if let found { throw PlaybookError.conflictingAction(found.action, pair.key, at: at) }
            var args = base
            for (k, v) in try newStyleArgs(pair.value, action: pair.key, actions: actions, at: at) { args[k] = v }
            found = TaskAction(action: pair.key, args: args, isLocal: false, actionLocation: pair.keyNode.start,
                               argumentLocations: Self.locations(of: pair.value, base: baseLocations))
            for argument in pair.value.pairs ?? [] { found?.argumentKeyLocations[argument.key] = argument.keyNode.start }
        }
        guard let found else { throw PlaybookError.noAction(at: at) }
        if !builtinActions.contains(shortName(found.action)) && !found.isTemplatedAction && actions.traits(ofModule: found.action) == nil {
            throw PlaybookError.unresolvedModule(found.action, at: at)
        }
        return found
    }

    /// Argument value positions: each value node of a mapping, or the scalar holding `k=v` text
    /// for every argument it gives.
    private static func locations(of node: YAMLNode, base: [String: SourceLocation]) -> [String: SourceLocation] {
        var result = base
        switch node.kind {
        case .mapping(let pairs): for pair in pairs { result[pair.key] = pair.value.start }
        case .scalar(let v):
            if let text = v.stringValue, let args = try? KeyValueArguments.parse(text) {
                for key in args.keys { result[key] = node.start }
                result["_raw_params"] = node.start
            }
        case .sequence: break
        }
        return result
    }

    /// `module: <value>`: a mapping is the arguments, a string is `k=v` text, null is none.
    private static func newStyleArgs(_ node: YAMLNode, action: String, actions: any ActionCatalog, at: SourceLocation) throws -> ValueDict {
        switch node.kind {
        case .mapping: return node.value.dictValue ?? [:]
        case .scalar(.null): return [:]
        case .scalar(let v):
            guard let text = v.stringValue else { throw PlaybookError.unexpectedActionType(v, at: at) }
            return try kv(text, freeForm: isCommandLine(action, actions), at: at)
        case .sequence: throw PlaybookError.unexpectedActionType(node.value, at: at)
        }
    }

    /// `action: copy src=a` or the deprecated `action: {module: copy, src: a}`.
    private static func oldStyle(_ node: YAMLNode, base: ValueDict, actions: any ActionCatalog, at: SourceLocation) throws -> TaskAction {
        var args = base
        let action: String
        switch node.kind {
        case .scalar(let v) where v.stringValue != nil:
            let (name, rest) = try splitModuleString(v.stringValue ?? "", at: at)
            action = name
            for (k, val) in try kv(rest, freeForm: isCommandLine(name, actions), at: at) { args[k] = val }
        case .mapping:
            var dict = node.value.dictValue ?? [:]
            guard let module = dict.removeValue(forKey: "module")?.stringValue else {
                throw PlaybookError.noAction(at: at)
            }
            let (name, rest) = try splitModuleString(module, at: at)
            action = name
            for (k, val) in dict { args[k] = val }
            for (k, val) in try kv(rest, freeForm: isCommandLine(name, actions), at: at) { args[k] = val }
        default:
            throw PlaybookError.unexpectedActionType(node.value, at: at)
        }
        if case .dict(let nested)? = args.removeValue(forKey: "args") {
            for (k, v) in nested { args[k] = v }
        } else if case .string(let nested)? = args["args"] {
            args.removeValue(forKey: "args")
            for (k, v) in try kv(nested, freeForm: false, at: at) { args[k] = v }
        }
        return TaskAction(action: action, args: args, isLocal: false)
    }

    /// Whether the free-form text of `action` is a command line, as its module says.
    private static func isCommandLine(_ action: String, _ actions: any ActionCatalog) -> Bool {
        actions.traits(ofModule: action)?.freeFormIsCommandLine ?? false
    }

    private static func splitModuleString(_ text: String, at: SourceLocation) throws -> (String, String) {
        let tokens = try wrap(at) { () throws(KeyValueArguments.UnbalancedError) in try KeyValueArguments.split(text) }
        guard let first = tokens.first else { throw PlaybookError.noAction(at: at) }
        return (first.pythonStripped, tokens.dropFirst().joined(separator: " "))
    }

    private static func kv(_ text: String, freeForm: Bool, at: SourceLocation) throws -> ValueDict {
        try wrap(at) { () throws(KeyValueArguments.UnbalancedError) in
            try KeyValueArguments.parse(text, keepRaw: freeForm)
        }
    }

    private static func wrap<T>(_ at: SourceLocation, _ body: () throws(KeyValueArguments.UnbalancedError) -> T) throws -> T {
        do { return try body() } catch { throw PlaybookError(.badArguments, "Error loading tasks: " + error.message, at: at) }
    }

    /// A string that is one template and nothing else (`"{{ opts }}"`).
    static func isWholeTemplate(_ s: String) -> Bool {
        let t = s.pythonStripped
        return t.hasPrefix("{{") && t.hasSuffix("}}")
    }
}
