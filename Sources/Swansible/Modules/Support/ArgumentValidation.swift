import Foundation

/// The outcome of checking arguments against a `ModuleSpec`: the coerced arguments and every
/// problem found, in the order ansible-core 2.19 checks them (seen by running it): mutually
/// exclusive groups, required arguments, every argument's type, every argument's choices
/// (both in declaration order), then required together, one of, if and by, and last the
/// unsupported names.
public struct ArgumentValidation: Sendable {
    public var arguments: ModuleArguments
    public var problems: [ArgumentProblem]

    public var isValid: Bool { problems.isEmpty }
    /// What ansible reports as the task's `msg`: its first problem.
    public var message: String? { problems.first?.description }
}

extension ModuleSpec {
    /// Resolves aliases, fills defaults, coerces types and collects all problems.
    /// - Parameter module: the name shown in the unsupported-parameters message
    ///   (`ansible.legacy.copy` for a task written `copy:`).
    public func validate(_ args: ValueDict, module: String) -> ArgumentValidation {
        let (given, unsupported) = canonical(args)
        var problems: [ArgumentProblem] = []
        if let exclusive = exclusionProblem(given) { problems.append(exclusive) }
        let missing = arguments.filter { $0.required && (given[$0.name] ?? .null).isNull }.map(\.name)
        if !missing.isEmpty { problems.append(.missingRequired(missing.sorted())) }
        var converted = ValueDict()
        var choiceChecks: [(ArgumentSpec, Value)] = []
        for spec in arguments {
            guard let value = given[spec.name] else { continue }
            guard !value.isNull else {
                converted[spec.name] = value
                continue
            }
            switch ArgumentCoercion.coerce(value, to: spec.kind) {
            case .success(let v):
                converted[spec.name] = v
                choiceChecks.append((spec, v))
            case .failure(let reason):
                problems.append(.conversion(argument: spec.name, from: value.pythonTypeName, to: spec.kind.pythonName, reason: reason.text))
                converted[spec.name] = value
            }
        }
        for (spec, value) in choiceChecks {
            if let choices = spec.choices, let bad = ArgumentCoercion.outsideChoices(value, choices) {
                problems.append(.invalidChoice(argument: spec.name, choices: choices, got: bad, isList: spec.kind == .list))
            }
        }
        problems += requirementProblems(withDefaults(converted))
        if !unsupported.isEmpty {
            let names = arguments.filter { !$0.actionOnly }.map(\.name).sorted()
            let aliases = arguments.flatMap(\.aliases).sorted()
            problems.append(.unsupported(module: module, names: unsupported.sorted(), supported: names, aliases: aliases))
        }
        var ordered = ValueDict()
        for spec in arguments {
            let value = converted[spec.name] ?? .null
            ordered[spec.name] = value.isNull ? (spec.defaultValue ?? .null) : value
        }
        return ArgumentValidation(arguments: ModuleArguments(ordered), problems: problems)
    }

    /// The task's arguments under their canonical names, and the names no argument answers to.
    /// Later spellings win, like ansible (an alias given after its canonical name overrides it).
    private func canonical(_ args: ValueDict) -> (given: ValueDict, unsupported: [String]) {
        var byName: [String: String] = [:]
        for spec in arguments {
            byName[spec.name] = spec.name
            for alias in spec.aliases { byName[alias] = spec.name }
        }
        var given = ValueDict(), unsupported: [String] = []
        for (key, value) in args where !key.hasPrefix("_ansible_") {
            guard let name = byName[key] else {
                unsupported.append(key)
                continue
            }
            given[name] = value
        }
        return (given, unsupported)
    }

    /// The arguments as the requirement rules see them: as given (null included), else by a
    /// non-null default.
    private func withDefaults(_ converted: ValueDict) -> ValueDict {
        var values = ValueDict()
        for spec in arguments {
            if let value = converted[spec.name] {
                values[spec.name] = value
            } else if let value = spec.defaultValue, !value.isNull {
                values[spec.name] = value
            }
        }
        return values
    }
}

extension ArgumentSpec.Kind {
    /// The type name ansible's messages use.
    var pythonName: String {
        switch self {
        case .string: return "str"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .path: return "path"
        case .list: return "list"
        case .dict: return "dict"
        case .raw: return "raw"
        case .mode: return "raw"
        }
    }
}
