import Foundation
import Synchronization

/// What a run asked of its hosts, counted where every module's remote work passes (the run's
/// connections): `swansible-playbook --profile` prints it. A round trip is one command or one
/// whole-file transfer, the unit a module's cost is counted in; the SSH packets under it are not.
public struct RemoteTraffic: Sendable, Equatable {
    public var commands = 0
    public var uploads = 0
    public var downloads = 0
    /// Command text, stdin and uploaded file bytes.
    public var bytesSent = 0
    /// stdout, stderr and downloaded file bytes.
    public var bytesReceived = 0

    public init() {}

    public var roundTrips: Int { commands + uploads + downloads }
}

/// The run's running totals, shared by every host's connection.
public final class RemoteTrafficCounter: Sendable {
    private let totals = Mutex(RemoteTraffic())

    public init() {}

    public var current: RemoteTraffic { totals.withLock { $0 } }

    func command(_ command: String, stdin: Data?, result: CommandResult) {
        totals.withLock {
            $0.commands += 1
            $0.bytesSent += command.utf8.count + (stdin?.count ?? 0)
            $0.bytesReceived += result.stdout.utf8.count + result.stderr.utf8.count
        }
    }

    func upload(_ count: Int) {
        totals.withLock {
            $0.uploads += 1
            $0.bytesSent += count
        }
    }

    func download(_ count: Int) {
        totals.withLock {
            $0.downloads += 1
            $0.bytesReceived += count
        }
    }
}

/// A connection whose commands and transfers are counted in `counter`.
struct CountedConnection: Connection {
    let base: any Connection
    let counter: RemoteTrafficCounter

    func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        let result = try await base.exec(command, stdin: stdin)
        counter.command(command, stdin: stdin, result: result)
        return result
    }

    func exec(_ command: String, stdin: Data?, answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        let result = try await base.exec(command, stdin: stdin, answering: exchange)
        counter.command(command, stdin: stdin, result: result)
        return result
    }

    func put(_ data: Data, to path: String, mode: Int) async throws {
        try await base.put(data, to: path, mode: mode)
        counter.upload(data.count)
    }

    func get(_ path: String) async throws -> Data {
        let data = try await base.get(path)
        counter.download(data.count)
        return data
    }

    func execInShell(_ shell: String, command: String) async throws -> CommandResult? {
        guard let result = try await base.execInShell(shell, command: command) else { return nil }
        counter.command(command, stdin: nil, result: result)
        return result
    }

    func close() async { await base.close() }
}
