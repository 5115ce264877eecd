import Foundation

/// `raw`: the text goes to the host's shell as is (no module machinery), output unstripped.
struct RawModule: Module {
    static let names = ["raw"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", required: true),
        ArgumentSpec("executable", .path),
    ], supportsCheckMode: false, freeForm: "_raw_params")

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let line = args.string("_raw_params") ?? ""
        let script = args.string("executable").map { "exec \(ShellQuote.quote($0)) -c \(ShellQuote.quote(line))" } ?? line
        let result = try await context.runScript(script)
        let fields: ValueDict = [
            "rc": .int(Int(result.exitCode)),
            "stderr": .string(result.stderr),
            "stderr_lines": .list(CommandRun.lines(result.stderr).map(Value.string)),
            "stdout": .string(result.stdout),
            "stdout_lines": .list(CommandRun.lines(result.stdout).map(Value.string)),
        ]
        let failed = result.exitCode != 0
        return ModuleResult(changed: true, failed: failed, message: failed ? "non-zero return code" : nil, fields: fields)
    }
}
