import Foundation
import Testing
import Swansible
@testable import SwansibleTesting

/// The simulated CoreOS hosts themselves: inventory, CoreOS helpers, systemd.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["etcd-01", "etcd-02"]))
struct SimulatedHostTests {
    @Test func inventoryNamesEveryHostWithItsPortAndKey() throws {
        let cluster = try ClusterScope.cluster()
        let text = try cluster.inventoryText(groups: ["etcd": ["etcd-01", "etcd-02"]])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for host in cluster.hosts {
            #expect(lines.contains { $0.hasPrefix("\(host.name) ansible_host=127.0.0.1 ansible_port=\(host.sshPort) ansible_user=core ansible_ssh_private_key_file=\(cluster.privateKeyPath) ") })
        }
        #expect(text.hasSuffix("\n[etcd]\netcd-01\netcd-02\n"))
        #expect(throws: SimulatedClusterError.self) { try cluster.inventoryText(groups: ["x": ["nope"]]) }
    }

    @Test func containersAreNamedAfterTheRunAndHaveDistinctAddresses() throws {
        let cluster = try ClusterScope.cluster()
        #expect(cluster.hosts.map(\.containerName) == ["swansible-\(cluster.runID)-etcd-01", "swansible-\(cluster.runID)-etcd-02"])
        #expect(Set(cluster.hosts.map(\.address)).count == 2)
        #expect(Set(cluster.hosts.map(\.sshPort)).count == 2)
    }

    @Test func etcdWrapperRunsEtcdAsANotifyUnitAndPeersTalk() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "etcd-01"))
        let ssh = try await SSHConnection.connect(cluster.sshTarget(for: host))
        defer { Task { await ssh.close() } }
        // A unit in the style of the era: etcd-wrapper configured by ETCD_* environment.
        let unit = """
            [Service]
            Type=notify
            Environment=ETCD_NAME=etcd-01
            Environment=ETCD_IMAGE_TAG=v3.1.0
            Environment=ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379
            Environment=ETCD_ADVERTISE_CLIENT_URLS=http://\(host.address):2379
            ExecStart=/usr/lib/coreos/etcd-wrapper
            """
        try await ssh.put(Data(unit.utf8), to: "/tmp/etcd-member.service", mode: 0o644)
        let start = try await ssh.exec("""
            sudo -n install -m 0644 /tmp/etcd-member.service /etc/systemd/system/etcd-member.service &&
            sudo -n systemctl daemon-reload && sudo -n systemctl start etcd-member &&
            systemctl is-active etcd-member && ETCDCTL_API=3 etcdctl put /coreos.com/network/config '{"Network":"10.2.0.0/16"}'
            """, stdin: nil)
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stdout == "active\nOK\n", "\(start)")
        // The other host reaches it over the cluster network, by name.
        let peer = try #require(cluster.host(named: "etcd-02"))
        let read = try await cluster.dockerExec(
            peer, "ETCDCTL_API=3 etcdctl --endpoints=http://etcd-01:2379 get --print-value-only /coreos.com/network/config")
        #expect(read == #"{"Network":"10.2.0.0/16"}"#)
    }

    @Test func systemdIsPIDOneAndNoUnitFailed() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "etcd-02"))
        let status = try await cluster.dockerExec(host, "cat /proc/1/comm; systemctl --failed --no-legend | wc -l")
        #expect(status == "systemd\n0")
    }
}
