import Foundation

/// One connection per target for the whole run, opened on first use (so plays that only run
/// controller-side actions never connect). A failed connect is remembered: the host is
/// unreachable for the rest of the run, as in ansible.
actor ConnectionPool {
    nonisolated let traffic = RemoteTrafficCounter()
    private var connections: [String: Task<any Connection, any Error>] = [:]

    func connection(
        for key: String, open: @escaping @Sendable () async throws -> any Connection
    ) async throws -> any Connection {
        if let existing = connections[key] { return try await existing.value }
        let opening = Task { try await open() }
        connections[key] = opening
        do {
            return try await opening.value
        } catch {
            // Let a later task try again (ansible retries the connection on each task).
            connections[key] = nil
            throw error
        }
    }

    /// `meta: reset_connection`: the target's connection (and its long-lived shell) is closed;
    /// its next task opens a new session, which sees, say, the groups a user was just added to.
    func reset(_ key: String) async {
        guard let opening = connections.removeValue(forKey: key) else { return }
        await Self.close(opening)
    }

    func closeAll() async {
        for (_, opening) in connections { await Self.close(opening) }
        connections = [:]
    }

    /// Closes a connection, waiting at most a few seconds: one whose last call is still stuck on
    /// a silent host (a call abandoned at its task's `timeout:`) is left behind, not waited for.
    private static func close(_ opening: Task<any Connection, any Error>) async {
        _ = try? await withDeadline(seconds: 5) {
            if let connection = try? await opening.value { await connection.close() }
        }
    }
}
