import Foundation

/// `modprobe` (community.general.modprobe; ansible-core routes the short name there): a kernel
/// module loaded or unloaded, optionally kept so across boots in /etc/modules-load.d and
/// /etc/modprobe.d. One script reads /proc/modules (and modules.builtin), acts with `modprobe`
/// only when the state differs, and edits the persistence files.
struct ModprobeModule: Module {
    static let names = ["modprobe", "community.general.modprobe"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", required: true, description: "The kernel module's name."),
        ArgumentSpec("params", default: "",
                     description: "Options to load it with (`numdummies=2`), as one string split like a shell command line."),
        ArgumentSpec("persistent", default: "disabled", choices: ["disabled", "absent", "present"],
                     description: "present: load it at boot (/etc/modules-load.d/<name>.conf, and `options` in /etc/modprobe.d/<name>.conf when there are params); absent: remove it from those directories' files; disabled: leave them alone."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the module should be loaded."),
    ])

    static let documentation = ModuleDocumentation(
        "Load or unload kernel modules",
        description: [
            "Loads a kernel module with `modprobe` when it is neither loaded nor built into the kernel, or unloads it with `modprobe -r`; in check mode only says whether it would.",
            "With `persistent` it also records the module (and its options) for the next boot, or removes those records.",
        ],
        notes: [
            "community.general's module; ansible-core routes `modprobe` to it, and so does Swansible (community.general is not needed).",
            "A module counts as loaded when /proc/modules lists it (dashes read as underscores) or modules.builtin of the running kernel names it.",
            "Containers usually cannot load modules: there `state: present` fails for a module that is not loaded, with modprobe's message.",
            "With `persistent: present`, an existing `options` line for the module in /etc/modprobe.d/<name>.conf is replaced when the params differ; lines in other files are left alone.",
        ],
        examples: """
            - name: Bridge traffic through iptables (kubernetes networking needs it)
              community.general.modprobe:
                name: br_netfilter
                persistent: present

            - name: Two dummy interfaces (the short name is routed to community.general)
              ansible.builtin.modprobe:
                name: dummy
                params: numdummies=2
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        let params = args.string("params") ?? ""
        let state = args.string("state") ?? "present"
        let persistent = args.string("persistent") ?? "disabled"
        let words: [String]
        do { words = try ShellQuote.split(params) } catch {
            return .failure("params could not be split: \(params)")
        }
        let fields: ValueDict = ["name": .string(name), "params": .string(params), "state": .string(state)]
        let result = try await context.runScript(script(name: name, params: words, state: state, persistent: persistent,
                                                        checkMode: context.checkMode))
        let report = ScriptReport(result.stdout.components(separatedBy: outputMarker).first ?? "")
        if report.flag("failed") {
            var failed = fields
            let output = result.stdout.components(separatedBy: outputMarker)
            if report["rc"] != nil {
                failed["rc"] = .int(report.int("rc") ?? 1)
                failed["stdout"] = .string(output.count > 1 ? output[1] : "")
                failed["stderr"] = .string(output.count > 2 ? output[2] : "")
                return .failure(output.count > 2 ? output[2] : (report["msg"] ?? ""), fields: failed)
            }
            return .failure(report["msg"] ?? result.stderr, fields: failed)
        }
        guard report["done"] != nil else { return .failure("modprobe failed: \(result.stderr)", fields: fields) }
        return ModuleResult(changed: report.flag("changed"), fields: fields)
    }

    static let outputMarker = "__swansible_modprobe_output__\n"

    /// Prints `loaded=`, `changed=` and `done=1`; a failed modprobe prints `failed=1`, `rc=`, then
    /// its stdout and stderr after markers. `root` prefixes the files read and written (for tests).
    static func script(name: String, params: [String], state: String, persistent: String, checkMode: Bool, root: String = "") -> String {
        var s = RemoteFileLibrary.functions
        s += "LC_ALL=C; export LC_ALL\nsw_check=\(checkMode ? 1 : 0)\nname=\(ShellQuote.quote(name))\nroot=\(ShellQuote.quote(root))\n"
        s += "state=\(state)\npersistent=\(persistent)\n"
        s += "params=\(ShellQuote.quote(params.joined(separator: " ")))\n"
        s += "set -- \(ShellQuote.join(params))\n"
        s += #"""
        marker='__swansible_modprobe_output__'
        sw_modprobe() {
          o=$(mktemp) && e=$(mktemp) || sw_fail 'could not create a temporary file'
          modprobe "$@" >"$o" 2>"$e"; rc=$?
          if [ "$rc" != 0 ]; then printf 'failed=1\nrc=%s\n' "$rc"; echo "$marker"; cat "$o"; echo "$marker"; cat "$e"; rm -f "$o" "$e"; exit 1; fi
          rm -f "$o" "$e"
        }
        [ -r "$root/proc/modules" ] || sw_fail "[Errno 2] No such file or directory: '/proc/modules'"
        under=$(printf '%s' "$name" | tr '-' '_')
        loaded=0
        awk -v m="$under" '$1 == m { f = 1 } END { exit !f }' "$root/proc/modules" && loaded=1
        if [ "$loaded" = 0 ]; then
          b="$root/lib/modules/$(uname -r)/modules.builtin"
          [ -r "$b" ] && grep -q "/$name\.ko\$" "$b" && loaded=1
        fi
        printf 'loaded=%s\n' "$loaded"
        if [ "$state" = present ] && [ "$loaded" = 0 ]; then
          sw_changed=1
          if [ "$sw_check" = 1 ]; then command -v modprobe >/dev/null 2>&1 || sw_fail 'Failed to find required executable "modprobe"'
          else sw_modprobe "$name" "$@"; fi
        elif [ "$state" = absent ] && [ "$loaded" = 1 ]; then
          sw_changed=1
          [ "$sw_check" = 1 ] || sw_modprobe -r "$name"
        fi
        load_dir="$root/etc/modules-load.d"; opt_dir="$root/etc/modprobe.d"
        options_line="options $name $params"
        sw_listed() { for f in "$load_dir"/*.conf; do [ -f "$f" ] && grep -qx "[[:space:]]*$name[[:space:]]*" "$f" && return 0; done; return 1; }
        sw_optioned() { for f in "$opt_dir"/*.conf; do [ -f "$f" ] && grep -qxF "$options_line" "$f" && return 0; done; return 1; }
        if [ "$persistent" = present ]; then
          if ! sw_listed; then
            sw_changed=1
            if [ "$sw_check" != 1 ]; then
              mkdir -p "$load_dir" && printf '%s\n' "$name" > "$load_dir/$name.conf" || sw_fail "could not write $load_dir/$name.conf"
            fi
          fi
          if [ -n "$params" ] && ! sw_optioned; then
            sw_changed=1
            if [ "$sw_check" != 1 ]; then
              f="$opt_dir/$name.conf"; mkdir -p "$opt_dir" || sw_fail "could not create $opt_dir"
              t=$(mktemp "$opt_dir/.swansible-XXXXXX") || sw_fail "could not write $f"
              [ -f "$f" ] && awk -v m="$name" '!($1 == "options" && $2 == m)' "$f" > "$t"
              printf '%s\n' "$options_line" >> "$t"; chmod 644 "$t"; mv -f "$t" "$f" || sw_fail "could not write $f"
            fi
          fi
        elif [ "$persistent" = absent ]; then
          for f in "$load_dir"/*.conf; do
            [ -f "$f" ] && grep -qx "[[:space:]]*$name[[:space:]]*" "$f" || continue
            sw_changed=1
            [ "$sw_check" = 1 ] && continue
            t=$(mktemp "$load_dir/.swansible-XXXXXX") || sw_fail "could not edit $f"
            grep -vx "[[:space:]]*$name[[:space:]]*" "$f" > "$t"; chmod --reference="$f" "$t"; mv -f "$t" "$f" || sw_fail "could not edit $f"
          done
          for f in "$opt_dir"/*.conf; do
            [ -f "$f" ] && awk -v m="$name" '$1 == "options" && $2 == m { f = 1 } END { exit !f }' "$f" || continue
            sw_changed=1
            [ "$sw_check" = 1 ] && continue
            t=$(mktemp "$opt_dir/.swansible-XXXXXX") || sw_fail "could not edit $f"
            awk -v m="$name" '!($1 == "options" && $2 == m)' "$f" > "$t"; chmod --reference="$f" "$t"; mv -f "$t" "$f" || sw_fail "could not edit $f"
          done
        fi
        printf 'changed=%s\ndone=1\n' "$sw_changed"

        """#
        return s
    }
}
