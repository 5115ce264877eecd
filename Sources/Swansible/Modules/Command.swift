import Foundation

/// `command`: runs an argv on the host, no shell features (the words are split like shlex).
struct CommandModule: Module {
    static let names = ["command"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("_uses_shell", .bool, default: false),
        ArgumentSpec("argv", .list),
    ] + CommandRun.sharedArguments, freeForm: "_raw_params",
        mutuallyExclusive: [["_raw_params", "cmd", "argv"]], requiredOneOf: [["_raw_params", "cmd", "argv"]])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let text = args.string("cmd") ?? args.string("_raw_params")
        let argv: [String]
        if let list = args["argv"]?.listValue {
            argv = list.map(\.pythonString)
        } else if let text {
            do { argv = try ShellQuote.split(text) } catch { return .failure("\(error)") }
        } else {
            return .failure("no command given", fields: ["rc": 256])
        }
        guard !argv.isEmpty else { return .failure("no command given", fields: ["rc": 256]) }
        let run = CommandRun(payload: .argv(argv), reportedCommand: .list(argv.map(Value.string)), options: args)
        return try await run.run(in: context)
    }
}
