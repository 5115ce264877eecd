import Foundation

/// The one script behind `systemd`/`service`: optional daemon-reload, then read the unit's
/// state, then mask/enable/start as asked, reporting what it did. Check mode only looks.
struct SystemdPlan {
    var name: String?
    var state: String?
    var enabled: Bool?
    var masked: Bool?
    var daemonReload = false
    var daemonReexec = false
    var noBlock = false
    var force = false
    var scope = "system"

    static let statusMarker = "__swansible_status__"

    func script(checkMode: Bool) -> String {
        let ctl = scope == "system" ? "systemctl" : "systemctl --\(scope)"
        var s = "changed=0\nck=\(checkMode ? 1 : 0)\n"
        s += "fail() { printf 'failed=1\\nmsg=%s\\n' \"$1\"; exit 0; }\n"
        // act VERB COMMAND...: record a change and, outside check mode, run the command.
        s += "act() { v=$1; shift; changed=1; [ \"$ck\" = 1 ] && return 0; out=$(\"$@\" 2>&1) || fail \"Unable to $v service $n: $out\"; }\n"
        if daemonReexec && !checkMode { s += "\(ctl) daemon-reexec || fail 'failure while reexecuting systemd'\n" }
        if daemonReload && !checkMode { s += "\(ctl) daemon-reload 2>/dev/null || fail 'failure while reloading systemd daemon'\n" }
        guard let name else {
            return s + "printf 'changed=%s\\n' \"$changed\"\n"
        }
        s += "n=\(ShellQuote.quote(name))\n"
        s += "show=$(\(ctl) show \"$n\" --no-pager 2>&1) || fail \"failure running systemctl show for $n: $show\"\n"
        s += "prop() { printf '%s\\n' \"$show\" | sed -n \"s/^$1=//p\" | head -n 1; }\n"
        s += "load=$(prop LoadState); active=$(prop ActiveState); filestate=$(prop UnitFileState)\n"
        s += "found=1; [ \"$load\" = not-found ] && found=0\n"
        if let masked {
            if masked {
                s += "[ \"$filestate\" = masked ] || [ \"$load\" = masked ] || act mask \(ctl) mask \"$n\"\n"
            } else {
                s += "if [ \"$filestate\" = masked ] || [ \"$load\" = masked ]; then act unmask \(ctl) unmask \"$n\"; found=1; fi\n"
            }
        }
        if enabled != nil || state != nil {
            s += "[ \"$found\" = 1 ] || fail \"Could not find the requested service $n: host\"\n"
        }
        if let enabled {
            s += "if \(ctl) is-enabled \"$n\" >/dev/null 2>&1; then en=1; else en=0; fi\n"
            s += "case $(\(ctl) is-enabled \"$n\" 2>/dev/null) in static|indirect|generated|alias) en=\(enabled ? 1 : 0) ;; esac\n"
            let verb = enabled ? "enable" : "disable"
            s += "[ \"$en\" = \(enabled ? 1 : 0) ] || act \(verb) \(ctl) \(verb) \"$n\"\n"
        }
        if let state {
            let nb = noBlock ? " --no-block" : ""
            s += "running=0; case $active in active|activating) running=1 ;; esac\n"
            switch state {
            case "started": s += "[ \"$running\" = 1 ] || act start \(ctl)\(nb) start \"$n\"\n"
            case "stopped": s += "case $active in active|activating|deactivating) act stop \(ctl)\(nb) stop \"$n\" ;; esac\n"
            case "restarted": s += "if [ \"$running\" = 1 ]; then act restart \(ctl)\(nb) restart \"$n\"; else act start \(ctl)\(nb) start \"$n\"; fi\n"
            case "reloaded": s += "if [ \"$running\" = 1 ]; then act reload \(ctl)\(nb) reload \"$n\"; else act start \(ctl)\(nb) start \"$n\"; fi\n"
            default: break
            }
        }
        s += "printf 'changed=%s\\n' \"$changed\"\necho \(Self.statusMarker)\nprintf '%s\\n' \"$show\"\n"
        return s
    }

    /// `systemctl show` text → ansible's `status` dict (every property, values as strings).
    static func parseShow(_ text: String) -> ValueDict {
        var d = ValueDict()
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            d[String(line[..<eq])] = .string(String(line[line.index(after: eq)...]))
        }
        return d
    }

    /// The module result from the script's output.
    func result(from output: CommandResult) -> ModuleResult {
        let stdout = output.stdout
        let (head, status): (String, String) = {
            guard let r = stdout.range(of: Self.statusMarker + "\n") else { return (stdout, "") }
            return (String(stdout[..<r.lowerBound]), String(stdout[r.upperBound...]))
        }()
        let report = ScriptReport(head)
        if report.flag("failed") { return .failure(report["msg"] ?? output.stderr) }
        guard report["changed"] != nil else {
            return .failure("systemd script failed: \(output.stderr)\(output.stdout)")
        }
        var fields = ValueDict()
        if let enabled { fields["enabled"] = .bool(enabled) }
        // Without a unit (a bare daemon-reload) ansible still reports `name: null, status: {}`.
        fields["name"] = name.map(Value.string) ?? .null
        if let state { fields["state"] = .string(state) }
        if let masked { fields["masked"] = .bool(masked) }
        fields["status"] = .dict(name == nil ? [:] : Self.parseShow(status))
        return ModuleResult(changed: report.flag("changed"), fields: fields)
    }
}
