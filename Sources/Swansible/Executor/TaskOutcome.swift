/// What one task did on one host, for output, recap counters and host state.
struct TaskOutcome: Sendable {
    var host: String
    /// Lines to print, in order (per-item lines, then the task's own line).
    var events: [HostResultEvent]
    var status: HostResultEvent.Status
    /// Failed, but `ignore_errors` (or `ignore_unreachable`) let the host go on.
    var ignored: Bool
    var changed: Bool
    /// The result as `register:` stores it.
    var result: ValueDict
    var facts: ValueDict
    var hostVariables: ValueDict
    var includedVariables: ValueDict
    /// Before/after of files the task changed (shown with `--diff`).
    var diffs: [FileDiff] = []
}

extension ValueDict {
    /// The result as `register:` stores it: without the executor's internal markers, and with
    /// its text marked unsafe, since like ansible-core 2.19 a result is never templated again.
    var registrable: ValueDict { filter { !$0.key.hasPrefix("_ansible") }.mapValues(\.markedUnsafe) }

    /// What `register:` stores for one run of a task (a task without a loop, or one item):
    /// like ansible-core 2.19, a failure also says `exception` (no traceback is kept), except
    /// one the executor reports without an error block (a loop label that did not template).
    func registrable(failed: Bool) -> ValueDict {
        var d = registrable
        let raised = self[DefaultCallback.withoutErrorBlockKey] != true
        if failed, raised, d["exception"] == nil, d["censored"] == nil { d["exception"] = "(traceback unavailable)" }
        return d
    }

    /// A result dict as the default callback prints it: `failed` is said by the line itself,
    /// and an item's line leaves out the loop variables.
    func printable(loopVariables: [String] = []) -> ValueDict {
        var d = self
        d["failed"] = nil
        for key in loopVariables { d[key] = nil }
        return d
    }

    /// A result as `no_log` shows it, like ansible-core: only `censored`, `changed` (and the
    /// `attempts` of an `until` loop) remain. The executor's internal keys stay (the callback
    /// never prints them), and the real `msg` is kept aside for the `[ERROR]:` summary line,
    /// which ansible-core 2.19 still prints in full.
    func censored() -> ValueDict {
        var d: ValueDict = ["censored": .string(NoLog.censoredMessage), "changed": self["changed"] ?? false]
        if let attempts = self["attempts"] { d["attempts"] = attempts }
        for (key, value) in self where key.hasPrefix("_ansible") { d[key] = value }
        if let message = self["msg"] { d[NoLog.summaryMessageKey] = message }
        // An unreachable loop's line lists its items, each hidden.
        if case .list(let items)? = self["results"] {
            d["results"] = .list(items.map { item in
                guard case .dict(let result) = item else { return item }
                var hidden = result.censored().filter { !$0.key.hasPrefix("_ansible") }
                if let exception = result["exception"] { hidden["exception"] = exception }
                return .dict(hidden)
            })
        }
        return d
    }
}

extension Value {
    /// The same data with every string marked `!unsafe` (never templated).
    var markedUnsafe: Value {
        switch self {
        case .string(let s): return .unsafe(s)
        case .list(let items): return .list(items.map(\.markedUnsafe))
        case .dict(let d): return .dict(d.mapValues(\.markedUnsafe))
        default: return self
        }
    }
}
