import Foundation

/// A `Connection` over SSH (libssh2): one authenticated session per host for the whole run,
/// a channel per command, SFTP (opened once) for files.
///
/// An actor on the shared pool: the session never blocks a thread, it awaits its socket on
/// `SocketReactor` (one thread for every host). Operations take turns (`Turns`), since a
/// libssh2 session can do one thing at a time and an actor lets another call in while one
/// awaits. When the transport breaks (the host rebooted, sshd restarted), the failing call
/// throws `ConnectionError` and the next call opens a fresh session. A server that stops
/// answering is found by the keepalives of `SSHTarget.keepalive` and reported the same way.
public actor SSHConnection: Connection {
    public nonisolated let target: SSHTarget
    private var session: SSHSession?
    private var closed = false
    private let turns = Turns()

    private init(target: SSHTarget) {
        self.target = target
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

    private func open() async throws {
        try await inTurn { _ in }
    }

    /// Runs `body` with the live session (reopened if the last one broke), after the calls
    /// that came before it are done.
    private func inTurn<T>(_ body: nonisolated(nonsending) (SSHSession) async throws -> T) async throws -> T {
        await turns.wait()
        defer { turns.next() }
        if closed {
            throw ConnectionError(host: target.host, message: "the SSH connection to \(target.host) was closed")
        }
        return try await translating {
            try await body(try await liveSession())
        }
    }

    /// The current session, reopened if the last one broke.
    private func liveSession() async throws -> SSHSession {
        if let session, !session.isBroken { return session }
        if let session {
            session.free()
            self.session = nil
        }
        let fresh = try await SSHSession.open(target)
        session = fresh
        // Uploads an interrupted run of this controller left behind go with the new session.
        await RemoteTemporaryFiles.sweep { try await fresh.exec($0, stdin: nil) }
        return fresh
    }

    public func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        try await exec(command, stdin: stdin, answering: nil)
    }

    public func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        try await inTurn { try await $0.exec(command, stdin: stdin, answering: exchange) }
    }

    public func execInShell(_ shell: String, command: String) async throws -> CommandResult? {
        try await inTurn { try await $0.execInShell(shell, command: command) }
    }

    public func put(_ data: Data, to path: String, mode: Int) async throws {
        try await inTurn { try await $0.put(data, to: path, mode: mode) }
    }

    public func get(_ path: String) async throws -> Data {
        try await inTurn { try await $0.get(path) }
    }

    public func close() async {
        await turns.wait()
        defer { turns.next() }
        if let session {
            await session.close()
            self.session = nil
        }
        closed = true
    }

    isolated deinit {
        session?.free()
    }

    /// Maps internal failures to the protocol's errors, in ansible's words.
    private func translating<T>(_ body: nonisolated(nonsending) () async throws -> T) async throws -> T {
        do {
            return try await body()
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

/// A first-come, first-served turn for each caller of an actor whose work awaits in the
/// middle. Used only inside its actor (a class: a struct's mutating wait would hold the
/// actor's property across the suspension).
final class Turns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Returns when it is the caller's turn.
    nonisolated(nonsending) func wait() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Ends the current turn, handing it to the longest waiter.
    func next() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
