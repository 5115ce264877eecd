import Foundation

/// `set_fact`: every argument but `cacheable` becomes a host variable (set_fact precedence);
/// with `cacheable`, also a fact.
struct SetFactModule: Module {
    static let names = ["set_fact"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let argumentsAreVariables = true
    /// Like ansible-core, set_fact alone templates its keys (`"{{ item }}_done": true`).
    static let templatesArgumentNames = true
    /// set_fact takes any variable name, so only `cacheable` is declared; as its arguments are
    /// variables, the registry passes them all through unvalidated.
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("cacheable", .bool, default: false,
                     description: "Also store the variables as facts, so that later plays see them as facts."),
    ])

    static let documentation = ModuleDocumentation(
        "Set host variables",
        description: [
            "Sets the variables given as arguments for the current host, from the task's templated values; they outrank most other variables for the rest of the run.",
        ],
        notes: [
            "Any argument name is a variable name (the `key_value` option below stands for them).",
        ],
        examples: """
            - name: Work out the master's address once
              ansible.builtin.set_fact:
                master_address: "{{ hostvars[groups['masters'][0]].ansible_default_ipv4.address }}"
                etcd_endpoints: "{{ groups['etcd'] | map('regex_replace', '^(.*)$', 'https://\\\\1:2379') | join(',') }}"
            """,
        documentedOnly: [
            ArgumentSpec("key_value", .raw, required: true, description: "Variables to set, as `name: value` pairs (or `name=value` words)."),
        ])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var variables = ValueDict()
        var cacheable = false
        for (key, value) in args.values {
            if key == "cacheable" {
                if case .success(let b) = ArgumentCoercion.bool(value) { cacheable = b }
                continue
            }
            // (The executor refused invalid names already, with their place in the task.)
            guard VariableName.isValid(key) else { return .failure("Task failed: " + (VariableName.refusal(.string(key)) ?? "")) }
            variables[key] = value
        }
        if variables.isEmpty {
            return .raisedFailure("No key/value pairs provided, at least one is required for this action to succeed")
        }
        return ModuleResult(
            fields: ["ansible_facts": .dict(variables)], facts: cacheable ? variables : [:], hostVariables: variables)
    }
}
