import Foundation
import Testing
@testable import Swansible

@Suite struct ConnectionAuthPlanTests {
    private let home = "/home/ctl"

    private func plan(_ target: SSHTarget, env: [String: String] = [:], existing: Set<String> = []) -> SSHAuthPlan {
        SSHAuthPlan(target: target, environment: env, home: home,
                    fileExists: { existing.contains($0) }, keyKind: { _ in .ed25519 })
    }

    @Test func explicitKeyComesBeforeAgentAndDefaults() {
        let target = SSHTarget(host: "h", user: "core", identityFiles: ["~/keys/deploy"], password: "pw")
        let result = plan(target, env: ["SSH_AUTH_SOCK": "/tmp/agent.sock"],
                          existing: ["/home/ctl/keys/deploy", "/home/ctl/.ssh/id_ecdsa"])
        #expect(result.attempts == [
            .keyFile(path: "/home/ctl/keys/deploy", kind: .ed25519),
            .agent(socket: "/tmp/agent.sock"),
            .keyFile(path: "/home/ctl/.ssh/id_ecdsa", kind: .ed25519),
            .password,
        ])
        #expect(result.notes.isEmpty)
    }

    @Test func missingKeyFileIsNamedInTheNotes() {
        let target = SSHTarget(host: "h", user: "core", identityFiles: ["/nope/id_ed25519"],
                               useDefaultIdentities: false, useAgent: false)
        let result = plan(target)
        #expect(result.attempts.isEmpty)
        #expect(result.notes.first == "no such identity: /nope/id_ed25519: No such file or directory")
        #expect(result.advice.last?.contains("no key file, no ssh-agent") == true)
    }

    @Test func defaultsAreSkippedWhenDisabledAndDuplicatesTriedOnce() {
        let target = SSHTarget(host: "h", user: "core",
                               identityFiles: ["/home/ctl/.ssh/id_ed25519", "~/.ssh/id_ed25519"],
                               useDefaultIdentities: true, useAgent: false)
        let result = plan(target, existing: ["/home/ctl/.ssh/id_ed25519", "/home/ctl/.ssh/id_rsa"])
        #expect(result.attempts == [
            .keyFile(path: "/home/ctl/.ssh/id_ed25519", kind: .ed25519),
            .keyFile(path: "/home/ctl/.ssh/id_rsa", kind: .ed25519),
        ])
    }

    @Test func agentIsIgnoredWithoutSocketOrWhenOff() {
        let withoutSocket = plan(SSHTarget(host: "h", user: "core", useDefaultIdentities: false))
        #expect(withoutSocket.attempts.isEmpty)
        let off = plan(SSHTarget(host: "h", user: "core", useDefaultIdentities: false, useAgent: false),
                       env: ["SSH_AUTH_SOCK": "/tmp/a"])
        #expect(off.attempts.isEmpty)
    }

    @Test func missingKeyOnAClosedPortReportsThePortFirst() async throws {
        // Like ansible, the TCP failure comes before any complaint about credentials.
        let port = try closedLoopbackPort()
        let target = SSHTarget(host: "h", address: "127.0.0.1", port: port, user: "core",
                               identityFiles: ["/nope/key"])
        let error = await #expect(throws: ConnectionError.self) { try await SSHConnection.connect(target) }
        #expect(error?.message.contains("Connection refused") == true)
    }
}
