import Foundation
import Testing
import Swansible
import SwansibleTesting

/// A host that disappears in the middle of a command: the command fails as UNREACHABLE
/// promptly instead of hanging, and the next call tries a fresh session.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["gone-01"]))
struct ConnectionHostLossTests {
    @Test func killedHostMidCommandIsUnreachablePromptly() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "gone-01"))
        let ssh = try await SSHConnection.connect(cluster.sshTarget(for: host))
        defer { Task { await ssh.close() } }
        #expect(try await ssh.exec("echo up", stdin: nil).stdout == "up\n")

        let running = Task { try await ssh.exec("sleep 60; echo finished", stdin: nil) }
        try await Task.sleep(for: .milliseconds(500))
        try await Docker.run(["kill", host.containerName])
        let error = await #expect(throws: ConnectionError.self) { _ = try await running.value }
        #expect(error?.message.hasPrefix("Failed to connect to the host via ssh: ") == true, "\(String(describing: error))")

        // The next call tries a fresh session, and the gone host refuses it.
        let again = await #expect(throws: ConnectionError.self) { _ = try await ssh.exec("true", stdin: nil) }
        #expect(again?.message.contains("port \(host.sshPort)") == true, "\(String(describing: again))")
    }
}
