/// `fail`: fails the task with `msg`.
struct FailModule: Module {
    static let names = ["fail"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("msg", .raw, default: "Failed as requested from task", description: "Message of the failure."),
    ])

    static let documentation = ModuleDocumentation(
        "Fail the task with a message",
        description: [
            "Stops the host's run with `msg`, usually under a `when:` that detects a problem.",
        ],
        examples: """
            - name: Refuse to go on without a cluster name
              ansible.builtin.fail:
                msg: cluster_name must be set in group_vars
              when: cluster_name is not defined
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let message = args["msg"] ?? "Failed as requested from task"
        if let text = message.stringValue { return .failure(text) }
        return ModuleResult(failed: true, fields: ["msg": message])
    }
}
