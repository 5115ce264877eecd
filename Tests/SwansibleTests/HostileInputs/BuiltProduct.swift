import Foundation

/// An executable of this package, run as a child process under limits: what crashes, hangs or
/// eats memory there fails one test instead of the test runner.
struct BuiltProduct {
    var url: URL

    /// The product built beside the test bundle (`swift build --build-tests` builds them all).
    init(_ name: String) throws {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [beside, beside.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
            + [Self.packageRoot.appendingPathComponent(".build/debug/\(name)")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw MissingProduct(name: name)
        }
        url = found
    }

    struct MissingProduct: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not built: run `swift build --build-tests` first" }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        var status: Int32
        /// Whether the process ended by a signal (a trap, the memory limit, the timeout).
        var signalled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// Runs the product with `arguments` in `directory`, its address space limited to
    /// `memoryMegabytes` (`ulimit -v` in a shell that then execs it), killed after `timeout`.
    func run(_ arguments: [String], in directory: URL? = nil, memoryMegabytes: Int, timeout: Double) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(memoryMegabytes * 1024) && exec \"$0\" \"$@\"", url.path] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        // read both pipes while the child runs, so a chatty child never blocks on a full pipe
        let outData = LockedData(), errData = LockedData()
        let readers = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            readers.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                readers.leave()
            }
        }
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        readers.wait()
        return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, stdout: String(decoding: outData.get(), as: UTF8.self),
                       stderr: String(decoding: errData.get(), as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }
}

/// Bytes handed from a reader thread to the test.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.withLock { data = d } }
    func get() -> Data { lock.withLock { data } }
}
