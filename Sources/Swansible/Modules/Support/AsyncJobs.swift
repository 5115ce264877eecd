import Foundation

/// The run's `async` jobs (`async: N` with `poll`), by job id: a job runs on the controller as a
/// task of its own, talking to its host over the run's connection, and leaves its result here and
/// in the host's `~/.ansible_async/<jid>` file, where `async_status` finds it. A job that
/// outlives the run is ended with it (ansible-core's go on on the host).
public actor AsyncJobs {
    public enum State: Sendable {
        case running
        case finished(ValueDict)
    }

    private var jobs: [String: State] = [:]

    public init() {}

    /// A job id as ansible-core makes them: `j` and 12 digits, a dot, the controller's pid.
    public static func newID() -> String {
        "j\(UInt64.random(in: 100_000_000_000 ... 999_999_999_999)).\(getpid())"
    }

    /// Starts `work` for job `jid` and returns at once; its result is kept when it ends.
    public func start(_ jid: String, _ work: @escaping @Sendable () async -> ValueDict) {
        jobs[jid] = .running
        Task { self.finish(jid, with: await work()) }
    }

    private func finish(_ jid: String, with result: ValueDict) {
        // (A job cleaned up while running stays forgotten.)
        guard jobs[jid] != nil else { return }
        jobs[jid] = .finished(result)
    }

    public func state(of jid: String) -> State? { jobs[jid] }

    public func forget(_ jid: String) { jobs[jid] = nil }
}

/// The host side of async jobs: the results directory and files ansible-core keeps there.
enum AsyncResultsFile {
    /// Makes `~/.ansible_async` (of the user the task becomes) and prints the job's file path.
    static func prepareScript(_ jid: String) -> String {
        "d=\"$HOME/.ansible_async\"; mkdir -p \"$d\" && chmod 700 \"$d\" && printf '%s\\n' \"$d/\(jid)\""
    }

    /// Writes `text` to the job's file (through a temporary file and a rename).
    static func writeScript(_ path: String) -> String {
        "cat >\(ShellQuote.quote(path + ".tmp")) && mv -f \(ShellQuote.quote(path + ".tmp")) \(ShellQuote.quote(path))"
    }

    /// Prints the job's file, or nothing when there is none.
    static func readScript(_ jid: String) -> String {
        "f=\"$HOME/.ansible_async/\(jid)\"; printf '%s\\n' \"$f\"; [ -f \"$f\" ] && cat \"$f\"; true"
    }

    /// Removes the job's file; prints its path, then `removed` when there was one.
    static func removeScript(_ jid: String) -> String {
        "f=\"$HOME/.ansible_async/\(jid)\"; printf '%s\\n' \"$f\"; [ -f \"$f\" ] && rm -f \"$f\" && echo removed; true"
    }
}
