import Foundation
import Testing
import Swansible
import SwansibleTesting

/// The walking skeleton end to end: the demo playbook (roles, templates with facts from both
/// hosts, a systemd unit, a handler) over SSH against two simulated CoreOS hosts.
@Suite(.serialized) struct PlaybookIntegrationTests {
    static let demoHosts = ["demo-01", "demo-02"]

    @Test(.enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
    func demoConvergesThenChangesNothing() async throws {
        try await IntegrationGate.ensureImage()
        try await SimulatedCluster.with(names: Self.demoHosts) { cluster in
            let inventory = cluster.workDirectory + "/inventory.ini"
            try cluster.writeInventory(to: inventory, groups: ["demo": Self.demoHosts])

            let first = await Self.runPlaybook("playbooks/demo.yml", inventory: inventory)
            #expect(first.code == 0, "first run failed:\n\(first.output)")
            for host in Self.demoHosts {
                let stats = try #require(Self.recap(first.output)[host], "no recap line for \(host)")
                #expect(stats.changed >= 5, "\(host) should change on the first run: \(stats)")
                #expect(stats.failed == 0 && stats.unreachable == 0)
            }
            #expect(first.output.contains("RUNNING HANDLER [demo-service : restart demo]"), "no handler ran:\n\(first.output)")

            // What the run left on the hosts.
            let peers = try await Self.shell(cluster, "demo-01", "cat /etc/swansible-demo/peers.conf")
            for host in cluster.hosts {
                #expect(peers.contains("\(host.name) \(host.address)"), "peers.conf lacks \(host.name): \(peers)")
            }
            #expect(peers.hasPrefix("# Managed by Swansible (do not edit)\n"))
            let unit = try await Self.shell(
                cluster, "demo-02", "systemctl is-active swansible-demo; systemctl is-enabled swansible-demo")
            #expect(unit == "active\nenabled")
            let modes = try await Self.shell(
                cluster, "demo-01", "stat -c '%a %U' /etc/swansible-demo/whoami /opt/swansible-demo/heartbeat.sh")
            #expect(modes == "600 root\n755 root")
            let leftovers = try await Self.shell(
                cluster, "demo-01", "find /etc/swansible-demo /opt/swansible-demo /etc/systemd/system -name '*swansible*tmp*' | wc -l")
            #expect(leftovers == "0", "temporary files left behind")

            let second = await Self.runPlaybook("playbooks/demo.yml", inventory: inventory)
            #expect(second.code == 0, "second run failed:\n\(second.output)")
            for host in Self.demoHosts {
                #expect(Self.recap(second.output)[host]?.changed == 0, "second run changed \(host):\n\(second.output)")
            }
            #expect(!second.output.contains("RUNNING HANDLER"))

            var testsOnly = RunOptions()
            testsOnly.tags = ["test"]
            let tagged = await Self.runPlaybook("playbooks/demo.yml", inventory: inventory, options: testsOnly)
            #expect(tagged.code == 0)
            #expect(!tagged.output.contains("demo-peers :"), "--tags test ran role tasks:\n\(tagged.output)")
            #expect(tagged.output.contains("TASK [Every host knows every peer]"))
        }
    }

    @Test(.enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
    func badTemplateLeavesNothingOnTheHost() async throws {
        try await IntegrationGate.ensureImage()
        try await SimulatedCluster.with(names: ["bad-01"]) { cluster in
            let inventory = cluster.workDirectory + "/inventory.ini"
            try cluster.writeInventory(to: inventory)
            let directory = cluster.workDirectory + "/play"
            try FileManager.default.createDirectory(atPath: directory + "/templates", withIntermediateDirectories: true)
            try "good {{ inventory_hostname }}\n".write(toFile: directory + "/templates/good.j2", atomically: true, encoding: .utf8)
            try "line one\n{{ undefined_thing }}\n".write(toFile: directory + "/templates/bad.j2", atomically: true, encoding: .utf8)
            try """
            - hosts: all
              become: true
              gather_facts: false
              tasks:
                - template: src=good.j2 dest=/etc/swansible-target
                - template: src=bad.j2 dest=/etc/swansible-target
            """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
            let result = await Self.runPlaybook(directory + "/site.yml", inventory: inventory)
            #expect(result.code == 2)
            #expect(result.output.contains("undefined_thing"), "the error names the variable:\n\(result.output)")
            #expect(result.output.contains("bad.j2"), "the error names the template:\n\(result.output)")
            let content = try await Self.shell(cluster, "bad-01", "cat /etc/swansible-target; ls -a /etc | grep -c swansible")
            #expect(content == "good bad-01\n1", "the target was touched: \(content)")
        }
    }

    /// WORKLOAD.md's setup: ansible.cfg with `ssh_args = -F ssh.config` (as `vagrant ssh-config`
    /// writes it), a bare host name in a dashed group, facts gathered with become.
    @Test(.enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
    func sshConfigFromAnsibleCfgReachesBareHostNames() async throws {
        try await IntegrationGate.ensureImage()
        try await SimulatedCluster.with(names: ["kube-master-01"]) { cluster in
            let host = try #require(cluster.host(named: "kube-master-01"))
            let dir = cluster.workDirectory + "/vagrant"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try """
            Host kube-master-01
              HostName 127.0.0.1
              User core
              Port \(host.sshPort)
              UserKnownHostsFile /dev/null
              StrictHostKeyChecking no
              PasswordAuthentication no
              IdentityFile \(cluster.privateKeyPath)
              IdentitiesOnly yes
              LogLevel FATAL
            """.write(toFile: dir + "/ssh.config", atomically: true, encoding: .utf8)
            try """
            [defaults]
            remote_user = core
            host_key_checking = false
            retry_files_enabled = false
            ansible_managed = Managed by the vagrant setup
            [ssh_connection]
            ssh_args = -F ssh.config
            """.write(toFile: dir + "/ansible.cfg", atomically: true, encoding: .utf8)
            try "[kube-master]\nkube-master-01\n".write(toFile: dir + "/hosts", atomically: true, encoding: .utf8)
            try """
            - hosts: kube-master
              become: true
              tasks:
                - debug: msg="{{ hostvars[groups['kube-master'][0]]['ansible_env']['COREOS_PUBLIC_IPV4'] }} {{ ansible_managed }}"
            """.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
            var options = RunOptions()
            options.inventorySources = ["hosts"]
            let sink = BufferSink()
            let code = await PlaybookCLI(
                options: options, playbooks: ["site.yml"], environment: [:], currentDirectory: dir,
                callback: DefaultCallback(sink: sink)
            ).run()
            #expect(code == 0, "\(sink.text)\n\(sink.errorText)")
            #expect(sink.text.contains("\"msg\": \"\(host.address) Managed by the vagrant setup\""), "\(sink.text)")
        }
    }

    // MARK: - Helpers

    static func runPlaybook(_ playbook: String, inventory: String, options base: RunOptions = RunOptions()) async -> (code: Int32, output: String) {
        var options = base
        options.inventorySources = [inventory]
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: [playbook], currentDirectory: IntegrationGate.packageRoot.path,
            callback: DefaultCallback(sink: sink)
        ).run()
        return (code, sink.text + sink.errorText)
    }

    /// `host : ok=N changed=N ...` lines of the recap, by host.
    static func recap(_ output: String) -> [String: HostStats] {
        var result: [String: HostStats] = [:]
        for line in output.split(separator: "\n") where line.contains(" : ok=") {
            let host = String(line.split(separator: " ")[0])
            var stats = HostStats()
            for field in line.split(separator: " ") {
                let kv = field.split(separator: "=")
                guard kv.count == 2, let n = Int(kv[1]) else { continue }
                switch kv[0] {
                case "ok": stats.ok = n
                case "changed": stats.changed = n
                case "unreachable": stats.unreachable = n
                case "failed": stats.failed = n
                case "skipped": stats.skipped = n
                default: break
                }
            }
            result[host] = stats
        }
        return result
    }

    static func shell(_ cluster: SimulatedCluster, _ host: String, _ command: String) async throws -> String {
        let container = try #require(cluster.host(named: host)).containerName
        return try await Docker.run(["exec", container, "sh", "-c", command])
    }
}
