import Foundation

/// Runs commands on the controller itself (`connection: local`, `delegate_to: localhost`).
public struct LocalConnection: Connection {
    public init() {}

    public func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        try await LocalProcess.run("/bin/sh", ["-c", command], stdin: stdin)
    }

    public func put(_ data: Data, to path: String, mode: Int) async throws {
        let url = URL(fileURLWithPath: path)
        try data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    public func get(_ path: String) async throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    public func close() async {}
}

/// Spawns a controller-side process without `waitUntilExit` (which costs ~40 ms a call here).
package enum LocalProcess {
    package static func run(_ executable: String, _ arguments: [String], stdin: Data?) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let out = Pipe(), err = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = stdin == nil ? FileHandle.nullDevice : input
            let collected = CollectedOutput()
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global().async {
                collected.setStdout(out.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
            group.enter()
            DispatchQueue.global().async {
                collected.setStderr(err.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
            process.terminationHandler = { p in
                group.notify(queue: .global()) {
                    let (o, e) = collected.contents
                    continuation.resume(returning: CommandResult(
                        exitCode: p.terminationStatus,
                        stdout: String(decoding: o, as: UTF8.self),
                        stderr: String(decoding: e, as: UTF8.self)))
                }
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            if let stdin {
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
