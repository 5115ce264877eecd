import Foundation
import Swansible

/// Runs `swansible-playbook` as a child process, as molecule runs ansible-playbook: its output
/// goes through to ours line by line and is read on the way for the tasks that changed
/// something (the idempotence check).
struct PlaybookProcess {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var currentDirectory: String

    struct Outcome: Sendable {
        var exitCode: Int32
        /// `host => task` for each `changed:` line, in order, without repeats.
        var changedTasks: [String]
    }

    /// The `swansible-playbook` beside the running executable, else the one on PATH.
    static func locate() -> String? {
        let directory = ((Bundle.main.executablePath ?? CommandLine.arguments[0]) as NSString).deletingLastPathComponent
        let beside = directory + "/swansible-playbook"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/swansible-playbook" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(running: RunningChild) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        let reader = ChangedTaskReader()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            StandardStream.write(data)
            reader.feed(data)
        }
        let exitCode: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
                running.set(process.processIdentifier)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: ScenarioError("cannot run \(executable): \(error)"))
            }
        }
        running.set(nil)
        // What is still in the pipe once the process is gone.
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = ChildProcessIO.readAll(pipe.fileHandleForReading)
        if !rest.isEmpty {
            StandardStream.write(rest)
            reader.feed(rest)
        }
        return Outcome(exitCode: exitCode, changedTasks: reader.finish())
    }
}

/// The pid of the playbook process running now, for the interrupt handler to pass SIGINT on.
final class RunningChild: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32?

    func set(_ pid: Int32?) { lock.withLock { self.pid = pid } }
    func signal(_ signal: Int32) {
        lock.withLock { if let pid { kill(pid, signal) } }
    }
}

/// Reads the default callback's output: `TASK [name] ***` starts a task, `changed: [host]`
/// (with `-> delegate` or `=> (item=...)` after it) is a change.
final class ChangedTaskReader: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()
    private var task = ""
    private var changed: [String] = []

    func feed(_ data: Data) {
        lock.withLock {
            pending.append(data)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                read(line)
            }
        }
    }

    func finish() -> [String] {
        lock.withLock {
            if !pending.isEmpty { read(String(decoding: pending, as: UTF8.self)); pending.removeAll() }
            return changed
        }
    }

    private func read(_ line: String) {
        if line.hasPrefix("TASK ["), let close = line.range(of: "] *", options: .backwards) {
            task = String(line[line.index(line.startIndex, offsetBy: 6)..<close.lowerBound])
        } else if line.hasPrefix("RUNNING HANDLER ["), let close = line.range(of: "] *", options: .backwards) {
            task = String(line[line.index(line.startIndex, offsetBy: 17)..<close.lowerBound])
        } else if line.hasPrefix("changed: ["), let close = line.firstIndex(of: "]") {
            let host = String(line[line.index(line.startIndex, offsetBy: 10)..<close])
            let entry = "[\(host)] => \(task)"
            if !changed.contains(entry) { changed.append(entry) }
        }
    }
}
