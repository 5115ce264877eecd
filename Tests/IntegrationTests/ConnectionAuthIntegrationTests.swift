import Foundation
import Testing
import Swansible
import SwansibleTesting

/// Authentication and host key checking against a simulated host, in ansible's words.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["auth-01"]))
struct ConnectionAuthIntegrationTests {
    private func context() throws -> (SimulatedCluster, SimulatedHost) {
        let cluster = try ClusterScope.cluster()
        return (cluster, try #require(cluster.host(named: "auth-01")))
    }

    private func connectError(_ target: SSHTarget) async -> ConnectionError? {
        await #expect(throws: ConnectionError.self) {
            let connection = try await SSHConnection.connect(target)
            await connection.close()
        }
    }

    /// Adds a public key to core's authorized_keys.
    private func authorize(_ publicKeyPath: String, on host: SimulatedHost, in cluster: SimulatedCluster) async throws {
        let key = try Data(contentsOf: URL(fileURLWithPath: publicKeyPath))
        try await cluster.dockerExec(host, "cat >> /home/core/.ssh/authorized_keys", stdin: key)
    }

    @Test func unauthorisedKeyIsPermissionDenied() async throws {
        let (cluster, host) = try context()
        var target = cluster.sshTarget(for: host)
        target.identityFiles = [try TestKeys.make(type: "ed25519")]
        let error = await connectError(target)
        #expect(error?.message == "Failed to connect to the host via ssh: core@127.0.0.1: Permission denied (publickey).")
        #expect(error?.host == "auth-01")
    }

    @Test func missingKeyFileIsNamedBeforePermissionDenied() async throws {
        let (cluster, host) = try context()
        var target = cluster.sshTarget(for: host)
        target.identityFiles = ["/nope/key"]
        let error = await connectError(target)
        #expect(error?.message == """
            Failed to connect to the host via ssh: no such identity: /nope/key: No such file or directory
            core@127.0.0.1: Permission denied (publickey).
            no key file, no ssh-agent and no password to authenticate with
            """)
    }

    @Test func rsaKeysSignWithSHA2FromEveryFormatAndTheAgent() async throws {
        // The host's OpenSSH 9 refuses ssh-rsa (SHA-1) signatures: each of these logs in with rsa-sha2-512.
        let (cluster, host) = try context()
        let openSSH = try TestKeys.make(type: "rsa", bits: "2048")
        let pem = try TestKeys.make(type: "rsa", bits: "3072", format: "PEM")
        let pkcs8 = try TestKeys.make(type: "rsa", bits: "2048", passphrase: "pkcs8 secret", format: "PKCS8")
        let agentKey = try TestKeys.make(type: "rsa", bits: "2048")
        for key in [openSSH, pem, pkcs8, agentKey] { try await authorize(key + ".pub", on: host, in: cluster) }
        var target = cluster.sshTarget(for: host)
        for key in [openSSH, pem, pkcs8] {
            target.identityFiles = [key]
            target.keyPassphrase = key == pkcs8 ? "pkcs8 secret" : nil
            let connection = try await SSHConnection.connect(target)
            #expect(try await connection.exec("echo rsa", stdin: nil).stdout == "rsa\n", "\(key)")
            await connection.close()
        }
        let agent = try TestAgent.start()
        defer { agent.stop() }
        try agent.add(agentKey)
        target.identityFiles = []
        target.keyPassphrase = nil
        target.useAgent = true
        target.agentSocket = agent.socket
        let viaAgent = try await SSHConnection.connect(target)
        #expect(try await viaAgent.exec("echo agent rsa", stdin: nil).stdout == "agent rsa\n")
        await viaAgent.close()
        let log = try await cluster.dockerExec(host, "journalctl -u ssh -u sshd --no-pager -o cat 2>/dev/null | grep -c 'Accepted publickey for core from .* RSA SHA256' || true")
        #expect((Int(log.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 4, "\(log)")
    }

    @Test func aLockedOpenSSHFormatRSAKeyExplainsTheWayOut() async throws {
        let (cluster, host) = try context()
        let key = try TestKeys.make(type: "rsa", bits: "2048", passphrase: "locked")
        try await authorize(key + ".pub", on: host, in: cluster)
        var target = cluster.sshTarget(for: host)
        target.identityFiles = [key]
        target.keyPassphrase = "locked"
        let error = await connectError(target)
        let message = try #require(error?.message)
        #expect(message.contains("core@127.0.0.1: Permission denied (publickey)."), "\(message)")
        #expect(message.contains("\(key) is a passphrase-protected RSA key in OpenSSH's format"), "\(message)")
        #expect(message.contains("ssh-keygen -p -m PEM -f \(key)"), "\(message)")
    }

    @Test func ecdsaAndPassphraseProtectedKeysAuthenticate() async throws {
        let (cluster, host) = try context()
        let ecdsa = try TestKeys.make(type: "ecdsa", bits: "256")
        let locked = try TestKeys.make(type: "ed25519", passphrase: "open sesame")
        try await authorize(ecdsa + ".pub", on: host, in: cluster)
        try await authorize(locked + ".pub", on: host, in: cluster)
        var target = cluster.sshTarget(for: host)
        target.identityFiles = [ecdsa]
        let viaECDSA = try await SSHConnection.connect(target)
        #expect(try await viaECDSA.exec("id -un", stdin: nil).stdout == "core\n")
        await viaECDSA.close()

        target.identityFiles = [locked]
        target.keyPassphrase = "open sesame"
        let viaLocked = try await SSHConnection.connect(target)
        #expect(try await viaLocked.exec("echo ok", stdin: nil).stdout == "ok\n")
        await viaLocked.close()

        target.keyPassphrase = "wrong"
        let error = await connectError(target)
        #expect(error?.message.contains("core@127.0.0.1: Permission denied (publickey).") == true)
        #expect(error?.message.contains(locked) == true, "the unreadable key is named: \(error?.message ?? "")")
    }

    /// An encrypted key without a passphrase in the settings: asked once for the run, as ssh
    /// asks on the terminal; without a terminal, ssh's words and Permission denied.
    @Test func anEncryptedKeyIsAskedForOncePerRunAndSkippedWithoutATerminal() async throws {
        let (cluster, host) = try context()
        let locked = try TestKeys.make(type: "ed25519", passphrase: "asked for")
        let lockedRSA = try TestKeys.make(type: "rsa", bits: "2048", passphrase: "asked for", format: "PEM")
        try await authorize(locked + ".pub", on: host, in: cluster)
        try await authorize(lockedRSA + ".pub", on: host, in: cluster)
        let questions = QuestionLog()
        let prompt = KeyPassphrasePrompt(ask: { question in questions.append(question); return "asked for" })
        var target = cluster.sshTarget(for: host)
        target.useAgent = false
        target.useDefaultIdentities = false
        target.passphrasePrompt = prompt
        for key in [locked, locked, lockedRSA] {
            target.identityFiles = [key]
            let connection = try await SSHConnection.connect(target)
            #expect(try await connection.exec("echo unlocked", stdin: nil).stdout == "unlocked\n", "\(key)")
            await connection.close()
        }
        #expect(questions.all == ["Enter passphrase for key '\(locked)': ", "Enter passphrase for key '\(lockedRSA)': "])

        target.identityFiles = [locked]
        target.passphrasePrompt = KeyPassphrasePrompt(ask: { _ in nil })
        let error = await connectError(target)
        #expect(error?.message == """
            Failed to connect to the host via ssh: read_passphrase: can't open /dev/tty: No such device or address
            core@127.0.0.1: Permission denied (publickey).
            """)
    }

    @Test func agentIdentityAuthenticates() async throws {
        let (cluster, host) = try context()
        let agent = try TestAgent.start()
        defer { agent.stop() }
        try agent.add(cluster.privateKeyPath)
        var target = cluster.sshTarget(for: host)
        target.identityFiles = []
        target.useAgent = true
        target.agentSocket = agent.socket
        let connection = try await SSHConnection.connect(target)
        #expect(try await connection.exec("echo agent", stdin: nil).stdout == "agent\n")
        await connection.close()
    }

    @Test func unknownHostKeyFailsWhenCheckingAndPassesOnceKnown() async throws {
        let (cluster, host) = try context()
        let knownHosts = NSTemporaryDirectory() + "swansible-kh-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        var target = cluster.sshTarget(for: host)
        target.hostKeyChecking = true
        target.knownHostsFile = knownHosts
        let unknown = await connectError(target)
        let message = try #require(unknown?.message)
        #expect(message.hasPrefix(
            "Failed to connect to the host via ssh: No ED25519 host key is known for [127.0.0.1]:\(host.sshPort) in \(knownHosts)"),
            "\(message)")
        #expect(message.hasSuffix("\nHost key verification failed."))

        // What an OpenSSH client records: the ed25519 line only.
        let scan = try TestKeys.keyscan(port: host.sshPort, type: "ed25519")
        try scan.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let connection = try await SSHConnection.connect(target)
        #expect(try await connection.exec("true", stdin: nil).exitCode == 0)
        await connection.close()

        // Another host's key under this name: changed.
        let forged = scan.replacingOccurrences(
            of: #"ssh-ed25519 \S+"#, with: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
            options: .regularExpression)
        try forged.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let changed = await connectError(target)
        let changedMessage = try #require(changed?.message)
        #expect(changedMessage.hasPrefix("Failed to connect to the host via ssh: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"))
        #expect(changedMessage.contains("Host key for [127.0.0.1]:\(host.sshPort) has changed and you have requested strict checking."))
        #expect(changedMessage.contains("SHA256:"))
        #expect(changedMessage.hasSuffix("Host key verification failed."))
    }
}

/// The questions a test prompt was asked, in order.
final class QuestionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var questions: [String] = []
    func append(_ question: String) { lock.withLock { questions.append(question) } }
    var all: [String] { lock.withLock { questions } }
}
