import SwansibleYAML

/// Reads the keywords of a play, role entry, block or task from its YAML mapping into
/// `KeywordValues`, giving each value the shape its `PlaybookKeyword` declares.
enum KeywordReader {
    /// Keyword values of `pairs` known to `owner`; other keys are left to the caller.
    static func read(_ pairs: [YAMLPair], owner: KeywordOwner, skipping: Set<String> = []) throws -> KeywordValues {
        let table = PlaybookKeyword.table(for: owner)
        var values = KeywordValues()
        for pair in pairs where !skipping.contains(pair.key) {
            guard let keyword = table[pair.key] else { continue }
            if let value = try normalize(pair.value, as: keyword, owner: owner) { values[keyword.name] = value }
        }
        return values
    }

    /// Fails on the first key of `pairs` that `owner` does not take.
    static func validate(_ pairs: [YAMLPair], owner: KeywordOwner, extra: Set<String> = []) throws {
        let table = PlaybookKeyword.table(for: owner)
        for pair in pairs where table[pair.key] == nil && !extra.contains(pair.key) {
            throw PlaybookError.invalidAttribute(pair.key, for: owner, at: pair.keyNode.start)
        }
    }

    static func normalize(_ node: YAMLNode, as keyword: PlaybookKeyword, owner: KeywordOwner) throws -> Value? {
        let value = node.value
        switch keyword.shape {
        case .any, .scalar:
            return value
        case .list:
            if keyword.name == "collections" { try checkCollectionNames(node) }
            switch value {
            case .null: return nil
            case .list: return value
            default: return .list([value])
            }
        case .mapping:
            return try mapping(node, keyword: keyword.name, owner: owner)
        case .tags:
            return .list(try tags(node).map { .string($0) })
        }
    }

    /// `collections`: like ansible-core, every item a string (a lone value is one item), the
    /// error at the first item that is not.
    static func checkCollectionNames(_ node: YAMLNode) throws {
        let items = node.items ?? (node.value.isNull ? [] : [node])
        for item in items {
            switch item.value {
            case .string, .unsafe: continue
            default:
                throw PlaybookError(.malformed, "Keyword 'collections' items must be of type 'str', not '\(item.value.pythonTypeName)'.",
                                    at: item.start)
            }
        }
    }

    /// `tags`: a list or a comma-separated string; like ansible-core 2.19, nothing else.
    static func tags(_ node: YAMLNode) throws -> [String] {
        switch node.value {
        case .null: return []
        case .list(let items):
            return try items.map { item in
                if case .dict = item { throw PlaybookError.tagsNotList(at: node.start) }
                if case .list = item { throw PlaybookError.tagsNotList(at: node.start) }
                return item.pythonString
            }
        case .string(let s), .unsafe(let s):
            return s.split(separator: ",").map { String($0).pythonStripped }.filter { !$0.isEmpty }
        default: throw PlaybookError.tagsNotList(at: node.start)
        }
    }

    /// `vars:`: a mapping, a list of mappings (merged in order), or nothing.
    static func mapping(_ node: YAMLNode, keyword: String, owner: KeywordOwner) throws -> Value? {
        switch node.value {
        case .null: return nil
        case .dict: return node.value
        case .list(let items):
            var merged = ValueDict()
            for item in items {
                guard case .dict(let d) = item else {
                    if keyword == "vars" { throw PlaybookError.varsNotMapping(in: owner, at: node.start) }
                    throw PlaybookError.wrongType(keyword, expected: "a dictionary or list of dictionaries", at: node.start)
                }
                for (k, v) in d { merged[k] = v }
            }
            return .dict(merged)
        case .string(let s) where TaskAction.isWholeTemplate(s): return node.value
        default:
            if keyword == "vars" { throw PlaybookError.varsNotMapping(in: owner, at: node.start) }
            throw PlaybookError.wrongType(keyword, expected: "a dictionary", at: node.start)
        }
    }
}
