import Foundation

/// `group`: a local group present (with a given gid) or absent, through groupadd, groupmod and
/// groupdel. One script looks the group up; a second acts and looks again, only when needed.
struct GroupModule: Module {
    static let names = ["group"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("force", .bool, default: false,
                     description: "With `state: absent`, remove the group even when it is the primary group of a user (`groupdel -f`)."),
        ArgumentSpec("gid", .int, description: "The group's numeric id; changed with groupmod when the group has another."),
        ArgumentSpec("gid_max", .int, description: "Highest gid groupadd may pick (overrides GID_MAX of /etc/login.defs)."),
        ArgumentSpec("gid_min", .int, description: "Lowest gid groupadd may pick (overrides GID_MIN of /etc/login.defs)."),
        ArgumentSpec("local", .bool, default: false,
                     description: "Use libuser's lgroupadd family instead of shadow-utils; not supported by Swansible (its hosts have shadow-utils)."),
        ArgumentSpec("name", required: true, description: "Name of the group."),
        ArgumentSpec("non_unique", .bool, default: false,
                     description: "Allow a `gid` that another group already has (`-o`); needs `gid`."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the group should exist."),
        ArgumentSpec("system", .bool, default: false,
                     description: "Create a system group (a gid from the system range), when the group is created."),
    ], requiredIf: [RequiredIf("non_unique", is: true, requires: ["gid"])])

    static let documentation = ModuleDocumentation(
        "Add or remove groups",
        description: [
            "Makes sure a group exists on the host, with a given gid, or does not exist.",
            "Uses `groupadd`, `groupmod` and `groupdel` (shadow-utils) through one shell script; a group that is already as asked costs one round trip.",
        ],
        notes: [
            "`local: true` (libuser's commands) is refused: Swansible's targets use shadow-utils.",
        ],
        examples: """
            - name: The etcd group exists
              ansible.builtin.group:
                name: etcd
                gid: 232
                system: true

            - name: No more docker group
              ansible.builtin.group:
                name: docker
                state: absent
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        let present = args.string("state") != "absent"
        if args.bool("force") && args.bool("local") {
            return .failure("force is not a valid option for local, force=True and local=True are mutually exclusive")
        }
        if args.bool("local") {
            if args["gid_min"] != nil { return .failure("'gid_min' can not be used with 'local'") }
            if args["gid_max"] != nil { return .failure("'gid_max' can not be used with 'local'") }
            return .failure("local: true needs libuser's lgroupadd, which Swansible does not drive; use shadow-utils' groupadd")
        }
        let probe = try await context.runScript("LC_ALL=C getent group \(ShellQuote.quote(name)) | sed 's/^/group=/'\n")
        let current = ScriptReport(probe.stdout)["group"].flatMap(GroupEntry.init)
        var fields: ValueDict = ["name": .string(name), "state": .string(present ? "present" : "absent")]

        guard let steps = steps(args, name: name, present: present, current: current) else {
            // Nothing to do.
            if present, let current { fields["gid"] = .int(current.gid); fields["system"] = .bool(args.bool("system")) }
            return ModuleResult(changed: false, fields: fields)
        }
        if context.checkMode {
            guard present, let current else { return ModuleResult(changed: true) }
            fields["gid"] = .int(current.gid)
            fields["system"] = .bool(args.bool("system"))
            return ModuleResult(changed: true, fields: ContentInstall.sorted(fields))
        }
        var script = AccountScript(steps: steps.map(AccountScript.Step.argv))
        script.epilogue = "getent group \(ShellQuote.quote(name)) | sed 's/^/group=/'\n"
        let outcome = AccountScript.outcome(of: try await context.runScript(script.text))
        if outcome.stdout != "" { fields["stdout"] = .string(outcome.stdout) }
        if outcome.stderr != "" { fields["stderr"] = .string(outcome.stderr) }
        AccountScript.addLines(to: &fields)
        guard outcome.rc == 0 else {
            return .failure(outcome.stderr, fields: ["name": .string(name)])
        }
        if let now = outcome.report["group"].flatMap(GroupEntry.init) {
            fields["gid"] = .int(now.gid)
            fields["system"] = .bool(args.bool("system"))
        }
        return ModuleResult(changed: true, fields: ContentInstall.sorted(fields))
    }

    /// The commands that bring the group to the asked state, or nil when it is there already.
    static func steps(_ args: ModuleArguments, name: String, present: Bool, current: GroupEntry?) -> [[String]]? {
        if !present {
            guard current != nil else { return nil }
            return [["groupdel"] + (args.bool("force") ? ["-f"] : []) + [name]]
        }
        let gid = args.int("gid")
        let unique = args.bool("non_unique") ? ["-o"] : []
        guard let current else {
            var add = ["groupadd"]
            if let gid { add += ["-g", String(gid)] + unique }
            if args.bool("system") { add.append("-r") }
            if let min = args.int("gid_min") { add += ["-K", "GID_MIN=\(min)"] }
            if let max = args.int("gid_max") { add += ["-K", "GID_MAX=\(max)"] }
            return [add + [name]]
        }
        guard let gid, gid != current.gid else { return nil }
        return [["groupmod", "-g", String(gid)] + unique + [name]]
    }
}
