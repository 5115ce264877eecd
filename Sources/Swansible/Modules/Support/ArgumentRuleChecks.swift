/// The cross-argument rules of a `ModuleSpec`, checked like ansible-core 2.19 checks them: an
/// argument counts as present when it has a value, even null; required-by alone asks for one
/// that is not null.
extension ModuleSpec {
    /// Every mutually exclusive group the task gives more than one argument of (defaults do
    /// not count: ansible checks these before filling them in).
    func exclusionProblem(_ given: ValueDict) -> ArgumentProblem? {
        let violated = mutuallyExclusive.filter { group in group.filter { given[$0] != nil }.count > 1 }
        return violated.isEmpty ? nil : .mutuallyExclusive(violated)
    }

    /// The first violated rule of each kind, in ansible's order: required together, one of,
    /// if, by. `values` are the converted arguments with their non-null defaults.
    func requirementProblems(_ values: ValueDict) -> [ArgumentProblem] {
        func present(_ name: String) -> Bool { values[name] != nil }
        func set(_ name: String) -> Bool { !(values[name] ?? .null).isNull }
        var problems: [ArgumentProblem] = []
        if let group = requiredTogether.first(where: { group in
            let count = group.filter(present).count
            return count > 0 && count < group.count
        }) {
            problems.append(.requiredTogether(group))
        }
        if let group = requiredOneOf.first(where: { !$0.contains(where: present) }) {
            problems.append(.requiredOneOf(group))
        }
        for rule in requiredIf where values[rule.argument] == rule.value {
            let missing = rule.requirements.filter { !present($0) }
            if rule.anyOf ? missing.count == rule.requirements.count : !missing.isEmpty {
                problems.append(.requiredIf(argument: rule.argument, value: rule.value, missing: missing, anyOf: rule.anyOf))
                break
            }
        }
        for rule in requiredBy where set(rule.argument) {
            let missing = rule.requirements.filter { !set($0) }
            if !missing.isEmpty {
                problems.append(.requiredBy(argument: rule.argument, missing: missing))
                break
            }
        }
        return problems
    }
}
