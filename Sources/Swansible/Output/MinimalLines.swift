import Foundation

/// The lines of ansible-core's `minimal` and `oneline` callbacks, which ad-hoc commands and
/// `stdout_callback` share: `host | SUCCESS => {json}`, `host | CHANGED | rc=0 >>` and the
/// output for the command-line modules, `host | SKIPPED`, `host | FAILED! => {json}`.
enum MinimalLines {
    /// Modules whose result prints as `host | STATE | rc=N >>` followed by the output
    /// (ansible's MODULE_NO_JSON).
    static let commandModules: Set<String> = ["command", "shell", "raw"]

    /// The colour of a result's lines.
    static func role(_ status: HostResultEvent.Status) -> TerminalColours.Kind {
        switch status {
        case .ok: .ok
        case .changed: .changed
        case .skipped: .skip
        case .failed: .error
        case .unreachable: .unreachable
        }
    }

    static func isCommand(_ action: String?) -> Bool {
        action.map { commandModules.contains(TaskAction.shortName($0)) } ?? false
    }

    /// The text for one result, the error block aside; `oneLine` for the `oneline` callback.
    static func text(host: String, status: HostResultEvent.Status, fields: Value, action: String?, oneLine: Bool) -> String {
        let isCommand = isCommand(action) && fields["module_stderr"] == nil
        switch status {
        case .ok, .changed:
            let state = status == .changed ? "CHANGED" : "SUCCESS"
            return isCommand && fields["ansible_job_id"] == nil
                ? commandMessage(host, fields, state, oneLine: oneLine) : "\(host) | \(state) => \(json(fields, oneLine: oneLine))"
        case .skipped:
            return "\(host) | SKIPPED"
        case .failed:
            if oneLine {
                return (isCommand ? commandMessage(host, fields, "FAILED", oneLine: true) + "\n" : "")
                    + "\(host) | FAILED! => \(json(fields, oneLine: true))"
            }
            return isCommand ? commandMessage(host, fields, "FAILED", oneLine: false) : "\(host) | FAILED! => \(json(fields, oneLine: false))"
        case .unreachable:
            return oneLine
                ? "\(host) | UNREACHABLE!: \(fields["msg"]?.pythonString ?? "")"
                : "\(host) | UNREACHABLE! => \(json(fields, oneLine: false))"
        }
    }

    /// `minimal`'s indented JSON, or `oneline`'s (indent 0 with its line ends removed).
    static func json(_ value: Value, oneLine: Bool) -> String {
        oneLine ? value.jsonText(indent: 0, sortKeys: true).replacingOccurrences(of: "\n", with: "") : value.jsonText(indent: 4, sortKeys: true)
    }

    /// `host | STATE | rc=N >>` then stdout, stderr and msg run together and a line break; with
    /// `oneLine`, one line with the output's line ends escaped. Callers add a line break to
    /// text that does not end with one, as ansible's display does.
    static func commandMessage(_ host: String, _ fields: Value, _ state: String, oneLine: Bool) -> String {
        let rc = fields["rc"].map { $0.pythonString } ?? "-1"
        let stdout = fields["stdout"]?.pythonString ?? "", stderr = fields["stderr"]?.pythonString ?? ""
        // (ansible's message ends with a line break of its own: an output that ends with one
        // leaves an empty line.)
        guard oneLine else { return "\(host) | \(state) | rc=\(rc) >>\n" + stdout + stderr + (fields["msg"]?.pythonString ?? "") + "\n" }
        func escaped(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") }
        var line = "\(host) | \(state) | rc=\(rc) | (stdout) \(escaped(stdout))"
        if !stderr.isEmpty { line += " (stderr) \(escaped(stderr))" }
        return line
    }
}
