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
    /// A result dict as printed: internal keys dropped, `failed: false` omitted.
    var printable: ValueDict {
        var d = self
        for key in d.keys where key.hasPrefix("_ansible") { d[key] = nil }
        if d["failed"] == .bool(false) { d["failed"] = nil }
        return d
    }
}
