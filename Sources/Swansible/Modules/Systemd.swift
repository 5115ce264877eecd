import Foundation

/// `systemd` (and `systemd_service`): unit state, enablement, masking, daemon-reload.
struct SystemdModule: Module {
    static let names = ["systemd", "systemd_service"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("daemon_reexec", .bool, default: false, aliases: ["daemon-reexec"]),
        ArgumentSpec("daemon_reload", .bool, default: false, aliases: ["daemon-reload"]),
        ArgumentSpec("enabled", .bool),
        ArgumentSpec("force", .bool),
        ArgumentSpec("masked", .bool),
        ArgumentSpec("name", aliases: ["service", "unit"]),
        ArgumentSpec("no_block", .bool, default: false),
        ArgumentSpec("scope", default: "system", choices: ["system", "user", "global"]),
        ArgumentSpec("state", choices: ["reloaded", "restarted", "started", "stopped"]),
    ], requiredOneOf: [["state", "enabled", "masked", "daemon_reload", "daemon_reexec"]],
        requiredBy: ["state", "enabled", "masked"].map { RequiredBy($0, requires: ["name"]) })

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
    /// systemd's arguments and rules, plus service's own arguments.
    static let spec: ModuleSpec = {
        var spec = SystemdModule.spec
        spec.arguments += [
            ArgumentSpec("arguments", default: "", aliases: ["args"]),
            ArgumentSpec("pattern"),
            ArgumentSpec("runlevel", default: "default"),
            ArgumentSpec("sleep", .int),
            ArgumentSpec("use", default: "auto"),
        ]
        return spec
    }()

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        try await SystemdModule.run(args, in: context)
    }
}
