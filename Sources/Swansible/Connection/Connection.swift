import Foundation

/// What a remote (or local) command returned.
public struct CommandResult: Sendable, Equatable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String

    public init(exitCode: Int32, stdout: String, stderr: String) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// A way to reach one host. Implementations keep one authenticated session for the whole run
/// and serialise their own use of it (libssh2 sessions are not thread-safe); many hosts run in
/// parallel, each on its own connection.
public protocol Connection: Sendable {
    /// Runs `command` with the login user's `/bin/sh -c` semantics (the remote login shell for SSH).
    func exec(_ command: String, stdin: Data?) async throws -> CommandResult
    /// Writes `data` to `path` (as the login user), creating or truncating it with `mode`.
    func put(_ data: Data, to path: String, mode: Int) async throws
    /// Reads the whole file at `path` (as the login user).
    func get(_ path: String) async throws -> Data
    func close() async
}

/// Raised when a host cannot be reached or authenticated: Ansible's UNREACHABLE.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var message: String

    public init(host: String, message: String) {
        self.host = host
        self.message = message
    }

    public var description: String { message }
}

/// Privilege escalation for a task, like ansible's `become` keywords (sudo only for now).
public struct BecomeSettings: Sendable, Equatable {
    public var enabled: Bool
    public var user: String
    public var method: String
    public var flags: String

    public init(enabled: Bool = false, user: String = "root", method: String = "sudo", flags: String = "-H -S -n") {
        self.enabled = enabled
        self.user = user
        self.method = method
        self.flags = flags
    }

    /// The become methods Swansible can run on a host (the command is built as sudo's).
    public static let supportedMethods: Set<String> = ["sudo"]

    /// Why `method` cannot be used, when become is on; nil when it can. An unknown name gets
    /// ansible-core's wording; a method ansible has but Swansible does not says so.
    public var unsupportedMethodMessage: String? {
        guard enabled, !Self.supportedMethods.contains(method) else { return nil }
        let ansibleMethods: Set<String> = ["su", "doas", "dzdo", "enable", "ksu", "machinectl", "pbrun", "pfexec", "pmrun", "runas", "sesu"]
        if ansibleMethods.contains(method) {
            return "become_method '\(method)' is not supported by Swansible; supported: \(Self.supportedMethods.sorted().joined(separator: ", "))"
        }
        return "Invalid become method specified, could not find matching plugin: '\(method)'. Use `ansible-doc -t become -l` to list available plugins."
    }
}
