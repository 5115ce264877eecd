import Foundation

extension SimulatedCluster {
    /// Writes an INI inventory for the cluster: every host with ansible_host=127.0.0.1, its
    /// published port, user `core` and the cluster key, then one section per group. Host key
    /// checking is switched off for real ansible too (the keys are new in every run).
    public func writeInventory(to path: String, groups: [String: [String]] = [:]) throws {
        try inventoryText(groups: groups).write(toFile: path, atomically: true, encoding: .utf8)
    }

    public func inventoryText(groups: [String: [String]] = [:]) throws -> String {
        for (group, members) in groups {
            for member in members where host(named: member) == nil {
                throw SimulatedClusterError("group \(group) names \(member), which is not a host of this cluster")
            }
        }
        var lines = hosts.map { host in
            "\(host.name) ansible_host=127.0.0.1 ansible_port=\(host.sshPort) ansible_user=core "
                + "ansible_ssh_private_key_file=\(privateKeyPath) "
                + "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
        }
        for group in groups.keys.sorted() {
            lines.append("")
            lines.append("[\(group)]")
            lines.append(contentsOf: groups[group] ?? [])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
