/// `!vault` values inside a tree: `Value` has no vault case, so `value` gives their ciphertext as
/// a plain string; whoever decrypts walks the tree with this instead.
extension YAMLNode {
    /// Whether this node is tagged `!vault` (or the deprecated `!vault-encrypted`).
    public var isVault: Bool { tag == "!vault" || tag == "!vault-encrypted" }

    /// The plain value of this subtree, with every `!vault` scalar replaced by `vault(node)`.
    public func value(replacingVault vault: (YAMLNode) throws -> Value) rethrows -> Value {
        if isVault { return try vault(self) }
        switch kind {
        case .scalar(let v): return v
        case .sequence(let items): return .list(try items.map { try $0.value(replacingVault: vault) })
        case .mapping(let pairs):
            var d = ValueDict()
            for p in pairs { d[p.key] = try p.value.value(replacingVault: vault) }
            return .dict(d)
        }
    }

    /// Whether any node of this subtree is a `!vault` value.
    public var containsVault: Bool {
        if isVault { return true }
        switch kind {
        case .scalar: return false
        case .sequence(let items): return items.contains { $0.containsVault }
        case .mapping(let pairs): return pairs.contains { $0.value.containsVault }
        }
    }
}

extension YAMLNode {
    /// This subtree with every `!vault` node replaced by a plain scalar `open(node)`.
    public func replacingVault(_ open: (YAMLNode) throws -> Value) rethrows -> YAMLNode {
        if isVault { return YAMLNode(kind: .scalar(try open(self)), start: start, end: end) }
        var copy = self
        switch kind {
        case .scalar: return self
        case .sequence(let items): copy.kind = .sequence(try items.map { try $0.replacingVault(open) })
        case .mapping(let pairs):
            copy.kind = .mapping(try pairs.map { YAMLPair(key: $0.key, keyNode: $0.keyNode, value: try $0.value.replacingVault(open)) })
        }
        return copy
    }
}
