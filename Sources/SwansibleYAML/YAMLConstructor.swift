import Foundation

/// Builds `YAMLNode`s from the representation graph the way Ansible's loader does: PyYAML's
/// SafeConstructor for the core tags, plus `!unsafe` and `!vault`, merge keys, and duplicate keys
/// that warn and keep the last value.
struct YAMLConstructor {
    static let coreTagPrefix = "tag:yaml.org,2002:"
    /// Effective nesting (aliases included) beyond which construction is refused.
    static let maxDepth = 1000

    let file: String
    let text: String
    let onWarning: (String) -> Void
    let duplicateKeys: YAMLDuplicateKeys
    private var unsafeDepth = 0
    /// Nodes reached again through aliases are built once, where they are first reached (their
    /// anchor), and shared from then on: so the result shares them as the document does instead
    /// of expanding aliases. Like ansible-core's loader, an alias inside `!unsafe` gives the node
    /// as it was first built (an alias to a plain list stays plain).
    private var built: [ObjectIdentifier: YAMLNode] = [:]
    /// The merge-flattened pairs of anchored mappings, computed once each.
    var flattened: [ObjectIdentifier: [SourcePair]] = [:]

    init(file: String, text: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: @escaping (String) -> Void) {
        self.duplicateKeys = duplicateKeys
        self.file = file
        self.text = text
        self.onWarning = onWarning
    }

    mutating func construct(_ node: RawYAMLNode, depth: Int = 0) throws -> YAMLNode {
        guard depth < Self.maxDepth else { throw error("the document nests deeper than \(Self.maxDepth) levels", at: node.start) }
        guard node.isAnchored else { return try constructUncached(node, depth: depth) }
        let id = ObjectIdentifier(node)
        if let done = built[id] { return done }
        let result = try constructUncached(node, depth: depth)
        built[id] = result
        return result
    }

    private mutating func constructUncached(_ node: RawYAMLNode, depth: Int) throws -> YAMLNode {
        switch node.tag {
        case "!unsafe":
            unsafeDepth += 1
            defer { unsafeDepth -= 1 }
            var result = try constructResolved(node, tag: nil, forcePlain: true, depth: depth)
            result.tag = "!unsafe"
            return result
        case "!vault", "!vault-encrypted":
            var result = try constructResolved(node, tag: nil, forcePlain: true, depth: depth)
            guard case .scalar(let v) = result.kind, case .string = v else {
                var failure = error("the '\(node.tag ?? "")' tag requires a string value", at: node.start)
                failure.allowsHints = false
                throw failure
            }
            result.tag = node.tag
            return result
        case nil, "!":
            return try constructResolved(node, tag: nil, forcePlain: false, depth: depth)
        case let tag?:
            return try constructResolved(node, tag: tag, forcePlain: false, depth: depth)
        }
    }

    /// Constructs `node` under `tag` (nil: resolve implicitly; `forcePlain`: resolve scalars as if
    /// they were plain, which is how ansible-core re-resolves `!unsafe` and `!vault` content).
    private mutating func constructResolved(_ node: RawYAMLNode, tag: String?, forcePlain: Bool, depth: Int) throws -> YAMLNode {
        let shortTag = tag.map(Self.shortForm)
        func make(_ kind: YAMLNode.Kind) -> YAMLNode {
            YAMLNode(kind: kind, start: location(node.start), end: location(node.end), tag: shortTag)
        }
        switch node.kind {
        case .scalar(let text, let plainImplicit):
            guard let tag else {
                let kind: YAMLScalarResolver.Kind = (plainImplicit || forcePlain) ? YAMLScalarResolver.kind(ofPlain: text) : .string
                return make(.scalar(try scalarValue(text, kind: kind, node: node)))
            }
            guard let kind = Self.scalarKind(ofTag: tag) else {
                if Self.isCollectionTag(tag) { throw error("expected a \(Self.collectionName(tag)) node, but found scalar", at: node.start) }
                throw error("could not determine a constructor for the tag '\(tag)'", at: node.start)
            }
            return make(.scalar(try scalarValue(text, kind: kind, node: node)))
        case .sequence(let raw):
            switch tag {
            case nil, Self.coreTagPrefix + "seq":
                var items: [YAMLNode] = []
                items.reserveCapacity(raw.count)
                for item in raw { items.append(try construct(item, depth: depth + 1)) }
                return make(.sequence(items))
            case Self.coreTagPrefix + "omap", Self.coreTagPrefix + "pairs":
                return make(.sequence(try orderedPairs(raw, depth: depth)))
            case let tag?:
                throw error(Self.isCollectionTag(tag) || Self.scalarKind(ofTag: tag) != nil
                    ? "expected a \(Self.collectionName(tag)) node, but found sequence"
                    : "could not determine a constructor for the tag '\(tag)'", at: node.start)
            }
        case .mapping:
            switch tag {
            case nil, Self.coreTagPrefix + "map", Self.coreTagPrefix + "python/dict":
                return make(.mapping(try mappingPairs(node, depth: depth)))
            case Self.coreTagPrefix + "set":
                let pairs = try mappingPairs(node, depth: depth).map { pair in
                    var p = pair
                    p.value = YAMLNode(kind: .scalar(.null), start: p.value.start, end: p.value.end)
                    return p
                }
                return make(.mapping(pairs))
            case let tag?:
                throw error(Self.isCollectionTag(tag) || Self.scalarKind(ofTag: tag) != nil
                    ? "expected a \(Self.collectionName(tag)) node, but found mapping"
                    : "could not determine a constructor for the tag '\(tag)'", at: node.start)
            }
        }
    }

    private func scalarValue(_ text: String, kind: YAMLScalarResolver.Kind, node: RawYAMLNode) throws -> Value {
        switch kind {
        case .string, .timestamp:
            // Timestamps keep their text: templating prints dates the way they were written.
            if node.tag == Self.coreTagPrefix + "binary" {
                // Python bytes, shown as text (invalid UTF-8 replaced).
                guard let data = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
                    throw error("failed to convert base64 data into ascii: incorrect padding", at: node.start)
                }
                return .string(String(decoding: data, as: UTF8.self))
            }
            return unsafeDepth > 0 ? .unsafe(text) : .string(text)
        case .null:
            return .null
        case .bool:
            guard let b = YAMLScalarResolver.constructBool(text) else { throw error("invalid boolean '\(text)'", at: node.start) }
            return .bool(b)
        case .int:
            if let i = YAMLScalarResolver.constructInt(text) { return .int(i) }
            // Beyond 64 bits PyYAML gives a Python long; its digits are kept as text rather than lost.
            if node.tag == nil, text.allSatisfy({ $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" || $0 == ":" }) {
                return .string(text)
            }
            throw error("invalid literal for int(): '\(text)'", at: node.start)
        case .float:
            guard let f = YAMLScalarResolver.constructFloat(text) else { throw error("could not convert string to float: '\(text)'", at: node.start) }
            return .float(f)
        case .merge, .value:
            throw error("could not determine a constructor for the tag '\(Self.coreTagPrefix)\(kind == .merge ? "merge" : "value")'", at: node.start)
        }
    }

    private mutating func orderedPairs(_ raw: [RawYAMLNode], depth: Int) throws -> [YAMLNode] {
        var out: [YAMLNode] = []
        for item in raw {
            guard case .mapping(let pairs) = item.kind, pairs.count == 1 else {
                throw error("expected a single mapping item, but found another node", at: item.start)
            }
            let key = try construct(pairs[0].key, depth: depth + 1)
            let value = try construct(pairs[0].value, depth: depth + 1)
            out.append(YAMLNode(kind: .sequence([key, value]), start: location(item.start), end: location(item.end)))
        }
        return out
    }

    // MARK: - Helpers

    /// `tag:yaml.org,2002:str` → `!!str`; local tags unchanged.
    static func shortForm(_ tag: String) -> String {
        tag.hasPrefix(coreTagPrefix) ? "!!" + tag.dropFirst(coreTagPrefix.count) : tag
    }

    static func scalarKind(ofTag tag: String) -> YAMLScalarResolver.Kind? {
        guard tag.hasPrefix(coreTagPrefix) else { return nil }
        switch tag.dropFirst(coreTagPrefix.count) {
        case "str", "python/unicode", "binary": return .string
        case "int": return .int
        case "float": return .float
        case "bool": return .bool
        case "null": return .null
        case "timestamp": return .timestamp
        default: return nil
        }
    }

    static func isCollectionTag(_ tag: String) -> Bool {
        ["map", "python/dict", "set", "seq", "omap", "pairs"].contains { coreTagPrefix + $0 == tag }
    }

    static func collectionName(_ tag: String) -> String {
        switch tag.dropFirst(coreTagPrefix.count) {
        case "seq", "omap", "pairs": return "sequence"
        case "map", "python/dict", "set": return "mapping"
        default: return "scalar"
        }
    }

    func location(_ mark: YAMLEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ problem: String, at mark: YAMLEvent.Mark, context: String? = nil) -> YAMLError {
        YAMLError(location: location(mark), problem: problem, context: context, text: text)
    }
}
