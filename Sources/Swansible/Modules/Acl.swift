import Foundation

/// `acl` (ansible.posix.acl; ansible-core routes the short name there): one POSIX ACL entry of
/// a file or directory, set, removed or read with setfacl and getfacl, as ansible.posix does:
/// `setfacl --test` says whether the entry would change anything (a line not ending in `*,*`),
/// and only then setfacl runs. One script.
struct AclModule: Module {
    static let names = ["acl", "ansible.posix.acl"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("default", .bool, default: false, description: "Act on the directory's default ACL (what new files in it inherit)."),
        ArgumentSpec("entity", default: "", description: "The user or group the entry is for (empty for the owner, owning group, mask or other)."),
        ArgumentSpec("entry", description: "The entry in setfacl's form, `[default:]TYPE:ENTITY[:PERMISSIONS]`, instead of etype, entity and permissions."),
        ArgumentSpec("etype", choices: ["group", "mask", "other", "user"], description: "The entry's type."),
        ArgumentSpec("follow", .bool, default: true, description: "Follow symbolic links (false: `--physical`)."),
        ArgumentSpec("path", .path, required: true, aliases: ["name"], description: "The file or directory."),
        ArgumentSpec("permissions", description: "The permissions, in setfacl's letters (`rwx`, `r-x`...)."),
        ArgumentSpec("recalculate_mask", default: "default", choices: ["default", "mask", "no_mask"],
                     description: "Whether setfacl recalculates the mask (`mask`), keeps it (`no_mask`), or does what it does by default."),
        ArgumentSpec("recursive", .bool, default: false, aliases: ["recurse"], description: "Apply to every file and directory below the path too."),
        ArgumentSpec("state", default: "query", choices: ["absent", "present", "query"], description: "Set the entry, remove it, or only read the ACL."),
        ArgumentSpec("use_nfsv4_acls", .bool, default: false, description: "Write the entry in the NFSv4 form (`TYPE:ENTITY:PERMISSIONS:allow`)."),
    ])

    static let documentation = ModuleDocumentation(
        "Set and retrieve file ACL information",
        description: [
            "Sets or removes one ACL entry on a path (recursively if asked), or only reads the ACL; `acl` in the result is the ACL after the change, as getfacl prints it.",
        ],
        notes: [
            "ansible.posix's module; ansible-core routes `acl` to it, and so does Swansible (ansible.posix is not needed).",
            "setfacl and getfacl (Debian's `acl` package) must be on the host; the file system must support ACLs.",
        ],
        examples: """
            - name: The deploy user may read the configuration
              ansible.posix.acl:
                path: /etc/app/config.yml
                entity: deploy
                etype: user
                permissions: r
                state: present

            - name: New files in the upload directory are writable by www-data (the short name is routed to ansible.posix)
              ansible.builtin.acl:
                path: /srv/uploads
                entry: default:user:www-data:rwX
                state: present
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let state = args.string("state") ?? "query", recursive = args.bool("recursive")
        let mask = args.string("recalculate_mask") ?? "default"
        var etype = args.string("etype"), entity = args.string("entity") ?? "", permissions = args.string("permissions")
        var isDefault = args.bool("default")
        if state == "query" {
            if recursive { return .failure("'recursive' MUST NOT be set when 'state=query'.") }
            if mask != "default" { return .failure("'recalculate_mask' MUST NOT be set to 'mask' or 'no_mask' when 'state=query'.") }
        }
        if let entry = args.string("entry"), !entry.isEmpty {
            if etype != nil || !entity.isEmpty || permissions?.isEmpty == false {
                return .failure("'entry' MUST NOT be set when 'entity', 'etype' or 'permissions' are set.")
            }
            let colons = entry.filter { $0 == ":" }.count
            if state == "present" && ![2, 3].contains(colons) {
                return .failure("'entry' MUST have 3 or 4 sections divided by ':' when 'state=present'.")
            }
            if state == "absent" && ![1, 2].contains(colons) {
                return .failure("'entry' MUST have 2 or 3 sections divided by ':' when 'state=absent'.")
            }
            if state == "query" { return .failure("'entry' MUST NOT be set when 'state=query'.") }
            let split = splitEntry(entry)
            if split.isDefault { isDefault = true }
            (etype, entity, permissions) = (split.etype, split.entity, split.permissions)
        } else {
            if state == "absent" && permissions?.isEmpty == false { return .failure("'permissions' MUST NOT be set when 'state=absent'.") }
            if state == "absent" && entity.isEmpty { return .failure("'entity' MUST be set when 'state=absent'.") }
            if state != "query" && etype == nil { return .failure("'etype' MUST be set when 'state=\(state)'.") }
        }
        // ansible.posix's order: -d first, then the operation, --recursive, the mask, --physical.
        let lead = isDefault ? ["-d"] : []
        let recursion = recursive ? ["--recursive"] : [], physical = args.bool("follow") ? [] : ["--physical"]
        let maskFlags = mask == "mask" ? ["--mask"] : mask == "no_mask" ? ["--no-mask"] : []
        let flags = lead + ["--absolute-names", "--omit-header"] + recursion + physical
        var entry = "", action: [String]? = nil
        if state == "present" {
            let type = etype ?? ""
            entry = args.bool("use_nfsv4_acls") ? [type, entity, permissions ?? "", "allow"].joined(separator: ":")
                : type + ":" + entity + (permissions.map { $0.isEmpty ? "" : ":" + $0 } ?? "")
            action = lead + ["-m", entry] + recursion + maskFlags + physical
        } else if state == "absent" {
            entry = (etype ?? "") + ":" + entity
            action = lead + ["-x", entry] + recursion + maskFlags + physical
        }
        let script = self.script(path: args.string("path") ?? "", action: action, getFlags: flags, checkMode: context.checkMode)
        let (result, report) = try await context.runReport(script)
        if let rc = report.int("cmd_rc") {
            // A failing setfacl or getfacl fails as ansible-core's run_command does.
            let words = [report["cmd_bin"] ?? ""] + (report["cmd"] == "get" ? flags : report["cmd"] == "test" ? ["--test"] + (action ?? []) : action ?? [])
            let stdout = decoded(report["cmd_stdout"]), stderr = decoded(report["cmd_stderr"])
            var fields: ValueDict = ["cmd": .string(ShellQuote.join(words + [args.string("path") ?? ""])), "rc": .int(rc),
                                     "stdout": .string(stdout), "stderr": .string(stderr)]
            AccountScript.addLines(to: &fields)
            return .failure(String(stderr.reversed().drop { $0.isWhitespace }.reversed()), fields: fields)
        }
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard let marker = result.stdout.range(of: "--swansible-acl--\n") else { return .failure("acl failed on the host: \(result.stderr)") }
        var acl = String(result.stdout[marker.upperBound...]).components(separatedBy: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        while let last = acl.last, last.isEmpty { acl.removeLast() }
        let message = state == "present" ? "\(entry) is present" : state == "absent" ? "\(entry) is absent" : "current acl"
        return ModuleResult(changed: report.flag("changed"), message: message, fields: ["acl": .list(acl.map(Value.string))])
    }

    private static func decoded(_ base64: String?) -> String {
        base64.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// `[d[efault]:]TYPE:ENTITY[:PERMISSIONS]`, the type known by its first letter.
    static func splitEntry(_ entry: String) -> (isDefault: Bool, etype: String?, entity: String, permissions: String?) {
        var parts = entry.components(separatedBy: ":")
        let isDefault = entry.lowercased().hasPrefix("d")
        if isDefault { parts.removeFirst() }
        let types = ["u": "user", "g": "group", "m": "mask", "o": "other"]
        let etype = parts.first.flatMap { $0.lowercased().first }.flatMap { types[String($0)] }
        return (isDefault, etype, parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : nil)
    }

    /// Prints `changed` (from `setfacl --test`), acts unless in check mode, then the ACL after
    /// the marker line. As ansible.posix: the path is looked for first, then only the tools the
    /// state uses (a query needs no setfacl).
    static func script(path: String, action: [String]?, getFlags: [String], checkMode: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions + "path=\(q(path))\n"
        // `run WHICH TOOL ARGS...`: the tool by its full path, its output in $o; a failure is
        // reported with its rc and both outputs (base64).
        s += "o=$(mktemp) e=$(mktemp)\n"
        s += "run() { w=$1 b=$(command -v \"$2\"); shift 2; \"$b\" \"$@\" >\"$o\" 2>\"$e\" && return 0; rc=$?\n"
        s += "  printf 'cmd=%s\\ncmd_bin=%s\\ncmd_rc=%s\\ncmd_stdout=%s\\ncmd_stderr=%s\\n' \"$w\" \"$b\" \"$rc\" \"$(base64 -w0 <\"$o\")\" \"$(base64 -w0 <\"$e\")\"\n"
        s += "  rm -f \"$o\" \"$e\"; exit 1; }\n"
        s += "[ -e \"$path\" ] || sw_fail 'Path not found or not accessible.'\n"
        let tools = action == nil ? "getfacl" : "setfacl getfacl"
        s += "for b in \(tools); do command -v $b >/dev/null 2>&1 || sw_fail \"Failed to find required executable \\\"$b\\\" in paths: $PATH\"; done\n"
        if let action {
            let args = ShellQuote.join(action)
            s += "run test setfacl --test \(args) \"$path\"; out=$(cat \"$o\")\n"
            s += "c=$(printf '%s\\n' \"$out\" | awk '!/^#/ { sub(/^[ \\t]+/, \"\"); sub(/[ \\t]+$/, \"\"); if ($0 != \"\" && $0 !~ /\\*,\\*$/) c = 1 } END { print c ? 1 : 0 }')\n"
            s += "echo changed=$c\n"
            if !checkMode {
                // Removing an entry ignores setfacl's failure, as ansible.posix does.
                let check = action.contains("-x") ? "" : "run set "
                s += "if [ \"$c\" = 1 ]; then \(check)setfacl \(args) \"$path\" >/dev/null 2>&1; fi\n"
            }
        }
        s += "run get getfacl \(ShellQuote.join(getFlags)) \"$path\"\n"
        s += "echo --swansible-acl--\ncat \"$o\"\nrm -f \"$o\" \"$e\"\n"
        return s
    }
}
