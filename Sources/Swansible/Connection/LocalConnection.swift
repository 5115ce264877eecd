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
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let out = Pipe(), err = Pipe(), input = stdin == nil ? nil : Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input ?? FileHandle.nullDevice
            let collected = CollectedOutput()
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global().async {
                collected.setStdout(ChildProcessIO.readAll(out.fileHandleForReading))
                try? out.fileHandleForReading.close()
                group.leave()
            }
            group.enter()
            DispatchQueue.global().async {
                collected.setStderr(ChildProcessIO.readAll(err.fileHandleForReading))
                try? err.fileHandleForReading.close()
                group.leave()
            }
            process.terminationHandler = { p in
                group.notify(queue: .global()) {
                    let (o, e) = collected.contents
                    running.finish(.success(CommandResult(
                        exitCode: p.terminationStatus,
                        stdout: String(decoding: o, as: UTF8.self),
                        stderr: String(decoding: e, as: UTF8.self))))
                }
            }
            guard running.begin(process, continuation) else { return }
            do {
                try process.run()
            } catch {
                running.finish(.failure(error))
                return
            }
            if running.isCancelled { running.terminate(process) }
            if let stdin, let input {
                try? input.fileHandleForReading.close()  // the child has its own copy
                DispatchQueue.global().async {
                    input.fileHandleForWriting.write(stdin)
                    try? input.fileHandleForWriting.close()
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

    func setStdout(_ d: Data) { lock.lock(); stdout = d; lock.unlock() }
    func setStderr(_ d: Data) { lock.lock(); stderr = d; lock.unlock() }
    var contents: (Data, Data) { lock.lock(); defer { lock.unlock() }; return (stdout, stderr) }
}

/// A child process and the caller waiting for it: whichever comes first, its end or the
/// caller's cancellation, answers the caller once.
private final class RunningProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var process: Process?
    private var continuation: CheckedContinuation<CommandResult, any Error>?
    private var cancelled = false

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Records the process about to start; false (and the caller answered) when already cancelled.
    func begin(_ process: Process, _ continuation: CheckedContinuation<CommandResult, any Error>) -> Bool {
        lock.lock()
        if cancelled {
            lock.unlock()
            continuation.resume(throwing: CancellationError())
            return false
        }
        self.process = process
        self.continuation = continuation
        lock.unlock()
        return true
    }

    /// Answers the caller (once) and lets go of the process: the process's termination handler
    /// holds this object, so keeping the process here would keep both, and the pipes' descriptors
    /// with them, for the rest of the run.
    func finish(_ result: Result<CommandResult, any Error>) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        process = nil
        lock.unlock()
        waiting?.resume(with: result)
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let process = process
        lock.unlock()
        // The caller is answered before the kill: the child's end must not answer it first.
        finish(.failure(CancellationError()))
        if let process { terminate(process) }
    }

    /// SIGKILL to the child, unless it has already ended (SIGKILL: a child may have inherited
    /// a mask that blocks SIGTERM from the thread that spawned it).
    func terminate(_ process: Process) {
        lock.lock()
        let ended = continuation == nil && !cancelled
        lock.unlock()
        let pid = process.processIdentifier
        if !ended, pid > 0 { kill(pid, SIGKILL) }
    }
}
