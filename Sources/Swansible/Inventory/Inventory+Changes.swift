import Foundation

/// Changes made while a playbook runs (`add_host`, `group_by`) and `--limit`.
extension Inventory {
    /// What the `add_host` module does: adds the host if new (directly under `all`), merges
    /// `variables` into its host vars, adds it to `groups` (created if missing). Returns whether
    /// anything changed.
    @discardableResult
    public mutating func addDynamicHost(_ name: String, groups: [String], variables: ValueDict) throws -> Bool {
        var changed = false
        try update { graph in
            if graph.hosts[name] == nil {
                graph.addHost(name, group: "all", port: nil)
                changed = true
            }
            for (key, value) in variables where graph.hosts[name]?.vars[key] != value {
                graph.setHostVariable(name, key, value)
                changed = true
            }
            for group in groups {
                if graph.groups[group] == nil { graph.addGroup(group); changed = true }
                if graph.groups[group]?.hosts.contains(name) == false {
                    graph.addHost(name, group: group, port: nil)
                    changed = true
                }
            }
        }
        return changed
    }

    /// What the `group_by` module does: puts `host` in `group` (created if missing), and makes
    /// `group` a child of each of `parents` (created if missing). Returns whether anything changed.
    @discardableResult
    public mutating func addDynamicGroup(_ group: String, parents: [String] = [], host: String) throws -> Bool {
        guard graph.hosts[host] != nil else {
            if HostPattern.localhostNames.contains(host) { return false }
            throw InventoryError(message: "\(host) cannot be matched in inventory")
        }
        var changed = false
        try update { graph in
            if graph.groups[group] == nil { graph.addGroup(group) }
            for parent in parents {
                if graph.groups[parent] == nil { graph.addGroup(parent); changed = true }
                if graph.groups[parent]?.children.contains(group) == false {
                    try graph.addChild(group, to: parent)
                    changed = true
                }
            }
            if !graph.hostsBelow(group).contains(host) {
                graph.addHost(host, group: group, port: nil)
                changed = true
            }
        }
        return changed
    }

    /// The hosts `pattern` selects, kept only when `limit` (ansible's `--limit`) selects them too.
    /// A `@FILE` word of the limit reads more words from FILE, one per line.
    /// The words of a host pattern (or `--limit`) that match nothing, which ansible warns about.
    public func unmatchedWords(in pattern: String) -> [String] {
        HostPattern(graph: graph).unmatchedWords(in: pattern)
    }

    public func hosts(matching pattern: String, limit: String?) throws -> [String] {
        let selected = try hosts(matching: pattern)
        guard let limit else { return selected }
        var words: [String] = []
        for word in HostPattern.split(limit) {
            guard word.hasPrefix("@") else { words.append(word); continue }
            let path = String(word.dropFirst())
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InventoryError(message: "Unable to find limit file \(path)")
            }
            guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
                throw InventoryError(message: "Limit starting with \"@\" must be a file, not a directory: \(path)")
            }
            words += String(decoding: data, as: UTF8.self).configFileLines.map { String($0.iniTrimmed) }.filter { !$0.isEmpty }
        }
        let allowed = Set(try HostPattern(graph: graph).hosts(matchingWords: words))
        return selected.filter { allowed.contains($0) }
    }
}
