import Foundation

/// A connection that opens (through the pool) on first use, so controller-side actions such
/// as `debug` or `set_fact` never reach the host.
struct LazyConnection: Connection {
    let key: String
    let pool: ConnectionPool
    let open: @Sendable () async throws -> any Connection

    private func resolved() async throws -> any Connection {
        try await pool.connection(for: key, open: open)
    }

    func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        try await resolved().exec(command, stdin: stdin)
    }

    func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        try await resolved().exec(command, stdin: stdin, answering: exchange)
    }

    func put(_ data: Data, to path: String, mode: Int) async throws {
        try await resolved().put(data, to: path, mode: mode)
    }

    func get(_ path: String) async throws -> Data {
        try await resolved().get(path)
    }

    func execInShell(_ shell: String, command: String) async throws -> CommandResult? {
        try await resolved().execInShell(shell, command: command)
    }

    func close() async {}
}
