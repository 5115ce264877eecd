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
}

extension ValueDict {
    /// The result without the executor's internal markers, as `register:` stores it.
    var registrable: ValueDict { filter { !$0.key.hasPrefix("_ansible") } }

    /// A result dict as the default callback prints it: `failed` is said by the line itself,
    /// and an item's line leaves out the loop variables.
    func printable(loopVariables: [String] = []) -> ValueDict {
        var d = self
        d["failed"] = nil
        for key in loopVariables { d[key] = nil }
        return d
    }
}
