/// The hosts and groups of an inventory while it is being read, with ansible-core's rules:
/// groups and hosts are kept in the order they were first seen, a group may not become its own
/// ancestor, a host's port is the one of its first definition, and `reconcile()` hangs parentless
/// groups under `all` and puts group-less hosts in `ungrouped`.
struct InventoryGraph: Sendable {
    struct Group: Sendable {
        var name: String
        /// Direct hosts, in the order they were added.
        var hosts: [String] = []
        var children: [String] = []
        var parents: [String] = []
        var vars = ValueDict()
        /// `ansible_group_priority` (default 1): orders groups of equal depth before their name.
        var priority = 1
    }

    struct Host: Sendable {
        var name: String
        var vars = ValueDict()
        /// Groups the host was added to directly, in order.
        var groups: [String] = []
    }

    private(set) var groups: OrderedDictionary<String, Group> = [:]
    private(set) var hosts: OrderedDictionary<String, Host> = [:]

    init() {
        groups["all"] = Group(name: "all")
        groups["ungrouped"] = Group(name: "ungrouped")
        groups["all"]?.children = ["ungrouped"]
        groups["ungrouped"]?.parents = ["all"]
    }

    mutating func addGroup(_ name: String) {
        if groups[name] == nil { groups[name] = Group(name: name) }
    }

    /// Adds `name` (if new, with `ansible_port` and the `inventory_file`/`inventory_dir` of the
    /// source that defined it first), then puts it in `group`.
    mutating func addHost(_ name: String, group: String?, port: Int?, file: String? = nil, directory: String? = nil) {
        if hosts[name] == nil {
            var host = Host(name: name)
            host.vars["inventory_file"] = file.map(Value.string) ?? .null
            host.vars["inventory_dir"] = directory.map(Value.string) ?? .null
            if let port { host.vars["ansible_port"] = .int(port) }
            hosts[name] = host
        }
        // the host's own short list of groups says whether it is in `group` (the group's list
        // may hold thousands: a range such as w[0:9999] must not add in quadratic time)
        if let group, groups[group] != nil, hosts[name]?.groups.contains(group) == false {
            groups[group]?.hosts.append(name)
            hosts[name]?.groups.append(group)
        }
    }

    /// Makes `child` (a group) a child of `group`; refuses a cycle.
    mutating func addChild(_ child: String, to group: String) throws(InventoryError) {
        guard groups[group] != nil, groups[child] != nil else { return }
        if child == group { throw InventoryError(message: "can't add group \(group) to itself") }
        if groups[group]?.children.contains(child) == true { return }
        if ancestors(of: group).contains(child) {
            throw InventoryError(message: "Adding group '\(child)' as child to '\(group)' creates a recursive dependency loop.")
        }
        groups[group]?.children.append(child)
        groups[child]?.parents.append(group)
    }

    /// Sets a group variable; `ansible_group_priority` sets the priority instead.
    mutating func setGroupVariable(_ group: String, _ key: String, _ value: Value) throws(InventoryError) {
        if key == "ansible_group_priority" {
            guard let priority = Self.integer(value) else {
                throw InventoryError(message: "invalid ansible_group_priority \(value.pythonRepr) for group \(group)")
            }
            groups[group]?.priority = priority
        } else {
            groups[group]?.vars[key] = value
        }
    }

    mutating func setHostVariable(_ host: String, _ key: String, _ value: Value) {
        hosts[host]?.vars[key] = value
    }

    /// ansible-core's closing step: parentless groups go under `all`; a host in `ungrouped` and
    /// elsewhere leaves `ungrouped`; a host in no group joins `ungrouped`.
    mutating func reconcile() throws(InventoryError) {
        for name in groups.keys where name != "all" && groups[name]?.parents.isEmpty == true {
            try addChild(name, to: "all")
        }
        var leavingUngrouped: Set<String> = []
        for name in hosts.keys {
            guard let host = hosts[name] else { continue }
            let others = host.groups.filter { $0 != "all" && $0 != "ungrouped" }
            if host.groups.contains("ungrouped") {
                if !others.isEmpty {
                    leavingUngrouped.insert(name)
                    hosts[name]?.groups.removeAll { $0 == "ungrouped" }
                }
            } else if others.isEmpty {
                addHost(name, group: "ungrouped", port: nil)
            }
        }
        if !leavingUngrouped.isEmpty { groups["ungrouped"]?.hosts.removeAll { leavingUngrouped.contains($0) } }
    }

    // MARK: - Queries

    /// Every group above `group` (not including it).
    func ancestors(of group: String) -> Set<String> {
        var seen = Set<String>()
        var queue = groups[group]?.parents ?? []
        while let next = queue.popLast() {
            if seen.insert(next).inserted { queue += groups[next]?.parents ?? [] }
        }
        return seen
    }

    /// `group` and the groups below it, breadth first, each once.
    func descendants(of group: String) -> [String] {
        var ordered = [group]
        var seen: Set<String> = [group]
        var index = 0
        while index < ordered.count {
            for child in groups[ordered[index]]?.children ?? [] where seen.insert(child).inserted {
                ordered.append(child)
            }
            index += 1
        }
        return ordered
    }

    /// The hosts of a group and of every group below it, each once, in ansible's order.
    func hostsBelow(_ group: String) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        for g in descendants(of: group) {
            for h in groups[g]?.hosts ?? [] where seen.insert(h).inserted { result.append(h) }
        }
        return result
    }

    /// Every group a host belongs to, directly or through a parent group (`all` included).
    func allGroups(of host: String) -> Set<String> {
        var result = Set<String>()
        for g in hosts[host]?.groups ?? [] {
            result.insert(g)
            result.formUnion(ancestors(of: g))
        }
        return result
    }

    /// The length of the longest path from `all` (ansible's group depth).
    func depths() -> [String: Int] {
        var depth: [String: Int] = [:]
        func visit(_ g: String, _ d: Int, _ path: inout Set<String>) {
            if let known = depth[g], known >= d { return }
            depth[g] = d
            guard path.insert(g).inserted else { return }
            for child in groups[g]?.children ?? [] { visit(child, d + 1, &path) }
            path.remove(g)
        }
        var path = Set<String>()
        visit("all", 0, &path)
        for name in groups.keys where depth[name] == nil { visit(name, 0, &path) }
        return depth
    }

    static func integer(_ value: Value) -> Int? {
        switch value {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let f) where f == f.rounded(): return Int(exactly: f)
        case .string(let s), .unsafe(let s): return Int(s.iniTrimmed)
        default: return nil
        }
    }
}
