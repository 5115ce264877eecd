/// What `ansible-inventory --list` and `--graph` print, for the `swansible inventory` command.
extension Inventory {
    /// The `--list` structure: each group with its direct `hosts` and its `children` (empty keys
    /// and empty groups left out), and `_meta.hostvars` with every host's inventory variables.
    public func listValue(playbookDirectory: String? = nil) throws -> Value {
        var result = ValueDict()
        var seen = Set<String>()
        let available = Set(hostNames)
        func format(_ name: String) {
            guard let group = graph.groups[name] else { return }
            var entry = ValueDict()
            if name != "all" {
                let hosts = group.hosts.filter { available.contains($0) }
                if !hosts.isEmpty { entry["hosts"] = .list(hosts.map(Value.string)) }
            }
            var children: [Value] = []
            for child in group.children {
                children.append(.string(child))
                if seen.insert(child).inserted { format(child) }
            }
            if !children.isEmpty { entry["children"] = .list(children) }
            if !entry.isEmpty { result[name] = .dict(entry) }
        }
        format("all")
        var hostvars = ValueDict()
        for host in hostNames {
            var vars = try variables(for: host, playbookDirectory: playbookDirectory)
            vars["inventory_file"] = nil
            vars["inventory_dir"] = nil
            if !vars.isEmpty { hostvars[host] = .dict(vars) }
        }
        result["_meta"] = ["hostvars": .dict(hostvars), "profile": "inventory_legacy"]
        return .dict(result)
    }

    /// The `--graph` text from `group` (default `all`): child groups first, then direct hosts.
    public func graphText(from group: String = "all") throws -> String {
        guard graph.groups[group] != nil else {
            throw InventoryError(message: "Pattern must be valid group name when using --graph")
        }
        var lines: [String] = []
        func name(_ text: String, _ depth: Int) -> String {
            depth == 0 ? text : String(repeating: "  |", count: depth) + "--" + text
        }
        func walk(_ g: String, _ depth: Int) {
            lines.append(name("@\(g):", depth))
            for child in graph.groups[g]?.children ?? [] { walk(child, depth + 1) }
            if g != "all" {
                for host in graph.groups[g]?.hosts ?? [] { lines.append(name(host, depth + 1)) }
            }
        }
        walk(group, 0)
        return lines.joined(separator: "\n")
    }
}
