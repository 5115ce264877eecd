import Foundation
import Testing
import Swansible
import SwansibleCrypto
import SwansibleTesting

/// The SSH connection against two simulated CoreOS hosts (started once for the suite).
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["etcd-01", "kube-worker-01"]))
struct ConnectionSSHIntegrationTests {
    private func connect(_ name: String = "etcd-01") async throws -> (SSHConnection, SimulatedHost, SimulatedCluster) {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: name))
        return (try await SSHConnection.connect(cluster.sshTarget(for: host)), host, cluster)
    }

    @Test func execSeparatesStdoutStderrAndExitCode() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let result = try await ssh.exec("echo out; echo err >&2; printf 'no newline'; exit 3", stdin: nil)
        #expect(result == CommandResult(exitCode: 3, stdout: "out\nno newline", stderr: "err\n"))
        let ok = try await ssh.exec("true", stdin: nil)
        #expect(ok == CommandResult(exitCode: 0, stdout: "", stderr: ""))
    }

    @Test func execFeedsStdinAndSeesItsEnd() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let result = try await ssh.exec("wc -c; echo done", stdin: Data("hello\nworld\n".utf8))
        #expect(result.stdout == "12\ndone\n")
        let none = try await ssh.exec("cat; echo eof", stdin: nil)
        #expect(none.stdout == "eof\n", "a command without stdin must see end of input at once")
    }

    @Test func largeStdinEchoedBackDoesNotDeadlock() async throws {
        // 6 MiB in and the same back out: both windows fill while we are still writing.
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let payload = Data((0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) })
        let text = String(decoding: payload.map { $0 % 26 + 97 }, as: UTF8.self)
        let result = try await ssh.exec("cat; cat /dev/null >&2", stdin: Data(text.utf8))
        #expect(result.exitCode == 0)
        #expect(result.stdout.utf8.count == text.utf8.count)
        #expect(result.stdout == text)
    }

    @Test func largeInterleavedStdoutAndStderrDoNotDeadlock() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let result = try await ssh.exec(
            "(yes out | head -c 4194304) & (yes err | head -c 4194304 >&2) & wait; exit 7", stdin: nil)
        #expect(result.exitCode == 7)
        #expect(result.stdout.utf8.count == 4_194_304)
        #expect(result.stderr.utf8.count == 4_194_304)
        #expect(result.stdout.hasPrefix("out\nout\n") && result.stderr.hasPrefix("err\nerr\n"))
    }

    @Test func sftpPutAndGetRoundTripWithExactMode() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try await ssh.put(data, to: "/tmp/sftp-roundtrip.bin", mode: 0o640)
        #expect(try await ssh.get("/tmp/sftp-roundtrip.bin") == data)
        let stat = try await ssh.exec("stat -c '%a %s %U' /tmp/sftp-roundtrip.bin; sha256sum < /tmp/sftp-roundtrip.bin", stdin: nil)
        #expect(stat.stdout.hasPrefix("640 1048576 core\n"))
        // Overwriting truncates and sets the new mode, even one the umask would forbid.
        try await ssh.put(Data("short\n".utf8), to: "/tmp/sftp-roundtrip.bin", mode: 0o666)
        let again = try await ssh.exec("stat -c '%a %s' /tmp/sftp-roundtrip.bin", stdin: nil)
        #expect(again.stdout == "666 6\n")
        #expect(try await ssh.get("/tmp/sftp-roundtrip.bin") == Data("short\n".utf8))
        // Empty files work both ways.
        try await ssh.put(Data(), to: "/tmp/empty", mode: 0o600)
        #expect(try await ssh.get("/tmp/empty").isEmpty)
    }

    @Test func sftpErrorsNameThePathAndKeepTheSessionUsable() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let missing = await #expect(throws: RemoteFileError.self) { try await ssh.get("/no/such/file") }
        #expect(missing?.path == "/no/such/file")
        #expect(missing?.message == "could not open for reading: No such file or directory")
        let denied = await #expect(throws: RemoteFileError.self) {
            try await ssh.put(Data("x".utf8), to: "/etc/forbidden", mode: 0o644)
        }
        #expect(denied?.message == "could not open for writing: Permission denied")
        #expect(try await ssh.exec("echo still here", stdin: nil).stdout == "still here\n")
    }

    @Test func loginEnvironmentCarriesCoreOSAddress() async throws {
        let (ssh, host, _) = try await connect()
        defer { Task { await ssh.close() } }
        let env = try await ssh.exec("env", stdin: nil)
        let lines = Set(env.stdout.split(separator: "\n").map(String.init))
        #expect(lines.contains("COREOS_PUBLIC_IPV4=\(host.address)"), "env was:\n\(env.stdout)")
        #expect(lines.contains("COREOS_PRIVATE_IPV4=\(host.address)"))
        #expect(lines.contains("USER=core"))
        let name = try await ssh.exec("hostname; id -un", stdin: nil)
        #expect(name.stdout == "etcd-01\ncore\n")
    }

    @Test func sudoIsPasswordlessAndKeepsEtcEnvironment() async throws {
        let (ssh, host, _) = try await connect()
        defer { Task { await ssh.close() } }
        let result = try await ssh.exec("sudo -H -S -n -u root /bin/sh -c 'id -u; echo $COREOS_PUBLIC_IPV4'", stdin: nil)
        #expect(result == CommandResult(exitCode: 0, stdout: "0\n\(host.address)\n", stderr: ""))
    }

    @Test func hostHasNoPythonButHasCoreOSHelpers() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        let python = try await ssh.exec("command -v python3 python python2 || ls /usr/bin/python* /usr/local/bin/python*", stdin: nil)
        #expect(python.exitCode != 0, "python found: \(python.stdout)")
        let tools = try await ssh.exec(
            "for t in bash curl openssl etcdctl ip ping systemctl /usr/lib/coreos/etcd-wrapper; do command -v $t >/dev/null || echo missing $t; done; systemctl is-system-running",
            stdin: nil)
        #expect(!tools.stdout.contains("missing"), "\(tools.stdout)")
        #expect(tools.stdout.hasSuffix("running\n"), "\(tools.stdout)")
    }

    @Test func twoHostsRunConcurrently() async throws {
        let (first, _, _) = try await connect("etcd-01")
        let (second, _, _) = try await connect("kube-worker-01")
        defer { Task { await first.close(); await second.close() } }
        // Each host stamps when its command started and ended: the two must overlap.
        let command = "date +%s.%N; sleep 1; hostname; date +%s.%N"
        async let a = first.exec(command, stdin: nil)
        async let b = second.exec(command, stdin: nil)
        let (ra, rb) = try await (a, b)
        let la = ra.stdout.split(separator: "\n"), lb = rb.stdout.split(separator: "\n")
        #expect(la.count == 3 && lb.count == 3)
        #expect(la[1] == "etcd-01" && lb[1] == "kube-worker-01")
        let (startA, endA) = (Double(la[0]) ?? 0, Double(la[2]) ?? 0)
        let (startB, endB) = (Double(lb[0]) ?? 0, Double(lb[2]) ?? 0)
        #expect(startA < endB && startB < endA, "the two commands ran one after the other")
    }

    @Test func manySessionsWaitingOnTheirHostsHoldNoThreadEach() async throws {
        // Twelve sessions each wait two seconds on a remote sleep at the same time; the waits
        // are suspended tasks on one socket thread, not a thread per session.
        var opened: [SSHConnection] = []
        for index in 0..<12 { opened.append(try await connect(index % 2 == 0 ? "etcd-01" : "kube-worker-01").0) }
        let sessions = opened
        defer { Task { for ssh in sessions { await ssh.close() } } }
        async let names: [String] = withThrowingTaskGroup(of: String.self) { group in
            for ssh in sessions { group.addTask { try await ssh.exec("sleep 2; echo done", stdin: nil).stdout } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await Task.sleep(for: .seconds(1))
        let threads = Self.threadNames()
        #expect(threads.filter { $0 == "ssh sockets" }.count == 1, "\(threads)")
        #expect(!threads.contains { $0.hasPrefix("ssh ") && $0 != "ssh sockets" }, "\(threads)")
        #expect(try await names == Array(repeating: "done\n", count: 12))
    }

    @Test func proxyJumpReachesAHostOnlyTheJumpHostCanReach() async throws {
        // kube-worker-01 by its container name, which only the cluster network resolves: through
        // etcd-01's published port, in a direct-tcpip channel.
        let cluster = try ClusterScope.cluster()
        let jump = try #require(cluster.host(named: "etcd-01"))
        let inner = try #require(cluster.host(named: "kube-worker-01"))
        var target = cluster.sshTarget(for: inner)
        target.address = inner.containerName
        target.port = 22
        target.hostKeyChecking = false
        target.jumpHost = SSHJumpHost(user: "core", address: "127.0.0.1", port: jump.sshPort)
        let ssh = try await SSHConnection.connect(target)
        #expect(try await ssh.exec("hostname", stdin: nil).stdout == "kube-worker-01\n")
        #expect(Self.threadNames().contains { $0.hasPrefix("ssh jump") }, "\(Self.threadNames())")
        // Megabytes both ways through the pump.
        let payload = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try await ssh.put(payload, to: "/tmp/swansible-jump-payload", mode: 0o600)
        let sums = try await ssh.exec("sha1sum < /tmp/swansible-jump-payload; head -c 2000000 /dev/zero | wc -c; rm -f /tmp/swansible-jump-payload", stdin: nil).stdout
        #expect(sums == Digest.sha1Hex(payload) + "  -\n2000000\n", "\(sums)")
        await ssh.close()
        // The pump's thread ends with the session.
        for _ in 0..<100 where Self.threadNames().contains(where: { $0.hasPrefix("ssh jump") }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!Self.threadNames().contains { $0.hasPrefix("ssh jump") }, "\(Self.threadNames())")

        target.address = "no-such-host.invalid"
        let error = await #expect(throws: ConnectionError.self) { _ = try await SSHConnection.connect(target) }
        #expect(error?.message.contains("port 22 through 127.0.0.1: channel open failed") == true, "\(String(describing: error))")
    }

    @Test func proxyJumpCrossesSeveralHopsInOrder() async throws {
        // etcd-01 by its container name, reached from kube-worker-01, itself reached by name
        // from etcd-01's published port: `-J core@127.0.0.1:PORT,core@kube-worker-01`.
        let cluster = try ClusterScope.cluster()
        let jump = try #require(cluster.host(named: "etcd-01"))
        var target = cluster.sshTarget(for: jump)
        target.address = jump.containerName
        target.port = 22
        target.hostKeyChecking = false
        let inner = try #require(cluster.host(named: "kube-worker-01"))
        target.jumpHost = try SSHJumpHost(parsing: "core@127.0.0.1:\(jump.sshPort),core@\(inner.containerName)")
        let ssh = try await SSHConnection.connect(target)
        #expect(try await ssh.exec("hostname; echo \"$SSH_CLIENT\" | cut -d' ' -f1", stdin: nil).stdout == "etcd-01\n\(inner.address)\n")
        await ssh.close()
    }

    @Test func proxyCommandCarriesTheSession() async throws {
        // OpenSSH's own `ssh -W %h:%p` through etcd-01 carries the session to kube-worker-01 by
        // its container name; a command that ends at once leaves the host unreachable.
        let cluster = try ClusterScope.cluster()
        let jump = try #require(cluster.host(named: "etcd-01"))
        let inner = try #require(cluster.host(named: "kube-worker-01"))
        var target = cluster.sshTarget(for: inner)
        target.address = inner.containerName
        target.port = 22
        target.hostKeyChecking = false
        target.proxyCommand = "ssh -q -i \(cluster.privateKeyPath) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p \(jump.sshPort) -W %h:%p core@127.0.0.1"
        let ssh = try await SSHConnection.connect(target)
        #expect(try await ssh.exec("hostname", stdin: nil).stdout == "kube-worker-01\n")
        await ssh.close()

        target.proxyCommand = "true"
        await #expect(throws: ConnectionError.self) { _ = try await SSHConnection.connect(target) }
    }

    /// The names of this process's threads (Linux: /proc/self/task/*/comm).
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test func hostsReachEachOtherByNameOnTheClusterNetwork() async throws {
        let (ssh, _, cluster) = try await connect("etcd-01")
        defer { Task { await ssh.close() } }
        let worker = try #require(cluster.host(named: "kube-worker-01"))
        let result = try await ssh.exec("getent hosts kube-worker-01 | cut -d' ' -f1; ping -c1 -W2 kube-worker-01 >/dev/null && echo reachable", stdin: nil)
        #expect(result.stdout == "\(worker.address)\nreachable\n", "\(result)")
    }

    @Test func oneSessionServesManySequentialCommands() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        for index in 0..<50 {
            let result = try await ssh.exec("echo \(index)", stdin: nil)
            #expect(result.stdout == "\(index)\n")
        }
        // Every command ran in the same SSH connection: one sshd session process for core.
        let sessions = try await ssh.exec("pgrep -c -u core -f '^sshd: core'", stdin: nil)
        #expect(sessions.stdout == "1\n", "\(sessions)")
    }

    @Test func brokenSessionIsUnreachableThenReopened() async throws {
        let (ssh, _, _) = try await connect()
        defer { Task { await ssh.close() } }
        // Kill our own sshd session process: the running command's connection dies with it.
        let killed = try? await ssh.exec("sudo -n pkill -KILL -f '^sshd: core'", stdin: nil)
        if let killed { Issue.record("expected the session to break, got \(killed)") }
        let after = try await ssh.exec("echo back", stdin: nil)
        #expect(after.stdout == "back\n")
    }
}
