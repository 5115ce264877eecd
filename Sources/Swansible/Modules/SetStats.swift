import Foundation

/// `set_stats`: custom statistics the run keeps (per host, or for the whole run) and the default
/// output prints after the recap when `show_custom_stats` is on.
struct SetStatsModule: Module {
    static let names = ["set_stats"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("aggregate", .bool, default: true,
                     description: "Add to what earlier tasks set (numbers add, lists and strings join, dicts merge) instead of replacing it."),
        ArgumentSpec("data", .raw, required: true, description: "The statistics: names and values."),
        ArgumentSpec("per_host", .bool, default: false, description: "Keep the statistics per host rather than for the whole run."),
    ])

    static let documentation = ModuleDocumentation(
        "Define and display statistics from a play",
        description: [
            "Adds names and values to the run's custom statistics, for each host or for the whole run; with `show_custom_stats` (ansible.cfg `[defaults]` or ANSIBLE_SHOW_CUSTOM_STATS) they are printed after the PLAY RECAP.",
        ],
        notes: ["Runs on the controller alone."],
        examples: """
            - name: Count the certificates issued
              ansible.builtin.set_stats:
                data:
                  certificates: "{{ issued | length }}"
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let data = args["data"]?.dictValue else { return .failure("The 'data' option needs to be a dictionary/hash") }
        var stats = ValueDict()
        for (name, value) in data {
            guard RemoteExecution.isValidName(name) else {
                return .failure("The variable name '\(name)' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.")
            }
            stats[name] = value
        }
        return ModuleResult(fields: ["ansible_stats": ["aggregate": .bool(args.bool("aggregate")), "data": .dict(stats),
                                                       "per_host": .bool(args.bool("per_host"))]])
    }
}
