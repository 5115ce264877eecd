import Foundation

/// A `Connection` over SSH (libssh2): one authenticated session per host for the whole run,
/// a channel per command, SFTP (opened once) for files.
///
/// An actor whose executor is its own thread (see `SessionThread`): calls are serialised, as a
/// libssh2 session requires, and block that thread rather than the cooperative pool. When the
/// transport breaks (the host rebooted, sshd restarted), the failing call throws
/// `ConnectionError` and the next call opens a fresh session. A server that stops answering is
/// found by the keepalives of `SSHTarget.keepalive` and reported the same way.
public actor SSHConnection: Connection {
    public nonisolated let target: SSHTarget
    private nonisolated let thread: SessionThread
    private var session: SSHSession?
    private var closed = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        thread.asUnownedSerialExecutor()
    }

    private init(target: SSHTarget) {
        self.target = target
        self.thread = SessionThread(name: "ssh \(target.host)")
    }

    /// Connects and authenticates; throws `ConnectionError` (ansible's UNREACHABLE) with
    /// ansible's wording, e.g. "Failed to connect to the host via ssh: ssh: connect to host
    /// 10.0.0.5 port 22: Connection refused".
    public static func connect(_ target: SSHTarget) async throws -> SSHConnection {
        let connection = SSHConnection(target: target)
        do {
            try await connection.open()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private func open() throws {
        _ = try liveSession()
    }

    /// The current session, reopened if the last one broke.
    private func liveSession() throws -> SSHSession {
        if closed {
            throw ConnectionError(host: target.host, message: "the SSH connection to \(target.host) was closed")
        }
        if let session, !session.isBroken { return session }
        if let session {
            session.free(politely: false)
            self.session = nil
        }
        let fresh = try translating { try SSHSession.open(target) }
        session = fresh
        // Uploads an interrupted run of this controller left behind go with the new session.
        RemoteTemporaryFiles.sweep { try fresh.exec($0, stdin: nil) }
        return fresh
    }

    public func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        try await exec(command, stdin: stdin, answering: nil)
    }

    public func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        let session = try liveSession()
        return try translating { try session.exec(command, stdin: stdin, answering: exchange) }
    }

    public func execInShell(_ shell: String, command: String) async throws -> CommandResult? {
        let session = try liveSession()
        return try translating { try session.execInShell(shell, command: command) }
    }

    public func put(_ data: Data, to path: String, mode: Int) async throws {
        let session = try liveSession()
        try translating { try session.put(data, to: path, mode: mode) }
    }

    public func get(_ path: String) async throws -> Data {
        let session = try liveSession()
        return try translating { try session.get(path) }
    }

    public func close() async {
        if let session {
            session.free(politely: true)
            self.session = nil
        }
        closed = true
        thread.finish()
    }

    isolated deinit {
        session?.free(politely: false)
        thread.finish()
    }

    /// Maps internal failures to the protocol's errors, in ansible's words.
    private func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as SSHFailure {
            switch failure {
            case .unreachable(let message), .setup(let message):
                throw ConnectionError(host: target.host, message: "Failed to connect to the host via ssh: \(message)")
            case .file(let error):
                throw error
            }
        }
    }
}
