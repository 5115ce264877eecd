/// `meta`: flush_handlers, end_play, clear_facts, ... are the executor's business; the module
/// only checks the action name so that a typo fails like in ansible.
struct MetaModule: Module {
    static let names = ["meta"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let actions: [Value] = [
        "clear_facts", "clear_host_errors", "end_batch", "end_host", "end_play", "end_role", "flush_handlers",
        "noop", "refresh_inventory", "reset_connection",
    ]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", required: true, choices: actions,
                     description: "The action: flush_handlers, end_play, end_host, end_batch, end_role, clear_facts, "
                         + "clear_host_errors, refresh_inventory, reset_connection or noop."),
    ], freeForm: "_raw_params")

    static let documentation = ModuleDocumentation(
        "Act on the run itself (handlers, plays, facts)",
        description: [
            "Tells the executor to do something to the run rather than to a host: run the notified handlers now, end the play or this host's part of it, forget facts, and so on.",
        ],
        notes: [
            "Carried out by Swansible's executor. `end_batch` ends the play for the task's hosts, like `end_host`; `clear_host_errors` lets the failed hosts take part in the next plays, as in ansible-core; `reset_connection` closes the host's connection, so its next task opens a new session; `end_role` and `refresh_inventory` are accepted and do nothing yet.",
        ],
        examples: """
            - name: Restart what was notified before the checks below
              ansible.builtin.meta: flush_handlers

            - name: Nothing more to do on hosts that are already set up
              ansible.builtin.meta: end_host
              when: already_configured | bool
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        ModuleResult()
    }
}
