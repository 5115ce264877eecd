/// Mappings: merge keys, key identity as Python sees it, duplicate keys.
extension YAMLConstructor {
    /// A raw pair, remembering whether it came in through a merge key.
    struct SourcePair {
        var key: RawYAMLNode
        var value: RawYAMLNode
        var merged: Bool
    }

    /// Python dict key identity: `1`, `1.0` and `True` are one key; strings are compared as text.
    private enum PythonKey: Hashable {
        case none, number(Double), bigInt(Int), text(String)

        init(_ v: Value) {
            switch v {
            case .null: self = .none
            case .bool(let b): self = .bigInt(b ? 1 : 0)
            case .int(let i): self = .bigInt(i)
            case .float(let f): self = (f == f.rounded() && abs(f) < 9e15) ? .bigInt(Int(f)) : .number(f)
            case .string(let s), .unsafe(let s): self = .text(s)
            case .list, .dict: self = .text("")  // unreachable: rejected as unhashable before
            }
        }
    }

    /// The pairs of a mapping node after merging, deduplicated like a Python dict: a key keeps the
    /// position where it first appeared and takes the last value.
    mutating func mappingPairs(_ node: RawYAMLNode, depth: Int) throws -> [YAMLPair] {
        var pairs: [YAMLPair] = []
        var identities: [PythonKey] = []
        // Most mappings are small: a linear scan beats hashing; large ones get an index.
        var index: [PythonKey: Int]?
        func position(of key: PythonKey) -> Int? {
            if let index { return index[key] }
            return identities.firstIndex(of: key)
        }
        for source in try flatten(node) {
            let keyNode = try constructKey(source.key, depth: depth + 1)
            guard case .scalar(let keyValue) = keyNode.kind else {
                throw error("found unhashable key", at: source.key.start,
                            context: "while constructing a mapping")
            }
            let identity = PythonKey(keyValue)
            if let existing = position(of: identity) {
                // Like PyYAML 6.0.4, a key brought in by an earlier merged mapping is kept over a
                // later one, silently; an explicit key overrides a merged one, with a warning.
                if source.merged { continue }
                try reportDuplicate(keyValue, at: source.key.start)
                let value = try construct(source.value, depth: depth + 1)
                pairs[existing].value = value
                pairs[existing].keyNode = keyNode
                continue
            }
            let value = try construct(source.value, depth: depth + 1)
            if index != nil {
                index?[identity] = pairs.count
            } else if identities.count >= 16 {
                index = Dictionary(uniqueKeysWithValues: identities.enumerated().map { ($1, $0) })
                index?[identity] = pairs.count
            }
            identities.append(identity)
            pairs.append(YAMLPair(key: keyValue.pythonString, keyNode: keyNode, value: value))
        }
        return pairs
    }

    /// A plain `=` key is the YAML 1.1 "value" key: as a key it is just the string "=".
    private mutating func constructKey(_ key: RawYAMLNode, depth: Int) throws -> YAMLNode {
        if key.tag == nil, case .scalar("=", plainImplicit: true) = key.kind {
            return YAMLNode(kind: .scalar(.string("=")), start: location(key.start), end: location(key.end))
        }
        return try construct(key, depth: depth)
    }

    /// Merged pairs first (in the order the merge keys list them), then the explicit ones.
    ///
    /// A raw pair merged in twice (the same mapping reached through two aliases) is kept once,
    /// where it first came in: the later copy would lose to it anyway. With that, and each anchored
    /// mapping flattened once, merge keys over nested aliases cost what the document's text does.
    private mutating func flatten(_ node: RawYAMLNode) throws -> [SourcePair] {
        guard case .mapping(let raw) = node.kind else { return [] }
        if !raw.contains(where: { isMergeKey($0.key) }) {
            return raw.map { SourcePair(key: $0.key, value: $0.value, merged: false) }
        }
        if node.isAnchored, let known = flattened[ObjectIdentifier(node)] { return known }
        var merged: [SourcePair] = []
        var seen: Set<PairIdentity> = []
        func merge(_ pairs: [SourcePair]) {
            for pair in pairs where seen.insert(PairIdentity(pair)).inserted {
                merged.append(SourcePair(key: pair.key, value: pair.value, merged: true))
            }
        }
        var explicit: [SourcePair] = []
        explicit.reserveCapacity(raw.count)
        for (key, value) in raw {
            guard isMergeKey(key) else {
                explicit.append(SourcePair(key: key, value: value, merged: false))
                continue
            }
            switch value.kind {
            case .mapping:
                merge(try flatten(value))
            case .sequence(let items):
                for item in items {
                    guard case .mapping = item.kind else {
                        throw error("expected a mapping for merging, but found \(Self.nodeName(item))", at: item.start,
                                    context: "while constructing a mapping")
                    }
                    merge(try flatten(item))
                }
            case .scalar:
                throw error("expected a mapping or list of mappings for merging, but found scalar", at: value.start,
                            context: "while constructing a mapping")
            }
        }
        let result = merged + explicit
        if node.isAnchored { flattened[ObjectIdentifier(node)] = result }
        return result
    }

    /// A raw pair by the identity of its key and value nodes.
    private struct PairIdentity: Hashable {
        var key: ObjectIdentifier
        var value: ObjectIdentifier
        init(_ pair: SourcePair) {
            key = ObjectIdentifier(pair.key)
            value = ObjectIdentifier(pair.value)
        }
    }

    private func isMergeKey(_ key: RawYAMLNode) -> Bool {
        guard case .scalar(let text, let plainImplicit) = key.kind else { return false }
        if key.tag == Self.coreTagPrefix + "merge" { return true }
        return (key.tag == nil || key.tag == "!") && plainImplicit && text == "<<"
    }

    private static func nodeName(_ node: RawYAMLNode) -> String {
        switch node.kind {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }

    /// ansible-core's warning (or error) for a repeated key, with its origin and the source lines.
    private func reportDuplicate(_ key: Value, at mark: YAMLEvent.Mark) throws {
        switch duplicateKeys {
        case .ignore: return
        case .error:
            var failure = error("Found duplicate mapping key \(key.pythonRepr).", at: mark)
            failure.allowsHints = false
            throw failure
        case .warn: break
        }
        var message = "Found duplicate mapping key \(key.pythonRepr).\nOrigin: \(location(mark))"
        if let snippet = SourceSnippet(text: text, line: mark.line, column: mark.column) {
            message += "\n\n" + snippet.description
        }
        message += "\n\nUsing last defined value only."
        onWarning(message)
    }
}
