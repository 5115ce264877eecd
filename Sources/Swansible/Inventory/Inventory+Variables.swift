/// Inventory variables of a host, in ansible-core's precedence.
extension Inventory {
    /// Inventory variables of a host in ansible's precedence order (lowest first): inventory-file
    /// group vars (all, then groups by depth, priority, name), inventory group_vars/all, playbook
    /// group_vars/all, inventory group_vars/*, playbook group_vars/*, inventory-file host vars
    /// (with `inventory_file`, `inventory_dir`, `ansible_port` from `host:port`), inventory
    /// host_vars, playbook host_vars. Later layers replace earlier keys whole.
    ///
    /// The implicit localhost (`localhost`, `127.0.0.1`, `::1` when the inventory lacks them)
    /// gets the `all` layers plus `ansible_connection: local`. An unknown host throws.
    /// `playbookDirectory`: where the playbook's own group_vars/host_vars live (nil: none).
    public func variables(for host: String, playbookDirectory: String?, onWarning: (String) -> Void = { _ in }) throws -> ValueDict {
        let implicit = graph.hosts[host] == nil
        if implicit && !HostPattern.localhostNames.contains(host) {
            throw InventoryError(message: "the host '\(host)' is not in the inventory")
        }
        let groups = precedenceGroups[host] ?? []
        var result = ValueDict()
        func merge(_ layer: ValueDict) { for (k, v) in layer { result[k] = v } }

        merge(graph.groups["all"]?.vars ?? [:])
        for g in groups { merge(graph.groups[g]?.vars ?? [:]) }
        merge(try inventoryFiles(.group, ["all"], onWarning))
        merge(try playbookFiles(.group, ["all"], playbookDirectory, onWarning))
        merge(try inventoryFiles(.group, groups, onWarning))
        merge(try playbookFiles(.group, groups, playbookDirectory, onWarning))
        if implicit {
            merge(["ansible_connection": "local"])
        } else {
            merge(graph.hosts[host]?.vars ?? [:])
        }
        merge(try inventoryFiles(.host, [host], onWarning))
        merge(try playbookFiles(.host, [host], playbookDirectory, onWarning))
        return result
    }

    /// A group's group_vars files: the inventory's, then the playbook directory's.
    func groupFileVariables(_ group: String, playbookDirectory: String?) throws -> ValueDict {
        var result = try inventoryFiles(.group, [group], { _ in })
        for (k, v) in try playbookFiles(.group, [group], playbookDirectory, { _ in }) { result[k] = v }
        return result
    }

    /// Like ansible's vars plugins: source by source, and within a source entity by entity.
    private func inventoryFiles(_ kind: InventoryVarsFiles.Kind, _ names: [String], _ onWarning: (String) -> Void) throws -> ValueDict {
        var result = ValueDict()
        for directory in varsDirectories {
            for name in names {
                for (k, v) in try files(kind, name, directory, onWarning) { result[k] = v }
            }
        }
        return result
    }

    private func playbookFiles(_ kind: InventoryVarsFiles.Kind, _ names: [String], _ directory: String?, _ onWarning: (String) -> Void) throws -> ValueDict {
        guard let directory else { return [:] }
        var result = ValueDict()
        for name in names {
            for (k, v) in try files(kind, name, ConfigPath.normalize(directory), onWarning) { result[k] = v }
        }
        return result
    }

    private func files(_ kind: InventoryVarsFiles.Kind, _ name: String, _ directory: String, _ onWarning: (String) -> Void) throws -> ValueDict {
        try cache.value(directory + "\u{0}" + kind.rawValue + "\u{0}" + name) {
            try InventoryVarsFiles.variables(in: directory, kind: kind, name: name, duplicateKeys: duplicateKeys, onWarning: onWarning)
        }
    }
}
