import Foundation

/// `mount` (ansible.posix.mount; ansible-core routes the short name there): an fstab entry and
/// the mount itself. One script edits the fstab (the entry for the mount point, or for a swap
/// file its source), atomically, then mounts, unmounts or remounts as the state asks.
struct MountModule: Module {
    static let names = ["mount", "ansible.posix.mount"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("backup", .bool, default: false, description: "Keep a timestamped copy of the fstab before changing it."),
        ArgumentSpec("boot", .bool, default: true, description: "Mount at boot; false adds `noauto` to the options."),
        ArgumentSpec("dump", default: "0", description: "The fstab's dump field."),
        ArgumentSpec("fstab", description: "The fstab file to edit (/etc/fstab by default); created when missing."),
        ArgumentSpec("fstype", description: "The file system type (`ext4`, `tmpfs`, `swap`...)."),
        ArgumentSpec("opts", description: "Mount options (`defaults` when not given)."),
        ArgumentSpec("opts_no_log", .bool, default: false, description: "Hide the options in the output."),
        ArgumentSpec("passno", default: "0", description: "The fstab's pass number."),
        ArgumentSpec("path", .path, required: true, aliases: ["name"], description: "The mount point (`none` for swap)."),
        ArgumentSpec("src", .path, description: "The device, file or remote share to mount."),
        ArgumentSpec("state", required: true,
                     choices: ["absent", "absent_from_fstab", "absent_mount", "mounted", "present", "unmounted", "remounted", "ephemeral"],
                     description: "present: the fstab entry only; mounted: the entry and the mount (the mount point is created); unmounted: unmount, keep the entry; absent: neither, and the mount point removed; absent_from_fstab: remove the entry only; remounted: remount; ephemeral: mount without touching the fstab."),
    ], requiredIf: [
        RequiredIf("state", is: "mounted", requires: ["src", "fstype"]),
        RequiredIf("state", is: "present", requires: ["src", "fstype"]),
        RequiredIf("state", is: "ephemeral", requires: ["src", "fstype"]),
    ])

    static let documentation = ModuleDocumentation(
        "Control mount points and their fstab entries",
        description: [
            "Writes, replaces or removes the fstab line of a mount point (of a swap file: the line with its source) and mounts, unmounts or remounts it, each only when needed.",
        ],
        notes: [
            "ansible.posix's module; ansible-core routes `mount` to it, and so does Swansible (ansible.posix is not needed).",
            "One script reads /proc/self/mountinfo and the fstab and acts with mount(8)/umount(8); the fstab is written beside itself and renamed.",
            "`absent_mount` (ansible.posix 3) is not supported yet and fails with a clear message.",
        ],
        examples: """
            - name: Keep etcd's data on its own disk
              ansible.posix.mount:
                path: /var/lib/etcd
                src: /dev/vdb
                fstype: ext4
                opts: noatime
                state: mounted

            - name: A swap file (the short name is routed to ansible.posix)
              ansible.builtin.mount:
                name: none
                src: /swapfile
                fstype: swap
                opts: sw
                state: present
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let state = args.string("state") ?? "present"
        if state == "absent_mount" {
            return .failure("state=\(state) of mount is not supported by Swansible yet")
        }
        var opts = args.string("opts") ?? "defaults"
        // Like ansible.posix: boot false adds noauto (even to options that have it); boot true
        // with noauto in the options is a warning.
        let bootIgnored = args.bool("boot") && opts.split(separator: ",").contains("noauto")
        if !args.bool("boot") { opts += ",noauto" }
        let entry = FstabEntry(src: args.string("src") ?? "", path: args.string("path") ?? "", fstype: args.string("fstype") ?? "",
                               opts: opts, dump: args.string("dump") ?? "0", passno: args.string("passno") ?? "0")
        let fstab = args.string("fstab") ?? "/etc/fstab"
        let result = try await context.runScript(script(entry, fstab: fstab, state: state, backup: args.bool("backup"),
                                                        checkMode: context.checkMode))
        let report = ScriptReport(result.stdout)
        // opts_no_log: like an argument with no_log, the options given are masked wherever they
        // appear in the result (ansible-core's no_log values).
        let secret = args.bool("opts_no_log") ? args.string("opts").flatMap { $0.isEmpty ? nil : $0 } : nil
        func masked(_ text: String) -> String { secret.map { text.replacingOccurrences(of: $0, with: "********") } ?? text }
        if report.flag("failed") { return .failure(masked(report["msg"] ?? result.stderr)) }
        guard report["done"] != nil else { return .failure("mount failed on the host: \(result.stderr)") }
        var fields: ValueDict = [
            "backup_file": .string(report["backup_file"] ?? ""), "boot": .string(args.bool("boot") ? "yes" : "no"),
            "dump": .string(entry.dump), "fstab": .string(fstab), "name": .string(entry.path), "opts": .string(entry.opts),
            "passno": .string(entry.passno),
        ]
        if args["fstype"] != nil { fields["fstype"] = .string(entry.fstype) }
        if args["src"] != nil { fields["src"] = .string(entry.src) }
        if bootIgnored { fields["warnings"] = ["Ignore the 'boot' due to 'opts' contains 'noauto'."] }
        return ModuleResult(changed: report.flag("changed"), fields: fields.mapValues { $0.stringValue.map { .string(masked($0)) } ?? $0 })
    }

    /// fstab's escapes for a field: space, tab, newline and backslash as octal.
    static func escaped(_ field: String) -> String {
        field.replacingOccurrences(of: "\\", with: "\\134").replacingOccurrences(of: " ", with: "\\040")
            .replacingOccurrences(of: "\t", with: "\\011").replacingOccurrences(of: "\n", with: "\\012")
    }

    struct FstabEntry {
        var src, path, fstype, opts, dump, passno: String
        var line: String { [src, path, fstype, opts, dump, passno].map(MountModule.escaped).joined(separator: " ") }
    }

    static func script(_ entry: FstabEntry, fstab: String, state: String, backup: Bool, checkMode: Bool) -> String {
        let q = ShellQuote.quote
        let writes = ["present", "mounted"].contains(state), removes = ["absent", "absent_from_fstab"].contains(state)
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nfstab=\(q(fstab))\npath=\(q(entry.path))\nsrc=\(q(entry.src))\n"
        s += "opts=\(q(entry.opts))\nline=\(q(entry.line))\nname=\(q(escaped(entry.path)))\nesrc=\(q(escaped(entry.src)))\n"
        s += "mode=\(writes ? "write" : removes ? "remove" : "none")\n"
        s += #"""
            o=$(mktemp) && e=$(mktemp) || sw_fail "could not create a temporary file"
            new= old=
            trap 'rm -f "$o" "$e"; [ -z "$new" ] || rm -f "$new"; [ -z "$old" ] || rm -f "$old"' EXIT
            fstab_changed=0

            """#
        if state != "ephemeral" {
            s += fstabEdit(writes: writes, removes: removes, mounting: state == "mounted", backup: backup)
        }
        s += #"""
            mounted() { [ "$path" != none ] && awk -v p="$path" '$5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo; }
            fstab_arg=; [ "$fstab" = /etc/fstab ] || fstab_arg="-T $fstab"
            # Like ansible.posix, a mount that fails takes back what the task did: the fstab as
            # it was (`$old`), the directories made for the mount point (from `$top` down).
            top=
            sw_undo() {
              [ -z "$old" ] || mv -f "$old" "$fstab"; old=
              d=$path; while [ -n "$top" ] && rmdir "$d" 2>/dev/null && [ "$d" != "$top" ]; do d=$(dirname "$d"); done
              sw_fail_with "Error mounting $path: " "$o" "$e"
            }
            sw_mkdir() {
              if [ ! -e "$path" ]; then top=$path; while [ ! -e "$(dirname "$top")" ]; do top=$(dirname "$top"); done; fi
              mkdir -p "$path" || sw_fail "Error making dir $path"
            }

            """#
        switch state {
        case "mounted":
            // A remount that fails falls back to unmounting and mounting, as in ansible.posix.
            s += #"""
                if [ "$path" != none ]; then
                  if ! mounted; then
                    sw_changed=1
                    if [ "$sw_check" != 1 ]; then
                      sw_mkdir
                      mount $fstab_arg "$path" >"$o" 2>"$e" || sw_undo
                    fi
                  elif [ "$fstab_changed" = 1 ] && [ "$sw_check" != 1 ]; then
                    mount -o remount $fstab_arg "$path" >"$o" 2>"$e" ||
                      { umount "$path" >"$o" 2>"$e" && mount $fstab_arg "$path" >"$o" 2>"$e"; } || sw_undo
                  fi
                fi

                """#
        case "ephemeral":
            // No fstab: the source, type and options on mount's command line. Mounted already
            // from the same source (as `mount -v` names it), it is remounted, which ansible.posix
            // counts as a change; from another source, refused.
            s += "set -- -t \(q(entry.fstype))\(entry.opts == "defaults" ? "" : " -o " + q(entry.opts))\n"
            s += #"""
                if mounted; then
                  mount -v | awk -v s="$src" -v p="$path" '$1 == s && $2 == "on" && $3 == p { f = 1 } END { exit !f }' ||
                    sw_fail 'Ephemeral mount point is already mounted with a different source than the specified one. Failing in order to prevent an unwanted unmount or override operation. Try replacing this command with a "state: unmounted" followed by a "state: ephemeral", or use a different destination path.'
                  sw_changed=1
                  if [ "$sw_check" != 1 ]; then
                    mount -o remount "$@" "$src" "$path" >"$o" 2>"$e" ||
                      { umount "$path" >"$o" 2>"$e" && mount "$@" "$src" "$path" >"$o" 2>"$e"; } || sw_undo
                  fi
                else
                  sw_changed=1
                  if [ "$sw_check" != 1 ]; then
                    sw_mkdir
                    mount "$@" "$src" "$path" >"$o" 2>"$e" || sw_undo
                  fi
                fi

                """#
        case "unmounted":
            s += #"""
                if mounted; then
                  sw_changed=1
                  [ "$sw_check" = 1 ] || umount "$path" >"$o" 2>"$e" || sw_fail_with "Error unmounting $path: " "$o" "$e"
                fi

                """#
        case "absent":
            // Like ansible.posix, only a removed entry is unmounted and its mount point removed
            // (a mount with no entry is left alone); rmdir's failure in Python's words.
            s += #"""
                if [ "$fstab_changed" = 1 ] && [ "$sw_check" != 1 ]; then
                  if mounted; then umount "$path" >"$o" 2>"$e" || sw_fail_with "Error unmounting $path: " "$o" "$e"; fi
                  if [ "$path" != none ] && [ -e "$path" ] && ! rmdir "$path" 2>"$e"; then
                    case $(cat "$e") in
                      *'Directory not empty'*) n=39; why='Directory not empty' ;;
                      *'Not a directory'*) n=20; why='Not a directory' ;;
                      *'Device or resource busy'*) n=16; why='Device or resource busy' ;;
                      *'Read-only file system'*) n=30; why='Read-only file system' ;;
                      *'Permission denied'*) n=13; why='Permission denied' ;;
                      *) n=1; why='Operation not permitted' ;;
                    esac
                    sw_fail "Error rmdir $path: [Errno $n] $why: '$path'"
                  fi
                fi

                """#
        case "remounted":
            // With options, `-o remount,OPTS`, and no fallback when it fails (ansible.posix's
            // refusal); without, a failed remount falls back to unmounting and mounting.
            s += #"""
                sw_changed=1
                if [ "$sw_check" != 1 ]; then
                  if [ "$opts" != defaults ]; then
                    mount -o "remount,$opts" $fstab_arg "$path" >"$o" 2>"$e" ||
                      sw_fail 'Options were specified with remounted, but the remount command failed. Failing in order to prevent an unexpected mount result. Try replacing this command with a "state: unmounted" followed by a "state: mounted" using the full desired mount options instead.'
                  else
                    mount -o remount $fstab_arg "$path" >"$o" 2>"$e" ||
                      { umount "$path" >"$o" 2>"$e" && mount $fstab_arg "$path" >"$o" 2>"$e"; } ||
                      sw_fail_with "Error remounting $path: " "$o" "$e"
                  fi
                fi

                """#
        default:
            break
        }
        s += "echo changed=$sw_changed; echo done=1\n"
        return s
    }

    /// The fstab edited (every state but ephemeral): the file created when missing; the new
    /// fstab written beside the old. Like ansible, an entry that differs is replaced where it
    /// stands (`write`) or every entry is dropped (`remove`); the entry is the mount point's, or
    /// for swap (mount point none) the one with the same source. As in ansible.posix, writing
    /// reads an entry's fields up to a `#` and takes 4 to 6 of them (one without dump and passno
    /// always differs, and is written out whole); removing takes lines of exactly 6 words. `mounting` keeps the old fstab
    /// (`$old`) for a failed mount to put back. Sets `fstab_changed`.
    static func fstabEdit(writes: Bool, removes: Bool, mounting: Bool, backup: Bool) -> String {
        var s = #"""
            [ -e "$fstab" ] || { mkdir -p "$(dirname "$fstab")" && : >>"$fstab"; } || sw_fail "Failed to open $fstab"
            new=$(mktemp "$fstab.XXXXXX") || sw_fail "could not write beside $fstab"
            found=$(awk -v mode="$mode" -v name="$name" -v src="$esrc" -v line="$line" -v out="$new" '
              /^[ \t]*(#|$)/ { print $0 >> out; next }
              {
                if (mode == "write") { entry = $0; sub(/#.*/, "", entry); nf = split(entry, f) } else nf = split($0, f)
                if (mode == "write" ? nf < 4 || nf > 6 : nf != 6) { print $0 >> out; next }
              }
              f[2] != name || (src != "" && f[2] == "none" && f[3] == "swap" && f[1] != src) { print $0 >> out; next }
              { n++ }
              mode == "write" && (nf < 6 || f[1] " " f[2] " " f[3] " " f[4] " " f[5] " " f[6] != line) { differs++; print line >> out; next }
              mode != "remove" { print $0 >> out }
              END { printf "%d %d\n", n, differs }' "$fstab") || sw_fail "could not read $fstab"
            entries=${found% *}; differs=${found#* }
            touch "$new"

            """#
        if writes {
            s += "if [ \"$entries\" = 0 ]; then [ -z \"$(tail -c 1 \"$new\")\" ] || echo >>\"$new\"; printf '%s\\n' \"$line\" >>\"$new\"; fstab_changed=1\n"
            s += "elif [ \"$differs\" -gt 0 ]; then fstab_changed=1; fi\n"
        } else if removes {
            s += "if [ \"$entries\" -gt 0 ]; then fstab_changed=1; fi\n"
        }
        s += #"""
            if [ "$fstab_changed" = 1 ]; then
              sw_changed=1
              if [ "$sw_check" != 1 ]; then

            """#
        if backup {
            s += "    b=\"$fstab.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$fstab\" \"$b\" && echo backup_file=$b\n"
        }
        if mounting {
            s += "    old=$(mktemp \"$fstab.XXXXXX\") && cp -p \"$fstab\" \"$old\" || sw_fail \"could not write beside $fstab\"\n"
        }
        s += #"""
                chmod --reference="$fstab" "$new"; chown --reference="$fstab" "$new" 2>/dev/null
                mv -f "$new" "$fstab" || sw_fail "could not write $fstab"
                new=
              fi
            fi

            """#
        return s
    }
}
