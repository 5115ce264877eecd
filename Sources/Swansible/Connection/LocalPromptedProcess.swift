import Foundation

/// A controller-side process run with become and a password (`connection: local`,
/// `delegate_to: localhost`): its output is read as it comes, so that sudo's prompt can be
/// answered before the command's own input is written, as over SSH.
enum LocalPromptedProcess {
    static func run(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let out = Pipe(), err = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input
            let conversation = LocalConversation(exchange, input: input.fileHandleForWriting, stdin: stdin)
            let group = DispatchGroup()
            for (pipe, isStdout) in [(out, true), (err, false)] {
                group.enter()
                DispatchQueue.global().async {
                    while case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
                        conversation.received(chunk, onStdout: isStdout)
                    }
                    group.leave()
                }
            }
            group.enter()
            process.terminationHandler = { _ in group.leave() }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            group.notify(queue: .global()) {
                conversation.closeInput()
                let (stdout, stderr) = conversation.output
                continuation.resume(returning: CommandResult(
                    exitCode: process.terminationStatus,
                    stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }
}

/// The output read so far and the prompt watcher, shared by the two reading queues.
private final class LocalConversation: @unchecked Sendable {
    private let lock = NSLock()
    private var watcher: BecomePromptWatcher
    private var stdout: [UInt8] = []
    private var stderr: [UInt8] = []
    private let input: FileHandle
    private var stdin: Data?
    private var inputClosed = false

    init(_ exchange: BecomePasswordExchange, input: FileHandle, stdin: Data?) {
        self.watcher = BecomePromptWatcher(exchange)
        self.input = input
        self.stdin = stdin
    }

    var output: ([UInt8], [UInt8]) { lock.lock(); defer { lock.unlock() }; return (stdout, stderr) }

    func received(_ chunk: Data, onStdout: Bool) {
        lock.lock()
        if onStdout { stdout += chunk } else { stderr += chunk }
        let step = watcher.isSettled ? nil : watcher.step(stdout: stdout, stderr: stderr)
        lock.unlock()
        switch step {
        case .answer(let bytes)?: try? input.write(contentsOf: bytes)
        case .proceed?: sendInputThenClose()
        case .giveUp?: closeInput()
        case .wait?, nil: break
        }
    }

    /// The command's own input, written off the reading queues (a full pipe would block them).
    private func sendInputThenClose() {
        lock.lock()
        let data = stdin
        stdin = nil
        lock.unlock()
        DispatchQueue.global().async { [self] in
            if let data { try? input.write(contentsOf: data) }
            closeInput()
        }
    }

    func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        guard !inputClosed else { return }
        inputClosed = true
        try? input.close()
    }
}
