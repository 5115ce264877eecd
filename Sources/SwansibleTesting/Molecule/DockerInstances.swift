import Foundation
import Swansible

/// Molecule's docker driver, done by Swansible itself (a scenario's own create.yml/destroy.yml
/// would need the community.docker modules): one systemd container per platform, in parallel,
/// on the scenario's own network, reachable as root over SSH on a loopback port.
public struct DockerInstances: Sendable {
    public var workspace: ScenarioWorkspace
    public var scenario: MoleculeScenario
    public var readyTimeout: Double = 120

    public init(workspace: ScenarioWorkspace, scenario: MoleculeScenario) {
        self.workspace = workspace
        self.scenario = scenario
    }

    /// Creates every platform's container; on failure removes what was made and throws.
    public func create(notice: @escaping @Sendable (String) -> Void) async throws -> ScenarioState {
        var state = ScenarioState()
        do {
            try FileManager.default.createDirectory(atPath: workspace.directory, withIntermediateDirectories: true)
            let publicKey = try await makeKey()
            var images: [String: String] = [:]
            for platform in scenario.platforms {
                images[platform.name] = try await PlatformImage.resolve(
                    platform, scenarioDirectory: scenario.directory, workspace: workspace, notice: notice)
            }
            state.networks = try await createNetworks()
            let resolved = images
            let records = try await withThrowingTaskGroup(of: (Int, InstanceRecord).self) { group in
                for (index, platform) in scenario.platforms.enumerated() {
                    group.addTask {
                        (index, try await self.start(platform, image: resolved[platform.name]!, publicKey: publicKey, notice: notice))
                    }
                }
                var started: [(Int, InstanceRecord)] = []
                for try await record in group { started.append(record) }
                return started.sorted { $0.0 < $1.0 }.map(\.1)
            }
            state.instances = records
            try await waitUntilReachable(records)
            state.created = true
            try workspace.save(state)
            return state
        } catch {
            await destroy()
            throw error
        }
    }

    /// Removes the scenario's containers and networks (by label, so leftovers of an
    /// interrupted run go too) and its workspace. Safe to call when nothing exists.
    public func destroy() async {
        let ids = (try? await Docker.run(["ps", "-aq", "--filter", "label=\(workspace.label)"])) ?? ""
        let containers = ids.split(separator: "\n").map(String.init)
        if !containers.isEmpty { _ = try? await Docker.run(["rm", "-f", "-v"] + containers) }
        let networks = (try? await Docker.run(["network", "ls", "-q", "--filter", "label=\(workspace.label)"])) ?? ""
        for network in networks.split(separator: "\n") { _ = try? await Docker.run(["network", "rm", String(network)]) }
        let images = (try? await Docker.run(["images", "-q", "--filter", "label=\(workspace.label)"])) ?? ""
        let imageIDs = Set(images.split(separator: "\n").map(String.init))
        if !imageIDs.isEmpty { _ = try? await Docker.run(["rmi", "-f"] + imageIDs.sorted()) }
        // Its files go too (key, inventory, what the playbooks left in the ephemeral directory):
        // the next create starts from nothing, as molecule's destroy prunes its directory.
        try? FileManager.default.removeItem(atPath: workspace.directory)
    }

    private func makeKey() async throws -> String {
        try? FileManager.default.removeItem(atPath: workspace.keyPath)
        try? FileManager.default.removeItem(atPath: workspace.keyPath + ".pub")
        let result = try await LocalProcess.run("/usr/bin/env", [
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "swansible-test-\(workspace.id)", "-f", workspace.keyPath,
        ], stdin: nil)
        guard result.exitCode == 0 else { throw ScenarioError("ssh-keygen failed: \(result.stderr)") }
        return try String(contentsOfFile: workspace.keyPath + ".pub", encoding: .utf8)
    }

    /// The scenario's own network, plus the networks platforms name (created when absent).
    private func createNetworks() async throws -> [String] {
        var names = [workspace.networkName]
        for platform in scenario.platforms { for network in platform.networks where !names.contains(network) { names.append(network) } }
        for name in names where (try? await Docker.run(["network", "inspect", "--format", "{{.Id}}", name])) == nil {
            try await Docker.run(["network", "create", "--label", workspace.label, name])
        }
        return names
    }

    func runArguments(_ platform: MoleculePlatform, image: String) -> [String] {
        let container = workspace.containerName(platform.name)
        var args = ["run", "-d", "--name", container, "--hostname", platform.hostname ?? platform.name,
                    "--network", workspace.networkName, "--network-alias", platform.name,
                    "--label", workspace.label, "--label", "swansible.test.scenario=\(scenario.name)",
                    "--label", "swansible.test.role=\(workspace.roleDirectory)",
                    "-p", "127.0.0.1::22"]
        // systemd as PID 1 without --privileged (which this kind of machine refuses).
        args += SimulatedCluster.systemdRunArguments
        for capability in platform.capabilities where !["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"].contains(capability) {
            args += ["--cap-add", capability]
        }
        for option in platform.securityOpts { args += ["--security-opt", option] }
        for volume in platform.volumes where !volume.hasPrefix("/sys/fs/cgroup:") { args += ["-v", volume] }
        for mount in platform.tmpfs where !["/run", "/run/lock"].contains(mount) { args += ["--tmpfs", mount] }
        for (key, value) in platform.env.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(key)=\(value)"] }
        for port in platform.publishedPorts { args += ["-p", Self.loopbackOnly(port)] }
        if let mode = platform.cgroupnsMode { args += ["--cgroupns", mode] }
        if let user = platform.user { args += ["--user", user] }
        args.append(image)
        if let command = platform.command, !command.trimmingCharacters(in: .whitespaces).isEmpty {
            args += (try? ShellWords.split(command)) ?? [command]
        }
        return args
    }

    /// A published port binds to 127.0.0.1 only: `8080:80` → `127.0.0.1:8080:80`.
    static func loopbackOnly(_ spec: String) -> String {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1, 2: return "127.0.0.1:" + (parts.count == 1 ? ":" : "") + spec
        default: return "127.0.0.1:" + parts.suffix(2).joined(separator: ":")
        }
    }

    private func start(_ platform: MoleculePlatform, image: String, publicKey: String,
                       notice: @Sendable (String) -> Void) async throws -> InstanceRecord {
        if platform.privileged {
            notice("\(platform.name): privileged: true is not available here; systemd's capabilities are given instead")
        }
        let container = workspace.containerName(platform.name)
        _ = try? await Docker.run(["rm", "-f", container])
        try await Docker.run(runArguments(platform, image: image))
        for network in platform.networks where network != workspace.networkName {
            try await Docker.run(["network", "connect", "--alias", platform.name, network, container])
        }
        let published = try await Docker.run(["port", container, "22/tcp"])
        guard let line = published.split(separator: "\n").first(where: { $0.hasPrefix("127.0.0.1:") }),
              let port = Int(line.split(separator: ":").last ?? "") else {
            throw ScenarioError("no loopback port published for \(container): \(published)")
        }
        let address = try await Docker.run([
            "inspect", "--format", "{{(index .NetworkSettings.Networks \"\(workspace.networkName)\").IPAddress}}", container,
        ])
        // An image without sshd (a local image of the user's) is reached with `docker exec`,
        // as molecule's docker connection reaches every instance.
        let hasSSH = (try? await Docker.run(["exec", container, "/bin/sh", "-c",
                                             "command -v sshd >/dev/null || test -x /usr/sbin/sshd"])) != nil
        if !hasSSH {
            notice("\(platform.name): the image has no sshd; the instance is reached with ansible_connection=docker")
            try await waitForBoot(container)
            return InstanceRecord(name: platform.name, container: container, sshPort: port, address: address, connection: "docker")
        }
        // The key arrives on stdin; the address is a dotted quad from docker, safe in the script.
        try await Docker.run(["exec", "-i", container, "/bin/sh", "-c", """
            set -e
            umask 077
            mkdir -p /root/.ssh
            cat > /root/.ssh/authorized_keys
            umask 022
            if [ -d /usr/lib/coreos ] || [ ! -s /etc/environment ]; then
                printf 'COREOS_PUBLIC_IPV4=%s\\nCOREOS_PRIVATE_IPV4=%s\\n' '\(address)' '\(address)' > /etc/environment
            fi
            """], stdin: Data(publicKey.utf8))
        return InstanceRecord(name: platform.name, container: container, sshPort: port, address: address)
    }

    /// Until systemd (when the image runs it) has finished booting: before that, mounts such
    /// as /tmp may still appear under what a playbook writes.
    private func waitForBoot(_ container: String) async throws {
        let deadline = Date().addingTimeInterval(readyTimeout)
        let booted = """
            command -v systemctl >/dev/null || exit 0
            state=$(systemctl is-system-running 2>/dev/null)
            [ "$state" = running ] || [ "$state" = degraded ]
            """
        while (try? await Docker.run(["exec", container, "/bin/sh", "-c", booted])) == nil {
            guard Date() < deadline else {
                throw ScenarioError("\(container) did not finish booting within \(Int(readyTimeout)) s")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    private func waitUntilReachable(_ records: [InstanceRecord]) async throws {
        let targets = records.filter { $0.connection == nil }.map { record in
            var target = SSHTarget(host: record.name, address: "127.0.0.1", port: record.sshPort, user: "root",
                                   identityFiles: [workspace.keyPath], useDefaultIdentities: false, useAgent: false,
                                   hostKeyChecking: false)
            // Docker's port proxy accepts before sshd listens: poll with short attempts.
            target.connectTimeout = 2
            return target
        }
        let timeout = readyTimeout
        try await SSHReadiness.wait(for: targets, timeout: timeout, pause: .milliseconds(250)) { host, lastError in
            ScenarioError("\(host) did not accept an SSH login as root within \(Int(timeout)) s (does its image run sshd?): \(lastError)")
        }
    }
}
