import Foundation
import Testing
@testable import Swansible

/// Failures before authentication: no server needed, the wording is ansible's (OpenSSH's text
/// after "Failed to connect to the host via ssh: ").
@Suite struct ConnectionUnreachableTests {
    @Test func closedPortIsUnreachableWithOpenSSHWording() async throws {
        let port = try closedLoopbackPort()
        let target = SSHTarget(host: "web1", address: "127.0.0.1", port: port, user: "core")
        let error = await #expect(throws: ConnectionError.self) { try await SSHConnection.connect(target) }
        #expect(error?.host == "web1")
        #expect(error?.message ==
            "Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port \(port): Connection refused")
    }

    @Test func unknownHostNameIsUnreachable() async throws {
        let target = SSHTarget(host: "ghost", address: "nosuchhost.invalid", user: "core")
        let error = await #expect(throws: ConnectionError.self) { try await SSHConnection.connect(target) }
        let message = try #require(error?.message)
        #expect(message.hasPrefix(
            "Failed to connect to the host via ssh: ssh: Could not resolve hostname nosuchhost.invalid: "), "\(message)")
    }

    @Test func silentServerTimesOutWithinConnectTimeout() async throws {
        let listener = try SilentListener()
        let target = SSHTarget(host: "mute", address: "127.0.0.1", port: listener.port, user: "core",
                               connectTimeout: 0.5)
        let error = await #expect(throws: ConnectionError.self) { try await SSHConnection.connect(target) }
        #expect(error?.message ==
            "Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port \(listener.port): "
            + "Connection timed out during banner exchange")
    }

    @Test func manyFailingConnectionsDoNotBlockTheCooperativePool() async throws {
        // Ten connects to a silent server run in parallel; each blocks its own session thread.
        // If libssh2 blocked the two threads of the cooperative pool, they would wait in turns
        // and their waiting intervals would not all overlap: every one must start before any ends.
        let listener = try SilentListener()
        let port = listener.port
        let intervals = await withTaskGroup(of: (Date, Date).self) { group in
            for index in 0..<10 {
                group.addTask {
                    let target = SSHTarget(host: "h\(index)", address: "127.0.0.1", port: port,
                                           user: "core", connectTimeout: 2)
                    let start = Date()
                    _ = try? await SSHConnection.connect(target)
                    return (start, Date())
                }
            }
            var all: [(Date, Date)] = []
            for await interval in group { all.append(interval) }
            return all
        }
        let lastStart = intervals.map(\.0).max() ?? Date()
        let firstEnd = intervals.map(\.1).min() ?? Date()
        #expect(lastStart < firstEnd, "the connects waited in turns instead of together")
    }
}
