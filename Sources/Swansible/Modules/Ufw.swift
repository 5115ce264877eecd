import Foundation

/// `ufw` (community.general.ufw; ansible-core routes the short name there): the state, the
/// default policies, rules and logging of Uncomplicated Firewall, through the `ufw` command.
/// Like community.general, it compares `ufw status verbose` and the rules files before and
/// after (ufw itself skips a rule it already has); check mode reads them and asks ufw's
/// `--dry-run`. One script runs the plan (`UfwPlan`).
struct UfwModule: Module {
    static let names = ["ufw", "community.general.ufw"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("comment", description: "A comment for the rule (ufw 0.35 and newer)."),
        ArgumentSpec("default", aliases: ["policy"], choices: ["allow", "deny", "reject"],
                     description: "The default policy for `direction` (incoming when not given)."),
        ArgumentSpec("delete", .bool, default: false, description: "Remove the rule instead of adding it."),
        ArgumentSpec("direction", choices: ["in", "incoming", "out", "outgoing", "routed"],
                     description: "in/out for a rule; incoming/outgoing/routed for a default policy."),
        ArgumentSpec("from_ip", default: "any", aliases: ["from", "src"], description: "The source address or network."),
        ArgumentSpec("from_port", description: "The source port."),
        ArgumentSpec("insert", .int, description: "Insert the rule as rule number N (counted from the first rule)."),
        ArgumentSpec("insert_relative_to", default: "zero", choices: ["zero", "first-ipv4", "last-ipv4", "first-ipv6", "last-ipv6"],
                     description: "What `insert` counts from; only `zero` is supported by Swansible."),
        ArgumentSpec("interface", aliases: ["if"], description: "The interface the rule applies to (needs `direction`)."),
        ArgumentSpec("interface_in", aliases: ["if_in"], description: "The incoming interface of a rule."),
        ArgumentSpec("interface_out", aliases: ["if_out"], description: "The outgoing interface of a rule."),
        ArgumentSpec("log", .bool, default: false, description: "Log the new connections that match the rule."),
        ArgumentSpec("logging", choices: ["full", "high", "low", "medium", "off", "on"], description: "ufw's logging level."),
        ArgumentSpec("name", aliases: ["app"], description: "An application profile (`ufw app list`) for the rule."),
        ArgumentSpec("proto", aliases: ["protocol"], choices: ["ah", "any", "esp", "ipv6", "tcp", "udp", "gre", "igmp"],
                     description: "The protocol of the rule."),
        ArgumentSpec("route", .bool, default: false, description: "A rule for routed (forwarded) traffic."),
        ArgumentSpec("rule", choices: ["allow", "deny", "limit", "reject"], description: "Add (or with `delete`, remove) a rule of this kind."),
        ArgumentSpec("state", choices: ["enabled", "disabled", "reloaded", "reset"],
                     description: "enabled/disabled: the firewall on or off (also at boot); reloaded and reset always change."),
        ArgumentSpec("to_ip", default: "any", aliases: ["dest", "to"], description: "The destination address or network."),
        ArgumentSpec("to_port", aliases: ["port"], description: "The destination port, a range (`60000:61000`) or a list (`80,443`)."),
    ], mutuallyExclusive: [["name", "proto", "logging"], ["direction", "interface_in"], ["direction", "interface_out"]],
       requiredOneOf: [["state", "default", "rule", "logging"]],
       requiredBy: [RequiredBy("interface", requires: ["direction"])])

    static let documentation = ModuleDocumentation(
        "Manage the firewall with UFW",
        description: [
            "Turns Uncomplicated Firewall on, off, reloads or resets it, sets its default policies and logging, and adds or removes rules, only when they differ.",
            "The result's `commands` lists the commands run, and `msg` the `ufw status verbose` after them.",
        ],
        notes: [
            "community.general's module; ansible-core routes `ufw` to it, and so does Swansible (community.general is not needed).",
            "Needs the `ufw` command on the host (Debian's ufw package). Allow SSH before enabling the firewall with a deny policy.",
            "`insert_relative_to` other than `zero` is not supported yet and fails with a clear message.",
        ],
        examples: """
            - name: Let SSH in, then turn the firewall on with a deny policy
              community.general.ufw:
                rule: allow
                port: '22'
                proto: tcp
                comment: ssh
            - community.general.ufw:
                state: enabled
                default: deny

            - name: The API server from the cluster's network only (the short name is routed to community.general)
              ansible.builtin.ufw:
                rule: allow
                src: 10.0.0.0/16
                port: '6443'
                proto: tcp
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let plan: UfwPlan, body: String
        do {
            plan = try UfwPlan(args, checkMode: context.checkMode)
            body = try script(plan)
        } catch {
            return .failure(error.message)
        }
        let result = try await context.runScript(body)
        let outcome = UfwOutcome(result.stdout)
        let paths = ["ufw": outcome.sections["ufw"] ?? "ufw", "grep": outcome.sections["grep"] ?? "grep"]
        let commands = Value.list(outcome.ran.map { .string(report($0, paths: paths)) })
        if let failure = outcome.failure { return .failure(failure, fields: ["commands": commands]) }
        guard outcome.sections["done"] != nil else { return .failure("ufw failed on the host: \(result.stderr)") }
        let changed = outcome.changed(args, checkMode: context.checkMode)
        if context.checkMode { return ModuleResult(changed: changed, fields: ["commands": commands]) }
        let status = (outcome.sections["post_status"] ?? "").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        return ModuleResult(changed: changed, message: status, fields: ["commands": commands])
    }

    /// `@ufw rest` → `/usr/sbin/ufw rest`, as the result's `commands` shows it.
    static func report(_ ran: String, paths: [String: String]) -> String {
        guard ran.hasPrefix("@"), let space = ran.firstIndex(of: " ") else { return ran }
        let binary = String(ran[ran.index(after: ran.startIndex)..<space])
        return (paths[binary] ?? binary) + ran[space...]
    }

    /// Finds ufw and grep as ansible's get_bin_path does (PATH and the sbin directories),
    /// then runs each step with LANG=C, printing `@@sw ran` with the command as written and
    /// `@@sw SECTION` with its output; the first failure prints `@@sw fail` and stops.
    static func script(_ plan: UfwPlan) throws(UfwRefusal) -> String {
        let q = ShellQuote.quote
        var s = #"""
            export LANG=C
            p=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case :$p: in *:$d:*) ;; *) p=$p:$d ;; esac; done
            for b in ufw grep; do
              found=$(PATH=$p command -v $b) || { printf '@@sw fail\nFailed to find required executable "%s" in paths: %s\n' "$b" "$p"; exit 0; }
              eval "$b=\$found"; printf '@@sw %s\n%s\n' "$b" "$found"
            done
            errf=$(mktemp) || exit 1
            trap 'rm -f "$errf"' EXIT
            step() { # section, ignore errors, command as written, binary, quoted words
              printf '@@sw ran\n%s\n' "$3"
              out=$(eval "\"\$$4\" $5" 2>"$errf"); rc=$?
              if [ "$rc" -ne 0 ] && [ "$2" != 1 ]; then err=$(cat "$errf"); printf '@@sw fail\n%s\n' "${err:-$out}"; exit 0; fi
              printf '@@sw %s\n%s\n' "$1" "$out"
            }

            """#
        for step in plan.steps {
            let line = { (text: String) throws(UfwRefusal) -> String in
                "step \(step.section) \(step.ignoresError ? 1 : 0) \(q("@\(step.binary) " + text)) \(step.binary) \(q(try step.shellWords(text)))\n"
            }
            switch step.section {
            case "version":
                // ufw's first line names its version; comment is understood from 0.35 on.
                s += try line(step.text) + #"""
                    v=$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | sed -n '1s/^ufw.\{1,\}\([0-9]\{1,\}\)\.\([0-9]\{1,\}\).*$/\1 \2/p')
                    [ -n "$v" ] || { printf '@@sw fail\nFailed to get ufw version.\n'; exit 0; }
                    set -- $v
                    if [ "$1" -gt 0 ] || [ "$2" -ge 35 ]; then comments=1; else comments=0; fi

                    """#
            case "rule" where plan.ruleComment != nil:
                s += "if [ \"$comments\" = 1 ]; then\n" + (try line(step.text + (plan.ruleComment ?? ""))) + "else\n" + (try line(step.text)) + "fi\n"
            default:
                s += try line(step.text)
            }
        }
        s += "printf '@@sw done\\n'\n"
        return s
    }
}
