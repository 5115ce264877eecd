/// `group_by`: puts the host in a group named from its variables (`os_{{ ansible_distribution }}`),
/// created if missing, in the run's in-memory inventory; later plays can target the group.
struct GroupByModule: Module {
    static let names = ["group_by"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("key", required: true,
                     description: "The group to put the host in; spaces become dashes."),
        ArgumentSpec("parents", .list, default: ["all"],
                     description: "The groups the new group is made a child of (created if missing)."),
    ])

    static let documentation = ModuleDocumentation(
        "Put hosts in groups made from their variables",
        description: [
            "Adds the host to a group named by `key`, usually templated from facts, creating the group (and its parents) in the running playbook's inventory.",
            "Later plays can then target hosts by that group.",
        ],
        notes: [
            "The result says `changed` when the group, a parent link or the host's membership is new.",
        ],
        examples: """
            - name: Group the hosts by distribution
              ansible.builtin.group_by:
                key: os_{{ ansible_facts['distribution'] }}
                parents: linux
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let group = (args.string("key") ?? "").replacingOccurrences(of: " ", with: "-")
        let parents = (args["parents"]?.listValue ?? [.string("all")])
            .map { ($0.stringValue ?? $0.pythonString).replacingOccurrences(of: " ", with: "-") }
        let changed = try context.inventory?.addGroup(group, parents: parents, host: context.hostName) ?? false
        return ModuleResult(changed: changed, fields: [
            "add_group": .string(group), "parent_groups": .list(parents.map(Value.string)),
        ])
    }
}
