import Foundation

/// `sysctl` (ansible.posix.sysctl; ansible-core routes the short name there): a kernel
/// parameter's line in a sysctl file, optionally set at once with `sysctl -w` and the file
/// loaded with `sysctl -p`. One script reads the running value and the file (settling the
/// file's mode and owner); a second writes, sets and reloads, only when something differs.
struct SysctlModule: Module {
    static let names = ["sysctl", "ansible.posix.sysctl"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("group"),
        ArgumentSpec("ignoreerrors", .bool, default: false,
                     description: "Ignore errors about unknown keys when setting and reloading (`sysctl -e`)."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("name", required: true, aliases: ["key"],
                     description: "The parameter, as a dotted path (`net.ipv4.ip_forward`)."),
        ArgumentSpec("owner"),
        ArgumentSpec("reload", .bool, default: true,
                     description: "After a change, load the whole file with `sysctl -p` (and, when the file is already right, check the running value)."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("state", default: "present", choices: ["present", "absent"],
                     description: "Whether the parameter's line should be in the file."),
        ArgumentSpec("sysctl_file", .path, default: "/etc/sysctl.conf",
                     description: "The file that holds the parameter's line."),
        ArgumentSpec("sysctl_set", .bool, default: false,
                     description: "Compare the running value too, and set it with `sysctl -w` when it differs."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("value", aliases: ["val"],
                     description: "The value to have (needed with `state: present`); yes/no style booleans become 1 and 0."),
    ], requiredIf: [RequiredIf("state", is: "present", requires: ["value"])])

    static let documentation = ModuleDocumentation(
        "Manage entries in sysctl files",
        description: [
            "Keeps one `key=value` line in a sysctl file (`/etc/sysctl.conf` unless told otherwise), or removes it, and optionally sets the running kernel value with `sysctl -w` and reloads the file with `sysctl -p`.",
            "When the file changes it is written again as ansible.posix's module writes it: each `key = value` line as `key=value`, later duplicates of a key dropped, comments and blank lines kept.",
        ],
        notes: [
            "ansible.posix's module; ansible-core routes `sysctl` and `ansible.builtin.sysctl` to it, and so does Swansible.",
            "Containers usually mount /proc/sys read-only: there `sysctl_set` and `reload` fail for keys whose running value differs, as they would with ansible.",
            "The file arguments (`mode`, `owner`, `group`...) of ansible.posix before 3.0 are still accepted and applied to the sysctl file; ansible.posix 3.0 no longer takes them.",
        ],
        examples: """
            - name: Forward IPv4 packets (flannel needs it)
              ansible.posix.sysctl:
                name: net.ipv4.ip_forward
                value: '1'
                sysctl_set: true

            - name: Only record the setting in a file of its own
              ansible.builtin.sysctl:
                name: vm.swappiness
                value: '10'
                sysctl_file: /etc/sysctl.d/90-swappiness.conf
                reload: false
            """,
        fragments: [.files])

    static let contentMarker = "__swansible_content__"
    static let outputMarker = "__swansible_output__"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = (args.string("name") ?? "").trimmingCharacters(in: .whitespaces)
        let present = args.string("state") != "absent"
        if name.isEmpty { return .failure("name cannot be blank") }
        let value = parseValue(args["value"])
        if present && value.isEmpty { return .failure("value cannot be blank") }
        let file = args.string("sysctl_file") ?? "/etc/sysctl.conf"
        let attributes = FileAttributes(args)

        let probe = try await context.runScript(probeScript(name: name, file: file, attributes: attributes, checkMode: context.checkMode))
        let head = probe.stdout.range(of: contentMarker + "\n").map { String(probe.stdout[..<$0.lowerBound]) } ?? probe.stdout
        let report = ScriptReport(head)
        if report.flag("failed") { return .failure(report["msg"] ?? probe.stderr) }
        let text = probe.stdout.range(of: contentMarker + "\n").map { String(probe.stdout[$0.upperBound...]) }
        let running = report["proc"]

        var edit = SysctlFileEdit(lines: text.map(SysctlFileEdit.lines) ?? [])
        let plan = edit.plan(name: name, value: value, present: present, running: running,
                             reload: args.bool("reload"), setRunning: args.bool("sysctl_set"))
        let changed = plan.changed || report.flag("changed")
        guard !context.checkMode, plan.writeFile || plan.setRunning || (changed && args.bool("reload")) else {
            return ModuleResult(changed: changed)
        }
        let ignore = args.bool("ignoreerrors") ? ["-e"] : []
        var s = RemoteFileLibrary.functions + "LC_ALL=C; export LC_ALL\nsw_check=0\nf=\(ShellQuote.quote(file))\n"
        s += "sw_stderr_failed() { grep -qE '^sysctl: setting key \"[^\"]+\": (Invalid argument|Read-only file system)$' \"$1\"; }\n"
        s += "o=$(mktemp) && e=$(mktemp) || sw_fail 'could not create a temporary file'\ntrap 'rm -f \"$o\" \"$e\"' EXIT\n"
        // A failed sysctl: which step, then its output and errors as they are (ansible's message ends with them).
        s += "sw_failed() { printf 'step=%s\\n' \"$1\"; echo \(outputMarker); cat \"$o\" \"$e\"; exit 1; }\n"
        if plan.setRunning {
            s += "sysctl \(ShellQuote.join(ignore)) -w \(ShellQuote.quote(name + "=" + value)) >\"$o\" 2>\"$e\" || sw_failed setting\n"
            s += "sw_stderr_failed \"$e\" && sw_failed setting\n"
        }
        if plan.writeFile {
            // Like ansible.posix, the new file is made beside the real one (links followed); when
            // that cannot be, Python's error is raised, naming a temporary file as Python would.
            s += "sw_raise() { printf 'raised=1\\nfailed=1\\nmsg=%s\\n' \"$1\"; exit 1; }\n"
            s += "f=$(realpath -m \"$f\"); d=$(dirname \"$f\"); n=\"${d%/}/\"\(ShellQuote.quote(temporarySample()))\n"
            s += "[ -e \"$d\" ] || sw_raise \"[Errno 2] No such file or directory: '$n'\"\n"
            s += "[ -d \"$d\" ] || sw_raise \"[Errno 20] Not a directory: '$n'\"\n"
            s += "t=$(mktemp \"$d/.swansible-sysctl-XXXXXX\") || sw_raise \"[Errno 13] Permission denied: '$n'\"\n"
            s += "cat > \"$t\" || sw_fail \"Failed to write to file $t\"\n"
            s += "if [ -e \"$f\" ]; then chmod --reference=\"$f\" \"$t\"; chown --reference=\"$f\" \"$t\" 2>/dev/null\n"
            s += "else chmod $(printf '%o' $((0666 & ~$(umask)))) \"$t\"; fi\n"
            s += attributes.applyCall(pathWord: "\"$t\"") + "\n"
            s += "mv -f \"$t\" \"$f\" || sw_fail \"could not rename $t to $f\"\n"
        }
        if changed && args.bool("reload") {
            s += "sysctl \(ShellQuote.join(ignore + ["-p"])) \"$f\" >\"$o\" 2>\"$e\" || sw_failed reload\n"
            s += "sw_stderr_failed \"$e\" && sw_failed reload\n"
        }
        s += "echo done=1\n"
        let input = plan.writeFile ? Data(edit.text.utf8) : nil
        let acted = try await context.runScript(s, stdin: input)
        if let marker = acted.stdout.range(of: outputMarker + "\n") {
            let output = String(acted.stdout[marker.upperBound...])
            let step = ScriptReport(String(acted.stdout[..<marker.lowerBound]))["step"]
            return .failure((step == "setting" ? "setting \(name) failed: " : "Failed to reload sysctl: ") + output)
        }
        let outcome = ScriptReport(acted.stdout)
        if outcome.flag("raised") { return .raisedFailure("Task failed: Module failed: " + (outcome["msg"] ?? "")) }
        if outcome.flag("failed") { return .failure(outcome["msg"] ?? acted.stderr) }
        guard outcome.flag("done") else { return .failure("could not update \(file): \(acted.stderr)") }
        return ModuleResult(changed: changed)
    }

    /// A name like the temporary file's Python would have made (`tempfile.mkstemp`), for its
    /// error messages.
    static func temporarySample() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return ".ansible_m_sysctl_" + String((0..<8).map { _ in letters.randomElement()! }) + ".conf"
    }

    /// Reads the running value (`proc=`, absent when sysctl does not know the key), settles the
    /// file's attributes (`changed=1` when they differ) and prints the file after the marker.
    static func probeScript(name: String, file: String, attributes: FileAttributes, checkMode: Bool) -> String {
        var s = RemoteFileLibrary.functions
        s += "LC_ALL=C; export LC_ALL\nsw_check=\(checkMode ? 1 : 0)\nf=\(ShellQuote.quote(file))\n"
        s += "if v=$(sysctl -e -n \(ShellQuote.quote(name)) 2>/dev/null); then printf 'proc=%s\\n' \"$(printf '%s' \"$v\" | tr '\\n' ' ')\"; fi\n"
        s += attributes.applyCall(pathWord: "\"$f\"") + "\nprintf 'changed=%s\\n' \"$sw_changed\"\n"
        s += "if [ -f \"$f\" ]; then\n  [ -r \"$f\" ] || sw_fail \"Failed to open $f: permission denied\"\n  echo \(contentMarker); cat \"$f\"\nfi\n"
        return s
    }

    /// ansible.posix's reading of `value`: yes/true/on (any case) is 1, no/false/off is 0,
    /// anything else is trimmed.
    static func parseValue(_ value: Value?) -> String {
        guard let value else { return "" }
        switch value {
        case .bool(let b): return b ? "1" : "0"
        case .string(let s), .unsafe(let s):
            switch s.lowercased() {
            case "y", "yes", "on", "1", "true", "t": return "1"
            case "n", "no", "off", "0", "false", "f": return "0"
            default: return s.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        default: return value.pythonString
        }
    }
}

/// The sysctl file as ansible.posix edits it: each line trimmed; `key = value` lines rewritten
/// `key=value`, the first of each key kept (the asked key's with the new value, or dropped with
/// `absent`), later duplicates dropped; other lines kept; the key appended when missing.
struct SysctlFileEdit {
    var lines: [String]
    /// The file's text after `plan`.
    var text = ""

    static func lines(_ text: String) -> [String] {
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    struct Plan: Equatable {
        var changed = false
        var writeFile = false
        var setRunning = false
    }

    /// The value each key has in the file (the last line of a key wins, as in ansible.posix).
    var values: [String: String] {
        var values: [String: String] = [:]
        for line in lines {
            guard let (key, value) = Self.split(line) else { continue }
            values[key] = value
        }
        return values
    }

    static func split(_ raw: String) -> (String, String)? {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";"), let eq = line.firstIndex(of: "=") else { return nil }
        return (line[..<eq].trimmingCharacters(in: .whitespacesAndNewlines),
                line[line.index(after: eq)...].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    mutating func plan(name: String, value: String, present: Bool, running: String?, reload: Bool, setRunning: Bool) -> Plan {
        let inFile = values[name]
        var fixed: [String] = []
        var seen = Set<String>()
        for raw in lines {
            guard let (key, v) = Self.split(raw) else {
                fixed.append(raw.trimmingCharacters(in: .whitespacesAndNewlines))
                continue
            }
            guard seen.insert(key).inserted else { continue }
            if key == name {
                if present { fixed.append("\(key)=\(value)") }
            } else {
                fixed.append("\(key)=\(v)")
            }
        }
        if !seen.contains(name) && present { fixed.append("\(name)=\(value)") }
        text = fixed.map { $0 + "\n" }.joined()

        var plan = Plan()
        switch (inFile, present) {
        case (nil, true): plan.changed = true; plan.writeFile = true
        case (nil, false): break
        case (let v?, false) where !v.isEmpty: plan.changed = true; plan.writeFile = true
        case (let v?, _) where v != value:
            plan.changed = true; plan.writeFile = true
        default:
            if reload && !Self.sameValue(running, value) { plan.changed = true }
        }
        if setRunning && present {
            if running == nil {
                plan.changed = true
            } else if !Self.sameValue(running, value) {
                plan.changed = true
                plan.setRunning = true
            }
        }
        return plan
    }

    /// Values compared word by word, as sysctl prints tabs where a file has spaces.
    static func sameValue(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        return a.split(whereSeparator: \.isWhitespace) == b.split(whereSeparator: \.isWhitespace)
    }
}
