import Foundation

/// ansible-core's `oneline` stdout callback (`stdout_callback = oneline`, deprecated there): one
/// line per host and task, JSON with its line ends taken out; no banners, no recap, no error
/// blocks. A failure ansible-core raised says first that an exception occurred (2.19 keeps no
/// traceback to show).
public final class OnelineCallback: ResultsOnlyCallback, @unchecked Sendable {
    private let sink: TextSink
    private let messages: DefaultCallback
    private let verbosity: Int
    private let lock = NSLock()

    /// What ansible-core says, with deprecation warnings on, when this callback loads.
    static let deprecation = "The oneline callback plugin is deprecated. This feature will be removed from ansible-core version 2.23."

    private var deprecationPending: Bool

    /// With `deprecationWarnings`, the first event is preceded by ansible-core's deprecation
    /// notice for this callback (on standard error).
    public init(sink: TextSink = StandardOutputSink(), verbosity: Int = 0, deprecationWarnings: Bool = false) {
        self.sink = sink
        self.messages = DefaultCallback(sink: sink, verbosity: verbosity)
        self.verbosity = verbosity
        deprecationPending = deprecationWarnings
    }

    private func noticeOnce() {
        let due = lock.withLock { () -> Bool in
            defer { deprecationPending = false }
            return deprecationPending
        }
        guard due else { return }
        messages.warning("Deprecation warnings can be disabled by setting `deprecation_warnings=False` in ansible.cfg.")
        sink.writeError(messages.colours.paintMessage("[DEPRECATION WARNING]: \(Self.deprecation)\n", .deprecate))
    }

    public func playStarted(name: String?, checkMode: Bool) { noticeOnce() }
    public func warning(_ message: String) {
        noticeOnce()
        messages.warning(message)
    }

    public func error(_ message: String) {
        noticeOnce()
        messages.error(message)
    }
    public func plain(_ text: String) { messages.plain(text) }
    public func useColours(_ config: AnsibleConfig) { messages.useColours(config) }

    public func hostResult(_ event: HostResultEvent) {
        // Loop items have no line of their own: the loop's summary, with their results, stands for them.
        guard event.itemLabel == nil else { return }
        noticeOnce()
        let text = messages.colours.paint(Self.render(event, verbosity: verbosity), MinimalLines.role(event.status))
        lock.withLock { sink.write(text + "\n") }
    }

    static func render(_ event: HostResultEvent, verbosity: Int = 0) -> String {
        guard case .dict(var fields) = DefaultCallback.cleaned(event.result) else { return "" }
        // Like ansible-core's callbacks, a module's `invocation` shows from -vvv on.
        if verbosity < 3 { fields["invocation"] = nil }
        if let items = event.result[HostResultEvent.loopResultsKey] { fields["results"] = items }
        // Like the results ansible-core hands to callbacks: `changed` always, debug's too.
        if fields["changed"] == nil, event.status != .unreachable, event.status != .skipped { fields["changed"] = false }
        let json: String
        if event.verboseAlways, !event.isLoopSummary {
            // ansible-core indents an always-shown result by 4 before taking the line ends out.
            json = Value.dict(fields).jsonText(indent: 4, sortKeys: true).replacingOccurrences(of: "\n", with: "")
        } else {
            json = MinimalLines.json(.dict(fields), oneLine: true)
        }
        let host = event.host
        switch event.status {
        case .failed:
            var text = ""
            if event.result[DefaultCallback.withoutErrorBlockKey] != true, event.result["censored"] == nil {
                text = MinimalLines.isCommand(event.action) && fields["module_stderr"] == nil
                    ? MinimalLines.commandMessage(host, .dict(fields), "FAILED", oneLine: true) + "\n"
                    : "An exception occurred during task execution. To see the full traceback, use -vvv. The error was: (traceback unavailable)\n"
            }
            return text + "\(host) | FAILED! => \(json)"
        case .ok, .changed:
            let state = event.status == .changed ? "CHANGED" : "SUCCESS"
            if MinimalLines.isCommand(event.action), fields["module_stderr"] == nil, fields["ansible_job_id"] == nil {
                return MinimalLines.commandMessage(host, .dict(fields), state, oneLine: true)
            }
            return "\(host) | \(state) => \(json)"
        case .skipped, .unreachable:
            return MinimalLines.text(host: host, status: event.status, fields: .dict(fields), action: event.action, oneLine: true)
        }
    }
}
