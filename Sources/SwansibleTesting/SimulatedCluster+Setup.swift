import Foundation
import Swansible

extension SimulatedCluster {
    /// Arguments that let systemd run as PID 1 without `--privileged` (see PLATFORM.md).
    /// SYS_PTRACE lets systemd set up `PrivateUsers=` for a unit that also has
    /// `ProtectProc=invisible` (Debian's redis-server, for one): without it, the helper cannot
    /// see the unit's process in the hidden /proc and fails with status=217/USER
    /// ("Failed to set up user namespacing: No such file or directory"), as measured here.
    static let systemdRunArguments = [
        "--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN", "--cap-add", "SYS_PTRACE",
        "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
        "--tmpfs", "/run", "--tmpfs", "/run/lock",
        "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw",
        "--stop-signal", "SIGRTMIN+3",
    ]

    /// ssh-keygen on the controller: a fresh ed25519 key for this cluster; returns the public line.
    func makeKey() async throws -> String {
        let result = try await LocalProcess.run("/usr/bin/env", [
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "swansible-\(runID)", "-f", privateKeyPath,
        ], stdin: nil)
        guard result.exitCode == 0 else {
            throw SimulatedClusterError("ssh-keygen failed: \(result.stderr)")
        }
        return try String(contentsOfFile: privateKeyPath + ".pub", encoding: .utf8)
    }

    func startHost(_ name: String, publicKey: String) async throws -> SimulatedHost {
        let container = "swansible-\(runID)-\(name)"
        try await Docker.run(["run", "-d", "--name", container, "--hostname", name,
                              "--network", network, "--network-alias", name,
                              "--label", "swansible.run=\(runID)", "-p", "127.0.0.1::22"]
                             + Self.systemdRunArguments + [image])
        let published = try await Docker.run(["port", container, "22/tcp"])
        guard let line = published.split(separator: "\n").first(where: { $0.hasPrefix("127.0.0.1:") }),
              let port = Int(line.split(separator: ":").last ?? "") else {
            throw SimulatedClusterError("no loopback port published for \(container): \(published)")
        }
        let address = try await Docker.run([
            "inspect", "--format", "{{(index .NetworkSettings.Networks \"\(network)\").IPAddress}}", container,
        ])
        let host = SimulatedHost(name: name, containerName: container, sshPort: port, address: address)
        // The key arrives on stdin; the address is a dotted quad from docker, safe in the script.
        try await dockerExec(host, """
            set -e
            umask 077
            cat > /home/core/.ssh/authorized_keys
            chown core:core /home/core/.ssh/authorized_keys
            umask 022
            printf 'COREOS_PUBLIC_IPV4=%s\\nCOREOS_PRIVATE_IPV4=%s\\n' '\(address)' '\(address)' > /etc/environment
            """, stdin: Data(publicKey.utf8))
        return host
    }

    /// Polls every host until an SSH login runs `true`.
    func waitUntilReachable(timeout: Double) async throws {
        try await SSHReadiness.wait(for: hosts.map(sshTarget(for:)), timeout: timeout) { host, lastError in
            SimulatedClusterError("\(host) did not accept an SSH login within \(Int(timeout)) s: \(lastError)")
        }
    }
}
