import Foundation

/// Keys, known_hosts lines and an ssh-agent made with the OpenSSH tools for tests.
enum TestKeys {
    /// A new key pair; `format` is ssh-keygen's `-m` (PEM, PKCS8), OpenSSH's own by default.
    static func make(type: String, bits: String? = nil, passphrase: String = "", format: String? = nil) throws -> String {
        let directory = NSTemporaryDirectory() + "swansible-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/id_\(type)"
        var arguments = ["-q", "-t", type, "-N", passphrase, "-f", path]
        if let bits { arguments += ["-b", bits] }
        if let format { arguments += ["-m", format] }
        _ = try Tool.run("ssh-keygen", arguments)
        return path
    }

    static func keyscan(port: Int, type: String) throws -> String {
        try Tool.run("ssh-keyscan", ["-t", type, "-p", String(port), "127.0.0.1"])
    }
}

/// An ssh-agent of our own in the foreground (-D), on its own socket: nothing is read from
/// or written to the process environment, and `stop` ends exactly this process.
final class TestAgent: @unchecked Sendable {
    let socket: String
    private let process: Process

    private init(socket: String, process: Process) {
        self.socket = socket
        self.process = process
    }

    static func start() throws -> TestAgent {
        let socket = NSTemporaryDirectory() + "swansible-agent-\(UUID().uuidString.prefix(8)).sock"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-agent", "-D", "-a", socket]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let agent = TestAgent(socket: socket, process: process)
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
        guard FileManager.default.fileExists(atPath: socket) else {
            agent.stop()
            throw ToolError(description: "ssh-agent did not create \(socket)")
        }
        return agent
    }

    func add(_ key: String) throws {
        _ = try Tool.run("ssh-add", ["-q", key], environment: ["SSH_AUTH_SOCK": socket])
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: socket)
    }
}

struct ToolError: Error, CustomStringConvertible { var description: String }

enum Tool {
    /// Runs an OpenSSH tool found on PATH; returns stdout, throws on a non-zero exit.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError(description: "\(tool) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
