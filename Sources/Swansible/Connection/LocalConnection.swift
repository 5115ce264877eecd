import Foundation

/// Runs commands on the controller itself (`connection: local`, `delegate_to: localhost`).
public struct LocalConnection: Connection {
    public init() {}

    public func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        try await LocalProcess.run("/bin/sh", ["-c", command], stdin: stdin)
    }

    public func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        guard let exchange else { return try await exec(command, stdin: stdin) }
        return try await LocalPromptedProcess.run(command, stdin: stdin, answering: exchange)
    }

    public func put(_ data: Data, to path: String, mode: Int) async throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            throw Self.fileError(error, path: path, what: "could not open for writing")
        }
    }

    public func get(_ path: String) async throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Self.fileError(error, path: path, what: "could not open for reading")
        }
    }

    /// Foundation's file errors in the words SSHConnection uses for the same failures.
    private static func fileError(_ error: any Error, path: String, what: String) -> RemoteFileError {
        let reason: String
        switch (error as? CocoaError)?.code {
        case .fileNoSuchFile?, .fileReadNoSuchFile?: reason = "No such file or directory"
        case .fileReadNoPermission?, .fileWriteNoPermission?: reason = "Permission denied"
        case .fileWriteOutOfSpace?: reason = "No space left on device"
        case .fileWriteVolumeReadOnly?: reason = "Read-only file system"
        default:
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            reason = underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
        }
        return RemoteFileError(host: "localhost", path: path, message: "\(what): \(reason)")
    }

    public func close() async {}
}

/// Spawns a controller-side process without `waitUntilExit` (which costs ~40 ms a call here).
package enum LocalProcess {
    ///
    /// Cancelling the caller (a task `timeout:`, an interrupted run) terminates the process and
    /// returns at once with `CancellationError`, without waiting for whatever it started.
    package static func run(_ executable: String, _ arguments: [String], stdin: Data?) async throws -> CommandResult {
        let running = RunningProcess()
        return try await withTaskCancellationHandler {
            try await start(executable, arguments, stdin: stdin, running: running)
        } onCancel: {
            running.cancel()
        }
    }

    private static func start(_ executable: String, _ arguments: [String], stdin: Data?,
                              running: RunningProcess) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            guard running.begin(continuation) else { return }
            let child: SpawnedProcess
            do {
                child = try SpawnedProcess.spawn(executable, arguments, withInput: stdin != nil)
            } catch {
                running.finish(.failure(error))
                return
            }
            running.started(child.pid)
            let collected = CollectedOutput()
            let group = DispatchGroup()
            for (handle, keep) in [(child.output, collected.setStdout), (child.errors, collected.setStderr)] {
                group.enter()
                DispatchQueue.global().async {
                    keep(ChildProcessIO.readWhileRunning(handle, hasExited: { collected.exited }))
                    try? handle.close()
                    group.leave()
                }
            }
            if let stdin, let input = child.input {
                DispatchQueue.global().async {
                    input.write(stdin)
                    try? input.close()
                }
            }
            DispatchQueue.global().async {
                let status = child.waitForExit()
                collected.exited = true
                group.notify(queue: .global()) {
                    let (o, e) = collected.contents
                    running.finish(.success(CommandResult(
                        exitCode: status, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))))
                }
            }
        }
    }
}

/// Output drained from a child's pipes on two queues.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private var ended = false

    /// The child has exited (its pipes may still be held by a background grandchild).
    var exited: Bool {
        get { lock.lock(); defer { lock.unlock() }; return ended }
        set { lock.lock(); ended = newValue; lock.unlock() }
    }

    func setStdout(_ d: Data) { lock.lock(); stdout = d; lock.unlock() }
    func setStderr(_ d: Data) { lock.lock(); stderr = d; lock.unlock() }
    var contents: (Data, Data) { lock.lock(); defer { lock.unlock() }; return (stdout, stderr) }
}

/// A child process and the caller waiting for it: whichever comes first, its end or the
/// caller's cancellation, answers the caller once.
private final class RunningProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var continuation: CheckedContinuation<CommandResult, any Error>?
    private var cancelled = false

    /// Records the caller; false (and the caller answered) when already cancelled.
    func begin(_ continuation: CheckedContinuation<CommandResult, any Error>) -> Bool {
        lock.lock()
        if cancelled {
            lock.unlock()
            continuation.resume(throwing: CancellationError())
            return false
        }
        self.continuation = continuation
        lock.unlock()
        return true
    }

    /// The child is running: a cancellation from now on kills it (at once if one came first).
    func started(_ pid: pid_t) {
        lock.lock()
        self.pid = pid
        let killNow = cancelled
        lock.unlock()
        if killNow { kill(-pid, SIGKILL) }
    }

    /// Answers the caller (once).
    func finish(_ result: Result<CommandResult, any Error>) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: result)
    }

    /// SIGKILL to the child's process group (what it started goes too) unless it has already
    /// been answered for, and the caller answered at once, before the child's end could answer it.
    func cancel() {
        lock.lock()
        cancelled = true
        let pid = continuation == nil ? 0 : self.pid
        lock.unlock()
        finish(.failure(CancellationError()))
        if pid > 0 { kill(-pid, SIGKILL) }
    }
}
