import Foundation
import Swansible

/// A set of simulated CoreOS hosts for one test run: one systemd container per host on a
/// private Docker network `swansible-<run id>`, each reachable from the controller over SSH on
/// a loopback port, with user `core` holding a key made for this cluster.
public struct SimulatedCluster: Sendable {
    public var runID: String
    public var network: String
    public var hosts: [SimulatedHost]
    /// The private half of the cluster's ed25519 key (the public half is in every host's
    /// ~core/.ssh/authorized_keys).
    public var privateKeyPath: String
    /// Where the key (and anything else of this run) lives on the controller.
    public var workDirectory: String
    public var image: String

    public static let defaultImage = "swansible/coreos-sim:latest"

    /// Starts one container per name, systemd as PID 1 (capabilities as in PLATFORM.md, not
    /// `--privileged`), writes /etc/environment (COREOS_PUBLIC_IPV4/COREOS_PRIVATE_IPV4 = the
    /// container's network address) and the key, and returns once sshd accepts a login on
    /// every host. On failure everything already created is removed.
    public static func start(names: [String], image: String = defaultImage,
                             runID: String = SimulatedCluster.newRunID(),
                             readyTimeout: Double = 90) async throws -> SimulatedCluster {
        guard Set(names).count == names.count, !names.isEmpty else {
            throw SimulatedClusterError("host names must be unique and non-empty: \(names)")
        }
        guard await Docker.imageExists(image) else {
            throw SimulatedClusterError("image \(image) not found: build it with scripts/build-host-image.sh")
        }
        let work = NSTemporaryDirectory() + "swansible-\(runID)"
        var cluster = SimulatedCluster(runID: runID, network: "swansible-\(runID)", hosts: [],
                                       privateKeyPath: work + "/id_ed25519", workDirectory: work, image: image)
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let publicKey = try await cluster.makeKey()
            try await Docker.run(["network", "create", "--label", "swansible.run=\(runID)", cluster.network])
            let base = cluster
            cluster.hosts = try await withThrowingTaskGroup(of: (Int, SimulatedHost).self) { group in
                for (index, name) in names.enumerated() {
                    group.addTask { (index, try await base.startHost(name, publicKey: publicKey)) }
                }
                var started: [(Int, SimulatedHost)] = []
                for try await host in group { started.append(host) }
                return started.sorted { $0.0 < $1.0 }.map(\.1)
            }
            try await cluster.waitUntilReachable(timeout: readyTimeout)
            return cluster
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Starts a cluster, runs `body`, and removes the cluster whether `body` succeeds or throws.
    public static func with<T: Sendable>(names: [String], image: String = defaultImage,
                                         _ body: (SimulatedCluster) async throws -> T) async throws -> T {
        let cluster = try await start(names: names, image: image)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Removes the containers, the network and the work directory. Safe to call twice.
    public func stop() async {
        let containers = (try? await Docker.run(["ps", "-aq", "--filter", "label=swansible.run=\(runID)"])) ?? ""
        let ids = containers.split(separator: "\n").map(String.init)
        if !ids.isEmpty { _ = try? await Docker.run(["rm", "-f", "-v"] + ids) }
        _ = try? await Docker.run(["network", "rm", network])
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    public static func newRunID() -> String {
        String(UInt32.random(in: .min ... .max), radix: 16)
    }

    public func host(named name: String) -> SimulatedHost? {
        hosts.first { $0.name == name }
    }

    /// How the controller reaches `host` over SSH (host key checking off: keys are new per run).
    public func sshTarget(for host: SimulatedHost) -> SSHTarget {
        SSHTarget(host: host.name, address: "127.0.0.1", port: host.sshPort, user: "core",
                  identityFiles: [privateKeyPath], useDefaultIdentities: false, useAgent: false,
                  hostKeyChecking: false)
    }

    /// Runs a command in the container as root, bypassing SSH (for test set-up and checks).
    @discardableResult
    public func dockerExec(_ host: SimulatedHost, _ command: String, stdin: Data? = nil) async throws -> String {
        try await Docker.run(["exec", "-i", host.containerName, "/bin/sh", "-c", command], stdin: stdin)
    }
}

/// Starting or using a simulated cluster failed.
public struct SimulatedClusterError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
