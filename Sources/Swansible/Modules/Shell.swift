import Foundation

/// `shell`: runs a command line through `/bin/sh` (or `executable`) on the host.
struct ShellModule: Module {
    static let names = ["shell"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params"),
        ArgumentSpec("_uses_shell", .bool, default: true),
        ArgumentSpec("chdir", .path),
        ArgumentSpec("cmd"),
        ArgumentSpec("creates", .path),
        ArgumentSpec("executable", .path),
        ArgumentSpec("expand_argument_vars", .bool, default: true),
        ArgumentSpec("removes", .path),
        ArgumentSpec("stdin"),
        ArgumentSpec("stdin_add_newline", .bool, default: true),
        ArgumentSpec("strip_empty_ends", .bool, default: true),
        ArgumentSpec("warn", .bool),
    ], freeForm: "_raw_params")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let line = args.string("cmd") ?? args.string("_raw_params"), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure("no command given", fields: ["rc": 256])
        }
        let run = CommandRun(
            payload: .shellLine(line, executable: args.string("executable")), reportedCommand: .string(line),
            chdir: args.string("chdir"), creates: args.string("creates"), removes: args.string("removes"),
            stdin: args.string("stdin"), stdinAddNewline: args.bool("stdin_add_newline"),
            stripEmptyEnds: args.bool("strip_empty_ends"))
        return try await run.run(in: context)
    }
}
