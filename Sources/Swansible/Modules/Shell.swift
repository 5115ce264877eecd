import Foundation

/// `shell`: runs a command line through `/bin/sh` (or `executable`) on the host.
struct ShellModule: Module {
    static let names = ["shell"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("_uses_shell", .bool, default: true),
        ArgumentSpec("executable", .path),
    ] + CommandRun.sharedArguments, freeForm: "_raw_params")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let line = args.string("cmd") ?? args.string("_raw_params"), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure("no command given", fields: ["rc": 256])
        }
        let run = CommandRun(
            payload: .shellLine(line, executable: args.string("executable")), reportedCommand: .string(line),
            options: args)
        return try await run.run(in: context)
    }
}
