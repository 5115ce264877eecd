/// How a task loops: `loop:` over a raw value, or `with_<lookup>:` with the lookup's raw terms.
public struct TaskLoop: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// `loop: <value>` (templated by the executor).
        case loop(Value)
        /// `with_items: <terms>` → `lookup: "items"`; the executor runs the lookup plugin.
        case lookup(name: String, terms: Value)
    }

    public var source: Source
    /// `loop_control`, validated against its keywords; values are raw.
    public var control: LoopControl

    public init(source: Source, control: LoopControl = LoopControl()) {
        self.source = source
        self.control = control
    }
}

/// `loop_control:` keywords (`loop_var`, `index_var`, `label`, `pause`, `extended`,
/// `extended_allitems`, `break_when`), raw.
public struct LoopControl: Sendable, Hashable {
    public var values: ValueDict

    public init(_ values: ValueDict = [:]) { self.values = values }

    /// `loop_var`, `item` by default (the executor templates it if it is a template).
    public var loopVar: Value { values["loop_var"] ?? .string("item") }
    public var indexVar: Value? { values["index_var"] }
    public var label: Value? { values["label"] }
    public var pause: Value? { values["pause"] }
    public var extended: Value? { values["extended"] }
    public var extendedAllItems: Value? { values["extended_allitems"] }
    /// Conditions ending the loop after an item (a single string is one condition).
    public var breakWhen: [Value] {
        guard let raw = values["break_when"] else { return [] }
        return raw.listValue ?? [raw]
    }
}
