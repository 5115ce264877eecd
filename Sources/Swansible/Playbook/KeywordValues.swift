/// The raw (untemplated) keyword values of a play, role entry, block or task. On a loaded
/// `Task` they are the effective values: its own over those inherited from its blocks, role
/// and play, combined by each keyword's `PlaybookKeyword.Inheritance`.
public struct KeywordValues: Sendable, Hashable {
    /// Values by keyword name. List-shaped keywords (`when`, `notify`, `environment`) always
    /// hold a list; `tags` a list of strings.
    public private(set) var values: ValueDict

    public init(_ values: ValueDict = [:]) { self.values = values }

    public subscript(name: String) -> Value? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The value, else the keyword's default from `PlaybookKeyword` (`delay` 5, `poll` 15...).
    public func valueOrDefault(_ name: String) -> Value? {
        values[name] ?? PlaybookKeyword.named(name)?.defaultValue
    }

    /// Effective tags, in the order first seen (outermost first).
    public var tags: [String] { values["tags"]?.listValue?.compactMap(\.stringValue) ?? [] }
    /// Every condition that must hold, outermost first; each is raw text or a raw value.
    public var when: [Value] { values["when"]?.listValue ?? [] }
    public var notify: [Value] { values["notify"]?.listValue ?? [] }
    public var environment: [Value] { values["environment"]?.listValue ?? [] }
    public var register: String? { values["register"]?.stringValue }
    public var delegateTo: Value? { values["delegate_to"] }

    /// These values over `outer`: a replaced keyword keeps the nearest value, an extended
    /// one puts the outer items first. Only inheritable keywords are taken from `outer`.
    public func inheriting(from outer: KeywordValues) -> KeywordValues {
        var merged = self
        for keyword in PlaybookKeyword.inherited {
            guard let outerValue = outer.values[keyword.name] else { continue }
            switch keyword.inheritance {
            case .none: break
            case .replace:
                if merged.values[keyword.name] == nil { merged.values[keyword.name] = outerValue }
            case .extend:
                let own = merged.values[keyword.name]?.listValue ?? []
                let combined = (outerValue.listValue ?? []) + own
                merged.values[keyword.name] = .list(keyword.name == "tags" ? Self.unique(combined) : Self.collapsed(combined))
            }
        }
        return merged
    }

    /// Tags are a set: each once, in the order first seen.
    static func unique(_ items: [Value]) -> [Value] {
        var seen = Set<Value>()
        return items.filter { seen.insert($0).inserted }
    }

    /// Like ansible-core when it extends `when`, `environment`...: nulls dropped, and an item
    /// equal to the one just before it dropped (`when: x` on a block and on its task is one
    /// condition; `[x, y]` then `[x, y]` further in stays four).
    static func collapsed(_ items: [Value]) -> [Value] {
        var result: [Value] = []
        for item in items where !item.isNull && item != result.last { result.append(item) }
        return result
    }

    /// Only the keywords that flow to inner objects.
    public var inheritable: KeywordValues {
        KeywordValues(values.filter { key, _ in PlaybookKeyword.inherited.contains { $0.name == key } })
    }
}
