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

    /// `--list --yaml`: groups nest under `children`, each with its direct `hosts` as a mapping
    /// of host to variables (a host's variables written at its first appearance only); empty
    /// keys and groups left out.
    public func yamlListValue(playbookDirectory: String? = nil) throws -> Value {
        var seenGroups = Set<String>()
        var seenHosts = Set<String>()
        let available = Set(hostNames)
        func format(_ name: String) throws -> ValueDict? {
            guard let group = graph.groups[name] else { return nil }
            var entry = ValueDict()
            var children = ValueDict()
            for child in group.children where child != "all" {
                if seenGroups.contains(child) {
                    children[child] = .dict([:])
                } else {
                    seenGroups.insert(child)
                    // A group with nothing to show is left out, as ansible-inventory does.
                    if let formatted = try format(child), !formatted.isEmpty { children[child] = .dict(formatted) }
                }
            }
            if !children.isEmpty { entry["children"] = .dict(children) }
            var hosts = ValueDict()
            if name != "all" {
                for host in group.hosts where available.contains(host) {
                    var vars = ValueDict()
                    if seenHosts.insert(host).inserted {
                        vars = try variables(for: host, playbookDirectory: playbookDirectory)
                        vars["inventory_file"] = nil
                        vars["inventory_dir"] = nil
                    }
                    hosts[host] = .dict(vars)
                }
            }
            if !hosts.isEmpty { entry["hosts"] = .dict(hosts) }
            return entry
        }
        let all = try format("all") ?? [:]
        return .dict(all.isEmpty ? [:] : ["all": .dict(all)])
    }

    /// Variables `--graph --vars` shows: each host's, and each group's own.
    public struct GraphVariables: Sendable {
        public var hosts: [String: ValueDict]
        public var groups: [String: ValueDict]
        public init(hosts: [String: ValueDict], groups: [String: ValueDict]) {
            self.hosts = hosts
            self.groups = groups
        }
    }

    /// A group's own variables (its inventory-file vars, then its group_vars files, and a
    /// priority other than 1 as `ansible_group_priority`), by group.
    public func groupVariables(playbookDirectory: String?) throws -> [String: ValueDict] {
        var result: [String: ValueDict] = [:]
        for (name, group) in graph.groups {
            var vars = group.vars
            for (k, v) in try groupFileVariables(name, playbookDirectory: playbookDirectory) { vars[k] = v }
            if group.priority != 1 { vars["ansible_group_priority"] = .int(group.priority) }
            result[name] = vars
        }
        return result
    }

    /// The `--graph` text from `group` (default `all`): child groups first, then direct hosts;
    /// with `variables`, `{name = value}` lines (sorted) under each host and after each group.
    public func graphText(from group: String = "all", variables: GraphVariables? = nil) throws -> String {
        guard graph.groups[group] != nil else {
            throw InventoryError(message: "Pattern must be valid group name when using --graph")
        }
        var lines: [String] = []
        func name(_ text: String, _ depth: Int) -> String {
            depth == 0 ? text : String(repeating: "  |", count: depth) + "--" + text
        }
        func show(_ vars: ValueDict?, _ depth: Int) {
            for key in (vars ?? [:]).keys.sorted() { lines.append(name("{\(key) = \(vars![key]!.pythonString)}", depth)) }
        }
        func walk(_ g: String, _ depth: Int) {
            lines.append(name("@\(g):", depth))
            for child in graph.groups[g]?.children ?? [] { walk(child, depth + 1) }
            if g != "all" {
                for host in graph.groups[g]?.hosts ?? [] {
                    lines.append(name(host, depth + 1))
                    if let variables { show(variables.hosts[host], depth + 2) }
                }
            }
            if let variables { show(variables.groups[g], depth + 1) }
        }
        walk(group, 0)
        return lines.joined(separator: "\n")
    }
}
