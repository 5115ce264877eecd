import Foundation

/// `command`: runs an argv on the host, no shell features (the words are split like shlex).
struct CommandModule: Module {
    static let names = ["command"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let supportsAsync = true
    static let freeFormIsCommandLine = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("_raw_params",
                     description: "The command and its arguments, split into words like a shell would, but never run by one."),
        ArgumentSpec("_uses_shell", .bool, default: false,
                     description: "Internal: whether the shell module is running the command."),
        ArgumentSpec("argv", .list, description: "The command as a list of words, none of them split or interpreted."),
        ArgumentSpec("executable", undocumented: true,
                     description: "No longer supported (use shell): accepted, ignored with a warning, as in ansible-core."),
        ArgumentSpec("expand_argument_vars", .bool, default: true,
                     description: "Replace `$NAME` / `${NAME}` in the words by the command's environment variables (unknown ones stay), then a leading `~` or `~user` by that home directory, on the host."),
    ] + CommandRun.sharedArguments, freeForm: "_raw_params",
        mutuallyExclusive: [["_raw_params", "cmd", "argv"]], requiredOneOf: [["_raw_params", "cmd", "argv"]])

    static let documentation = ModuleDocumentation(
        "Run a command on the host, without a shell",
        description: [
            "Runs a program on the host with its arguments. No shell reads the command line, so pipes, redirections and `;` have no special meaning; use the shell module for those. Environment variables (`$NAME`, `${NAME}`) and a leading `~` in the words are expanded, unless `expand_argument_vars` is false.",
            "Reports `changed` whenever the command runs; use `creates`, `removes` or `changed_when` to say otherwise.",
        ],
        notes: [
            "Run with `sh -c` and coreutils only (no Python on the host); the argument words are quoted so that the shell takes them literally.",
            "In check mode the command is not run; only `creates` and `removes` are checked, to tell whether it would run.",
        ],
        examples: """
            - name: Initialise the data directory once
              ansible.builtin.command: /usr/bin/initdb -D /var/lib/data
              args:
                creates: /var/lib/data/PG_VERSION

            - name: A command whose words must not be split
              ansible.builtin.command:
                argv:
                  - /usr/bin/etcdctl
                  - put
                  - /config/network
                  - '{"Network": "10.2.0.0/16"}'
            """,
        checkMode: .partial)

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
        var run = CommandRun(payload: .argv(argv), reportedCommand: .list(argv.map(Value.string)), options: args)
        run.expandsArgumentVars = args.bool("expand_argument_vars")
        var result = try await run.run(in: context)
        if let executable = args.string("executable"), !executable.isEmpty {
            result.fields["warnings"] = [.string(
                "As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '\(executable)'.")]
        }
        return result
    }
}
