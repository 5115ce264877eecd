import Foundation

/// ansible-core's `minimal` stdout callback (`stdout_callback = minimal`): one line, or the
/// result's JSON, per host and task; no banners, no per-item lines, no recap. Warnings and the
/// `[ERROR]:` blocks over failures are told as the default callback tells them.
public final class MinimalCallback: ResultsOnlyCallback, @unchecked Sendable {
    private let sink: TextSink
    private let verbosity: Int
    /// Warnings, errors and listings, which both callbacks print alike.
    private let messages: DefaultCallback
    private let lock = NSLock()

    public init(sink: TextSink = StandardOutputSink(), verbosity: Int = 0) {
        self.sink = sink
        self.verbosity = verbosity
        self.messages = DefaultCallback(sink: sink, verbosity: verbosity)
    }

    private func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        sink.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    public func warning(_ message: String) { messages.warning(message) }
    public func error(_ message: String) { messages.error(message) }
    public func plain(_ text: String) { messages.plain(text) }
    public func useColours(_ config: AnsibleConfig) { messages.useColours(config) }

    public func hostResult(_ event: HostResultEvent) {
        // Loop items have no line of their own: the loop's summary stands for them.
        guard event.itemLabel == nil else { return }
        let origin = event.result[DefaultCallback.warningsOriginKey].flatMap(DefaultCallback.place(in:))
        for warning in event.result["warnings"]?.listValue ?? [] {
            messages.warning(warning.pythonString + (origin.map { "\n" + String(OriginBlock.render($0).dropLast()) } ?? ""))
        }
        emit(Self.render(event, verbosity: verbosity, colours: messages.colours))
    }

    /// The text for one result: the error block over a failure, then minimal's lines.
    static func render(_ event: HostResultEvent, verbosity: Int, oneLine: Bool = false, colours: TerminalColours = .off) -> String {
        var fields = DefaultCallback.cleaned(event.result)
        // Like ansible-core's callbacks, `diff` and `invocation` show from -vvv on.
        if verbosity < 3, case .dict(var d) = fields, d["diff"] != nil || d["invocation"] != nil {
            d["diff"] = nil
            d["invocation"] = nil
            fields = .dict(d)
        }
        var block = ""
        if event.status == .failed, !oneLine, event.result[DefaultCallback.withoutErrorBlockKey] != true {
            block = colours.paintMessage(DefaultCallback.errorBlock(event), .error)
        }
        let lines = MinimalLines.text(host: event.host, status: event.status, fields: fields, action: event.action, oneLine: oneLine)
        return block + colours.paintMessage(lines, MinimalLines.role(event.status))
    }
}

/// The stdout callbacks `stdout_callback` / `ANSIBLE_STDOUT_CALLBACK` can name.
public enum StdoutCallback {
    /// The callback for `name` (bare or `ansible.builtin.`), nil for one Swansible does not have.
    public static func named(_ name: String, sink: TextSink = StandardOutputSink(), verbosity: Int,
                             deprecationWarnings: Bool = false) -> (any OutputCallback)? {
        let bare = name.hasPrefix("ansible.builtin.") ? String(name.dropFirst("ansible.builtin.".count)) : name
        switch bare {
        case "default": return DefaultCallback(sink: sink, verbosity: verbosity)
        case "minimal": return MinimalCallback(sink: sink, verbosity: verbosity)
        // ansible.posix's, which ansible-core routes `json` to.
        case "json", "ansible.posix.json": return JSONCallback(sink: sink, verbosity: verbosity)
        case "oneline": return OnelineCallback(sink: sink, verbosity: verbosity, deprecationWarnings: deprecationWarnings)
        default: return nil
        }
    }

    /// ansible-playbook's words for a callback it cannot load (exit code 1).
    static func notFound(_ name: String) -> String { "Could not load '\(name)' callback plugin." }
}
