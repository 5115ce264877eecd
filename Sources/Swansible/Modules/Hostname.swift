import Foundation

/// `hostname`: the host's name, running and permanent, checked and set in one script.
/// On systemd hosts (or with `use: systemd`/`debian`) through `hostnamectl`; otherwise
/// `/etc/hostname` (`/etc/HOSTNAME` with `sles`), plus `hostname -F` with `alpine` and the
/// `hostname` command with `generic`.
struct HostnameModule: Module {
    static let names = ["hostname"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", required: true, description: "The name the host should have."),
        ArgumentSpec("use", choices: ["alpine", "debian", "freebsd", "generic", "macos", "macosx", "darwin",
                                      "openbsd", "openrc", "redhat", "sles", "solaris", "systemd"],
                     description: "How to set it; by default hostnamectl on systemd hosts, else /etc/hostname. Swansible carries out systemd, debian (the same), generic, alpine and sles."),
    ])

    static let documentation = ModuleDocumentation(
        "Manage the host's name",
        description: [
            "Sets the host's running (transient) and permanent (static) name when either differs from `name`, and returns the name facts (`ansible_hostname`, `ansible_nodename`, `ansible_fqdn`, `ansible_domain`).",
            "On hosts run by systemd (and with `use: systemd` or `debian`) the names are read and set with `hostnamectl`; elsewhere the permanent name is `/etc/hostname`.",
        ],
        notes: [
            "Read and set with shell commands on the host, in one round trip; no Python is needed.",
            "`use: generic` sets the running name with the `hostname` command and the permanent one in /etc/hostname (ansible-core's generic strategy cannot be used on its own).",
            "`use: alpine` writes /etc/hostname before `hostname -F` loads it, so that the running name is the new one at once.",
            "The strategies for other systems (freebsd, macos, openbsd, openrc, redhat, solaris) are refused with a message.",
            "`ansible_fqdn` is what `getent hosts` gives for the running name (the first of its names with a dot), like Python's `socket.getfqdn`.",
        ],
        examples: """
            - name: Name the node after its inventory name
              ansible.builtin.hostname:
                name: "{{ inventory_hostname }}"

            - name: Only write /etc/hostname
              ansible.builtin.hostname:
                name: worker-01.example.com
                use: generic
            """,
        diffMode: .full)

    static let supported: Set<String> = ["systemd", "debian", "generic", "alpine", "sles"]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        let use = args.string("use")
        if let use, !supported.contains(use) {
            return .failure("use=\(use) is not supported by Swansible's hostname module (it supports \(supported.sorted().joined(separator: ", ")))")
        }
        let result = try await context.runScript(script(name: name, use: use, checkMode: context.checkMode))
        let report = ScriptReport(result.stdout)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard let current = report["current"], let permanent = report["permanent"] else {
            return .failure("could not read the host's name: \(result.stderr)")
        }
        let changed = report.flag("changed")
        let fqdn = report["fqdn"] ?? name
        let facts: ValueDict = [
            "ansible_hostname": .string(String(name.split(separator: ".", omittingEmptySubsequences: false).first ?? "")),
            "ansible_nodename": .string(name),
            "ansible_fqdn": .string(fqdn),
            "ansible_domain": .string(fqdn.split(separator: ".", omittingEmptySubsequences: false).dropFirst().joined(separator: ".")),
        ]
        let before = name != current ? current : permanent
        var fields: ValueDict = ["name": .string(name)]
        var diff: [FileDiff] = []
        if changed {
            // Like ansible-core, a change registers its before/after whether or not --diff shows it.
            fields["diff"] = ["after": .string("hostname = \(name)\n"), "before": .string("hostname = \(before)\n")]
            if context.diffMode { diff = [FileDiff(path: "", before: "hostname = \(before)\n", after: "hostname = \(name)\n")] }
        }
        return ModuleResult(changed: changed, fields: fields, facts: facts, diff: diff)
    }

    /// Prints `strategy=`, `current=`, `permanent=` (before any change), `changed=` and `fqdn=`
    /// (after it), or `failed=1` with ansible's wording for a failed command.
    static func script(name: String, use: String?, checkMode: Bool) -> String {
        var s = RemoteFileLibrary.functions
        s += "LC_ALL=C; export LC_ALL\nsw_check=\(checkMode ? 1 : 0)\nname=\(ShellQuote.quote(name))\nuse=\(ShellQuote.quote(use ?? ""))\n"
        s += #"""
        o=$(mktemp) && e=$(mktemp) || sw_fail 'could not create a temporary file'
        trap 'rm -f "$o" "$e"' EXIT
        # A command that fails is quoted as ansible quotes it: its output and errors verbatim.
        sw_run() {
          "$@" >"$o" 2>"$e"; rc=$?
          if [ "$rc" != 0 ]; then sw_fail_begin; printf 'Command failed rc=%s, out=' "$rc"; cat "$o"; printf ', err='; cat "$e"; exit 1; fi
          out=$(cat "$o")
        }
        sw_need() { command -v "$1" >/dev/null 2>&1 || sw_fail "Failed to find required executable \"$1\" in paths: $PATH"; }
        sw_file_name() { if [ -f "$1" ]; then sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | tr -d '\n' ; fi; }
        file=/etc/hostname
        case $use in
          systemd|debian) strategy=systemd ;;
          generic|alpine) strategy=$use ;;
          sles) strategy=file; file=/etc/HOSTNAME ;;
          *) if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then strategy=systemd; else strategy=file; fi ;;
        esac
        printf 'strategy=%s\n' "$strategy"
        case $strategy in
          systemd)
            sw_need hostnamectl
            sw_run hostnamectl --static status; permanent=$out
            sw_run hostnamectl --transient status; current=$out ;;
          generic)
            sw_need hostname
            sw_run hostname; current=$out; permanent=$(sw_file_name "$file") ;;
          *) permanent=$(sw_file_name "$file"); current=$permanent ;;
        esac
        printf 'current=%s\npermanent=%s\n' "$current" "$permanent"
        if [ "$permanent" != "$name" ]; then
          sw_changed=1
          if [ "$sw_check" != 1 ]; then
            if [ "$strategy" = systemd ]; then
              [ ${#name} -le 64 ] || sw_fail "name cannot be longer than 64 characters on systemd servers, try a shorter name"
              sw_run hostnamectl --pretty --static set-hostname "$name"
            else
              printf '%s\n' "$name" > "$file" || sw_fail "failed to update hostname: could not write $file"
            fi
          fi
        fi
        if [ "$current" != "$name" ]; then
          sw_changed=1
          if [ "$sw_check" != 1 ]; then
            case $strategy in
              systemd) [ ${#name} -le 64 ] || sw_fail "name cannot be longer than 64 characters on systemd servers, try a shorter name"
                sw_run hostnamectl --transient set-hostname "$name" ;;
              generic) sw_run hostname "$name" ;;
              alpine) sw_need hostname; sw_run hostname -F "$file" ;;
            esac
          fi
        fi
        printf 'changed=%s\n' "$sw_changed"
        h=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)
        set -- $(getent hosts "$h" 2>/dev/null | head -n 1)
        f=${2:-$h}
        [ $# -gt 1 ] && shift
        for w in "$@"; do case $w in *.*) f=$w; break ;; esac; done
        printf 'fqdn=%s\n' "$f"

        """#
        return s
    }
}
