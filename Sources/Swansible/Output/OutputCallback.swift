/// The events a run reports, in the order the executor honours them. The default callback renders
/// them like ansible-playbook's; others (json, tests) may record them.
public protocol OutputCallback: Sendable {
    func playStarted(name: String?, checkMode: Bool)
    func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool)
    func noHostsMatched()
    func noMoreHosts()
    func hostResult(_ event: HostResultEvent)
    func included(file: String, hosts: [String], itemLabel: String?)
    func retrying(host: String, task: String, retriesLeft: Int, result: Value)
    func warning(_ message: String)
    func error(_ message: String)
    /// Text printed as is (listings, syntax-check), followed by a newline.
    func plain(_ text: String)
    func recap(_ stats: [(host: String, stats: HostStats)])
    /// `set_stats`'s statistics, after the recap when `show_custom_stats` is on.
    func customStats(hosts: [(String, ValueDict)], run: ValueDict?)
    /// The recap, then the custom statistics when they are to be shown (the json callback puts
    /// both in its one document).
    func recap(_ stats: [(host: String, stats: HostStats)], customStats: (hosts: [(String, ValueDict)], run: ValueDict?)?)
    /// `playStarted` and `taskStarted` with where the play or task is written, which the
    /// executor calls; callbacks that record the run (json) use the place, the others need not.
    func playStarted(name: String?, checkMode: Bool, location: SourceLocation?)
    func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool, location: SourceLocation?)
    /// An async job's check (`ASYNC POLL on HOST: jid=…`, `ASYNC OK …`), which the default
    /// callback prints; the others ignore it, as ansible-core's do.
    func asyncNotice(_ line: String)
    /// A host begins a task, and has answered it: what a live status line shows.
    func hostStarted(_ host: String)
    func hostFinished(_ host: String)
    /// The colours ansible.cfg and the environment choose, told before the run; callbacks
    /// that paint nothing ignore them.
    func useColours(_ config: AnsibleConfig)
}

extension OutputCallback {
    public func useColours(_ config: AnsibleConfig) {}

    public func asyncNotice(_ line: String) {}
    public func hostStarted(_ host: String) {}
    public func hostFinished(_ host: String) {}

    public func playStarted(name: String?, checkMode: Bool, location: SourceLocation?) {
        playStarted(name: name, checkMode: checkMode)
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool, location: SourceLocation?) {
        taskStarted(name: name, kind: kind, checkMode: checkMode)
    }

    public func customStats(hosts: [(String, ValueDict)], run: ValueDict?) {}

    public func recap(_ stats: [(host: String, stats: HostStats)], customStats: (hosts: [(String, ValueDict)], run: ValueDict?)?) {
        recap(stats)
        if let customStats { self.customStats(hosts: customStats.hosts, run: customStats.run) }
    }

    /// An event the executor kept for a host: a result, or a retry told in its place among them.
    public func report(_ event: HostResultEvent) {
        if let retry = event.retry {
            retrying(host: event.host, task: retry.task, retriesLeft: retry.retriesLeft, result: event.result)
        } else if let line = event.asyncNotice {
            asyncNotice(line)
        } else {
            hostResult(event)
        }
    }
}

/// A retry of `until`/`retries`, kept among a host's results so that it is told in order
/// (before the loop item it belongs to, after the items before it), as ansible-core prints it.
public struct RetryNotice: Sendable {
    public var task: String
    public var retriesLeft: Int
}

public enum TaskBannerKind: Sendable {
    case task, handler, cleanup
}

/// One host's outcome for a task (or for one loop item of it).
public struct HostResultEvent: Sendable {
    public enum Status: Sendable, Equatable { case ok, changed, skipped, failed, unreachable }

    public var host: String
    /// `delegate_to` target when it differs from the host (printed as `host -> delegate`).
    public var delegate: String?
    public var status: Status
    /// The loop item's label, when this event is for one item.
    public var itemLabel: String?
    /// The result as registered (module fields, msg, changed, failed...).
    public var result: Value
    /// Failed but `ignore_errors` applied: printed with `...ignoring`.
    public var ignored: Bool
    /// Print ` => {json}` even without -v (debug does, like `_ansible_verbose_always`).
    public var verboseAlways: Bool
    /// Where the task is, for the error origin.
    public var origin: SourceLocation?
    /// The summary of a loop: the per-item lines were already printed.
    public var isLoopSummary: Bool
    /// Before/after of changed files, printed with `--diff`.
    public var diffs: [FileDiff] = []
    /// A failed loop whose failed items were already printed: its own line only says
    /// `...ignoring` (when ignored), like ansible's.
    public var itemsReported = false
    /// The task's action as written (`command`, `ansible.builtin.shell`...), for callbacks
    /// that print some modules' results as command output.
    public var action: String?
    /// Not a result: a retry to tell (`FAILED - RETRYING`).
    public var retry: RetryNotice?
    /// Not a result: an async job's check to tell (`ASYNC POLL on HOST: …`).
    public var asyncNotice: String?

    /// The internal result key of a loop's summary holding its items' results, which the
    /// default and minimal callbacks leave out and the json callback records.
    public static let loopResultsKey = "_ansible_loop_results"

    public init(
        host: String, delegate: String? = nil, status: Status, itemLabel: String? = nil, result: Value,
        ignored: Bool = false, verboseAlways: Bool = false, origin: SourceLocation? = nil, isLoopSummary: Bool = false
    ) {
        self.host = host
        self.delegate = delegate
        self.status = status
        self.itemLabel = itemLabel
        self.result = result
        self.ignored = ignored
        self.verboseAlways = verboseAlways
        self.origin = origin
        self.isLoopSummary = isLoopSummary
    }
}

/// The PLAY RECAP counters of one host, counted like ansible-core (ok includes changed).
public struct HostStats: Sendable, Equatable {
    public var ok = 0
    public var changed = 0
    public var unreachable = 0
    public var failed = 0
    public var skipped = 0
    public var rescued = 0
    public var ignored = 0

    public init() {}
}

/// A callback that prints results and messages only (minimal, oneline, ad-hoc, json): play and
/// task banners, inclusions, retries and the recap print nothing unless the callback says so.
public protocol ResultsOnlyCallback: OutputCallback {}

extension ResultsOnlyCallback {
    public func playStarted(name: String?, checkMode: Bool) {}
    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool) {}
    public func noHostsMatched() {}
    public func noMoreHosts() {}
    public func included(file: String, hosts: [String], itemLabel: String?) {}
    public func retrying(host: String, task: String, retriesLeft: Int, result: Value) {}
    public func recap(_ stats: [(host: String, stats: HostStats)]) {}
}
