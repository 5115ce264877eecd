/// A composed YAML node: resolved like PyYAML's YAML 1.1 loader, ordered, with source marks.
///
/// The playbook and inventory loaders walk nodes (to name file:line:column in errors);
/// everything else takes `value`.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        /// A resolved scalar (bool, int, float, null, string, or `.unsafe` for `!unsafe`).
        case scalar(Value)
        case sequence([YAMLNode])
        /// Pairs in document order; merge keys (`<<`) already applied, duplicate keys: last wins.
        case mapping([YAMLPair])
    }

    public var kind: Kind
    public var start: SourceLocation
    public var end: SourceLocation
    /// The explicit tag, if any (`!vault`, `!unsafe`, `!!str`).
    public var tag: String?

    public init(kind: Kind, start: SourceLocation, end: SourceLocation, tag: String? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.tag = tag
    }

    /// The pairs of a mapping node, or nil.
    public var pairs: [YAMLPair]? { if case .mapping(let p) = kind { return p }; return nil }
    /// The items of a sequence node, or nil.
    public var items: [YAMLNode]? { if case .sequence(let i) = kind { return i }; return nil }

    /// The value of the pair whose key is `key`, if this is a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.last(where: { $0.key == key })?.value
    }

    /// The plain value of this subtree.
    public var value: Value {
        switch kind {
        case .scalar(let v): return v
        case .sequence(let items): return .list(items.map(\.value))
        case .mapping(let pairs):
            var d = ValueDict()
            for p in pairs { d[p.key] = p.value.value }
            return .dict(d)
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
