/// One `groupby` result: a (grouper, list) pair that also answers `.grouper` and `.list`.
final class GroupTuple: JinjaObject {
    let grouper: Value
    let list: [Value]
    init(grouper: Value, list: [Value]) {
        self.grouper = grouper
        self.list = list
    }
    var typeName: String { "tuple" }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        switch name {
        case "grouper": return .value(grouper)
        case "list": return .value(.list(list))
        default: return nil
        }
    }
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        switch key.intValue {
        case 0, -2: return .value(grouper)
        case 1, -1: return .value(.list(list))
        default: return nil
        }
    }
    func iterate(renderer: Renderer) throws -> [JinjaValue] { [.value(grouper), .value(.list(list))] }
    func plainValue() throws -> Value { .list([grouper, .list(list)]) }
    func text() throws -> String { "(" + grouper.pythonRepr + ", " + Value.list(list).pythonRepr + ")" }
}

/// The list `groupby` returns: iterating gives `GroupTuple`s, anything else sees plain pairs.
final class GroupList: JinjaObject {
    let groups: [GroupTuple]
    init(_ groups: [GroupTuple]) { self.groups = groups }
    var typeName: String { "list" }
    var isTruthy: Bool { !groups.isEmpty }
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        guard let i = key.intValue else { return nil }
        let idx = i < 0 ? groups.count + i : i
        return idx >= 0 && idx < groups.count ? .object(groups[idx]) : nil
    }
    func iterate(renderer: Renderer) throws -> [JinjaValue] { groups.map { .object($0) } }
    func plainValue() throws -> Value { .list(try groups.map { try $0.plainValue() }) }
    func text() throws -> String { "[" + (try groups.map { try $0.text() }).joined(separator: ", ") + "]" }
}
