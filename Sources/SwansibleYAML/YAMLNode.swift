/// A composed YAML node: resolved like PyYAML's YAML 1.1 loader, ordered, with source marks.
///
/// The playbook and inventory loaders walk nodes (to name file:line:column in errors);
/// everything else takes `value`.
///
/// A node reached through several aliases is one shared subtree (arrays are copy-on-write), and
/// its plain `value` is computed once, when the node is made, from its children's values: so a
/// "billion laughs" document costs memory and time in proportion to its text, not to its
/// expansion, and `value` is O(1).
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        /// A resolved scalar (bool, int, float, null, string, or `.unsafe` for `!unsafe`).
        case scalar(Value)
        case sequence([YAMLNode])
        /// Pairs in document order; merge keys (`<<`) already applied, duplicate keys: last wins.
        case mapping([YAMLPair])
    }

    public var kind: Kind {
        didSet { summary = Summary(kind) }
    }
    public var start: SourceLocation
    public var end: SourceLocation
    /// The explicit tag, if any (`!vault`, `!unsafe`, `!!str`).
    public var tag: String?
    /// What is known of the subtree, computed once from the children's summaries.
    private var summary: Summary

    public init(kind: Kind, start: SourceLocation, end: SourceLocation, tag: String? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.tag = tag
        self.summary = Summary(kind)
    }

    /// The pairs of a mapping node, or nil.
    public var pairs: [YAMLPair]? { if case .mapping(let p) = kind { return p }; return nil }
    /// The items of a sequence node, or nil.
    public var items: [YAMLNode]? { if case .sequence(let i) = kind { return i }; return nil }

    /// The value of the pair whose key is `key`, if this is a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.last(where: { $0.key == key })?.value
    }

    /// The plain value of this subtree (O(1): shares the children's values).
    public var value: Value { summary.value }

    /// Whether a node below this one (not this one) is tagged `!vault`.
    var hasVaultBelow: Bool { summary.hasVault }

    /// The plain value and the vault flag of a subtree, built from the children's.
    private struct Summary: Sendable {
        var value: Value
        var hasVault: Bool

        init(_ kind: Kind) {
            switch kind {
            case .scalar(let v):
                value = v
                hasVault = false
            case .sequence(let items):
                value = .list(items.map(\.value))
                hasVault = items.contains { $0.containsVault }
            case .mapping(let pairs):
                var d = ValueDict(minimumCapacity: pairs.count)
                for p in pairs { d[p.key] = p.value.value }
                value = .dict(d)
                hasVault = pairs.contains { $0.value.containsVault }
            }
        }
    }
}

/// One mapping entry; `key` is Python's `str()` of the resolved key scalar.
public struct YAMLPair: Sendable {
    public var key: String
    public var keyNode: YAMLNode
    public var value: YAMLNode

    public init(key: String, keyNode: YAMLNode, value: YAMLNode) {
        self.key = key
        self.keyNode = keyNode
        self.value = value
    }
}
