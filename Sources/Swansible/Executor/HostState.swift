import Foundation

/// What the run has learned about each host so far: facts, set_fact/registered variables,
/// failure state, notified handlers. Shared by concurrently running hosts, so guarded by a lock;
/// readers get copies.
final class HostStateStore: LearnedHostVariables, @unchecked Sendable {
    struct Entry {
        var facts = ValueDict()
        /// set_fact and registered results (set_fact precedence).
        var hostVariables = ValueDict()
        /// include_vars results.
        var includedVariables = ValueDict()
        var failed = false
        /// Failed because another host's failure was fatal (`any_errors_fatal`), not by a task of its own.
        var failedByAnotherHost = false
        var unreachable = false
        /// `meta: end_play` / `end_host` took the host out of the current play.
        var endedPlay = false
        /// `meta: end_role`: the role application (its uuid) whose remaining tasks this host skips.
        var endedRole: String?
        var stats = HostStats()
        /// `meta: clear_host_errors` forgave the host's failures: like ansible-core, it stays out
        /// of the current play but takes part in the next ones, and its failures so far (still
        /// in the recap) no longer make the run's exit code.
        var errorsCleared = false
        var forgivenFailures = 0
        var forgivenUnreachable = 0
        /// A failed host running an `always` section: not failed while it runs, failed again
        /// after it, unless `clear_host_errors` there forgave it (it then goes on in the play).
        var failureSuspended = false

        mutating func clearErrors() {
            guard failed || unreachable || failureSuspended else { return }
            if failureSuspended { failureSuspended = false } else { errorsCleared = true }
            forgivenFailures = stats.failed
            forgivenUnreachable = stats.unreachable
        }

        /// Failed or unreachable, and not forgiven by `clear_host_errors`.
        var failedForGood: Bool { (failed || unreachable) && !errorsCleared }

        /// Failures and unreachable tasks not forgiven by `clear_host_errors`.
        var countsAsFailed: Bool { stats.failed > forgivenFailures }
        var countsAsUnreachable: Bool { stats.unreachable > forgivenUnreachable }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    func entry(_ host: String) -> Entry {
        lock.lock()
        defer { lock.unlock() }
        return entries[host] ?? Entry()
    }

    func update(_ host: String, _ change: (inout Entry) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        var e = entries[host] ?? Entry()
        change(&e)
        entries[host] = e
    }

    func isActive(_ host: String) -> Bool {
        let e = entry(host)
        return !e.failed && !e.unreachable && !e.endedPlay
    }

    private var aborted = false
    private var ended = false

    private var stopError: RunStopped?

    /// An error that ends the run at once, with no recap (like an exception in ansible-core's
    /// strategy): nothing more runs, and the run exits with the error's code.
    var runError: RunStopped? {
        get { lock.lock(); defer { lock.unlock() }; return stopError }
        set { lock.lock(); stopError = newValue; lock.unlock() }
    }

    /// `meta: end_play`: no further task or batch of the current play runs.
    var playEnded: Bool {
        get { lock.lock(); defer { lock.unlock() }; return ended }
        set { lock.lock(); ended = newValue; lock.unlock() }
    }

    func learned(_ host: String) -> HostLearnedVariables {
        let e = entry(host)
        return HostLearnedVariables(facts: e.facts, hostVariables: e.hostVariables, includedVariables: e.includedVariables)
    }

    /// `any_errors_fatal` tripped: no further task or play runs.
    var runAborted: Bool {
        get { lock.lock(); defer { lock.unlock() }; return aborted }
        set { lock.lock(); aborted = newValue; lock.unlock() }
    }

    /// A new play: hosts that ended the previous play take part again.
    func startPlay() {
        lock.lock()
        defer { lock.unlock() }
        ended = false
        for key in entries.keys {
            entries[key]?.endedPlay = false
            entries[key]?.endedRole = nil
            if entries[key]?.errorsCleared == true {
                entries[key]?.failed = false
                entries[key]?.unreachable = false
                entries[key]?.errorsCleared = false
            }
        }
    }
}
