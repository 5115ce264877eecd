import Foundation
import Testing
import Swansible
import SwansibleTesting

/// Differential: the UNREACHABLE messages of SSHConnection against the ones ansible-core (the
/// oracle's `ansible`, over OpenSSH) gives for the same failure. ansible-core 2.19 prefixes
/// "Task failed: " (the executor's part, not the connection's) and OpenSSH adds "Warning:
/// Permanently added ..." lines; both are removed before comparing.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: IntegrationGate.shouldRun && AnsibleOracle.path != nil,
                "needs Docker and the oracle's ansible (SWANSIBLE_ORACLE_PYTHON)"),
       .simulatedCluster(["wording-01"]))
struct ConnectionAnsibleWordingTests {
    private func ours(_ target: SSHTarget) async -> String {
        do {
            let connection = try await SSHConnection.connect(target)
            await connection.close()
            return "(connected)"
        } catch let error as ConnectionError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    private func compare(port: Int, key: String, identityFiles: [String]) async throws {
        var target = SSHTarget(host: "127.0.0.1", address: "127.0.0.1", port: port, user: "core",
                               identityFiles: identityFiles, useDefaultIdentities: false, useAgent: false,
                               hostKeyChecking: false)
        target.connectTimeout = 10
        let mine = await ours(target)
        let theirs = try AnsibleOracle.unreachableMessage(port: port, key: key)
        #expect(mine == theirs, "\nswansible: \(mine)\nansible:   \(theirs)")
    }

    @Test func closedPortMatchesAnsible() async throws {
        let listener = try SimulatedClusterPortProbe.closedPort()
        try await compare(port: listener, key: "/nonexistent", identityFiles: [])
    }

    @Test func unauthorisedKeyMatchesAnsible() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "wording-01"))
        let key = try TestKeys.make(type: "ed25519")
        try await compare(port: host.sshPort, key: key, identityFiles: [key])
    }

    @Test func missingKeyFileMatchesAnsibleUpToOurAdvice() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "wording-01"))
        var target = cluster.sshTarget(for: host)
        target.identityFiles = ["/nope/key"]
        let mine = await ours(target)
        let theirs = try AnsibleOracle.unreachableMessage(port: host.sshPort, key: "/nope/key")
        #expect(mine.hasPrefix(theirs), "\nswansible: \(mine)\nansible:   \(theirs)")
    }
}

/// A loopback port nobody listens on.
enum SimulatedClusterPortProbe {
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw ToolError(description: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The `ansible` command next to the oracle python.
enum AnsibleOracle {
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        let pythons: [String?] = [env["SWANSIBLE_ORACLE_PYTHON"],
                                  IntegrationGate.packageRoot.appendingPathComponent(".oracle-venv/bin/python").path]
        return pythons.compactMap { $0 }
            .map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("ansible").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `ansible -m ping` against 127.0.0.1:port as core with `key`; returns the
    /// UNREACHABLE msg without "Task failed: " and OpenSSH's "Permanently added" warnings.
    static func unreachableMessage(port: Int, key: String) throws -> String {
        guard let path else { throw ToolError(description: "no ansible") }
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = nil
        environment["ANSIBLE_NOCOLOR"] = "1"
        environment["ANSIBLE_HOST_KEY_CHECKING"] = "False"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["all", "-i", "127.0.0.1,", "-m", "ping", "-e", "ansible_port=\(port)",
                             "-e", "ansible_user=core", "-e", "ansible_ssh_private_key_file=\(key)",
                             "-e", "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes'"]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let start = text.range(of: "UNREACHABLE! => ")?.upperBound,
              let object = try JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [String: Any],
              var message = object["msg"] as? String else {
            throw ToolError(description: "ansible gave no UNREACHABLE result:\n\(text)")
        }
        if message.hasPrefix("Task failed: ") { message.removeFirst("Task failed: ".count) }
        return message.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: #"Warning: Permanently added [^\n]*\n"#, with: "", options: .regularExpression)
    }
}
