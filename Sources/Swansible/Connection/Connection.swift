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
    /// Runs `command` like `exec`, first answering its become password prompt (`exchange`):
    /// the password is written once, and `stdin` only once the command itself runs.
    func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult
    /// Writes `data` to `path` (as the login user), creating or truncating it with `mode`.
    func put(_ data: Data, to path: String, mode: Int) async throws
    /// Reads the whole file at `path` (as the login user).
    func get(_ path: String) async throws -> Data
    /// Runs `command` (one complete shell command line, its stdin empty) in a long-lived shell
    /// that `shell` starts once, such as a root shell through sudo: a command then costs no
    /// new channel and no new sudo. Nil when this connection has no such shells or `shell`
    /// cannot be started; the caller then uses `exec`.
    func execInShell(_ shell: String, command: String) async throws -> CommandResult?
    func close() async
}

extension Connection {
    public func execInShell(_ shell: String, command: String) async throws -> CommandResult? { nil }

    /// Connections that cannot hold a conversation refuse a password exchange.
    public func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        guard exchange == nil else { throw BecomeFailure.unsupportedConnection }
        return try await exec(command, stdin: stdin)
    }
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
