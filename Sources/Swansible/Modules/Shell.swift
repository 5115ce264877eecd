import Foundation

/// `shell`: runs a command line through `/bin/sh` (or `executable`) on the host.
struct ShellModule: Module {
    static let names = ["shell"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("_uses_shell", .bool, default: true),
        ArgumentSpec("argv", .list),
        ArgumentSpec("executable", .path),
    ] + CommandRun.sharedArguments, freeForm: "_raw_params",
        mutuallyExclusive: [["_raw_params", "cmd", "argv"]], requiredOneOf: [["_raw_params", "cmd", "argv"]])

    /// Like ansible-core's shell (the command module with a shell), `argv` is quoted word by
    /// word into the line, and reported as the list.
    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let line: String, reported: Value
        if let argv = args["argv"]?.listValue {
            line = ShellQuote.join(argv.map(\.pythonString))
            reported = .list(argv.map { .string($0.pythonString) })
        } else {
            line = args.string("cmd") ?? args.string("_raw_params") ?? ""
            reported = .string(line)
        }
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure("no command given", fields: ["rc": 256])
        }
        let run = CommandRun(
            payload: .shellLine(line, executable: args.string("executable")), reportedCommand: reported, options: args)
        return try await run.run(in: context)
    }
}
