import Foundation

/// One problem with a task's module arguments, worded like ansible-core's argument checks.
public enum ArgumentProblem: Sendable, Equatable, CustomStringConvertible {
    case missingRequired([String])
    case invalidChoice(argument: String, choices: [Value], got: Value, isList: Bool)
    case conversion(argument: String, from: String, to: String, reason: String)
    case unsupported(module: String, names: [String], supported: [String], aliases: [String])
    case mutuallyExclusive([String])
    case requiredOneOf([String])

    public var description: String {
        switch self {
        case .missingRequired(let names):
            return "missing required arguments: " + names.joined(separator: ", ")
        case .invalidChoice(let arg, let choices, let got, let isList):
            let list = choices.map(\.pythonString).joined(separator: ", ")
            return "value of \(arg) must be \(isList ? "one or more" : "one") of: \(list), got: \(got.pythonString)"
        case .conversion(let arg, let from, let to, let reason):
            return "argument '\(arg)' is of type \(from) and we were unable to convert to \(to): \(reason)"
        case .unsupported(let module, let names, let supported, let aliases):
            var text = "Unsupported parameters for (\(module)) module: \(names.joined(separator: ", ")). "
            text += "Supported parameters include: \(supported.joined(separator: ", "))"
            if !aliases.isEmpty { text += " (\(aliases.joined(separator: ", ")))" }
            return text + "."
        case .mutuallyExclusive(let names):
            return "parameters are mutually exclusive: " + names.joined(separator: "|")
        case .requiredOneOf(let names):
            return "one of the following is required: " + names.joined(separator: ", ")
        }
    }
}

/// The outcome of checking arguments against a `ModuleSpec`: the coerced arguments and every
/// problem found, in the order ansible-core checks them (required, then each argument's type
/// and choices in declaration order, then unsupported names).
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
        var values = ValueDict()
        var problems: [ArgumentProblem] = []
        var unsupported: [String] = []
        var byName: [String: ArgumentSpec] = [:]
        for spec in arguments {
            byName[spec.name] = spec
            for alias in spec.aliases { byName[alias] = spec }
        }
        // Later spellings win, like ansible (an alias given after its canonical name overrides it).
        for (key, value) in args {
            if key.hasPrefix("_ansible_") { continue }
            guard let spec = byName[key] else {
                unsupported.append(key)
                continue
            }
            values[spec.name] = value
        }
        let missing = arguments.filter { $0.required && (values[$0.name] ?? .null).isNull }.map(\.name)
        if !missing.isEmpty { problems.append(.missingRequired(missing.sorted())) }
        var ordered = ValueDict()
        for spec in arguments {
            guard let given = values[spec.name], !given.isNull else {
                ordered[spec.name] = spec.defaultValue ?? .null
                continue
            }
            switch ArgumentCoercion.coerce(given, to: spec.kind) {
            case .success(let v):
                if let choices = spec.choices, let bad = ArgumentCoercion.outsideChoices(v, choices) {
                    problems.append(.invalidChoice(argument: spec.name, choices: choices, got: bad, isList: spec.kind == .list))
                }
                ordered[spec.name] = v
            case .failure(let reason):
                problems.append(.conversion(argument: spec.name, from: given.pythonTypeName, to: spec.kind.pythonName, reason: reason.text))
                ordered[spec.name] = given
            }
        }
        if !unsupported.isEmpty {
            let names = arguments.map(\.name).sorted()
            let aliases = arguments.flatMap(\.aliases).sorted()
            problems.append(.unsupported(module: module, names: unsupported.sorted(), supported: names, aliases: aliases))
        }
        return ArgumentValidation(arguments: ModuleArguments(ordered), problems: problems)
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
