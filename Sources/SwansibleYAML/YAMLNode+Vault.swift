/// `!vault` values inside a tree: `Value` has no vault case, so `value` gives their ciphertext as
/// a plain string; whoever decrypts walks the tree with this instead.
///
/// Both walks skip subtrees without a vault (known since the node was made) and visit a subtree
/// shared through aliases once, so a document of nested aliases is never expanded.
extension YAMLNode {
    /// Whether this node is tagged `!vault` (or the deprecated `!vault-encrypted`).
    public var isVault: Bool { tag == "!vault" || tag == "!vault-encrypted" }

    /// Whether any node of this subtree is a `!vault` value (O(1)).
    public var containsVault: Bool { isVault || hasVaultBelow }

    /// The plain value of this subtree, with every `!vault` scalar replaced by `vault(node)`.
    public func value(replacingVault vault: (YAMLNode) throws -> Value) rethrows -> Value {
        var done: [SharedStorage: Value] = [:]
        return try value(replacingVault: vault, done: &done)
    }

    private func value(replacingVault vault: (YAMLNode) throws -> Value, done: inout [SharedStorage: Value]) rethrows -> Value {
        if isVault { return try vault(self) }
        guard hasVaultBelow else { return value }
        let storage: SharedStorage?
        switch kind {
        case .scalar(let v): return v
        case .sequence(let items): storage = SharedStorage(items)
        case .mapping(let pairs): storage = SharedStorage(pairs)
        }
        if let storage, let known = done[storage] { return known }
        let result: Value
        switch kind {
        case .scalar(let v): result = v
        case .sequence(let items):
            result = .list(try items.map { try $0.value(replacingVault: vault, done: &done) })
        case .mapping(let pairs):
            var d = ValueDict(minimumCapacity: pairs.count)
            for p in pairs { d[p.key] = try p.value.value(replacingVault: vault, done: &done) }
            result = .dict(d)
        }
        if let storage { done[storage] = result }
        return result
    }

    /// This subtree with every `!vault` node replaced by a plain scalar `open(node)`.
    public func replacingVault(_ open: (YAMLNode) throws -> Value) rethrows -> YAMLNode {
        var done: [SharedStorage: Kind] = [:]
        return try replacingVault(open, done: &done)
    }

    private func replacingVault(_ open: (YAMLNode) throws -> Value, done: inout [SharedStorage: Kind]) rethrows -> YAMLNode {
        if isVault { return YAMLNode(kind: .scalar(try open(self)), start: start, end: end) }
        guard hasVaultBelow else { return self }
        var copy = self
        switch kind {
        case .scalar: return self
        case .sequence(let items):
            let storage = SharedStorage(items)
            if let storage, let known = done[storage] { copy.kind = known; return copy }
            copy.kind = .sequence(try items.map { try $0.replacingVault(open, done: &done) })
            if let storage { done[storage] = copy.kind }
        case .mapping(let pairs):
            let storage = SharedStorage(pairs)
            if let storage, let known = done[storage] { copy.kind = known; return copy }
            copy.kind = .mapping(try pairs.map {
                YAMLPair(key: $0.key, keyNode: $0.keyNode, value: try $0.value.replacingVault(open, done: &done))
            })
            if let storage { done[storage] = copy.kind }
        }
        return copy
    }
}
