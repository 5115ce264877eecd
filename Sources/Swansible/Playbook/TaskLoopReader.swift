import SwansibleYAML

/// Reads `loop:` / `with_<lookup>:` and `loop_control:` of a task.
enum TaskLoopReader {
    static func read(_ node: YAMLNode, pairs: [YAMLPair]) throws -> TaskLoop? {
        // Like ansible-core, a `with_*` after any loop is an error, while a `loop:` after a
        // `with_*` only replaces its terms.
        var source: TaskLoop.Source?
        for pair in pairs {
            if pair.key == "loop" {
                switch source {
                case .lookup(let name, _)?: source = .lookup(name: name, terms: pair.value.value)
                default: source = .loop(pair.value.value)
                }
            } else if pair.key.hasPrefix("with_") {
                let name = String(pair.key.dropFirst(5))
                if source != nil { throw PlaybookError.duplicateLoop(name, at: node.start) }
                source = .lookup(name: name, terms: pair.value.value)
            }
        }
        let control = try readControl(node["loop_control"])
        guard let source else { return nil }
        return TaskLoop(source: source, control: control)
    }

    static func readControl(_ node: YAMLNode?) throws -> LoopControl {
        guard let node, !node.value.isNull else { return LoopControl() }
        guard let pairs = node.pairs else {
            throw PlaybookError.wrongType("loop_control", expected: "a dictionary", at: node.start)
        }
        try KeywordReader.validate(pairs, owner: .loopControl)
        return LoopControl(try KeywordReader.read(pairs, owner: .loopControl).values)
    }
}
