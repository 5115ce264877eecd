import Foundation

/// `shell`: runs a command line through `/bin/sh` (or `executable`) on the host.
struct ShellModule: Module {
    static let names = ["shell"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let supportsAsync = true
    static let freeFormIsCommandLine = true
    static let actionRefusedArguments = ["expand_argument_vars"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params", description: "The command line, run by the shell as written."),
        ArgumentSpec("_uses_shell", .bool, default: true,
                     description: "Internal: whether the command goes through a shell (always for this module)."),
        ArgumentSpec("argv", .list,
                     description: "The command as a list of words, quoted one by one into the command line."),
        ArgumentSpec("executable", .path, description: "Shell to run the command line with (default /bin/sh)."),
        // The command module's, which ansible-core's shell action runs: refused by the action
        // (`actionRefusedArguments`), but the module's default shows in the invocation.
        ArgumentSpec("expand_argument_vars", .bool, default: true, undocumented: true,
                     description: "The command module's; refused for shell, shown in the invocation with its default."),
    ] + CommandRun.sharedArguments, freeForm: "_raw_params",
        mutuallyExclusive: [["_raw_params", "cmd", "argv"]], requiredOneOf: [["_raw_params", "cmd", "argv"]])

    /// Like ansible-core's shell (the command module with a shell), `argv` is quoted word by
    /// word into the line, and reported as the list.
    static let documentation = ModuleDocumentation(
        "Run a command line through the host's shell",
        description: [
            "Runs a command line with `/bin/sh` (or `executable`) on the host, so pipes, redirections, variables and globs work.",
            "Reports `changed` whenever the command runs; use `creates`, `removes` or `changed_when` to say otherwise.",
        ],
        notes: [
            "No Python is involved on the host: the line goes to the shell over the SSH session.",
            "In check mode the command is not run; only `creates` and `removes` are checked.",
        ],
        examples: """
            - name: Count the running units
              ansible.builtin.shell: systemctl list-units --state=running --no-legend | wc -l
              register: running
              changed_when: false

            - name: Use bash features
              ansible.builtin.shell:
                cmd: set -o pipefail && journalctl -u etcd | tail -n 20
                executable: /bin/bash
            """,
        checkMode: .partial)

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
