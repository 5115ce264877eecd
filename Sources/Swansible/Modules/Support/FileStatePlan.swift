import Foundation

/// The script behind the `file` module: inspect the path, act for the wanted state, apply
/// attributes, and report `state=`, `changed=` and the path's stat lines.
struct FileStatePlan {
    var path: String
    var state: String?
    var src: String?
    var attributes: FileAttributes
    var recurse: Bool
    var force: Bool
    var follow: Bool

    func script(checkMode: Bool, diffMode: Bool = false) -> String {
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nsw_diff=\(diffMode ? 1 : 0)\np=\(ShellQuote.quote(path))\n"
        s += "if [ -L \"$p\" ]; then prev=link; elif [ -d \"$p\" ]; then prev=directory; elif [ -e \"$p\" ]; then prev=file; else prev=absent; fi\n"
        s += "act() { sw_changed=1; [ \"$sw_check\" = 1 ] || \"$@\" || sw_fail \"failed: $*\"; }\n"
        s += "sw_mid() { stat --printf 'mid_mode=%a\\nmid_uid=%u\\nmid_gid=%g\\n' \"$1\"; }\nmid_done=\n"
        let wanted = state ?? (recurse ? "directory" : nil)
        if let wanted {
            s += "state=\(wanted)\n"
        } else {
            // Like ansible: keep what is there; a missing path is a `file` (which then fails).
            s += "state=$prev; [ \"$prev\" = absent ] && state=\(src != nil ? "link" : "file")\n"
        }
        s += "printf 'prev=%s\\n' \"$prev\"\n"
        // The path as it was, for failure and check-mode results (ansible reports those).
        s += "[ \"$prev\" = absent ] || [ \"$prev\" = link ] || sw_describe \"$p\" | sed 's/^/pre_/'\n"
        s += "printf 'state=%s\\n' \"$state\"\n"
        s += "case $state in\n"
        // (--diff: a directory's tree as ansible's diff lists it before it goes.)
        s += "absent)\n"
        s += "  if [ \"$prev\" = directory ] && [ \"$sw_diff\" = 1 ]; then\n"
        s += "    find \"$p\" -mindepth 1 -type d | awk '{ print \"pc_dir_\" NR \"=\" $0 }'\n"
        s += "    find \"$p\" -mindepth 1 ! -type d | awk '{ print \"pc_file_\" NR \"=\" $0 }'\n  fi\n"
        s += "  [ \"$prev\" = absent ] || act rm -rf -- \"$p\"\n  printf 'changed=%s\\n' \"$sw_changed\"; exit 0 ;;\n"
        s += "file)\n  [ \"$prev\" = absent ] && sw_fail \"file ($p) is absent, cannot continue\"\n"
        s += "  [ \"$prev\" = directory ] && sw_fail \"file ($p) is directory, cannot continue\"\n  ;;\n"
        s += "directory)\n"
        // Like ansible, directories created on the way get the same mode/owner/group.
        s += "  if [ \"$prev\" = absent ]; then\n    q=$p; made=\n"
        s += "    while ! [ -e \"$q\" ] && ! [ -L \"$q\" ]; do made=\"$q\n$made\"; q=$(dirname \"$q\"); done\n"
        s += "    act mkdir -p -- \"$p\"\n"
        s += "    [ \"$sw_check\" = 1 ] || { sw_mid \"$p\"; mid_done=1; }\n"
        s += "    if [ \"$sw_check\" != 1 ]; then set -f; oldifs=$IFS; IFS='\n'\n"
        s += "      for q in $made; do IFS=$oldifs; \(attributes.applyCall(pathWord: "\"$q\""));  done\n"
        s += "      IFS=$oldifs; set +f\n    fi\n"
        s += "  elif [ \"$prev\" != directory ] && ! [ -d \"$p\" ]; then sw_fail \"$p already exists as a $prev\"; fi\n"
        if recurse { s += recurseScript() }
        s += "  ;;\n"
        s += "touch)\n  if [ \"$prev\" = absent ]; then act touch -- \"$p\"; else act touch -c -- \"$p\"; fi\n  ;;\n"
        let srcWord = ShellQuote.quote(src ?? "")
        s += "link)\n  src=\(srcWord)\n"
        s += "  case $src in /*) abs=$src ;; *) abs=$(dirname \"$p\")/$src ;; esac\n"
        if !force {
            s += "  [ -e \"$abs\" ] || [ -L \"$abs\" ] || sw_fail \"src file does not exist, use 'force=yes' if you really want to create the link: $abs\"\n"
            s += "  case $prev in file) sw_fail \"refusing to convert from file to symlink for $p\" ;; directory) sw_fail \"refusing to convert from directory to symlink for $p\" ;; esac\n"
        } else {
            s += "  [ \"$prev\" = directory ] && [ -n \"$(ls -A \"$p\")\" ] && sw_fail \"the directory $p is not empty, refusing to convert it\"\n"
        }
        s += "  if [ \"$prev\" != link ] || [ \"$(readlink \"$p\")\" != \"$src\" ]; then\n"
        s += "    [ \"$prev\" = directory ] && act rmdir -- \"$p\"\n"
        s += "    act ln -sfn -- \"$src\" \"$p\"\n  fi ;;\n"
        s += "hard)\n  src=\(srcWord)\n"
        s += "  [ -e \"$src\" ] || sw_fail \"src does not exist\"\n"
        s += "  if [ \"$prev\" = absent ] || [ \"$(stat -c %d:%i \"$p\")\" != \"$(stat -c %d:%i \"$src\")\" ]; then\n"
        if !force { s += "    [ \"$prev\" = absent ] || sw_fail \"Cannot link, different hard link exists at destination: $p\"\n" }
        s += "    act ln -f -- \"$src\" \"$p\"\n  fi ;;\n"
        s += "esac\n"
        s += "if [ \"$sw_check\" = 1 ] && ! [ -e \"$p\" ] && ! [ -L \"$p\" ]; then printf 'changed=1\\nwould_create=1\\n'; exit 0; fi\n"
        // The path's mode and owners before the attributes are applied (--diff).
        s += "if [ -z \"$mid_done\" ] && ! [ -L \"$p\" ] && [ -e \"$p\" ]; then sw_mid \"$p\"; fi\n"
        s += attributes.applyCall(pathWord: "\"$p\"") + "\n"
        s += "printf 'changed=%s\\n' \"$sw_changed\"\n"
        s += "if [ -L \"$p\" ]; then stat --printf 'uid=%u\\ngid=%g\\nowner=%U\\ngroup=%G\\nmode=%a\\nsize=%s\\n' \"$p\"; else sw_describe \"$p\"; fi\n"
        return s
    }

    /// recurse=yes: mode/owner/group on everything below the directory (`chmod -c` and
    /// friends say whether anything changed; check mode asks `find`).
    private func recurseScript() -> String {
        var s = ""
        if let owner = attributes.owner {
            let o = ShellQuote.quote(owner)
            s += "  if [ -n \"$(find \"$p\" ! -user \(o) -print -quit 2>/dev/null)\" ]; then sw_changed=1; [ \"$sw_check\" = 1 ] || chown -R -h \(o) \"$p\" || sw_fail \"chown failed\"; fi\n"
        }
        if let group = attributes.group {
            let g = ShellQuote.quote(group)
            s += "  if [ -n \"$(find \"$p\" ! -group \(g) -print -quit 2>/dev/null)\" ]; then sw_changed=1; [ \"$sw_check\" = 1 ] || chgrp -R -h \(g) \"$p\" || sw_fail \"chgrp failed\"; fi\n"
        }
        if let mode = attributes.mode {
            let m = ShellQuote.quote(mode)
            if attributes.isSymbolicMode {
                s += "  if [ \"$sw_check\" != 1 ] && [ -n \"$(chmod -R -c \(m) \"$p\")\" ]; then sw_changed=1; fi\n"
            } else {
                s += "  if [ -n \"$(find \"$p\" ! -type l ! -perm \(m) -print -quit 2>/dev/null)\" ]; then sw_changed=1; [ \"$sw_check\" = 1 ] || chmod -R \(m) \"$p\" || sw_fail \"chmod failed\"; fi\n"
            }
        }
        return s
    }
}
