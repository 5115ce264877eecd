/// What a module reports. `registered` is what `register:` stores and what `=> {json}` prints.
public struct ModuleResult: Sendable {
    public var changed: Bool
    public var failed: Bool
    public var skipped: Bool
    /// `msg`, when there is one.
    public var message: String?
    /// Module-specific fields in the order Ansible prints them (rc, stdout, dest, ...).
    public var fields: ValueDict
    /// `ansible_facts`: merged into the host's facts (setup, set_fact with `cacheable`).
    public var facts: ValueDict
    /// Variables set by `set_fact` (set_fact precedence, not facts).
    public var hostVariables: ValueDict
    /// Variables loaded by `include_vars` (include_vars precedence).
    public var includedVariables: ValueDict
    /// Before/after for `--diff`.
    public var diff: [FileDiff]
    /// `ansible_facts` is shown even when empty (setup with a filter that matches nothing).
    public var reportsFacts = false
    /// Skipped by the controller-side action, which ansible-core raises rather than returns
    /// (script's and unarchive's `creates`, fetch in check mode): such a result has no `failed`
    /// key. A skip the action returns (wait_for_connection in check mode) has `failed: false`.
    public var skippedByAction = false
    /// The action reports the invocation of the module it ran, or none, itself (copy and
    /// template): `ModuleRegistry` then adds none of its own.
    public var ownsInvocation = false
    /// Argument values the module settled on itself (file's `state` when none was given), which
    /// its invocation shows, as ansible-core's modules write them back into their parameters.
    public var settledArguments: ValueDict = [:]

    /// A result skipped by the action (see `skippedByAction`).
    static func skippedByTheAction(message: String? = nil, fields: ValueDict = [:]) -> ModuleResult {
        var result = ModuleResult(skipped: true, message: message, fields: fields)
        result.skippedByAction = true
        return result
    }

    public init(
        changed: Bool = false, failed: Bool = false, skipped: Bool = false, message: String? = nil,
        fields: ValueDict = [:], facts: ValueDict = [:], hostVariables: ValueDict = [:],
        includedVariables: ValueDict = [:], diff: [FileDiff] = []
    ) {
        self.changed = changed
        self.failed = failed
        self.skipped = skipped
        self.message = message
        self.fields = fields
        self.facts = facts
        self.hostVariables = hostVariables
        self.includedVariables = includedVariables
        self.diff = diff
    }

    public static func failure(_ message: String, fields: ValueDict = [:]) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: fields)
    }

    /// A failure the controller-side action reports before its module runs (copy's own checks),
    /// which ansible-core prints as `Action failed:`, not `Module failed:`.
    public static func actionFailure(_ message: String) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: [failureKindKey: "Action"])
    }

    /// A failure an action raises as an error of its own (ansible-core's `AnsibleActionFail`),
    /// printed `Task failed: MSG` with neither `Action failed:` nor `Module failed:`.
    public static func raisedFailure(_ message: String) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: [failureKindKey: ""])
    }

    /// The internal result key saying whose failure it is, "Action" or "Module", or "" for an
    /// error raised before the action ran (never printed or registered); the executor fills it
    /// in from the module's traits when a result has none.
    public static let failureKindKey = "_ansible_failure_kind"

    /// The internal result key naming the argument its `warnings` are about: the executor
    /// replaces it with that argument's place (`DefaultCallback.warningsOriginKey`), shown
    /// under each warning.
    public static let warningsAtArgumentKey = "_ansible_warnings_at"

    /// A failure of the controller-side action itself (a missing `src`, conflicting options),
    /// which ansible-core reports as an error raised by the action, not as a module's failure.
    public static func actionError(_ message: String) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: [ModuleResult.actionErrorMarker: true])
    }

    /// The internal result key holding the chain of causes ansible-core prints under
    /// `Task failed.` (`[{msg, file, line, column, help}]`, outermost first).
    public static let causesKey = "_ansible_error_causes"

    /// The internal result key that marks `actionError` results (never printed or registered).
    public static let actionErrorMarker = "_ansible_action_error"

    /// The result as a variable: `changed`, module fields, `failed` when failed, `msg`.
    public var registered: Value {
        var d = ValueDict()
        d["changed"] = .bool(changed)
        for (k, v) in fields { d[k] = v }
        if !facts.isEmpty || reportsFacts { d["ansible_facts"] = .dict(facts) }
        if let message { d["msg"] = .string(message) }
        if failed { d["failed"] = true }
        if skipped { d["skipped"] = true }
        return .dict(d)
    }
}
