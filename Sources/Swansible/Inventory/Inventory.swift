import Foundation
import SwansibleYAML

/// The hosts, groups and inventory variables of a run, read from `-i` sources like ansible-core:
/// INI and YAML files, directories of them, executable scripts, `host1,host2,` lists, with
/// `group_vars/` and `host_vars/` beside each source.
public struct Inventory: Sendable {
    internal private(set) var graph: InventoryGraph
    /// Directories holding the inventory's group_vars/host_vars, in source order.
    let varsDirectories: [String]
    /// A host's groups (without `all`) in variable precedence order: depth, priority, name.
    internal private(set) var precedenceGroups: [String: [String]]
    /// Derived once per change of the graph: asked for on every task of every host.
    private var derived: Derived
    let cache: InventoryVarsCache
    /// What a repeated key in a group_vars/host_vars file does.
    let duplicateKeys: YAMLDuplicateKeys

    private struct Derived: Sendable {
        var hostNames: [String]
        var groups: Value
        var groupNames: [String: [String]]

        init(_ graph: InventoryGraph) {
            hostNames = graph.hostsBelow("all")
            var d = ValueDict()
            for name in graph.groups.keys { d[name] = .list(graph.hostsBelow(name).map(Value.string)) }
            groups = .dict(d)
            var names: [String: [String]] = [:]
            for host in graph.hosts.keys { names[host] = graph.allGroups(of: host).filter { $0 != "all" }.sorted() }
            groupNames = names
        }
    }

    /// Reads every source in order. Sources that no format accepts are skipped with a warning,
    /// as ansible does; a source that is found but broken beyond that throws.
    public static func load(sources: [String], ignoredExtensions: [String]? = nil, ignoredPatterns: [String] = [],
                            duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> Inventory {
        try withoutActuallyEscaping(onWarning) { warn in
            var reader = InventorySourceReader(onWarning: warn)
            reader.duplicateKeys = duplicateKeys
            if let ignoredExtensions { reader.ignoredExtensions = ignoredExtensions }
            reader.ignoredPatterns = try ignoredPatterns.map { pattern in
                do { return try NSRegularExpression(pattern: HostPattern.icuPattern(pattern)) } catch {
                    throw InventoryError(message: "invalid inventory ignore pattern '\(pattern)'")
                }
            }
            for source in sources where !source.isEmpty { try reader.read(source) }
            if !reader.parsedAny { warn("No inventory was parsed, only implicit localhost is available") }
            var graph = reader.graph
            try graph.reconcile()
            if graph.groups.keys.contains(where: { !INIInventoryParser.isValidGroupName($0) }) {
                warn("Invalid characters were found in group names but not replaced, use -vvvv to see details")
            }
            for name in graph.groups.keys where graph.hosts[name] != nil {
                warn("Found both group and host with same name: \(name)")
            }
            return Inventory(graph: graph, varsDirectories: reader.varsDirectories, duplicateKeys: duplicateKeys)
        }
    }

    /// Reads the sources of an ansible.cfg (`inventory`, unless `sources` are given, as `-i` would be),
    /// honouring its ignored extensions and patterns.
    public static func load(config: AnsibleConfig, sources: [String]? = nil, onWarning: (String) -> Void = { _ in }) throws -> Inventory {
        try load(sources: sources ?? config.inventory, ignoredExtensions: config.inventoryIgnoreExtensions,
                 ignoredPatterns: config.inventoryIgnorePatterns, duplicateKeys: config.duplicateDictKey, onWarning: onWarning)
    }

    init(graph: InventoryGraph, varsDirectories: [String], duplicateKeys: YAMLDuplicateKeys = .warn) {
        self.graph = graph
        self.duplicateKeys = duplicateKeys
        self.varsDirectories = varsDirectories
        self.precedenceGroups = Self.precedenceOrder(graph)
        self.derived = Derived(graph)
        self.cache = InventoryVarsCache()
    }

    /// After `add_host`/`group_by` changed the graph.
    mutating func update(_ change: (inout InventoryGraph) throws -> Void) throws {
        var copy = graph
        try change(&copy)
        try copy.reconcile()
        graph = copy
        precedenceGroups = Self.precedenceOrder(copy)
        derived = Derived(copy)
    }

    private static func precedenceOrder(_ graph: InventoryGraph) -> [String: [String]] {
        let depth = graph.depths()
        var order: [String: [String]] = [:]
        for host in graph.hosts.keys {
            order[host] = graph.allGroups(of: host).filter { $0 != "all" }.sorted { a, b in
                let (da, db) = (depth[a] ?? 0, depth[b] ?? 0)
                if da != db { return da < db }
                let (pa, pb) = (graph.groups[a]?.priority ?? 1, graph.groups[b]?.priority ?? 1)
                if pa != pb { return pa < pb }
                return a < b
            }
        }
        return order
    }

    /// The hosts of `all`, in inventory order (the implicit localhost is not one of them).
    public var hostNames: [String] { derived.hostNames }

    /// The hosts a pattern selects, in ansible's order; `[]` when none (reporting that is the caller's business).
    public func hosts(matching pattern: String) throws -> [String] {
        try HostPattern(graph: graph).hosts(matching: pattern)
    }

    /// ansible's `group_names`: the host's groups, direct or inherited, sorted, without `all`
    /// (`ungrouped` included, as ansible-core does).
    public func groupNames(of host: String) -> [String] {
        derived.groupNames[host] ?? []
    }

    /// The `groups` magic variable: every group → its hosts (through child groups too).
    public var groupsVariable: Value { derived.groups }

    /// Whether `host` is in the inventory (not counting the implicit localhost).
    public func contains(host: String) -> Bool { graph.hosts[host] != nil }

    /// The magic variables the inventory knows: `inventory_hostname`, `inventory_hostname_short`,
    /// `group_names`, `groups`.
    public func magicVariables(for host: String) -> ValueDict {
        let isAddress = InventoryAddress.isIPv4(host) || InventoryAddress.isIPv6(host)
        let short = isAddress ? host : String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
        return [
            "inventory_hostname": .string(host),
            "inventory_hostname_short": .string(short),
            "group_names": .list(groupNames(of: host).map(Value.string)),
            "groups": groupsVariable,
        ]
    }
}

/// Parsed group_vars/host_vars files, shared by copies of one inventory.
final class InventoryVarsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: ValueDict] = [:]

    func value(_ key: String, load: () throws -> ValueDict) rethrows -> ValueDict {
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let loaded = try load()
        lock.lock()
        entries[key] = loaded
        lock.unlock()
        return loaded
    }
}
