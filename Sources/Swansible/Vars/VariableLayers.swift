/// One host's variables as templates see them: raw layers, lowest precedence first, looked up
/// from the top. Values stay untemplated; the templar templates them lazily when used.
struct VariableLayers: TemplateVariables {
    var layers: [ValueDict]
    /// Resolves `hostvars[other]` to the other host's play-level variables.
    let hostLookup: @Sendable (String) -> VariableLayers?
    /// The inventory's hosts, which `hostvars` iterates.
    var hostNames: [String] = []

    func rawValue(_ name: String) -> Value? {
        for layer in layers.reversed() {
            if let value = layer[name] { return value }
        }
        return nil
    }

    var variableNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for layer in layers {
            for key in layer.keys where seen.insert(key).inserted { names.append(key) }
        }
        return names
    }

    func hostVariables(_ host: String) -> (any TemplateVariables)? { hostLookup(host) }

    /// Without the play context's defaults (`ansible_connection`, `ansible_host`...), which
    /// `PlayVariables` puts first: what the inventory, the play and the run set explicitly, as
    /// the connection settings must read them (an `ansible_host` that defaulted to the inventory
    /// name would hide ssh_config's HostName).
    func withoutPlayContextDefaults() -> VariableLayers {
        guard !layers.isEmpty else { return self }
        var copy = self
        copy.layers.removeFirst()
        return copy
    }

    /// A copy with `layer` on top.
    func adding(_ layer: ValueDict) -> VariableLayers {
        guard !layer.isEmpty else { return self }
        var copy = self
        copy.layers.append(layer)
        return copy
    }
}
