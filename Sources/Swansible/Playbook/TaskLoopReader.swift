/// Reads `loop:` / `with_<lookup>:` and `loop_control:` of a task.
enum TaskLoopReader {
    static func read(_ node: YAMLNode, pairs: [YAMLPair]) throws -> TaskLoop? {
        var source: TaskLoop.Source?
        for pair in pairs {
            let next: TaskLoop.Source
            if pair.key == "loop" {
                next = .loop(pair.value.value)
            } else if pair.key.hasPrefix("with_") {
                next = .lookup(name: String(pair.key.dropFirst(5)), terms: pair.value.value)
            } else {
                continue
            }
            if source != nil {
                let name: String
                switch next {
                case .loop: name = "loop"
                case .lookup(let lookup, _): name = lookup
                }
                throw PlaybookError.duplicateLoop(name, at: node.start)
            }
            source = next
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
