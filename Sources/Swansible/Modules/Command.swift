import Foundation

/// `command`: runs an argv on the host, no shell features (the words are split like shlex).
struct CommandModule: Module {
    static let names = ["command"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("_uses_shell", .bool, default: false),
        ArgumentSpec("argv", .list),
        ArgumentSpec("chdir", .path),
        ArgumentSpec("cmd"),
        ArgumentSpec("creates", .path),
        ArgumentSpec("expand_argument_vars", .bool, default: true),
        ArgumentSpec("removes", .path),
        ArgumentSpec("stdin"),
        ArgumentSpec("stdin_add_newline", .bool, default: true),
        ArgumentSpec("strip_empty_ends", .bool, default: true),
        // Removed in ansible-core 2.14, still written by older content: accepted and ignored.
        ArgumentSpec("warn", .bool),
    ], freeForm: "_raw_params")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let text = args.string("cmd") ?? args.string("_raw_params")
        let argv: [String]
        if let list = args["argv"]?.listValue {
            if text != nil { return .failure("parameters are mutually exclusive: argv|cmd|_raw_params") }
            argv = list.map(\.pythonString)
        } else if let text {
            do { argv = try ShellQuote.split(text) } catch { return .failure("\(error)") }
        } else {
            return .failure("no command given", fields: ["rc": 256])
        }
        guard !argv.isEmpty else { return .failure("no command given", fields: ["rc": 256]) }
        let run = CommandRun(
            payload: .argv(argv), reportedCommand: .list(argv.map(Value.string)),
            chdir: args.string("chdir"), creates: args.string("creates"), removes: args.string("removes"),
            stdin: args.string("stdin"), stdinAddNewline: args.bool("stdin_add_newline"),
            stripEmptyEnds: args.bool("strip_empty_ends"))
        return try await run.run(in: context)
    }
}
