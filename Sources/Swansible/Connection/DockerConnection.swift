import Foundation

/// `ansible_connection: docker` (community.docker.docker): every command runs with
/// `docker exec` in a running container, named by `ansible_host` (else the inventory name) —
/// no SSH, nothing installed in the container. Files travel through the command's standard
/// input and output (base64 on the way back, so any bytes survive).
public struct DockerConnection: Connection {
    public var host: String
    public var container: String
    /// `ansible_user` (or `remote_user`): `docker exec --user`; nil is the container's own user.
    public var user: String?

    public init(host: String, container: String, user: String? = nil) {
        self.host = host
        self.container = container
        self.user = user
    }

    /// The names ansible-core's docker connection answers to.
    static let names: Set<String> = ["docker", "community.docker.docker"]

    public func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        guard let docker = Self.executable else {
            throw ConnectionError(host: host, message: "the docker command is not installed on the controller")
        }
        var arguments = ["exec", "-i"]
        if let user { arguments += ["--user", user] }
        arguments += [container, "/bin/sh", "-c", command]
        let result = try await LocalProcess.run(docker, arguments, stdin: stdin)
        // The docker CLI's own failures (no such container, not running) mean the host cannot
        // be reached, as ansible-core reports them.
        if result.exitCode != 0, Self.isDockerFailure(result.stderr) {
            throw ConnectionError(host: host, message: "Failed to run a command in container \(container): "
                                  + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    public func put(_ data: Data, to path: String, mode: Int) async throws {
        let quoted = Self.quoted(path)
        let result = try await exec("umask 077 && cat > \(quoted) && chmod \(String(mode, radix: 8)) \(quoted)", stdin: data)
        guard result.exitCode == 0 else {
            throw RemoteFileError(host: host, path: path, message: "could not open for writing: \(Self.reason(result.stderr))")
        }
    }

    public func get(_ path: String) async throws -> Data {
        let result = try await exec("base64 < \(Self.quoted(path))", stdin: nil)
        guard result.exitCode == 0, let data = Data(base64Encoded: result.stdout, options: .ignoreUnknownCharacters) else {
            throw RemoteFileError(host: host, path: path, message: "could not open for reading: \(Self.reason(result.stderr))")
        }
        return data
    }

    public func close() async {}

    static func isDockerFailure(_ stderr: String) -> Bool {
        stderr.hasPrefix("Error response from daemon:") || stderr.hasPrefix("Error: No such container")
            || stderr.hasPrefix("Error: no such container")
    }

    /// The shell's reason (`sh: 1: cannot create /x/y: Directory nonexistent`) in ssh's words.
    private static func reason(_ stderr: String) -> String {
        if stderr.contains("Directory nonexistent") || stderr.contains("No such file") { return "No such file or directory" }
        if stderr.contains("Permission denied") { return "Permission denied" }
        if stderr.contains("Read-only file system") { return "Read-only file system" }
        return stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A path in single quotes for sh (the Modules stage's ShellQuote comes later in the pipeline).
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/docker" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
