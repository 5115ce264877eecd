import Foundation
import Testing

/// The built `swansible-playbook` run as a child process, as a user runs it: signals can be
/// sent to it, and its output is read from files once it has ended.
final class PlaybookProcess: @unchecked Sendable {
    static let executable = path(of: "swansible-playbook")

    static func path(of program: String) -> String {
        IntegrationGate.packageRoot.appendingPathComponent(".build/debug/" + program).path
    }

    let process = Process()
    private let stdoutPath: String
    private let stderrPath: String

    /// Starts `swansible-playbook ARGUMENTS` (or another of the built programs) in `directory`,
    /// with `extraEnvironment` added to this process's environment.
    init(_ arguments: [String], in directory: String, program: String = "swansible-playbook",
         extraEnvironment: [String: String] = [:]) throws {
        let executable = Self.path(of: program)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw PlaybookProcessError("\(executable) is missing: run swift build --build-tests first")
        }
        let stamp = UUID().uuidString
        stdoutPath = NSTemporaryDirectory() + "swansible-test-\(stamp).out"
        stderrPath = NSTemporaryDirectory() + "swansible-test-\(stamp).err"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["ANSIBLE_NOCOLOR"] = "1"
        environment.merge(extraEnvironment) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Polls until `condition` holds on what the process has printed so far, at most `seconds`.
    func waitForOutput(within seconds: Double, _ condition: (String) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(stdout) {
            guard Date() < deadline, process.isRunning else {
                throw PlaybookProcessError("the expected output did not appear:\n\(stdout)\n\(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// How the process ended (its exit status, or 128 + the signal that ended it); throws when
    /// it is still running after `seconds` (it is then killed).
    func waitForExit(within seconds: Double) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw PlaybookProcessError("still running after \(seconds) s:\n\(stdout)\n\(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let status = process.terminationStatus
        return process.terminationReason == .uncaughtSignal ? 128 + status : status
    }
}

struct PlaybookProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
