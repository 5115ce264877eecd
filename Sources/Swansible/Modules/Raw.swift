import Foundation

/// `raw`: the text goes to the host's shell as is (no module machinery), output unstripped.
struct RawModule: Module {
    static let names = ["raw"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", required: true,
                     description: "The command line, given to the host's shell as written."),
        ArgumentSpec("executable", .path, description: "Shell to run the command with, instead of the login shell."),
    ], supportsCheckMode: false, freeForm: "_raw_params")

    static let documentation = ModuleDocumentation(
        "Run a command line as is, without any module machinery",
        description: [
            "Sends the command line to the host over SSH and returns its output unchanged.",
            "Meant for hosts that cannot run anything else yet; every Swansible module only needs a POSIX shell, so it is rarely needed.",
        ],
        notes: [
            "Not run in check mode (the task is skipped), as in ansible-core.",
        ],
        examples: """
            - name: Look for a Python interpreter (Swansible needs none)
              ansible.builtin.raw: command -v python3 || true
              register: python_found
              changed_when: false
            """)

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
