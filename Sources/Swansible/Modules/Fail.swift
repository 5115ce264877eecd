/// `fail`: fails the task with `msg`.
struct FailModule: Module {
    static let names = ["fail"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [ArgumentSpec("msg", .raw, default: "Failed as requested from task")])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let message = args["msg"] ?? "Failed as requested from task"
        if let text = message.stringValue { return .failure(text) }
        return ModuleResult(failed: true, fields: ["msg": message])
    }
}
