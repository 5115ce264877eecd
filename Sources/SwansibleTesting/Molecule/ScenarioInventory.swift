import Foundation
import Swansible

/// The files a scenario's playbooks run with, written into the workspace before each step:
/// the inventory (instances as hosts, platform groups and children, the provisioner's
/// group_vars/host_vars and links) and an ansible.cfg (roles path, the provisioner's
/// config_options), as molecule writes them into its ephemeral directory.
struct ScenarioInventory {
    var scenario: MoleculeScenario
    var workspace: ScenarioWorkspace

    /// The inventory as YAML inventory data; instances not created yet have no address
    /// (enough for `syntax`).
    func inventory(state: ScenarioState) -> Value {
        var hosts = ValueDict()
        var groups: [String: (hosts: [String], children: [String])] = [:]
        var groupOrder: [String] = []
        for platform in scenario.platforms {
            var vars = ValueDict()
            if let record = state.instances.first(where: { $0.name == platform.name }), record.connection == "docker" {
                vars["ansible_connection"] = "docker"
                vars["ansible_host"] = .string(record.container)
                vars["swansible_test_container"] = .string(record.container)
            } else if let record = state.instances.first(where: { $0.name == platform.name }) {
                vars["ansible_host"] = .string("127.0.0.1")
                vars["ansible_port"] = .int(record.sshPort)
                vars["ansible_user"] = .string("root")
                vars["ansible_ssh_private_key_file"] = .string(workspace.keyPath)
                vars["swansible_test_container"] = .string(record.container)
            }
            if case .dict(let extra)? = scenario.provisioner.hostVars[platform.name] {
                for (key, value) in extra { vars[key] = value }
            }
            hosts[platform.name] = .dict(vars)
            for group in platform.groups {
                if groups[group] == nil { groupOrder.append(group) }
                groups[group, default: ([], [])].hosts.append(platform.name)
                for child in platform.children where !groups[group]!.children.contains(child) {
                    groups[group]!.children.append(child)
                }
            }
        }
        var children = ValueDict()
        for name in groupOrder {
            var group = ValueDict()
            group["hosts"] = .dict(ValueDict(uniqueKeysWithValues: groups[name]!.hosts.map { ($0, Value.dict([:])) }))
            if !groups[name]!.children.isEmpty {
                group["children"] = .dict(ValueDict(uniqueKeysWithValues: groups[name]!.children.map { ($0, Value.dict([:])) }))
            }
            if case .dict(let vars)? = scenario.provisioner.groupVars[name] { group["vars"] = .dict(vars) }
            children[name] = .dict(group)
        }
        // Child groups no platform names directly exist with their group_vars.
        for (name, vars) in scenario.provisioner.groupVars where name != "all" && children[name] == nil {
            children[name] = .dict(["vars": vars])
        }
        var all = ValueDict()
        all["hosts"] = .dict(hosts)
        if !children.isEmpty { all["children"] = .dict(children) }
        if let vars = scenario.provisioner.groupVars["all"] { all["vars"] = vars }
        return .dict(["all": .dict(all)])
    }

    /// Writes the inventory (JSON, which YAML reads), the links and ansible.cfg.
    func write(state: ScenarioState, rolesPath: [String]) throws {
        let inventoryDirectory = (workspace.inventoryPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: inventoryDirectory, withIntermediateDirectories: true)
        try AtomicFile.write(Data((inventory(state: state).jsonText(indent: 2) + "\n").utf8), to: workspace.inventoryPath)
        for (name, target) in scenario.provisioner.links {
            let link = inventoryDirectory + "/" + (name == "hosts" ? "hosts" : name)
            try? FileManager.default.removeItem(atPath: link)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        }
        try AtomicFile.write(Data(config(rolesPath: rolesPath).utf8), to: workspace.configPath)
    }

    /// ansible.cfg for the scenario's runs.
    func config(rolesPath: [String]) -> String {
        var sections: [(String, [(String, String)])] = [
            ("defaults", [("roles_path", rolesPath.joined(separator: ":")), ("host_key_checking", "False"),
                          ("retry_files_enabled", "False"), ("forks", "50")]),
        ]
        for (section, options) in scenario.provisioner.configOptions.sorted(by: { $0.key < $1.key }) {
            let entries = options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            if let index = sections.firstIndex(where: { $0.0 == section }) {
                let keys = Set(entries.map(\.0))
                sections[index].1 = sections[index].1.filter { !keys.contains($0.0) } + entries
            } else {
                sections.append((section, entries))
            }
        }
        return sections.map { section, entries in
            "[\(section)]\n" + entries.map { "\($0.0) = \($0.1)\n" }.joined()
        }.joined(separator: "\n")
    }
}
