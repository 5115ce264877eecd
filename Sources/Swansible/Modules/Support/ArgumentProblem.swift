/// One problem with a task's module arguments, worded like ansible-core's argument checks.
public enum ArgumentProblem: Sendable, Equatable, CustomStringConvertible {
    case missingRequired([String])
    case invalidChoice(argument: String, choices: [Value], got: Value, isList: Bool)
    case conversion(argument: String, from: String, to: String, reason: String)
    case unsupported(module: String, names: [String], supported: [String], aliases: [String])
    /// Every violated group, in declaration order.
    case mutuallyExclusive([[String]])
    /// The whole group, given in part.
    case requiredTogether([String])
    case requiredOneOf([String])
    /// The requirements still missing (all of them for an `anyOf` rule).
    case requiredIf(argument: String, value: Value, missing: [String], anyOf: Bool)
    case requiredBy(argument: String, missing: [String])

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
        case .mutuallyExclusive(let groups):
            return "parameters are mutually exclusive: " + groups.map { $0.joined(separator: "|") }.joined(separator: ", ")
        case .requiredTogether(let names):
            return "parameters are required together: " + names.joined(separator: ", ")
        case .requiredOneOf(let names):
            return "one of the following is required: " + names.joined(separator: ", ")
        case .requiredIf(let argument, let value, let missing, let anyOf):
            return "\(argument) is \(value.pythonString) but \(anyOf ? "any" : "all") of the following are missing: "
                + missing.joined(separator: ", ")
        case .requiredBy(let argument, let missing):
            return "missing parameter(s) required by '\(argument)': " + missing.joined(separator: ", ")
        }
    }
}
