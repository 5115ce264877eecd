import Foundation
import Swansible

/// The Docker CLI, run as a child process (with a termination handler, not `waitUntilExit`,
/// which costs ~40 ms a call).
public enum Docker {
    /// True when the docker CLI exists and its engine answers `docker info`.
    public static var isAvailable: Bool {
        guard let path = executablePath else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["info", "--format", "{{.ServerVersion}}"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { return false }
        if done.wait(timeout: .now() + 20) == .timedOut {
            process.terminate()
            return false
        }
        return process.terminationStatus == 0
    }

    /// The `docker` found on PATH.
    static var executablePath: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":")
            .map { "\($0)/docker" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `docker <arguments>`; returns stdout without its trailing newline, throws
    /// `DockerError` on a non-zero exit.
    @discardableResult
    public static func run(_ arguments: [String], stdin: Data? = nil) async throws -> String {
        guard let path = executablePath else {
            throw DockerError(arguments: arguments, exitCode: -1,
                              stderr: "the docker command is not installed (run scripts/ensure-docker.sh)")
        }
        let result = try await LocalProcess.run(path, arguments, stdin: stdin)
        guard result.exitCode == 0 else {
            throw DockerError(arguments: arguments, exitCode: result.exitCode, stderr: result.stderr)
        }
        var out = result.stdout
        while out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// Whether an image exists locally.
    public static func imageExists(_ image: String) async -> Bool {
        (try? await run(["image", "inspect", "--format", "{{.Id}}", image])) != nil
    }
}

/// A docker command that failed.
public struct DockerError: Error, Sendable, CustomStringConvertible {
    public var arguments: [String]
    public var exitCode: Int32
    public var stderr: String

    public var description: String {
        "docker \(arguments.prefix(3).joined(separator: " ")) failed (exit \(exitCode)): "
            + stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
