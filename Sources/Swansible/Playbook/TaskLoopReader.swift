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
                guard isLookup(name) else {
                    // Like ansible-core: a `with_` no lookup plugin answers to is no keyword at all.
                    throw PlaybookError(.invalidAttribute, "'\(pair.key)' is not a valid attribute for a Task\n"
                        + "This error can be suppressed as a warning using the \"invalid_task_attribute_failed\" configuration",
                        at: pair.keyNode.start)
                }
                source = .lookup(name: name, terms: pair.value.value)
            }
        }
        let control = try readControl(node["loop_control"])
        guard let source else { return nil }
        return TaskLoop(source: source, control: control)
    }

    /// The lookup plugins a `with_` loop may name with or without `ansible.builtin.`:
    /// ansible-core's own (Swansible refuses at run time the few it lacks), and `flattened` and
    /// `cartesian`, which Ansible 2.9 had built in and Swansible runs by those names.
    static let ansibleCoreLookups: Set<String> = [
        "config", "csvfile", "dict", "env", "file", "fileglob", "first_found", "indexed_items", "ini",
        "inventory_hostnames", "items", "lines", "list", "nested", "password", "pipe", "random_choice", "sequence",
        "subelements", "template", "together", "unvault", "url", "varnames", "vars", "flattened", "cartesian",
    ]

    /// Whether a lookup plugin may answer to `name`: one of those, or any in a collection
    /// (found, or refused, when the loop runs).
    static func isLookup(_ name: String) -> Bool {
        let short = TaskAction.shortName(name)
        if short.contains(".") { return true }
        return ansibleCoreLookups.contains(short)
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
