import Foundation

/// The task keyword `timeout:` (seconds; 0 or unset: none). Like ansible-core, it bounds the
/// action itself, whatever it waits for (the host, a dead connection, controller-side work),
/// and a task that runs out of time fails with `Timed out after N second(s).`. The abandoned
/// work is cancelled: an SSH command stops waiting within a second and its session is
/// reopened by the next task.
struct TaskTimeout: Sendable {
    var seconds: Int

    func run<T: Sendable>(_ action: @escaping @Sendable () async throws -> T) async throws -> T {
        guard seconds > 0 else { return try await action() }
        do {
            return try await withDeadline(seconds: Double(seconds), action)
        } catch is DeadlineExceeded {
            throw TaskTimedOut(seconds: seconds)
        }
    }
}

/// A task ran out of its `timeout:`.
struct TaskTimedOut: Error, Sendable {
    var seconds: Int

    var message: String { "Timed out after \(seconds) second(s)." }

    /// The failed result, shaped like ansible-core 2.19's (its `timedout` entry included).
    func result(shownAsCause: Bool) -> ValueDict {
        var result: ValueDict = [
            "changed": false, "failed": true, "msg": .string("Task failed: " + message),
            "timedout": [
                "frame": "Configure `DISPLAY_TRACEBACK` to see a traceback on timeout errors.",
                "period": .int(seconds),
            ],
            "_ansible_verbose_always": false,
        ]
        if shownAsCause { result["_ansible_error_causes"] = [["msg": .string(message)]] }
        return result
    }
}
