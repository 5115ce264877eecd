import Foundation

/// What `ansible` prints for an ad-hoc command: one block per host from its `minimal` callback
/// (`host | SUCCESS => {json}`, `host | CHANGED | rc=0 >>` and the output for the command-line
/// modules), or one line per host from `oneline` (`-o`). Failures are preceded by ansible's
/// error block, whose origin is the ad-hoc task itself. With `treeDirectory` (`-t`), each host's
/// result is also written there as JSON, in a file named after the host.
public final class AdHocCallback: OutputCallback, @unchecked Sendable {
    private let sink: TextSink
    private let oneLine: Bool
    private let treeDirectory: String?
    /// `{'action': ..., 'args': {...}, ...}`: the task as the error origin shows it.
    private var taskText: String
    private let module: String
    private let lock = NSLock()
    private let messages: DefaultCallback
    private var shownErrors = Set<String>()

    public init(module: String, oneLine: Bool, treeDirectory: String? = nil, sink: TextSink = StandardOutputSink()) {
        self.sink = sink
        messages = DefaultCallback(sink: sink)
        self.oneLine = oneLine
        self.treeDirectory = treeDirectory
        self.module = module
        taskText = Self.taskText(module: module, arguments: [:])
    }

    private static func taskText(module: String, arguments: ValueDict) -> String {
        "{'action': \(Value.string(module).pythonRepr), 'args': \(Value.dict(arguments).pythonRepr), 'timeout': 0, 'async_val': 0, 'poll': 15}"
    }

    /// The task's arguments as the loader parsed them, for the error origin.
    func describe(arguments: ValueDict) {
        lock.lock()
        defer { lock.unlock() }
        taskText = Self.taskText(module: module, arguments: arguments)
    }

    /// A module name nothing resolves: every host fails, under ansible's error block.
    func unresolvedModule(hosts: [String]) {
        let message = "Cannot resolve '\(module)' to an action or module."
        lock.lock()
        sink.write("""
            [ERROR]: Task failed: \(message)

            Task failed.
            Origin: <adhoc '\(module)' task>

            \(taskText)

            <<< caused by >>>

            \(message)
            Origin: <CLI option '-m'>

            \(module)


            """)
        lock.unlock()
        let result: Value = ["changed": false, "msg": .string("Task failed: \(message)")]
        for host in hosts { write("\(host) | FAILED! => \(json(result))\n") }
    }

    /// Modules whose result prints as `host | STATE | rc=N >>` followed by the output.
    static let commandModules: Set<String> = ["command", "shell", "raw"]

    static func isCommandModule(_ name: String) -> Bool { commandModules.contains(TaskAction.shortName(name)) }

    public func playStarted(name: String?, checkMode: Bool) {}
    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool) {}
    public func noHostsMatched() {}
    public func noMoreHosts() {}
    public func included(file: String, hosts: [String], itemLabel: String?) {}
    public func retrying(host: String, task: String, retriesLeft: Int, result: Value) {}
    public func recap(_ stats: [(host: String, stats: HostStats)]) {}

    public func plain(_ text: String) { write(text + "\n") }

    /// Warnings and errors read as in a playbook run (each warning once).
    public func warning(_ message: String) { messages.warning(message) }
    public func error(_ message: String) { messages.error(message) }

    public func hostResult(_ event: HostResultEvent) {
        for warning in event.result["warnings"]?.listValue ?? [] { self.warning(warning.pythonString) }
        let fields = DefaultCallback.cleaned(event.result)
        if let treeDirectory { writeTree(fields, host: event.host, directory: treeDirectory) }
        let isCommand = Self.isCommandModule(module) && fields["module_stderr"] == nil
        var text = ""
        switch event.status {
        case .ok, .changed:
            let state = event.status == .changed ? "CHANGED" : "SUCCESS"
            text = isCommand ? commandMessage(event.host, fields, state) : "\(event.host) | \(state) => \(json(fields))"
        case .skipped:
            text = "\(event.host) | SKIPPED"
        case .failed:
            if oneLine {
                if isCommand { text = commandMessage(event.host, fields, "FAILED") + "\n" }
                text += "\(event.host) | FAILED! => \(json(fields))"
            } else {
                errorBlock(event.result)
                text = isCommand ? commandMessage(event.host, fields, "FAILED") : "\(event.host) | FAILED! => \(json(fields))"
            }
        case .unreachable:
            text = oneLine
                ? "\(event.host) | UNREACHABLE!: \(fields["msg"]?.pythonString ?? "")"
                : "\(event.host) | UNREACHABLE! => \(json(fields))"
        }
        write(text + "\n")
    }

    private func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        sink.write(text)
    }

    /// `minimal`'s indented JSON, or `oneline`'s (indent 0 with its line ends removed).
    private func json(_ value: Value) -> String {
        oneLine ? value.jsonText(indent: 0, sortKeys: true).replacingOccurrences(of: "\n", with: "") : value.jsonText(indent: 4, sortKeys: true)
    }

    /// `host | STATE | rc=N >>` then stdout, stderr and msg; with `-o` one line with the
    /// output's line ends escaped.
    private func commandMessage(_ host: String, _ fields: Value, _ state: String) -> String {
        let rc = fields["rc"].map { $0.pythonString } ?? "-1"
        let stdout = fields["stdout"]?.pythonString ?? "", stderr = fields["stderr"]?.pythonString ?? ""
        guard oneLine else { return "\(host) | \(state) | rc=\(rc) >>\n" + stdout + stderr + (fields["msg"]?.pythonString ?? "") }
        func escaped(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") }
        var line = "\(host) | \(state) | rc=\(rc) | (stdout) \(escaped(stdout))"
        if !stderr.isEmpty { line += " (stderr) \(escaped(stderr))" }
        return line
    }

    /// ansible's error block over a failure: the summary and the ad-hoc task as its origin
    /// (each distinct block once).
    private func errorBlock(_ result: Value) {
        let block = "[ERROR]: \(DefaultCallback.errorSummary(result))\nOrigin: <adhoc '\(module)' task>\n\n\(taskText)\n\n"
        lock.lock()
        defer { lock.unlock() }
        guard shownErrors.insert(block).inserted else { return }
        sink.write(block)
    }

    private func writeTree(_ fields: Value, host: String, directory: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? Data(fields.jsonText().utf8).write(to: URL(fileURLWithPath: directory + "/" + host), options: .atomic)
    }
}
