/// `add_host`: adds a host (and groups) to the run's in-memory inventory; later tasks see it in
/// `hostvars` and `groups`, later plays can target it. Any argument besides the name and
/// groups becomes a host variable.
struct AddHostModule: Module {
    static let names = ["add_host"]
    static let actionPlugin = ActionPluginKind.actionOnly
    /// Its extra arguments are host variables under any name, so the spec is not enforced.
    static let argumentsAreVariables = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", required: true, aliases: ["host", "hostname"],
                     description: "The host's inventory name, optionally with `:port` (which becomes `ansible_ssh_port`)."),
        ArgumentSpec("groups", .list, aliases: ["group", "groupname"],
                     description: "Groups to put the host in (a list or a comma-separated string); missing groups are created."),
    ])

    static let documentation = ModuleDocumentation(
        "Add a host to the in-memory inventory",
        description: [
            "Adds a host, with variables and groups, to the inventory of the running playbook, so that later tasks see it in `hostvars` and `groups` and later plays can target it.",
            "The inventory files are not changed.",
        ],
        notes: [
            "Every argument other than the name and groups becomes a variable of the host.",
            "The result says `changed` when the host, one of its variables or one of its groups is new.",
        ],
        examples: """
            - name: Target the new machine in the next play
              ansible.builtin.add_host:
                name: "{{ new_vm.address }}"
                groups: fresh_machines
                ansible_user: core
            """)

    /// The arguments that are not host variables (`host` and `group` are, as in ansible-core).
    static let special: Set<String> = ["name", "hostname", "groupname", "groups", "_raw_params"]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var given = args.values
        if let raw = given["_raw_params"] {
            guard case .dict(let d) = raw else {
                return .failure("Invalid raw parameters passed, requires a dictionary/mapping got a  \(raw.pythonTypeName)")
            }
            for (key, value) in d where given[key] == nil { given[key] = value }
        }
        guard let written = (given["name"] ?? given["hostname"] ?? given["host"]), !written.isNull else {
            return .actionError("name, host or hostname needs to be provided")
        }
        let address = written.stringValue ?? written.pythonString
        var variables = ValueDict()
        for (key, value) in given where !special.contains(key) { variables[key] = value }
        var name = address
        if let parsed = InventoryAddress.parse(address, allowRanges: false) {
            name = parsed.host
            if let port = parsed.port { variables["ansible_ssh_port"] = .int(port) }
        }
        var groups: [String] = []
        if let value = given["groupname"] ?? given["groups"] ?? given["group"], !value.isNull {
            let names: [Value]
            switch value {
            case .list(let items): names = items
            case .string(let s), .unsafe(let s): names = s.isEmpty ? [] : s.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }
            default: return .actionError("Groups must be specified as a list.")
            }
            for group in names.map({ ($0.stringValue ?? $0.pythonString).trimmingCharacters(in: .whitespaces) })
            where !groups.contains(group) {
                groups.append(group)
            }
        }
        let changed = try context.inventory?.addHost(name, groups: groups, variables: variables) ?? false
        return ModuleResult(changed: changed, fields: [
            "add_host": ["groups": .list(groups.map(Value.string)), "host_name": .string(name), "host_vars": .dict(variables)],
        ])
    }
}
