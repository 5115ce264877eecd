import Foundation

/// What `ansible` prints for an ad-hoc command: one block per host from its `minimal` callback
/// (`host | SUCCESS => {json}`, `host | CHANGED | rc=0 >>` and the output for the command-line
/// modules), or one line per host from `oneline` (`-o`). Failures are preceded by ansible's
/// error block, whose origin is the ad-hoc task itself. With `treeDirectory` (`-t`), each host's
/// result is also written there as JSON, in a file named after the host.
public final class AdHocCallback: ResultsOnlyCallback, @unchecked Sendable {
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
        let colours = messages.colours
        lock.lock()
        sink.write(colours.paintMessage("""
            [ERROR]: Task failed: \(message)

            Task failed.
            Origin: <adhoc '\(module)' task>

            \(taskText)

            <<< caused by >>>

            \(message)
            Origin: <CLI option '-m'>

            \(module)


            """, .error))
        lock.unlock()
        let result: Value = ["changed": false, "msg": .string("Task failed: \(message)")]
        for host in hosts { write(colours.paint("\(host) | FAILED! => \(MinimalLines.json(result, oneLine: oneLine))", .error) + "\n") }
    }


    public func plain(_ text: String) { write(text + "\n") }

    /// Warnings and errors read as in a playbook run (each warning once).
    public func warning(_ message: String) { messages.warning(message) }
    public func error(_ message: String) { messages.error(message) }
    public func useColours(_ config: AnsibleConfig) { messages.useColours(config) }

    public func hostResult(_ event: HostResultEvent) {
        for warning in event.result["warnings"]?.listValue ?? [] { self.warning(warning.pythonString) }
        var fields = DefaultCallback.cleaned(event.result)
        // Like ansible's minimal callback below -vvv (the level ad-hoc runs here), no `invocation`.
        if case .dict(var d) = fields, d["invocation"] != nil {
            d["invocation"] = nil
            fields = .dict(d)
        }
        if let treeDirectory { writeTree(fields, host: event.host, directory: treeDirectory) }
        if event.status == .failed, !oneLine { errorBlock(event.result) }
        let text = MinimalLines.text(host: event.host, status: event.status, fields: fields, action: module, oneLine: oneLine)
        let painted = messages.colours.paintMessage(text, MinimalLines.role(event.status))
        write(painted.hasSuffix("\n") ? painted : painted + "\n")
    }

    private func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        sink.write(text)
    }

    /// ansible's error block over a failure: the summary and the ad-hoc task as its origin
    /// (each distinct block once).
    private func errorBlock(_ result: Value) {
        let colours = messages.colours
        lock.lock()
        defer { lock.unlock() }
        let block = "[ERROR]: \(DefaultCallback.errorSummary(result))\nOrigin: <adhoc '\(module)' task>\n\n\(taskText)\n\n"
        guard shownErrors.insert(block).inserted else { return }
        sink.write(colours.paintMessage(block, .error))
    }

    private func writeTree(_ fields: Value, host: String, directory: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? Data(fields.jsonText().utf8).write(to: URL(fileURLWithPath: directory + "/" + host), options: .atomic)
    }
}
