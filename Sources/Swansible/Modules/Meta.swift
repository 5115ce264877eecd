/// `meta`: flush_handlers, end_play, clear_facts, ... are the executor's business; the module
/// only checks the action name so that a typo fails like in ansible.
struct MetaModule: Module {
    static let names = ["meta"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let actions: [Value] = [
        "clear_facts", "clear_host_errors", "end_batch", "end_host", "end_play", "end_role", "flush_handlers",
        "noop", "refresh_inventory", "reset_connection",
    ]
    static let spec = ModuleSpec(arguments: [ArgumentSpec("_raw_params", required: true, choices: actions)], freeForm: "_raw_params")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        ModuleResult()
    }
}
