import Foundation

/// `systemd` (and `systemd_service`): unit state, enablement, masking, daemon-reload.
struct SystemdModule: Module {
    static let names = ["systemd", "systemd_service"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("daemon_reexec", .bool, default: false, aliases: ["daemon-reexec"],
                     description: "Have systemd re-execute itself first (`systemctl daemon-reexec`)."),
        ArgumentSpec("daemon_reload", .bool, default: false, aliases: ["daemon-reload"],
                     description: "Have systemd reload unit files first (`systemctl daemon-reload`), even when nothing else is asked."),
        ArgumentSpec("enabled", .bool, description: "Whether the unit starts at boot."),
        ArgumentSpec("force", .bool, description: "Replace existing links when enabling or masking (`--force`)."),
        ArgumentSpec("masked", .bool, description: "Whether the unit is masked (cannot be started at all)."),
        ArgumentSpec("name", aliases: ["service", "unit"],
                     description: "The unit; `.service` is assumed when no suffix is given."),
        ArgumentSpec("no_block", .bool, default: false,
                     description: "Queue the start or stop without waiting for it to finish (`--no-block`)."),
        ArgumentSpec("scope", default: "system", choices: ["system", "user", "global"],
                     description: "Which systemd manager: the system's, the user's (`--user`) or the one for all users (`--global`)."),
        ArgumentSpec("state", choices: ["reloaded", "restarted", "started", "stopped"],
                     description: "What the unit should be doing: `started` and `stopped` act only when needed, `restarted` and `reloaded` always act."),
    ], requiredOneOf: [["state", "enabled", "masked", "daemon_reload", "daemon_reexec"]],
        requiredBy: ["state", "enabled", "masked"].map { RequiredBy($0, requires: ["name"]) })

    static let documentation = ModuleDocumentation(
        "Manage systemd units",
        description: [
            "Starts, stops, restarts or reloads a systemd unit, enables or masks it, and reloads systemd's configuration.",
            "Enabling and masking come before the state change, as in ansible-core.",
        ],
        notes: [
            "Everything is checked and done by one shell script with `systemctl` on the host; the result's `status` holds `systemctl show`'s properties.",
        ],
        examples: """
            - name: etcd runs and starts at boot
              ansible.builtin.systemd:
                name: etcd-member
                state: started
                enabled: true
                daemon_reload: true

            - name: Nobody starts the old daemon
              ansible.builtin.systemd_service:
                name: docker-old.service
                state: stopped
                masked: true
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let plan = plan(from: args)
        let output = try await context.runScript(plan.script(checkMode: context.checkMode))
        return plan.result(from: output)
    }

    static func plan(from args: ModuleArguments) -> SystemdPlan {
        var plan = SystemdPlan()
        plan.name = args.string("name")
        plan.state = args.string("state")
        plan.enabled = args["enabled"].map { $0.isTruthy }
        plan.masked = args["masked"].map { $0.isTruthy }
        plan.daemonReload = args.bool("daemon_reload")
        plan.daemonReexec = args.bool("daemon_reexec")
        plan.noBlock = args.bool("no_block")
        plan.force = args.bool("force")
        plan.scope = args.string("scope") ?? "system"
        return plan
    }
}

/// `service`: on the systemd hosts Swansible targets, ansible hands service tasks to the
/// systemd module; so does this one (accepting service's extra, sysv-only arguments).
struct ServiceModule: Module {
    static let names = ["service"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let supportsAsync = true
    /// systemd's arguments and rules, plus service's own arguments.
    static let spec: ModuleSpec = {
        var spec = SystemdModule.spec
        spec.arguments += [
            ArgumentSpec("arguments", default: "", aliases: ["args"],
                         description: "Extra arguments for the init script (sysv); accepted, not used with systemd."),
            ArgumentSpec("pattern",
                         description: "Process name to look for when the service has no status command (sysv); accepted, not used with systemd."),
            ArgumentSpec("runlevel", default: "default",
                         description: "Runlevel for enabling (OpenRC); accepted, not used with systemd."),
            ArgumentSpec("sleep", .int,
                         description: "Seconds between stop and start when restarting (sysv); accepted, not used with systemd."),
            ArgumentSpec("use", default: "auto",
                         description: "Which service manager to use; Swansible always uses systemd."),
        ]
        return spec
    }()

    static let documentation = ModuleDocumentation(
        "Manage services",
        description: [
            "Starts, stops, restarts or reloads a service and enables it at boot.",
            "Swansible's hosts run systemd, so this is the systemd module with the service module's extra options (which systemd does not need).",
        ],
        notes: [
            "ansible-core picks a service manager on the host; Swansible always uses systemd, as ansible-core does on a systemd host.",
        ],
        examples: """
            - name: The kubelet runs
              ansible.builtin.service:
                name: kubelet
                state: started
                enabled: true
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        try await SystemdModule.run(args, in: context)
    }
}
