import Foundation

/// `reboot`: an action, as in ansible-core. It reads the host's boot id, issues the reboot
/// command (`shutdown -r N "msg"` found in `search_paths`, or `reboot_command`), waits until
/// the host answers again over its connection with another boot id, then until `test_command`
/// succeeds. The connection opens a fresh session by itself once the old one is lost; a try
/// that hangs is abandoned after `connect_timeout`, which also marks the session broken.
struct RebootModule: Module {
    static let names = ["reboot"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let defaultSearchPaths: [Value] = ["/sbin", "/bin", "/usr/sbin", "/usr/bin", "/usr/local/sbin"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("boot_time_command", default: "cat /proc/sys/kernel/random/boot_id",
                     description: "A command whose output names the current boot; it must print something else after the reboot and the same thing twice between reboots."),
        ArgumentSpec("connect_timeout", .int,
                     description: "Seconds one try (to connect and run the boot time or test command) may take before it is abandoned and the next starts; 10 when not given."),
        ArgumentSpec("msg", default: "Reboot initiated by Ansible", description: "The message shutdown shows to logged-in users."),
        ArgumentSpec("post_reboot_delay", .int, default: 0,
                     description: "Seconds to wait after the reboot command before checking that the host rebooted."),
        ArgumentSpec("pre_reboot_delay", .int, default: 0,
                     description: "Seconds before the reboot, given to shutdown in whole minutes (rounded down)."),
        ArgumentSpec("reboot_command",
                     description: "The command that reboots, with its arguments; a bare command name is looked up in `search_paths`. `pre_reboot_delay` and `msg` are then not used."),
        ArgumentSpec("reboot_timeout", .int, default: 600,
                     description: "Seconds to wait for the new boot, and again for the test command to succeed."),
        ArgumentSpec("search_paths", .list, default: .list(defaultSearchPaths),
                     description: "Directories searched, in order, for the shutdown command (PATH is not used)."),
        ArgumentSpec("test_command", default: "whoami",
                     description: "A command that must succeed on the rebooted host before the task ends."),
    ])

    static let documentation = ModuleDocumentation(
        "Reboot a machine and wait until it is back",
        description: [
            "Reboots the host, waits until it answers over the task's connection with a new boot id (`boot_time_command`), then until `test_command` succeeds.",
            "The result's `rebooted` is true once the reboot was seen, and `elapsed` counts the whole seconds since the reboot command.",
        ],
        notes: [
            "Like ansible-core's action, the commands run with become when the task has it; tries back off exponentially, up to 12 seconds apart.",
            "In check mode nothing is rebooted: the task reports changed, with `rebooted` true and `elapsed` 0, as in ansible-core.",
            "ansible-core refuses to reboot through a local connection; Swansible does not know the connection's kind here and does not refuse.",
        ],
        examples: """
            - name: Reboot after the kernel upgrade
              ansible.builtin.reboot:
                msg: Rebooting for the new kernel
                reboot_timeout: 900

            - name: A node whose shutdown lives elsewhere, checked with its kubelet
              ansible.builtin.reboot:
                search_paths: [/lib/molly-guard]
                test_command: systemctl is-active kubelet
                post_reboot_delay: 10
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        if context.checkMode { return ModuleResult(changed: true, fields: ["elapsed": 0, "rebooted": true]) }
        let bootTimeCommand = args.string("boot_time_command") ?? "cat /proc/sys/kernel/random/boot_id"
        let previous = try await context.runScript(bootTimeCommand)
        guard previous.exitCode == 0 else {
            return ModuleResult(failed: true, message: bootTimeFailure(previous), fields: ["reboot": false])
        }
        let previousBoot = previous.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let searchPaths = args["search_paths"]?.listValue ?? defaultSearchPaths
        guard searchPaths.allSatisfy({ $0.stringValue != nil }) else {
            return .raisedFailure("'search_paths' must be a string or flat list of strings, got \(Value.list(searchPaths).pythonRepr)")
        }
        let script = rebootScript(command: args.string("reboot_command"), searchPaths: searchPaths.compactMap(\.stringValue),
                                  delayMinutes: max(0, args.int("pre_reboot_delay") ?? 0) / 60,
                                  message: args.string("msg") ?? "Reboot initiated by Ansible")
        var issued = CommandResult(exitCode: 0, stdout: "", stderr: "")
        do {
            issued = try await context.runScript(script)
        } catch is ConnectionError {
            // The host went down before the command answered, as it may: ansible-core carries on.
        }
        let start = Date()
        if let missing = ScriptReport(issued.stdout)["sw_missing"] {
            return .raisedFailure("Unable to find command \"\(missing)\" in search paths: \(Value.list(searchPaths).pythonRepr)")
        }
        guard issued.exitCode == 0 else {
            return ModuleResult(failed: true, message: "Reboot command failed. Error was \(issued.stdout.trimmed), \(issued.stderr.trimmed)",
                                fields: ["rebooted": false, "elapsed": .int(Int(Date().timeIntervalSince(start)))])
        }
        let postDelay = max(0, args.int("post_reboot_delay") ?? 0)
        if postDelay > 0 { try await Task.sleep(for: .seconds(postDelay)) }

        let timeout = Double(args.int("reboot_timeout") ?? 600)
        let tries = Tries(context: context, perTry: Double(max(1, args.int("connect_timeout") ?? 10)), timeout: timeout)
        let testCommand = args.string("test_command") ?? "whoami"
        var failure: String?
        if try await !tries.until({ $0.exitCode == 0 && !$0.stdout.trimmed.isEmpty && $0.stdout.trimmed != previousBoot }, running: bootTimeCommand) {
            failure = "Timed out waiting for last boot time check (timeout=\(Int(timeout)))"
        } else if try await !tries.until({ $0.exitCode == 0 }, running: testCommand) {
            failure = "Timed out waiting for post-reboot test command (timeout=\(Int(timeout)))"
        }
        let fields: ValueDict = ["rebooted": true, "elapsed": .int(Int(Date().timeIntervalSince(start)))]
        if let failure { return ModuleResult(failed: true, message: failure, fields: fields) }
        return ModuleResult(changed: true, fields: fields)
    }

    static func bootTimeFailure(_ result: CommandResult) -> String {
        "reboot: failed to get host boot time info, rc: \(result.exitCode), stdout: \(result.stdout), stderr: \(result.stderr)"
    }

    /// Finds the command in `searchPaths` (ansible-core looks for `shutdown`, `reboot` on
    /// Alpine, with a file search there) and runs it; prints `sw_missing=NAME` when not found.
    static func rebootScript(command: String?, searchPaths: [String], delayMinutes: Int, message: String) -> String {
        let q = ShellQuote.quote
        var s = "paths=\(q(searchPaths.joined(separator: "\n")))\n"
        if let command {
            let words = command.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            s += "bin=\(q(words.first.map(String.init) ?? ""))\nargs=\(q(words.count > 1 ? String(words[1]) : ""))\n"
        } else {
            s += "if [ -f /etc/alpine-release ]; then bin=reboot; args=; else bin=shutdown; args=\(q("-r \(delayMinutes) \(q(message))"))\nfi\n"
        }
        s += #"""
            case $bin in
              /*) cmd=$bin ;;
              *) cmd=
                 while IFS= read -r d; do [ -e "$d/$bin" ] && { cmd="$d/$bin"; break; }; done <<EOF
            $paths
            EOF
                 [ -n "$cmd" ] || { echo "sw_missing=$bin"; exit 0; } ;;
            esac
            eval "\"\$cmd\" $args"

            """#
        return s
    }

    /// Runs a command again and again, with ansible-core's exponential back-off (1, 2, 4, 8,
    /// then 12 seconds), until its result is accepted or the time is up.
    struct Tries {
        let context: ModuleContext
        let perTry: Double
        let timeout: Double

        func until(_ accepted: (CommandResult) -> Bool, running command: String) async throws -> Bool {
            let end = Date().addingTimeInterval(timeout)
            var failures = 0
            while Date() < end {
                let context = context
                do {
                    let result = try await withDeadline(seconds: perTry) { try await context.runScript(command) }
                    if accepted(result) { return true }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // Unreachable while it reboots, or a try abandoned: the next one reconnects.
                }
                try await Task.sleep(for: .seconds(min(12, 1 << min(failures, 4))))
                failures += 1
            }
            return false
        }
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
