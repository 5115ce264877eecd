/// What `no_log` puts in place of hidden output.
enum NoLog {
    static let censoredMessage = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"
    /// The label of a hidden loop item.
    static let itemLabel = "(censored due to no_log)"
    /// Under this internal key a censored result keeps its `msg` for the error summary line.
    static let summaryMessageKey = "_ansible_no_log_msg"
    /// Replaces the cause in an unreachable host's message.
    static let connectionError = "<error censored due to no log>"

    /// `Failed to connect to the host via ssh: <cause>` with the cause hidden, like ansible-core;
    /// a message without that shape is hidden whole.
    static func unreachableMessage(_ message: String) -> String {
        let prefix = "Task failed: "
        let body = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
        guard body.hasPrefix("Failed to connect to the host via "), let colon = body.range(of: ": ") else {
            return prefix + connectionError
        }
        return prefix + body[..<colon.upperBound] + connectionError
    }
}
