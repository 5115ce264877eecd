import Foundation

/// `validate_argument_spec`: checks variables and given arguments against an argument spec, as
/// the task ansible-core puts at the head of a role with `meta/argument_specs.yml` does.
struct ValidateArgumentSpecModule: Module {
    static let names = ["validate_argument_spec"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("argument_spec", .dict, required: true,
                     description: "The options to check, as a role's argument spec writes them (`type`, `required`, `default`, `choices`, `aliases`...)."),
        ArgumentSpec("provided_arguments", .dict,
                     description: "Values to check on top of the variables of the same names (a role's parameters)."),
        ArgumentSpec("validate_args_context", .dict, undocumented: true,
                     description: "Where the spec comes from, returned as given."),
    ])

    static let documentation = ModuleDocumentation(
        "Validate variables against an argument spec",
        description: [
            "Checks the variables named by `argument_spec` (and `provided_arguments`) for presence, type and choices, and fails with every problem found.",
            "A role with `meta/argument_specs.yml` gets such a task before its first one, as in ansible-core.",
        ],
        notes: [
            "Runs on the controller alone.",
            "`elements` and `options` of nested specs are not checked yet.",
        ],
        examples: """
            - name: Check the cluster's settings
              ansible.builtin.validate_argument_spec:
                argument_spec:
                  cluster_name: {type: str, required: true}
                  api_port: {type: int, default: 6443}
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let specData = args["argument_spec"]?.dictValue ?? [:]
        let context_ = args["validate_args_context"] ?? .dict([:])
        var given = ValueDict()
        for name in specData.keys {
            if let value = try? context.templar.evaluate(name) { given[name] = value }
        }
        for (name, value) in args["provided_arguments"]?.dictValue ?? [:] { given[name] = value }
        let problems = moduleSpec(from: specData).validate(given, module: "validate_argument_spec").problems
            .filter { if case .unsupported = $0 { return false }; return true }
        if problems.isEmpty {
            return ModuleResult(message: "The arg spec validation passed", fields: ["validate_args_context": context_])
        }
        let errors = problems.map(\.description)
        return ModuleResult(failed: true, message: "Validation of arguments failed:\n" + errors.joined(separator: "\n"),
                            fields: ["argument_errors": .list(errors.map(Value.string)), "argument_spec_data": .dict(specData),
                                     "validate_args_context": context_])
    }

    /// Our argument spec for a role's options.
    static func moduleSpec(from options: ValueDict) -> ModuleSpec {
        ModuleSpec(arguments: options.map { name, raw in
            let option = raw.dictValue ?? [:]
            let kind: ArgumentSpec.Kind = switch option["type"]?.stringValue ?? "str" {
            case "bool": .bool
            case "int": .int
            case "float": .float
            case "path": .path
            case "list": .list
            case "dict": .dict
            case "raw": .raw
            default: .string
            }
            return ArgumentSpec(name, kind, required: option["required"]?.isTruthy ?? false, default: option["default"],
                                aliases: (option["aliases"]?.listValue ?? []).map(\.pythonString),
                                choices: option["choices"]?.listValue)
        })
    }
}
