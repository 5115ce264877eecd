extension ReservedVariableNames {
    /// The variables a task's outcome sets under reserved names: set_fact's (where each key is
    /// written; a templated key at its template), include_vars' (in its files, or at its `name:`).
    static func setBy(_ task: PlaybookTask, outcome: TaskOutcome) -> [ReservedVariable] {
        var found: [ReservedVariable] = []
        let fallback = task.actionLocation ?? task.location
        switch task.shortAction {
        case "set_fact":
            let templatedKey = task.argumentKeyLocations.first { $0.key.contains("{{") }?.value
            let keys = Set(outcome.hostVariables.keys).union(outcome.facts.keys)
            found += keys.filter(names.contains).sorted().map { key in
                ReservedVariable(key, at: .source(task.argumentKeyLocations[key] ?? task.argumentLocations[key] ?? templatedKey ?? fallback))
            }
        case "include_vars":
            if task.args["name"] != nil {
                let keys = outcome.includedVariables.keys.filter(names.contains)
                found += keys.map { ReservedVariable($0, at: .source(task.argumentLocations["name"] ?? fallback)) }
            } else if outcome.includedVariables.keys.contains(where: names.contains) {
                // (The files are read again for their keys' places only when a name is reserved.)
                let files = outcome.result["ansible_included_var_files"]?.listValue?.compactMap(\.stringValue) ?? []
                found += files.flatMap { ReservedVariableNames.found(inFile: $0) }.filter { outcome.includedVariables[$0.name] != nil }
            }
        default: break
        }
        return found
    }

    /// The `register:` name when it is reserved, where it is written.
    static func registered(_ name: String, by task: PlaybookTask) -> ReservedVariable? {
        names.contains(name) ? ReservedVariable(name, at: .source(task.registerLocation ?? task.location)) : nil
    }
}
